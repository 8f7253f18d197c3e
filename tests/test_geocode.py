"""Place and country matching: clitics, stop-words, disambiguation and evidence offsets."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.gazetteer import build_gazetteer
from marsad.geocode import Gazetteer

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(build_gazetteer(tmp_path_factory.mktemp("geo") / "gazetteer.pkl"))


def names(gaz: Gazetteer, text: str, lang: str | None = None) -> list[str]:
    return [p.name for p in gaz.find_places(text, lang)]


def test_arabic_clitics(gaz: Gazetteer) -> None:
    text = "أوقف الأمن شخصين بتطوان والفنيدق وآخر للدار البيضاء ورابع وبمدينة فاس"
    places = gaz.find_places(text, "ar")
    assert [p.name for p in places] == ["Tétouan", "Fnideq", "Casablanca", "Fes"]
    assert {p.country for p in places} == {"MA"}


def test_evidence_points_into_the_original_text(gaz: Gazetteer) -> None:
    text = "اعتُقل في سَبْتَة ثم في Tánger y en Alhucemas، وفي مليلية"
    places = gaz.find_places(text)
    assert len(places) == 4
    for p in places:
        assert p.evidence is not None
        assert text[p.evidence.start:p.evidence.end] == p.evidence.quote
    assert [p.country for p in places] == ["ES", "MA", "MA", "ES"]


def test_common_words_are_not_places(gaz: Gazetteer) -> None:
    assert names(gaz, "ما بين الطرفين، وكان ناصر يقول سلام كون الأمر", "ar") == []
    assert names(gaz, "Vivía en una casa del centro y la casa era grande", "es") == []
    assert names(gaz, "The sale was a nice surprise", "en") == []
    assert names(gaz, "وحجزت أسلحة بيضاء ووكالة الأنباء", "ar") == []


def test_sale_the_city_is_capitalised(gaz: Gazetteer) -> None:
    assert names(gaz, "He was tried in Sale near Rabat.", "en") == ["Sale", "Rabat"]


def test_country_terms_are_not_towns(gaz: Gazetteer) -> None:
    assert names(gaz, "قدم من تونس إلى الجزائر", "ar") == []
    assert names(gaz, "وصل إلى العاصمة تونس", "ar") == ["Tunis"]


def test_agencies_hide_place_words(gaz: Gazetteer) -> None:
    assert names(gaz, "La Guardia Civil detuvo a un hombre en Ceuta", "es") == ["Ceuta"]


def test_country_context_breaks_ties(gaz: Gazetteer) -> None:
    found = gaz.find_places("La policía española detuvo en Valencia y Guadalajara a dos hombres", "es")
    assert [(p.name, p.country) for p in found] == [("Valencia", "ES"), ("Guadalajara", "ES")]


def test_co_mentioned_places_set_the_context(gaz: Gazetteer) -> None:
    found = gaz.find_places("Arrests in Tetouan and Fnideq", "en")
    assert [p.country for p in found] == ["MA", "MA"]


def test_places_carry_coordinates_and_ids(gaz: Gazetteer) -> None:
    (p,) = gaz.find_places("بمدينة الناظور")
    assert p.geonames_id == 2541479 and p.country == "MA"
    assert p.lat is not None and 34 < p.lat < 36 and p.admin1


def test_country_mentions_in_four_languages(gaz: Gazetteer) -> None:
    text = "السلطات المغربية والإسبانية؛ des policiers marocains; agentes españoles; Belgian police"
    isos = [iso for iso, _ in gaz.find_countries(text)]
    assert isos == ["MA", "ES", "MA", "ES", "BE"]
    for _iso, ev in gaz.find_countries(text):
        assert text[ev.start:ev.end] == ev.quote


def test_maghreb_is_not_morocco(gaz: Gazetteer) -> None:
    assert gaz.find_countries("تنظيم القاعدة في بلاد المغرب الإسلامي ودول المغرب العربي") == []
    assert [i for i, _ in gaz.find_countries("al-Qaida au Maghreb islamique")] == []


def test_mention_list_resolves(gaz: Gazetteer) -> None:
    path = HERE / "data" / "place_mentions.tsv"
    rows = list(csv.DictReader((l for l in path.open(encoding="utf-8") if not l.startswith("#")),
                               delimiter="\t"))
    assert len(rows) >= 200
    good = 0
    for r in rows:
        place = gaz.resolve(r["mention"])
        good += place is not None and str(place.geonames_id) == r["geonames_id"]
    assert good / len(rows) >= 0.95


@pytest.mark.skipif(not (SHARED / "eval" / "dev.jsonl").is_file(), reason="../shared absent")
def test_dev_gold_places_are_found(gaz: Gazetteer) -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    hit = total = 0
    for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        found = {p.name for p in gaz.find_places(doc["text"], doc["lang"])}
        for g in {p["name"] for e in doc["events"] for p in e["places"]}:
            total += 1
            hit += any(score.same_place(g, n) for n in found)
    assert hit / total >= 0.9


def test_french_exonyms_of_belgian_towns(gaz: Gazetteer) -> None:
    assert names(gaz, "Des perquisitions ont eu lieu à Malines et à Grammont.", "fr") == ["Mechelen", "Geraardsbergen"]


def test_departments_are_regions_and_need_their_country(gaz: Gazetteer) -> None:
    assert names(gaz, "dans les Yvelines", "fr") == []  # a lone department name, no French context
    places = gaz.find_places("La police française a perquisitionné dans les Yvelines et en Seine-et-Marne.", "fr")
    assert [p.name for p in places] == ["Yvelines", "Seine-et-Marne"]
    assert all(gaz.is_region(p) and p.country == "FR" for p in places)
    town = gaz.find_places("La police française a arrêté un homme à Mantes-la-Jolie.", "fr")[0]
    assert not gaz.is_region(town)


def test_department_names_that_are_words_are_not_places(gaz: Gazetteer) -> None:
    assert names(gaz, "La France a fait la Somme des Manche et du Nord.", "fr") == []


def test_far_towns_named_like_surnames_need_their_country(gaz: Gazetteer) -> None:
    text = "Hirió de gravedad al sacerdote Antonio Rodríguez en Algeciras."
    assert names(gaz, text, "es") == ["Algeciras"]


def test_surnames_after_given_names_are_not_towns(gaz: Gazetteer) -> None:
    assert names(gaz, "hirió al sacristán Diego Valencia y fue detenido en Algeciras.", "es") == ["Algeciras"]
    assert names(gaz, "Detenido en Madrid un yihadista. Valencia también.", "es") == ["Madrid", "Valencia"]
    assert names(gaz, "the Spanish Melilla enclave", "en") == ["Melilla"]


def test_names_glued_by_lost_spaces_are_split(gaz: Gazetteer) -> None:
    text = "اعتقالات في المدن المغربية فاسوالناظور والحسيمة"
    places = gaz.find_places(text, "ar")
    assert [p.name for p in places] == ["Fes", "Nador", "Al Hoceima"]
    assert [text[p.evidence.start:p.evidence.end] for p in places] == ["فاس", "الناظور", "الحسيمة"]
    assert names(gaz, "وأوضحت المصادر والتحقيقات الجارية", "ar") == []

@pytest.mark.parametrize("text", [
    "أوقفت السلطات شخصين بتطوانَ والفنيدق", "Sidi  Moumen, Casablanca_2019 (Maroc)", "", "   ",
    "ـ الرباط ـ", "e\u0301te\u0301 à Tétouan", "a_b __ c",
])
def test_tokens_carry_the_offsets_of_their_text(gaz: Gazetteer, text: str) -> None:
    from marsad.gazetteer import TOKEN_RE

    tokens = gaz._tokenise(text)
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    assert list(zip(tokens.starts, tokens.ends)) == spans
    assert tokens.raws == [text[a:b] for a, b in spans]
