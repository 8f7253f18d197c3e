"""Normalisation for matching: the rules, and that every offset maps back into the original."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.arabic import NormText, fold, is_arabic, normalize


def test_diacritics_and_tatweel_are_removed() -> None:
    assert fold("تَطْوَانُ") == "تطوان"
    assert fold("مـــدينة") == "مدينه"
    assert fold("الإرهابيّة") == "الارهابيه"


def test_alef_forms_fold_to_bare_alef() -> None:
    assert fold("أإآٱا") == "ااااا"


def test_alef_maqsura_and_teh_marbuta() -> None:
    assert fold("إلى") == "الي"
    assert fold("خلية") == "خليه"


def test_hamza_on_waw_and_yeh_kept() -> None:
    assert fold("مؤامرة وئام") == "مؤامره وئام"


def test_digits_fold_to_ascii() -> None:
    assert fold("٢٠١٩ و۱۲") == "2019 و12"


def test_latin_casefold_and_accents_one_to_one() -> None:
    src = "Tetuán ÉTAT Ñandú Ceuta Straße"
    out = fold(src)
    assert out == "tetuan etat nandu ceuta straße"
    assert len(out) == len(src)


def test_quotes_dashes_and_spaces_fold() -> None:
    assert fold("“داعش” – «EI» ‘x’\u00a0y") == "\"داعش\" - \"ei\" 'x' y"


def test_newlines_kept() -> None:
    assert fold("a\nb\tc") == "a\nb\tc"


def test_zero_width_and_bidi_marks_deleted() -> None:
    assert fold("سلا\u200f\u200c") == "سلا"
    assert fold("e\u0301te\u0301") == "ete"  # NFD accents


def test_identity_map_when_nothing_deleted() -> None:
    n = normalize("الدار البيضاء")
    assert n.orig(3) == 3 and n.span(0, 5) == (0, 5)


def test_offsets_skip_deleted_marks() -> None:
    src = "في تَطْوانَ اليوم"
    n = normalize(src)
    start = n.text.index("تطوان")
    a, b = n.span(start, start + 5)
    assert src[a:b] == "تَطْوانَ"  # trailing fatha belongs to the word
    assert n.orig(len(n.text)) == len(src)


def test_quote_helper_and_empty_span() -> None:
    n = normalize("مَدِينَة سلا")
    assert n.quote(0, 5) == "مَدِينَة"
    a, b = n.span(3, 3)
    assert a == b


def test_ascii_fast_path_lowercases() -> None:
    n = normalize("Madrid GUARDIA")
    assert n.text == "madrid guardia" and n.original == "Madrid GUARDIA"


def test_is_arabic() -> None:
    assert is_arabic("تفكيك خلية بتطوان")
    assert not is_arabic("Démantèlement d'une cellule")
    assert is_arabic("خلية Daech في سلا")
    assert not is_arabic("123 ...")


def test_normtext_is_frozen() -> None:
    n = normalize("سلا")
    try:
        n.text = "x"  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("NormText must be immutable")
    assert isinstance(n, NormText) and len(n) == 3


_ALPHABET = st.sampled_from(list("abcÉé تطوانأإآىةًٌٍَُِّْـ٠٩\u200f\u0301\n-–“"))


@settings(max_examples=300)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.data())
def test_spans_always_map_into_the_original(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    assert n.orig(0) >= 0 and n.orig(len(n.text)) == len(text)
    prev = -1
    for i in range(len(n.text) + 1):
        o = n.orig(i)
        assert 0 <= o <= len(text) and o > prev or (i == 0 and o >= 0)
        prev = o
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    a, b = n.span(start, end)
    assert 0 <= a <= b <= len(text)
    # every kept character in the span folds to the normalised slice
    assert fold(text[a:b]) == n.text[start:end]


# -- explicit classes for tokenising splits (speed) ------------------------------------------

@pytest.mark.parametrize("pattern", [r"\d", r"[^\W\d_]", r"(?:[^\W_]|[\u0300-\u036F\u0640])+"])
def test_bmp_class_holds_exactly_the_characters_of_its_pattern(pattern: str) -> None:
    import re

    from marsad.text.arabic import bmp_class

    plain, spelled = re.compile(pattern), re.compile(bmp_class(pattern))
    differ = [c for c in range(0x10000) if (plain.match(chr(c)) is None) != (spelled.match(chr(c)) is None)]
    assert differ == []


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("ab é١ب\u064e😀𝔸") + ["\U00010000", "\uffff"]), max_size=30))
def test_has_astral_is_a_character_beyond_the_bmp(text: str) -> None:
    from marsad.text.arabic import has_astral

    assert has_astral(text) == any(ord(c) > 0xFFFF for c in text)
    long = text * 40  # long enough for the size shortcut to decide
    assert has_astral(long) == any(ord(c) > 0xFFFF for c in long)


def _dict_translate(text: str) -> str:
    """normalize's text as the plain dict table gives it: what the list table must match."""
    from marsad.text.arabic import _DELETED_RE, _MAP_ONLY, _TABLE
    return text.lower() if text.isascii() else text.translate(
        _TABLE if _DELETED_RE.search(text) else _MAP_ONLY)


def test_sequence_table_agrees_with_the_dict_on_every_mapped_character() -> None:
    from marsad.text.arabic import _SEQ_END, _TABLE
    for code in list(_TABLE) + [0x41, 0x628, _SEQ_END - 1, _SEQ_END, 0x4E2D, 0x1F600]:
        for text in (chr(code), "ب" + chr(code) + "é", "é" + chr(code) + "\u064e"):
            assert normalize(text).text == _dict_translate(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x10FFFF, blacklist_categories=("Cs",)), max_size=40)
       | st.text(alphabet=st.sampled_from("بتة أإى ٣é É’–\u00a0\u064b\u0640\u3000\uff0d\ufeff\u2212x1"), max_size=40))
def test_normalize_list_table_matches_dict_table(text: str) -> None:
    assert normalize(text).text == _dict_translate(text)
