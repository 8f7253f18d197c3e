"""Stage 2: main text out of markup, publication metadata, and the document's language.

The text a Document carries after this stage is what every evidence offset points into,
so nothing later may rewrite it; Arabic normalisation for matching happens on a copy
(see :mod:`marsad.text.arabic`).
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date
from functools import lru_cache

from .errors import NoMainText
from .lexicons import load
from .models import LANGUAGES, Document

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    # the languages of data/languages.tsv, by their lingua names
    return LanguageDetectorBuilder.from_languages(
        *(getattr(Language, row["lingua"]) for row in load("languages").rows)
    ).build()


def detect_language(text: str) -> str | None:
    """ar, fr, es or en. Arabic script decides alone; lingua separates the Latin three."""
    sample = text[:3000]
    arabic = len(_ARABIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if arabic == 0 and latin == 0:
        return None
    if arabic >= latin:
        return "ar"
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else None


def html_to_text(html: str, source: str) -> tuple[str, str | None, str | None]:
    """(main text, title, published date) from an HTML page; raises NoMainText when empty."""
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        # Very short pages fall under trafilatura's thresholds; fall back to visible text.
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(html)
        for node in tree.css("script, style, noscript, template, nav, header, footer, aside"):
            node.decompose()
        body = tree.body
        text = body.text(separator="\n", strip=True) if body is not None else ""
    if not text or not text.strip():
        raise NoMainText(source, "no article text in the markup")
    title = published = None
    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - metadata is optional; a hostile page must not stop the batch
        meta = None
    if meta is not None:
        title = meta.title or None
        if meta.date:
            m = _DATE.search(str(meta.date))
            published = m.group(0) if m else None
    return text, title, published


def clean(doc: Document) -> Document:
    """Fill text (from html), title, published and lang; strip control characters."""
    text, title, published = doc.text, doc.title, doc.published
    if doc.html and not text:
        text, html_title, html_date = html_to_text(doc.html, doc.source or doc.doc_id)
        title = title or html_title
        published = published or html_date
    # Control characters break JSON consumers and terminals, and carry no meaning.
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise NoMainText(doc.source or doc.doc_id, "document has no text")
    lang = doc.lang if doc.lang in LANGUAGES else detect_language(text)
    if not published and lang in LANGUAGES:
        published = published_from_head(text, lang)
    return dataclasses.replace(doc, text=text, title=title, published=published, lang=lang)


_HEAD = 160  # a page's date line sits in its first line or two
# "date 2021-03-22 Terrorist attacks at…", "date 2023-07 Le jury…": a page that opens with its own
# date, to the day or to the month
PAGE_DATE = re.compile(r"\s*date\s+((?:19|20)\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)(?=\s|$)")


def _valid_day(value: str) -> bool:
    """'2021-02-30' has the shape of a date and is none."""
    try:
        date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


def published_from_head(text: str, lang: str) -> str | None:
    """A date at the very head of a text without metadata ('date 2020-12-04 …', 'date 2023-07 …'
    to the month, 'Le mercredi 8 décembre 2021 à 16:58') is when the page was published."""
    from .text.dates import find_dates

    header = PAGE_DATE.match(text)
    if header and _valid_day(header.group(1)):
        return header.group(1)
    head = text[:_HEAD]
    for d in find_dates(head, lang, None):
        if d.kind in ("absolute", "hijri") and len(d.value) == 10:
            return d.value
    return None
