"""Date expressions in ar/fr/es/en, resolved against the publication date."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import ConfigError
from marsad.text.dates import DateMention, find_dates

TUE = "2020-02-04"  # a Tuesday
WED = "2020-02-05"


def dates(text: str, lang: str = "ar", published: str | None = TUE) -> list[DateMention]:
    out = find_dates(text, lang, published)
    for d in out:
        assert text[d.start:d.end] == d.quote
    return out


def vals(text: str, lang: str = "ar", published: str | None = TUE) -> list[tuple[str, str]]:
    return [(d.value, d.kind) for d in dates(text, lang, published)]


@pytest.mark.parametrize("text,value", [
    ("أعلن عن العملية يوم 6 يونيو 2024", "2024-06-06"),
    ("الخميس 6 يونيو 2024", "2024-06-06"),
    ("4 فبراير 2020", "2020-02-04"),
    ("٤ فبراير ٢٠٢٠", "2020-02-04"),
    ("6 غشت 2019", "2019-08-06"),
    ("12 شتنبر 2018", "2018-09-12"),
    ("3 دجنبر 2017", "2017-12-03"),
    ("1 جانفي 2020", "2020-01-01"),
    ("14 جويلية 2016", "2016-07-14"),
    ("12 آب 2019", "2019-08-12"),
    ("4 تشرين الأول 2021", "2021-10-04"),
    ("10 كانون الثاني 2015", "2015-01-10"),
    ("6 من شهر يونيو 2024", "2024-06-06"),
    ("6 يونيو/حزيران 2024", "2024-06-06"),
])
def test_arabic_absolute(text: str, value: str) -> None:
    (d,) = dates(text)
    assert (d.value, d.kind) == (value, "absolute")


def test_quote_keeps_weekday_but_not_proclitic() -> None:
    (d,) = dates("وأعلن الخميس 6 يونيو 2024")
    assert d.quote == "الخميس 6 يونيو 2024"
    (d,) = dates("وسنة 2019")
    assert d.quote == "سنة 2019"


def test_month_year_and_relative_month() -> None:
    assert vals("في يونيو 2024") == [("2024-06", "absolute")]
    assert vals("خلال شهر يونيو الماضي", published="2024-07-10") == [("2024-06", "relative")]
    assert vals("خلال شهر يونيو الماضي", published="2024-06-10") == [("2023-06", "relative")]
    assert vals("شهر فبراير الجاري") == [("2020-02", "relative")]


def test_month_name_alone_is_not_a_date() -> None:
    assert dates("مارس الضغط على الشهود") == []
    assert dates("March on, they said", "en") == []


def test_month_after_its_preposition_is_the_latest_such_month() -> None:
    assert vals("they may act in March", "en", published="2020-02-10") == [("2019-03", "relative")]
    assert vals("en décembre, deux touristes", "fr", published="2019-02-10") == [("2018-12", "relative")]
    assert vals("في ديسمبر قتلت", published="2019-12-20") == [("2019-12", "relative")]
    assert dates("in December", "en", published=None) == []
    # a head count is no year of a timeline
    assert vals("Some 2000 soldiers were deployed. In March, police arrested 3 suspects.", "en",
                published="2021-06-01") == [("2021-03", "relative")]
    # a timeline dates the month by the year its paragraph named last
    assert vals("2015 se abre con la Operación Chacal. Ya en diciembre, la Guardia Civil detiene a un joven.",
                "es", published="2017-08-18") == [("2015-12", "relative")]


def test_day_month_without_year_takes_publication_year() -> None:
    assert vals("يوم 3 فبراير") == [("2020-02-03", "absolute")]
    assert vals("يوم 10 دجنبر الماضي") == [("2019-12-10", "absolute")]
    assert dates("يوم 3 فبراير", published=None) == []


def test_day_month_with_month_only_publication() -> None:
    assert vals("le 12 novembre", "fr", "2018-10") == [("2017-11-12", "absolute")]


def test_years_and_cue() -> None:
    found = dates("سنة 2019 وعام 2018 ومنذ 2002")
    assert [(d.value, d.kind, d.cue) for d in found] == [
        ("2019", "year", "سنه"), ("2018", "year", "عام"), ("2002", "year", "منذ")]


def test_joined_years() -> None:
    assert [d.value for d in dates("خلال سنتي 2015 و2016")] == ["2015", "2016"]
    assert [d.value for d in dates("entre 2015 et 2018, en 2015-2016", "fr")] == ["2015", "2016"]


def test_bare_year_without_cue_is_not_a_date() -> None:
    assert dates("2019 كانت سنة صعبة") == []


def test_hijri() -> None:
    assert vals("3 جمادى الأولى 1445 هـ") == [("2023-11-17", "hijri")]


@pytest.mark.parametrize("text,published,value", [
    ("صباح اليوم الثلاثاء", TUE, "2020-02-04"),
    ("صباح اليوم الثلاثاء", WED, "2020-02-04"),
    ("يوم أمس الاثنين", TUE, "2020-02-03"),
    ("مساء أمس الاثنين", WED, "2020-02-03"),
    ("يوم الأربعاء", TUE, "2020-01-29"),
    ("الثلاثاء", TUE, "2020-02-04"),
    ("الثلاثاء الماضي", TUE, "2020-01-28"),
    ("والخميس", TUE, "2020-01-30"),
    ("الجمعة المقبل", TUE, "2020-02-07"),
])
def test_arabic_weekdays(text: str, published: str, value: str) -> None:
    (d,) = dates(text, published=published)
    assert (d.value, d.kind) == (value, "weekday")


def test_arabic_relative_words() -> None:
    assert vals("اليوم وأمس وأول أمس") == [
        ("2020-02-04", "relative"), ("2020-02-03", "relative"), ("2020-02-02", "relative")]
    assert vals("الأسبوع الماضي") == [("2020-01", "relative")]  # a week names no day: its month
    assert vals("الشهر الماضي") == [("2020-01", "relative")]
    assert vals("العام الماضي") == [("2019", "relative")]


def test_relative_needs_full_publication_date() -> None:
    assert dates("اليوم الثلاثاء", published=None) == []
    assert dates("أمس", published="2020-02") == []


@pytest.mark.parametrize("text,value,kind", [
    ("le 4 février 2020", "2020-02-04", "absolute"),
    ("ce mardi", "2020-02-04", "weekday"),
    ("mardi dernier", "2020-02-04", "weekday"),
    ("mardi 4 février", "2020-02-04", "absolute"),
    ("hier", "2020-02-04", "relative"),
    ("en 2019", "2019", "year"),
    ("le 1er mars", "2019-03-01", "absolute"),
    ("la semaine dernière", "2020-01", "relative"),
    ("en juin dernier", "2019-06", "relative"),
    ("le 12/03/2019", "2019-03-12", "absolute"),
])
def test_french(text: str, value: str, kind: str) -> None:
    (d,) = dates(text, "fr", WED)
    assert (d.value, d.kind) == (value, kind)


@pytest.mark.parametrize("text,value,kind", [
    ("el 4 de febrero de 2020", "2020-02-04", "absolute"),
    ("este martes", "2020-02-04", "weekday"),
    ("el pasado martes", "2020-02-04", "weekday"),
    ("ayer", "2020-02-04", "relative"),
    ("4 de febrero", "2020-02-04", "absolute"),
    ("el 1º de marzo", "2019-03-01", "absolute"),
    ("desde 2002", "2002", "year"),
])
def test_spanish(text: str, value: str, kind: str) -> None:
    (d,) = dates(text, "es", WED)
    assert (d.value, d.kind) == (value, kind)


@pytest.mark.parametrize("text,value,kind", [
    ("February 4, 2020", "2020-02-04", "absolute"),
    ("4 February 2020", "2020-02-04", "absolute"),
    ("on Tuesday", "2020-02-04", "weekday"),
    ("last Tuesday", "2020-02-04", "weekday"),
    ("yesterday", "2020-02-04", "relative"),
    ("this week", "2020-02", "relative"),
    ("Feb. 4th", "2020-02-04", "absolute"),
    ("in 2019", "2019", "year"),
    ("2020-02-04", "2020-02-04", "absolute"),
])
def test_english(text: str, value: str, kind: str) -> None:
    (d,) = dates(text, "en", WED)
    assert (d.value, d.kind) == (value, kind)


def test_last_weekday_on_that_weekday_goes_back_a_week() -> None:
    assert vals("last Wednesday", "en", WED) == [("2020-01-29", "weekday")]
    assert vals("on Wednesday", "en", WED) == [("2020-02-05", "weekday")]


def test_invalid_day_falls_back_to_month() -> None:
    assert vals("31 فبراير 2020") == [("2020-02", "absolute")]


def test_unknown_language() -> None:
    with pytest.raises(ConfigError):
        find_dates("x", "de", None)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["6", " ", "يونيو", "2024", "الثلاثاء", "اليوم", "أمس", "صباح", "سنة",
                                 "و", "َ", "ـ", "٢٠١٩", "الماضي", "شهر", "\n", "جمادى الأولى", "1445"]),
                max_size=20).map("".join))
def test_quotes_always_match_text(text: str) -> None:
    for d in find_dates(text, "ar", TUE):
        assert text[d.start:d.end] == d.quote
        assert len(d.value) in (4, 7, 10)


SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.skipif(not (SHARED / "eval" / "dev.jsonl").is_file(), reason="shared dev set absent")
def test_dev_texts_quotes_and_values() -> None:
    import json
    import re

    for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        for d in find_dates(doc["text"], doc["lang"], doc.get("published")):
            assert doc["text"][d.start:d.end] == d.quote
            assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", d.value)


def test_a_list_of_days_before_a_month_takes_the_first() -> None:
    assert vals("اعتقل متطرفان يومي 1 و2 غشت 2019 بزامورا") == [("2019-08-01", "absolute")]
    assert vals("les 17, 21 et 23 octobre 2017, à l'arrestation de six individus", "fr") == [("2017-10-17", "absolute")]


# -- the speed-ups must not change what is found -----------------------------------------------

def _flat_alt(words: list[str]) -> str:
    """The plain longest-first alternation that dates._alt's trie stands for."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(__import__("re").escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


