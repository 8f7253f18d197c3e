"""Lexicon matching with word boundaries and Arabic proclitics."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.arabic import normalize
from marsad.text.matcher import Match, Matcher, MatcherGroup

# A fictional-enough lexicon of real place names and common nouns (vocabulary only).
PLACES = Matcher([
    ("تطوان", "Tetouan"), ("المحمدية", "Mohammedia"), ("الدار البيضاء", "Casablanca"),
    ("سلا", "Sale"), ("مدينة", "city"), ("بين", "between-word"), ("Tetuán", "Tetouan"),
    ("Sidi Moumen", "Casablanca"), ("خلية", "cell"), ("المكتب", "office"), ("فاس", "Fes"),
])


def values(text: str, m: Matcher = PLACES) -> list[tuple[str, object]]:
    out = []
    for x in m.find(text):
        assert text[x.start:x.end] == x.quote
        out.append((x.quote, x.value))
    return out


def test_plain_word() -> None:
    assert values("اعتقل في تطوان أمس") == [("تطوان", "Tetouan")]


def test_bi_proclitic_quote_excludes_clitic() -> None:
    (m,) = PLACES.find("نشط بتطوان")
    assert (m.quote, m.prefix, m.value) == ("تطوان", "ب", "Tetouan")


def test_wa_before_article_pattern() -> None:
    assert values("في سلا والمحمدية") == [("سلا", "Sale"), ("المحمدية", "Mohammedia")]


def test_lam_lam_drops_article_alef() -> None:
    (m,) = PLACES.find("توجه للدار البيضاء")
    assert m.value == "Casablanca" and m.prefix == "ل" and m.quote == "لدار البيضاء"


def test_lil_office() -> None:
    assert [x.value for x in PLACES.find("التابع للمكتب المركزي")] == ["office"]


def test_wa_bi_stack() -> None:
    (m,) = PLACES.find("وبمدينة فاس")[:1]
    assert (m.quote, m.prefix) == ("مدينة", "وب")


def test_article_added_to_plain_noun() -> None:
    assert [(x.quote, x.prefix) for x in PLACES.find("تفكيك الخلية وبالخلية وللخلية")] == [
        ("خلية", "ال"), ("خلية", "وبال"), ("خلية", "ولل")]


def test_no_match_inside_word() -> None:
    assert values("كما تبين من البحث") == []
    assert values("أسلاك") == []


def test_invalid_prefix_rejected() -> None:
    assert values("متطوان") == []


def test_no_match_followed_by_letter() -> None:
    assert values("تطوانيون") == []


def test_suffixes_only_when_asked() -> None:
    m = Matcher([("تطوان", "Tetouan", ("ي", "ية"))])
    (x,) = m.find("شاب تطواني")
    assert x.quote == "تطواني" and x.suffix == "ي"
    assert Matcher([("تطوان", "T")]).find("تطواني") == []


def test_matcher_wide_suffixes() -> None:
    m = Matcher([("مغرب", "MA")], suffixes=("ية", "ي"))
    assert [x.quote for x in m.find("السلطات المغربية")] == ["مغربية"]


def test_short_pattern_needs_whole_word() -> None:
    m = Matcher([("فن", "art")])
    assert [x.quote for x in m.find("فن")] == ["فن"]
    assert m.find("وفن") == []  # two letters: never via clitic stripping


def test_min_len_configurable() -> None:
    m = Matcher([("سلا", "Sale")], min_len=4)
    assert m.find("بسلا") == [] and len(m.find("سلا")) == 1


def test_latin_word_boundaries_and_folding() -> None:
    assert values("detenido en TETUAN y en Tetuán.") == [("TETUAN", "Tetouan"), ("Tetuán", "Tetouan")]
    assert values("Tetuánes") == []
    assert values("quartier de sidi  moumen") == []  # double space is not folded


def test_latin_multiword() -> None:
    assert values("à Sidi Moumen, Casablanca") == [("Sidi Moumen", "Casablanca")]


def test_leftmost_longest() -> None:
    m = Matcher([("الدار", "house"), ("الدار البيضاء", "Casablanca")])
    assert [x.value for x in m.find("في الدار البيضاء")] == ["Casablanca"]


def test_first_duplicate_wins() -> None:
    m = Matcher([("سلا", "first"), ("سلا", "second")])
    assert [x.value for x in m.find("سلا")] == ["first"]


def test_original_offsets_with_diacritics() -> None:
    text = "وَالمُحَمَّدِيَّة"
    (m,) = PLACES.find(text)
    assert text[m.start:m.end] == m.quote and m.quote.startswith("المُ")


def test_accepts_normtext() -> None:
    n = normalize("بتطوان")
    assert PLACES.find(n)[0].quote == "تطوان"


def test_clitics_off() -> None:
    m = Matcher([("تطوان", "T")], clitics=False)
    assert m.find("بتطوان") == []


def test_empty_matcher() -> None:
    assert Matcher([]).find("تطوان") == [] and len(Matcher([])) == 0


def test_match_is_frozen_dataclass() -> None:
    x = PLACES.find("سلا")[0]
    assert isinstance(x, Match) and x.pattern == "سلا"


_CHARS = st.sampled_from(list("وبلالكفتطوانسلامدينةخليةَُـ \n،.Tetuán"))


@settings(max_examples=300)
@given(st.lists(_CHARS, max_size=50).map("".join))
def test_every_match_quotes_the_original(text: str) -> None:
    last = 0
    for m in PLACES.find(text):
        assert text[m.start:m.end] == m.quote
        assert m.start >= last
        last = m.end


# -- MatcherGroup: several matchers in one automaton pass -------------------------------------

GROUP_MEMBERS = [
    PLACES,
    Matcher([("خلية", "cell"), ("الخلية", "the-cell"), ("تفكيك", "dismantle"), ("cellule", "cell")],
            suffixes=("ها", "هم")),
    Matcher([("فاس", "city-again"), ("المكتب المركزي", "bureau"), ("bureau", "bureau")], min_len=4),
    Matcher([]),  # an empty matcher has no automaton; the group must still answer for it
    # no clitics at all, and Latin entries with suffixes: hits inside words take other paths
    Matcher([("تطوان", "no-clitics"), ("الخلية", "no-clitics"), ("cell", "cell")], clitics=False),
    Matcher([("arrest", "arrest"), ("bureau", "office")], suffixes=("ed", "s")),
]
GROUP = MatcherGroup(GROUP_MEMBERS)
GROUP_WORDS = ["تطوان", "بتطوان", "والخلية", "للخلية", "خليتها", "تفكيكها", "فاس", "وفاس", "المكتب",
               "المركزي", "للمكتب", "Tetuán", "cellule", "bureau", "Sidi", "Moumen", "مدينة", "بين",
               "الدار", "البيضاء", "للدار", "سلا", "arrested", "rearrests", "arrest", "cells", "xcell", "bureaus"]


def test_group_equals_each_matcher_on_its_own() -> None:
    text = "فككت الشرطة بتطوان خلية تفكيكها تم للخلية في المكتب المركزي بفاس و Sidi Moumen, cellule."
    assert GROUP.find(text) == [m.find(text) for m in GROUP_MEMBERS]
    assert len(GROUP) == len(GROUP_MEMBERS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GROUP_WORDS), st.sampled_from([" ", "", "، ", ".\n", "-"])),
                max_size=12))
def test_group_equals_each_matcher_on_random_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + sep for w, sep in parts)
    found = GROUP.find(text)
    assert found == [m.find(text) for m in GROUP_MEMBERS]
    # spans() is find() without pattern, prefix and suffix
    assert GROUP.spans(text) == [[(x.start, x.end, x.quote, x.value) for x in ms] for ms in found]
