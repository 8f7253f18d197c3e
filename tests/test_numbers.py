"""Number mentions: digits, Arabic and fr/es/en words, duals, approximators, ages, years."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import ConfigError
from marsad.text.numbers import NumberMention, find_numbers


def nums(text: str, lang: str = "ar") -> list[NumberMention]:
    out = find_numbers(text, lang)
    for m in out:
        assert text[m.start:m.end] == m.quote
        if m.noun_start is not None:
            assert 0 <= m.noun_start < m.noun_end <= len(text)
    return out


def one(text: str, lang: str = "ar") -> NumberMention:
    found = nums(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,value,noun", [
    ("أوقفت السلطات ستة عناصر متطرفة", 6, "عنصر"),
    ("توقيف أربعة أشخاص بالمدينة", 4, "شخص"),
    ("فككت ثلاث خلايا إرهابية", 3, "خلية"),
    ("تفكيك مئتي خلية منذ سنوات", 200, "خلية"),
    ("تفكيك 91 خلية إرهابية", 91, "خلية"),
    ("اعتقال ١٢ شخصا", 12, "شخص"),
    ("خمسة وعشرون شخصا", 25, "شخص"),
    ("أحد عشر متطرفا", 11, "متطرف"),
    ("إحدى عشرة خلية", 11, "خلية"),
    ("ألف وخمسمائة عنصر", 1500, "عنصر"),
    ("ثلاثمائة شخص", 300, "شخص"),
    ("ثلاث مئة شخص", 300, "شخص"),
    ("ثلاثة آلاف مقاتل", 3000, "مقاتل"),
    ("عشرين ألف شخص", 20000, "شخص"),
    ("ألفي شخص", 2000, "شخص"),
])
def test_arabic_counts(text: str, value: int, noun: str) -> None:
    m = one(text)
    assert (m.value, m.noun, m.qualifier) == (value, noun, "exact")
    assert text[m.noun_start:m.noun_end]  # the noun span is inside the text


@pytest.mark.parametrize("text,lemma", [
    ("تم تفكيك خليتان", "خلية"),
    ("توقيف عنصرين", "عنصر"),
    ("اعتقال شخصين", "شخص"),
])
def test_dual_nouns_stand_for_two(text: str, lemma: str) -> None:
    m = one(text)
    assert (m.value, m.noun) == (2, lemma)
    assert m.noun_start == m.start and m.noun_end == m.end


def test_dual_with_proclitic_keeps_quote_clean() -> None:
    m = one("الإطاحة بخليتين")
    assert m.quote == "خليتين" and m.value == 2


def test_ambiguous_plural_needs_ithnayn() -> None:
    assert nums("توقيف متطرفين") == []  # plural, not a count
    m = one("توقيف متطرفين اثنين")
    assert (m.value, m.noun, m.quote) == (2, "متطرف", "متطرفين اثنين")


def test_noun_then_wahid() -> None:
    m = one("تفكيك خلية واحدة")
    assert (m.value, m.noun) == (1, "خلية")
    assert nums("واحد من المشتبه بهم") == []  # a lone واحد is not a count


@pytest.mark.parametrize("text,value,qualifier", [
    ("أكثر من 200 خلية", 200, "at_least"),
    ("ما يزيد عن 300 شخص", 300, "at_least"),
    ("ما لا يقل عن عشرين متطرفا", 20, "at_least"),
    ("أزيد من 80 خلية", 80, "at_least"),
    ("نحو 50 عنصرا", 50, "about"),
    ("حوالي 3 آلاف مقاتل", 3000, "about"),
    ("قرابة 40 شخصا", 40, "about"),
    ("زهاء ألف شخص", 1000, "about"),
    ("ما يفوق 100 خلية", 100, "at_least"),
    ("أقل من 10 أشخاص", 10, "at_most"),
    ("عشرات المتطرفين", 20, "at_least"),
])
def test_arabic_approximators(text: str, value: int, qualifier: str) -> None:
    m = one(text)
    assert (m.value, m.qualifier) == (value, qualifier)
    assert m.quote == text.split(" خلية")[0] if "خلية" in text else True


def test_approximator_in_quote_and_proclitic_dropped() -> None:
    m = one("قدر عددهم بنحو 300 شخص")
    assert m.quote == "نحو 300" and m.qualifier == "about"


def test_arabic_age_range() -> None:
    found = nums("تتراوح أعمارهم بين 18 و59 سنة")
    assert [(m.value, m.is_age_range) for m in found] == [(18, True), (59, True)]
    assert all(m.noun_class == "time" for m in found)


def test_prison_term_is_time_not_age() -> None:
    m = one("الحكم بعشر سنوات سجنا")
    assert m.value == 10 and m.noun_class == "time" and not m.is_age_range
    assert m.quote == "عشر"


def test_preposition_on_number_word() -> None:
    assert one("مقارنة بثلاث خلايا").value == 3
    assert nums("لست أدري") == []


def test_years_flagged() -> None:
    found = nums("بين سنة 2015 و2016 تم تفكيك 12 خلية")
    assert [(m.value, m.is_year) for m in found] == [(2015, True), (2016, True), (12, False)]


def test_year_sized_count_is_not_year() -> None:
    m = one("تم تجنيد 2000 شخص")
    assert not m.is_year and m.noun == "شخص"


def test_percent() -> None:
    m = one("57 في المائة من الخلايا")
    assert m.is_percent and m.value == 57
    assert one("80% of cells", "en").is_percent


def test_thousands_separators() -> None:
    assert one("1,200 people", "en").value == 1200
    assert one("3 000 personnes", "fr").value == 3000
    assert one("1.500 detenidos", "es").value == 1500


@pytest.mark.parametrize("text,lang,value,qualifier,noun", [
    ("démantèlement d'une cellule de six membres", "fr", 6, "exact", "membre"),
    ("plus de 200 personnes", "fr", 200, "at_least", "personne"),
    ("au moins 12 suspects", "fr", 12, "at_least", "suspect"),
    ("près de 40 jihadistes", "fr", 40, "about", "jihadiste"),
    ("une dizaine de suspects", "fr", 10, "about", "suspect"),
    ("vingt-trois cellules", "fr", 23, "exact", "cellule"),
    ("veintitrés detenidos", "es", 23, "exact", "detenido"),
    ("más de 200 yihadistas", "es", 200, "at_least", "yihadista"),
    ("al menos cinco detenidos", "es", 5, "at_least", "detenido"),
    ("cerca de 30 personas", "es", 30, "about", "persona"),
    ("unos 40 miembros", "es", 40, "about", "miembro"),
    ("una decena de detenidos", "es", 10, "about", "detenido"),
    ("more than 200 people", "en", 200, "at_least", "person"),
    ("at least three suspects", "en", 3, "at_least", "suspect"),
    ("about 40 militants", "en", 40, "about", "militant"),
    ("around 15 cells", "en", 15, "about", "cell"),
    ("nearly 90 arrests", "en", 90, "about", "arrest"),
    ("some 12 people", "en", 12, "about", "person"),
    ("a dozen suspects", "en", 12, "about", "suspect"),
    ("dozens of militants", "en", 24, "at_least", "militant"),
    ("two hundred and fifty people", "en", 250, "exact", "person"),
])
def test_latin_languages(text: str, lang: str, value: int, qualifier: str, noun: str) -> None:
    found = [m for m in nums(text, lang) if m.noun is not None]
    m = found[-1]  # "une cellule de six membres" also yields 1 cell first
    assert (m.value, m.qualifier, m.noun) == (value, qualifier, noun)


def test_lone_article_is_not_a_number() -> None:
    assert nums("un policier a été blessé", "fr") == []
    m = one("un individu a été interpellé", "fr")
    assert m.value == 1 and m.noun == "individu"


@pytest.mark.parametrize("text,lang", [
    ("âgés de 20 à 35 ans", "fr"),
    ("jóvenes de entre 20 y 35 años", "es"),
    ("suspects aged 20 to 35", "en"),
])
def test_age_ranges_in_latin_languages(text: str, lang: str) -> None:
    found = nums(text, lang)
    assert [(m.value, m.is_age_range) for m in found] == [(20, True), (35, True)]


def test_prison_range_is_not_an_age() -> None:
    found = nums("penas de entre 5 y 10 años de prisión", "es")
    assert [m.value for m in found] == [5, 10]
    assert not any(m.is_age_range for m in found)
    assert all(m.noun_class == "time" for m in found)


def test_single_age() -> None:
    assert [m.is_age_range for m in nums("un homme âgé de 25 ans", "fr")] == [False, True]
    assert [m.is_age_range for m in nums("a 25-year-old man", "en")] == [True]


def test_at_least_after_number() -> None:
    assert one("200 شخص على الأقل").qualifier == "at_least"


def test_decimals_ignored() -> None:
    assert nums("2.5 million", "en") == []


def test_unknown_language() -> None:
    with pytest.raises(ConfigError):
        find_numbers("1", "de")


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["ستة", "عناصر", "و", "أكثر", "من", "200", "١٢", "خليتان", " ",
                                 "عشر", "ألف", "َ", "ـ", "بين", "18", "سنة", "\n", "اثنين"]), max_size=25)
       .map("".join))
def test_quotes_always_match_text(text: str) -> None:
    for m in find_numbers(text, "ar"):
        assert text[m.start:m.end] == m.quote and m.value >= 0


SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.skipif(not (SHARED / "eval" / "dev.jsonl").is_file(), reason="shared dev set absent")
def test_dev_texts_quotes_and_flags() -> None:
    import json

    for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        for m in find_numbers(doc["text"], doc["lang"]):
            assert doc["text"][m.start:m.end] == m.quote
            assert not (m.is_year and m.is_age_range)
            assert m.qualifier in ("exact", "at_least", "about", "at_most")


def test_dual_in_construct_before_a_definite_noun() -> None:
    # "the two members of the cell": the construct dual drops its nun
    got = [(n.value, n.noun_class) for n in find_numbers("واجهت القوات مقاومة من طرف عضوي الخلية", "ar")]
    assert got == [(2, "person")]
    assert find_numbers("المغربي الجنسية", "ar") == []


def test_dual_in_construct_before_the_support_noun() -> None:
    # army bulletins: "two support elements" keeps the support noun indefinite
    got = [(n.value, n.noun_class) for n in find_numbers("أوقفت مفرزة عنصري دعم للجماعات الإرهابية", "ar")]
    assert got == [(2, "person")]
    # "racist" (same letters) before any other indefinite word is no count
    assert find_numbers("خطاب عنصري خطير", "ar") == []


# -- the speed-ups must not change what is found -----------------------------------------------

@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab 12,.-%_\nخلية٣éـ²،\u064e") + ["😀", "\U0001d7d9"]), max_size=40))
def test_tokens_are_the_token_regex_matches(text: str) -> None:
    """Whichever split runs (spelled-out classes, or categories for text beyond the BMP)."""
    from marsad.text.numbers import _TOKEN_RE, _tokenize

    texts, toks = _tokenize(text)
    assert toks == [(*m.span(), m.group()) for m in _TOKEN_RE.finditer(text)]
    assert texts == [t[2] for t in toks]


_SAMPLES = [
    ("فككت خليتان إرهابيتان وأوقف عنصرين اثنين بين المدينتين الذين نشطوا", "ar"),
    ("اعتقال عضوي الخلية وشخص واحد و25 متطرفا على الأقل", "ar"),
    ("أكثر من ثلاثة عشر شخصا تتراوح أعمارهم بين 18 و59 سنة", "ar"),
    ("une dizaine de personnes, âgés de 20 à 35 ans, plus de 1 200 arrestations", "fr"),
    ("at least two dozen suspects, a 25-year-old man and 3 thousand others", "en"),
    ("veintitrés detenidos de entre 20 y 35 años", "es"),
]


def test_screening_words_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only screened words are tried as a number's start; trying every word finds the same."""
    import json

    from marsad.text import numbers

    samples = list(_SAMPLES)
    if (SHARED / "eval" / "dev.jsonl").is_file():
        samples += [(d["text"], d["lang"]) for d in map(json.loads, (SHARED / "eval" / "dev.jsonl").open())]
    fast = [find_numbers(text, lang) for text, lang in samples]
    monkeypatch.setattr(numbers, "_candidates", lambda texts, lx: list(range(len(texts))))
    assert fast == [find_numbers(text, lang) for text, lang in samples]