_ALT_WORDS = ["ماي", "مايو", "مارس", "la semana pasada", "la semana", "le", "les", "l", "jour", "journée",
              "الأسبوع الماضي", "الأسبوع", "x.y", "a b c", "a b", "a"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_ALT_WORDS + [" ", "  ", "\n", "q", "مايوم", "."]), max_size=12).map("".join))
def test_trie_alternation_matches_like_the_flat_one(text: str) -> None:
    import re

    from marsad.text.dates import _alt

    trie, flat = re.compile(_alt(_ALT_WORDS)), re.compile(_flat_alt(_ALT_WORDS))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    # inside a longer pattern the backtracking order matters too: a shorter word must be tried
    # when the longer one leaves the rest unmatched
    tail = r"(?![^\W_])"
    assert ([m.span() for m in re.finditer(_alt(_ALT_WORDS) + tail, text)]
            == [m.span() for m in re.finditer(_flat_alt(_ALT_WORDS) + tail, text)])


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["6", "12", " ", "يونيو", "2024", "الثلاثاء", "اليوم", "أمس", "صباح", "سنة",
                                 "و", "٢٠١٩", "الماضي", "شهر", "\n", "جمادى", "1445", "x"]),
                max_size=25).map("".join))
def test_anchor_spans_are_the_anchor_regex_hits(text: str) -> None:
    from marsad.text.arabic import normalize
    from marsad.text.dates import _anchor_spans, _grammar

    g = _grammar("ar")
    s = normalize(text).text
    heads = g.key_heads.find_matches_as_indexes(s, overlapping=True) if g.key_heads else []
    assert _anchor_spans(g, s, heads) == [m.span() for m in g.anchor.finditer(s)]


