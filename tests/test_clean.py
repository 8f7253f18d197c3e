from __future__ import annotations

import pytest

from marsad.clean import clean, detect_language, html_to_text, published_from_head
from marsad.errors import NoMainText
from marsad.models import Document

PAGE = """<!doctype html><html lang="fr"><head><title>Démantèlement d'une cellule à Fès</title>
<meta property="article:published_time" content="2017-10-25T09:00:00+01:00"></head><body>
<nav><a href="/">Accueil</a> <a href="/sport">Sport</a> <a href="/meteo">Météo</a></nav>
<article><h1>Démantèlement d'une cellule à Fès</h1>
<p>Le Bureau central d'investigations judiciaires a démantelé mercredi une cellule terroriste de quatre
membres liée à l'organisation État islamique, active à Fès, selon un communiqué du ministère de l'Intérieur.</p>
<p>Les perquisitions ont permis de saisir des armes blanches et du matériel informatique.
<script>alert(1)</script></p></article>
<aside><h3>Les plus lus</h3><ul><li>Un match de football</li><li>La météo du week-end</li></ul></aside>
<footer>Tous droits réservés</footer></body></html>"""


def test_main_text_and_metadata_from_a_page_without_its_furniture() -> None:
    text, title, published = html_to_text(PAGE, "page.html")
    assert "démantelé mercredi une cellule" in text and "saisir des armes blanches" in text
    assert "Les plus lus" not in text and "Accueil" not in text and "alert(1)" not in text
    assert title and "Fès" in title
    assert published == "2017-10-25"


def test_markup_without_article_text_is_refused() -> None:
    with pytest.raises(NoMainText):
        html_to_text("<html><body><script>x()</script></body></html>", "empty.html")


@pytest.mark.parametrize(("text", "lang"), [
    ("فككت المصالح الأمنية خلية إرهابية بمدينة طنجة", "ar"),
    ("La police a interpellé deux hommes soupçonnés de préparer un attentat", "fr"),
    ("La Guardia Civil ha detenido a dos presuntos yihadistas en Ceuta", "es"),
    ("Police arrested two suspected militants planning an attack", "en"),
])
def test_language_is_one_of_the_four(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_a_date_line_at_the_head_stands_for_a_missing_publication_date() -> None:
    assert published_from_head(" date 2020-12-04 Spread the love\n\nRabat – Morocco's BCIJ…", "en") == "2020-12-04"
    assert published_from_head("Le mercredi 8 décembre 2021 à 16:58\nC'est un projet déjoué", "fr") == "2021-12-08"
    assert published_from_head("Police arrested two men yesterday.", "en") is None
    # a page dated only to its month keeps that precision rather than none
    assert published_from_head("date 2023-07 Le jury de la cour a rendu son verdict", "fr") == "2023-07"
    # a date line that is no date is no publication date; a bare date line still is one
    assert published_from_head("date 2021-02-30 Police arrested two men.", "en") is None
    assert published_from_head("date 2021-03-22", "en") == "2021-03-22"
    # the words "date" inside a sentence are no page date
    assert published_from_head("The trial date 2023-07 was set by the court.", "en") is None
    doc = clean(Document(doc_id="d", text="Le mercredi 8 décembre 2021 à 16:58\nDeux hommes ont été interpellés lundi."))
    assert doc.published == "2021-12-08" and doc.lang == "fr"
    kept = clean(Document(doc_id="e", published="2021-12-09", text="Le mercredi 8 décembre 2021 à 16:58\nx y z"))
    assert kept.published == "2021-12-09"  # a known publication date is never replaced