def test_phrase_index_finds_the_longest_phrase_like_a_full_scan() -> None:
    from marsad.text.numbers import _Phrases, _joined, _seq_at, _strip_conj, _tokenize

    phrases = [("على", "الأقل"), ("على",), ("plus", "de"), ("plus",), ("ما", "يزيد", "عن")]

    def full_scan(s: str, toks: list, i: int) -> int:  # every phrase tried, as before the index
        best = 0
        for p in phrases:
            if len(p) <= best or i + len(p) > len(toks):
                continue
            if all((toks[i + k][2] == w or (k == 0 and _strip_conj(toks[i + k][2]) == w))
                   and (k == 0 or _joined(s, toks[i + k - 1], toks[i + k])) for k, w in enumerate(p)):
                best = len(p)
        return best

    for s in ("وعلى الأقل plus de ما يزيد عن", "بما يزيد عن، على\nالأقل plus"):
        _, toks = _tokenize(s)
        for i in range(len(toks) + 1):
            assert _seq_at(s, toks, i, _Phrases(phrases), True) == full_scan(s, toks, i)


def test_candidates_are_the_screened_words_and_their_neighbours() -> None:
    """The cached per-word bits give what the plain rules give, word by word."""
    import json

    from marsad.text.arabic import normalize
    from marsad.text.numbers import _candidates, _lang, _screen, _tokenize

    samples = list(_SAMPLES) + [("عنصرا الخلية وعضوي الشبكة ثلاثة عشر و٣ آلاف", "ar"), ("et un, deux", "fr")]
    if (SHARED / "eval" / "dev.jsonl").is_file():
        samples += [(d["text"], d["lang"]) for d in map(json.loads, (SHARED / "eval" / "dev.jsonl").open())]
    for text, lang in samples:
        lx = _lang(lang)
        texts, _ = _tokenize(normalize(text).text)
        plain = {i for i, t in enumerate(texts) if _screen(t, lx)}
        if lang == "ar":
            plain |= {i - 1 for i in range(1, len(texts)) if texts[i] in lx.starters}
            plain |= {i for i in range(len(texts) - 1)
                      if texts[i] in lx.duals_construct and texts[i + 1].startswith("ال")}
        assert _candidates(texts, lx) == sorted(plain)


def test_support_nouns_after_a_construct_dual_are_folded_like_the_text() -> None:
    for text in ("قتل عنصرا شرطة في الهجوم", "قتل عنصرا أمن في الهجوم"):
        assert [(n.quote, n.value) for n in find_numbers(text, "ar")] == [("عنصرا", 2)], text