@pytest.mark.skipif(not (SHARED / "eval" / "dev.jsonl").is_file(), reason="shared dev set absent")
def test_skipping_windows_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pattern runs only over windows holding what it needs, and only when the
    publication date lets it resolve; running every pattern everywhere finds the same."""
    import json

    from marsad.text import dates

    docs = [json.loads(line) for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8")]
    dated = [None, "2019-03", "2024-06-05"]  # the documents' own dates, a month only, a day

    def run() -> list[list[dates.DateMention]]:
        return [find_dates(d["text"], d["lang"], p or d.get("published")) for p in dated for d in docs]

    fast = run()
    monkeypatch.setattr(dates, "_NEEDS", {name: frozenset() for name in dates._NEEDS})
    monkeypatch.setattr(dates, "_can_resolve", lambda *args: True)
    assert fast == run()


@pytest.mark.parametrize("lang,text,published,value", [
    ("es", "El 7 de febrero del pasado año la Policía detuvo", "2017-08-18", "2016-02-07"),
    ("fr", "le 3 mars de l'année dernière", "2017-08-18", "2016-03-03"),
    ("en", "on 7 February last year", "2017-08-18", "2016-02-07"),
    ("ar", "في 13 مارس من العام الماضي", "2019-05-01", "2018-03-13"),
    ("ar", "في الأول من يوليو 2025", None, "2025-07-01"),
    ("ar", "يوم فاتح يوليوز 2025", None, "2025-07-01"),
    ("ar", "في 13 تشرين ثان/نوفمبر", "2015-12-12", "2015-11-13"),
    # a day written as an ordinal word: the seventeenth of this August, the twenty-fifth of December
    ("ar", "في السابع عشر من أغسطس الجاري", "2017-08-26", "2017-08-17"),
    ("ar", "ليلة الخامس والعشرين من شهر ديسمبر 2018", None, "2018-12-25"),
    ("ar", "الحادي عشر من سبتمبر 2001", None, "2001-09-11"),
    # an ordinal that numbers a week or a half of the month is no day
    ("ar", "خلال الأسبوع الثاني من مارس 2021", None, "2021-03"),
    ("ar", "في النصف الأول من يونيو 2021", None, "2021-06"),
    # a weekday with a day and month: the latest year in which that day had that weekday
    ("en", "on Friday 26 June", "2017-01-13", "2015-06-26"),
    ("fr", "le vendredi 26 juin", "2015-06-28", "2015-06-26"),
])
def test_last_year_days_and_first_of_month(lang: str, text: str, published: str | None, value: str) -> None:
    assert [d.value for d in find_dates(text, lang, published)] == [value]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list("12 a٣,.-\n") + ["2024", "ب", "😀"]), max_size=30).map("".join))
def test_digit_runs_are_the_digit_regex_hits(text: str) -> None:
    from marsad.text.dates import _DIGITS, _digit_runs

    assert _digit_runs(text) == [m.span() for m in _DIGITS.finditer(text)]


@pytest.mark.parametrize("lang,text", [
    ("fr", "Arrêtés le 04/02/2020 puis le 5.3.2021, relâchés 2021-03-07 à 10.30"),
    ("ar", "أوقف يوم 12-05-2019 وحكم عليه في 2020-01-15 بعد 3 أشهر"),
    ("en", "On 2/14/2019, 3 men; on 14/02/2019 at 8-9 pm, 1.5 million"),
])
def test_numeric_windows_need_a_digit_separator_digit(monkeypatch: pytest.MonkeyPatch, lang: str, text: str) -> None:
    from marsad.text import dates

    fast = find_dates(text, lang, "2024-06-05")
    assert any(d.kind == "absolute" for d in fast)
    monkeypatch.setattr(dates, "_NEEDS", {**dates._NEEDS, "numeric": frozenset(("digit",))})
    assert fast == find_dates(text, lang, "2024-06-05")


@pytest.mark.parametrize("text, published, value", [
    ("detenidos los pasados días 20 y 22 en Toledo", "2025-02-03", "2025-01-20"),  # after publication's day: month before
    ("fue arrestado el pasado día 2 en Ceuta", "2025-02-03", "2025-02-02"),
    ("detenido el día 15 en Ceuta", "2025-01-10", "2024-12-15"),  # across the turn of the year
    ("Los hechos ocurrieron el día 2.", "2025-02-03", "2025-02-02"),  # a full stop after the day
    ("detenido el día 31 en Ceuta", "2025-03-05", "2025-01-31"),  # February has no 31st
])
def test_spanish_day_without_month_is_the_latest_such_day(text: str, published: str, value: str) -> None:
    assert [d.value for d in dates(text, "es", published)] == [value]


def test_day_without_month_needs_a_publication_day_and_leaves_full_dates_alone() -> None:
    assert dates("detenido el pasado día 14 en Ceuta", "es", None) == []
    assert [d.value for d in dates("el día 20 de enero de 2024", "es", "2025-02-03")] == ["2024-01-20"]
    assert dates("le jour 14", "fr", "2025-02-03") == []


@pytest.mark.parametrize("lang, text, value", [
    ("ar", "في اليومين الماضيين", "2020-02-03"),
    ("ar", "الليلة الماضية", "2020-02-03"),
    ("fr", "interpellé ce matin", "2020-02-04"),
    ("fr", "la nuit dernière", "2020-02-03"),
    ("es", "detenido esta madrugada", "2020-02-04"),
    ("es", "detenido anoche", "2020-02-03"),
    ("en", "arrested last night", "2020-02-03"),
    ("en", "arrested this morning", "2020-02-04"),
])
def test_parts_of_the_day_relative_to_publication(lang: str, text: str, value: str) -> None:
    assert [d.value for d in dates(text, lang)] == [value]


def test_arabic_pattern_rows_are_folded_like_the_text() -> None:
    # rows spelled with ة and أ (السنة الماضية, سنة) meet normalised text (السنه, سنه)
    found = find_dates("اعتقلت الشرطة ثلاثة أشخاص يوم 13 مارس من السنة الماضية بمدينة فاس.", "ar", "2025-08-01")
    assert [d.value for d in found] == ["2024-03-13"]
    assert [d.value for d in find_dates("في 15 رمضان سنة 1445 ه", "ar", "2025-08-01")] == ["2024-03-25"]
