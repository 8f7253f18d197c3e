"""Fast paths of the extractor answer what the plain forms they stand in front of answer.

Each *_HINT pattern is a cheap test that every match of a slower pattern passes (a word the slow
pattern cannot match without); the code runs the slow pattern only when the hint is found. The
hints open with a class of first letters so the regex scan skips in C: that class must hold every
letter re.I would take for the word's first letter. ``_YEAR`` is written the same way and must
give the very same matches as the plain year pattern.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest

from marsad import lexicons
from marsad.extract import analysis, events, frame_dates, frames, periods, places, statistics
from marsad.extract.analysis import Analysis, SentenceFacts, analyse
from marsad.models import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _place_words(*patterns: str) -> list[str]:
    """The literal words of row groups of data/patterns/places.tsv."""
    return [w for name in patterns for w in lexicons.fragments("patterns/places", name)]


# (hint, slow pattern, the words one of which every slow match holds, as re.I reads them)
PAIRS = [
    (frames._SPAN_TALLY_HINT, frames._SPAN_TALLY),
    (frames._SPAN_AFTER_HINT, frames._SPAN_AFTER),
    (places._WANTED_HINT, places._WANTED_BY),
    (places._BETWEEN_HINT, places._LOCATED_BETWEEN),
    (places._ADMIN_HINT, places._ADMIN_BEFORE),
    (events._CHARGE_HINT, events._CHARGE_BEFORE),
    (frame_dates._LATER_HINT, frame_dates._LATER),
    (statistics._PAST_YEARS_HINT, statistics._PAST_YEARS),
    (analysis._DENIAL_HINT, analysis._RULED_OUT),
    (analysis._DENIAL_HINT, re.compile(analysis._DENIAL, re.I)),
]
HINT_WORDS = {
    frames._SPAN_TALLY_HINT: None,  # the full pattern itself, rewritten
    # every other hint's words are read from the rows the hint is built from
    frames._SPAN_AFTER_HINT: lexicons.fragments("patterns/frames", "after_hint"),
    places._WANTED_HINT: _place_words("on_behalf_of", "court"),
    places._BETWEEN_HINT: _place_words("between"),
    places._ADMIN_HINT: _place_words("admin_unit_prefixed", "admin_unit"),
    events._CHARGE_HINT: lexicons.fragments("patterns/events", "charge_hint"),
    frame_dates._LATER_HINT: lexicons.fragments("patterns/frame_dates", "later_months"),
    statistics._PAST_YEARS_HINT: lexicons.fragments("patterns/statistics", "past_years_hint"),
    analysis._DENIAL_HINT: lexicons.fragments("patterns/analysis", "denial_hint"),
}
PLAIN_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def _texts() -> list[str]:
    out = []
    for name in ("eval/dev.jsonl", "corpus/news.jsonl"):
        path = SHARED / name
        if path.exists():
            out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def _case_variants(word: str, rng: random.Random) -> list[str]:
    """The word as written, upper-cased, title-cased and with random letters swapped in case,
    also with the letters re.I folds onto i and s in Python (ı, İ, ſ)."""
    out = [word, word.upper(), word.title()]
    for _ in range(6):
        out.append("".join(ch.swapcase() if rng.random() < 0.5 else ch for ch in word))
    out.append(word.replace("i", "ı").replace("s", "ſ"))
    out.append(word.replace("i", "İ"))
    return out


@pytest.mark.parametrize("hint", list(dict.fromkeys(h for h, _slow in PAIRS if HINT_WORDS[h])))
def test_hint_finds_every_case_variant_of_its_words(hint: re.Pattern[str]) -> None:
    rng = random.Random(11)
    for word in HINT_WORDS[hint]:
        plain = re.compile(re.escape(word), re.I)
        for variant in _case_variants(word, rng):
            for text in (variant, f"x {variant} y", f"1{variant}."):
                if plain.search(text):
                    assert hint.search(text), (word, variant)


@pytest.mark.parametrize("hint", list(dict.fromkeys(h for h, _slow in PAIRS if HINT_WORDS[h])))
def test_hint_first_letter_class_holds_what_re_i_folds(hint: re.Pattern[str]) -> None:
    # every character re.I matches to a word's first letter is in the hint's opening class
    opening = re.match(r"\[([^\]]+)\]", hint.pattern)
    assert opening is not None
    letters = set(opening.group(1))
    for first in {word[0] for word in HINT_WORDS[hint]}:
        assert all(ch in letters for ch in _folded_onto(first)), first


_EVERY_CHAR = "".join(map(chr, range(sys.maxunicode + 1))).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _folded_onto(letter: str) -> set[str]:
    """Every character re.I matches to ``letter``."""
    return set(re.findall(re.escape(letter), _EVERY_CHAR, re.I))


def test_hints_are_never_missing_where_the_slow_pattern_matches() -> None:
    texts = _texts()
    if not texts:
        pytest.skip("shared corpus absent")
    rng = random.Random(5)
    for text in texts:
        for hint, slow in PAIRS:
            # whole texts and random windows, as the callers search them
            spans = [(0, len(text))] + [(a, a + rng.randint(20, 300)) for a in
                                        (rng.randint(0, max(0, len(text) - 1)) for _ in range(8))]
            for a, b in spans:
                if slow.search(text, a, b):
                    assert hint.search(text, a, b), (slow.pattern[:40], text[a:b])


def test_span_tally_hint_is_the_same_pattern() -> None:
    rng = random.Random(2)
    samples = _texts()[:200] + ["À TRAVERS LE TERRITOIRE NATIONAL", "Durante El Mes", "خلال شهر مارس", "عبر كامل التراب الوطني",
                                "ACROSS the Country", "au cours du mois"]
    for text in samples:
        for a in [0] + [rng.randint(0, len(text)) for _ in range(5)]:
            s = frames._SPAN_TALLY.search(text, a)
            f = frames._SPAN_TALLY_HINT.search(text, a)
            assert (s and s.span()) == (f and f.span())


def test_year_is_the_plain_year_pattern() -> None:
    rng = random.Random(4)
    alphabet = list("0123456789١٢ -/abc")
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    samples += ["2019", "12019", "20191", "١2019", "1949 1950 2049 2050", "x1995-2001y"] + _texts()[:100]
    for text in samples:
        assert [(m.span(), m.group(1)) for m in PLAIN_YEAR.finditer(text)] == \
            [(m.span(), m.group(1)) for m in periods._YEAR.finditer(text)]
        for a in range(0, len(text) + 1, 3):
            p, f = PLAIN_YEAR.search(text, a), periods._YEAR.search(text, a)
            assert (p and (p.span(), p.group(1))) == (f and (f.span(), f.group(1)))
        assert bool(PLAIN_YEAR.fullmatch(text)) == bool(periods._YEAR.fullmatch(text))


def test_denial_hint_words_cover_every_denial() -> None:
    # every alternative of _DENIAL, written out, is found by the hint
    for phrase in ["not a terror", "not an terror", "no evidence", "no indication", "no link", "no connection",
                   "nothing to do", "nothing suggest", "rule out", "ruled out", "exclude", "excluded", "unrelated", "écart",
                   "exclu", "aucun lien", "pas de lien", "rien à voir", "descart", "no tiene relación",
                   "no guarda relación", "sin relación", "ningún vínculo", "nada que ver", "لا علاقة", "لا صلة",
                   "ليس له علاقة", "ليست لها صلة", "لم نجد", "لم يجد", "لم تجد", "لم يثبت", "استبعد", "إستبعد", "ستبعد",
                   "يستبعد", "تستبعد"]:
        for variant in (phrase, phrase.upper(), phrase.title()):
            if re.fullmatch(analysis._DENIAL, variant, re.I):
                assert analysis._DENIAL_HINT.search(variant), variant
            else:
                pytest.fail(f"not a denial: {variant}")


PLAIN_CLAUSE_BREAK = re.compile(
    r"[;؛\n]|[,،]\s*(?:" + lexicons.alternation("patterns/periods", "contrast") + r")(?=\s)", re.I)


def test_clause_break_is_the_plain_pattern() -> None:
    rng = random.Random(8)
    samples = _texts()[:150] + ["a, MIENTRAS b", "x;y", "x ، لكن y", "a,but", "a, but b", "\n", ", however\t"]
    for text in samples:
        assert [m.span() for m in PLAIN_CLAUSE_BREAK.finditer(text)] == \
            [m.span() for m in periods.CLAUSE_BREAK.finditer(text)]
        for _ in range(5):
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            p, f = PLAIN_CLAUSE_BREAK.search(text, a, b), periods.CLAUSE_BREAK.search(text, a, b)
            assert (p and p.span()) == (f and f.span())


def test_two_years_gate_of_year_ranges() -> None:
    for text in ["between 2015 and 2017", "2015-2016", "in 2015", "من 2010 إلى 2020", "no year", "2015 2016"]:
        if periods._YEAR_RANGE.search(text):
            assert periods._two_years(text, 0, len(text))
    assert not periods._two_years("only 2015 here", 0, 14)


def test_terror_context_is_worked_out_once_per_analysis() -> None:
    doc = Document(doc_id="t", text="Police arrested three terror suspects in Rabat on Monday.", lang="en")
    a = analyse(doc, "en")
    assert a.terror_context is a._terror_context()
    assert a.memo["terror_context"] is True


def test_event_places_memo_returns_fresh_lists() -> None:
    doc = Document(doc_id="t", text="Police arrested three terror suspects in Rabat and Sale on Monday.", lang="en")
    a = analyse(doc, "en")
    found = [p for f in a.facts for p in f.places]
    first = places.event_places(a, found)
    first.append(None)  # type: ignore[arg-type]  # a caller may extend what it gets
    again = places.event_places(a, found)
    assert None not in again
    assert again == places._event_places(a, found)


def _whole_sentences_copying(a: Analysis) -> list[SentenceFacts]:  # the plain form: every sentence a fresh copy
    out: list[SentenceFacts] = []
    parent = None
    for f in a.facts:
        p = a.sentences[f.index].parent
        if out and p == parent:
            merged = out[-1]
            merged.end = f.end
            for name in ("triggers", "agencies", "groups", "seized", "cues", "topics", "numbers", "dates",
                         "places", "countries"):
                getattr(merged, name).extend(getattr(f, name))
        else:
            out.append(SentenceFacts(f.index, f.start, f.end, list(f.triggers), list(f.agencies), list(f.groups),
                                     list(f.seized), list(f.cues), list(f.topics), list(f.numbers), list(f.dates),
                                     list(f.places), list(f.countries)))
        parent = p
    return out


def test_whole_sentences_copy_only_what_they_merge() -> None:
    texts = _texts()[:60] or ["Police arrested three terror suspects in Rabat; two more were held in Sale, officials said."]
    for k, text in enumerate(texts):
        a = analyse(Document(doc_id=str(k), text=text, lang="en"), "en")
        before = [repr(f) for f in a.facts]
        assert [repr(f) for f in statistics._whole_sentences(a)] == [repr(f) for f in _whole_sentences_copying(a)]
        statistics.find_statistics(a)
        assert [repr(f) for f in a.facts] == before  # the clauses' own facts are left as they were


@pytest.mark.parametrize("name, hint, slow", [
    ("patterns/analysis", "denial_hint", ("denial",)),
    ("patterns/analysis", "opened_hint", ("inquiry_opened",)),
    ("patterns/events", "charge_hint", ("charge_open", "charge_open_word")),
    ("patterns/frames", "after_hint", ("span_after", "after_span", "comes_after")),
    ("patterns/statistics", "past_years_hint", ("past_years",)),
])
def test_hint_rows_hold_a_word_of_every_row_they_stand_for(name: str, hint: str, slow: tuple[str, ...]) -> None:
    # a row added to the slow group (a new language) without its word in the hint group fails here
    rows = lexicons.load(name).rows
    words = [r["fragment"].lower() for r in rows if r["pattern"] == hint]
    for fragment in (r["fragment"] for r in rows if r["pattern"] in slow):
        assert any(w in fragment.lower() for w in words), fragment
