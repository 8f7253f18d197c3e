"""Dates of frames: which date a trigger's sentence gives its event, and the adjustments made
once a document's frames are built (a timeline's "six months later", a day told elsewhere).

Split from :mod:`marsad.extract.frames`, which calls these; nothing else does.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import lexicons
from ..models import Evidence, Place
from ..text.dates import DateMention, find_dates
from .analysis import Analysis, Hit, SentenceFacts

if TYPE_CHECKING:
    from .frames import Frame


_P = "patterns/frame_dates"  # the words of the patterns below, one alternative a row


def place_names(places: list[Place]) -> set[str]:
    return {p.name for p in places}


_SINCE_REACH = 12  # characters from 'since' (منذ, depuis, desde) to the date it opens
_TOLD_REACH = 12  # characters from a reporting verb to the day it was said on ("a annoncé ce lundi")


def told_day(facts: SentenceFacts, d: DateMention) -> bool:
    """'a annoncé ce lundi', 'ha informado este lunes': the day right after a reporting verb."""
    return any(c.value == "report" and 0 <= d.start - c.end <= _TOLD_REACH for c in facts.cues)


def frame_date(a: Analysis, facts: SentenceFacts, trig: Hit) -> tuple[str | None, Evidence | None, bool]:
    """The date closest to the trigger in its sentence; 'year' mentions only if nothing finer."""
    if not facts.dates:
        return _year_before(a, facts, trig)  # what the reading below comes to with no date at all
    best = None
    # words of another happening whose own date follows them: an attack's for an arrest or a
    # ruling, an operation's for a ruling ("la célula desarticulada en junio de 2013 … condenados")
    other_types = {"court_ruling": ("attack", "dismantling", "arrest"), "attack": ()}.get(
        trig.value.type, ("attack",))
    attack_words = [t.end for t in facts.triggers if t.value.type in other_types and t is not trig]
    if "attack" in other_types:
        attack_words += [c.end for c in facts.cues if c.value == "attack_noun"]
    # a ruling's sentence tells what it judges at length ("jugés pour les attaques qui ont
    # endeuillé Bruxelles le 22 mars 2016"): a date after an attack word, with no ruling word
    # between, is the attack's
    reach = 70 if trig.value.type == "court_ruling" else 10
    rulings = [t.start for t in facts.triggers if t.value.type == "court_ruling"]
    dates = [d for d in facts.dates if not any(
        0 <= d.start - end <= reach and not any(end <= r < d.start for r in rulings) for end in attack_words)]
    # "the worst attack since 2003", "desde el 11-M": a date after 'since' starts a period; an
    # attack happens at one time, and an operation takes it only when the sentence has no other
    since = [c.start for c in facts.cues if c.value == "since"]
    periods = [d for d in dates if any(d.start - _SINCE_REACH <= c <= d.start for c in since)]
    if periods and (trig.value.type == "attack" or len(periods) < len(dates)):
        dates = [d for d in dates if d not in periods]
    # "confirmed this Monday the arrest of seven… in operations ended on the 20th and 22nd": a
    # day right after a reporting verb is when it was told, the other day when it happened
    told = [d for d in dates if d.kind != "year" and told_day(facts, d)]
    if told and any(d.kind != "year" and d not in told for d in dates):
        dates = [d for d in dates if d not in told]
    finer = [x for x in dates if x.kind != "year"]
    nearest_finer = min((abs(x.start - trig.start) for x in finer), default=None)
    for d in dates:
        # "sentenced over the attacks of 22 March 2016": that date is the attack's, not the ruling's
        if d.kind == "year" and finer:
            # a year beside the verb ("que en 2023 irrumpió") beats a day told far away
            close = abs(d.start - trig.start) <= 20 or abs(trig.end - d.end) <= 20
            if not (close and nearest_finer is not None and nearest_finer > 40):
                continue
        dist = abs(d.start - trig.start)
        if best is None or dist < best[0]:
            best = (dist, d)
    if best is None:
        return _year_before(a, facts, trig)
    d = best[1]
    joined = _day_and_later_year(a, facts, d)
    if joined is not None:
        return joined
    return d.value, a.evidence(d.start, d.end), d.kind in ("absolute", "hijri", "year")


# "A 2003 terrorist attack", "the 2015 bombings", "los atentados de 2004" told as an adjective
_YEAR_ADJECTIVE = re.compile(r"\s+(?:[^\W\d]+\s+){0,2}$")
_ARTICLE_BEFORE = re.compile(r"\b(?:" + lexicons.alternation(_P, "year_article") + r")\s+$|(?:^|\s)ال$", re.I)


def _year_before(a: Analysis, facts: SentenceFacts, trig: Hit) -> tuple[str | None, Evidence | None, bool]:
    """An attack word with a bare year right before it ("the 2015 attacks") is that year's."""
    if trig.value.type != "attack":
        return None, None, False
    text = a.doc.text
    for n in facts.numbers:
        q = n.quote.strip()
        if (len(q) == 4 and q.isdigit() and 1900 <= int(q) <= 2099 and n.end <= trig.start
                and trig.start - n.end <= 30 and _YEAR_ADJECTIVE.fullmatch(text, n.end, trig.start)
                and _ARTICLE_BEFORE.search(text, max(0, n.start - 6), n.start)):  # not "2000 attacks"
            return q, a.evidence(n.start, n.end), True
    return None, None, False


_DAY_MONTH_REACH = 70  # characters between a yearless day-month and the year told after it


def _day_and_later_year(a: Analysis, facts: SentenceFacts, d: DateMention) -> tuple[str, Evidence, bool] | None:
    """'the bombings of 16 May in Casablanca in 2003': a day and month without a year, with the
    year told a little later in the sentence, is that day of that year."""
    pub = a.doc.published
    if (d.kind == "absolute" and len(d.value) == 10 and not _FOUR_DIGITS.search(d.quote)
            and (not pub or d.value[:4] in (pub[:4], str(int(pub[:4]) - 1)))):
        # only a year guessed from the publication is replaced; a named day ("11-M") keeps its own
        years = [y for y in facts.dates if y.kind == "year" and 0 <= y.start - d.end <= _DAY_MONTH_REACH]
        if years and years[0].value != d.value[:4]:
            y = years[0]
            return f"{y.value}{d.value[4:]}", a.evidence(d.start, y.end), True
        return None
    if d.kind != "year" or a.doc.published:
        return None  # with a publication date a yearless day is already among the dates
    # "today, 28 April, the fourteenth anniversary of the attack… in 2011": a commemoration
    # names the day first and the year of the event at the end of a long clause
    lo = facts.start if facts.has_cue("anniversary") else max(facts.start, d.start - _DAY_MONTH_REACH)
    for m in find_dates(a.doc.text[lo:d.start], a.lang, d.value):
        if m.kind == "absolute" and len(m.value) == 10 and not _FOUR_DIGITS.search(m.quote):
            # the year is the one told after the day (a weekday before it is the day's weekday
            # in the year of the telling, as on an anniversary, and says nothing of this year)
            return f"{d.value}{m.value[4:]}", a.evidence(lo + m.start, d.end), True
    return None


_FOUR_DIGITS = re.compile(r"\d{4}")


# "Seis meses más tarde…", "six months later", "بعد ستة أشهر": a timeline dates an event from the one before
_LATER = re.compile(
    r"(?P<n>\w+)\s+(?:" + lexicons.alternation(_P, "later_months") + r")\s+(?:" + lexicons.alternation(_P, "later") + r")"
    r"|(?:" + lexicons.alternation(_P, "after_months") + r")\s+(?P<n2>\w+)\s+(?:"
    + lexicons.alternation(_P, "later_months", lexicons.langs_of(_P, "after_months")) + r")", re.I)
# the months words (re.I): one of them is in every _LATER match
_LATER_HINT = re.compile(lexicons.hint(lexicons.fragments(_P, "later_months")))


def _small_counts() -> dict[str, int]:
    """Counts of months 2-9 spelt out, from the number words: the words of the languages that
    inflect no number for gender ('word'), and of Arabic ('unit', both genders) the form that
    counts a masculine plural such as أشهر (ending in ة: ستة أشهر)."""
    out: dict[str, int] = {}
    for row in lexicons.load("lexicons/number_words").rows:
        value = int(row["value"])
        if 2 <= value <= 9 and (row["kind"] == "word" or row["kind"] == "unit" and row["word"].endswith("ة")):
            out.setdefault(row["word"], value)
    return out


_SMALL = _small_counts()


def dates_told_after(a: Analysis, frames: list[Frame]) -> None:
    previous: str | None = None
    for f in frames:
        # (an attack recalled as what "came three months after" is the earlier one: no later date)
        if f.date is None and not f.recalled and f.sentences and previous is not None and len(previous) >= 7:
            facts = a.facts[f.sentences[0]]
            m = _LATER.search(a.doc.text, facts.start, facts.end) if _LATER_HINT.search(
                a.doc.text, facts.start, facts.end) else None
            word = (m.group("n") or m.group("n2") or "").lower() if m else ""
            months = int(word) if word.isdigit() else _SMALL.get(word)
            if months:
                y, mo = int(previous[:4]), int(previous[5:7]) + months
                y, mo = y + (mo - 1) // 12, (mo - 1) % 12 + 1
                f.date, f.date_ev, f.explicit_date = f"{y:04d}-{mo:02d}", a.evidence(m.start(), m.end()), True
        if f.date is not None:
            previous = f.date


def finer_day_elsewhere(a: Analysis, frames: list[Frame]) -> None:
    """An event dated only by its year or month ("who in 2023 stormed…") whose day is told in a
    sentence of its own ("on 25 January 2023 he entered… in Algeciras"): a sentence with no
    event of its own, naming one of the event's towns and one day inside its year or month."""
    owned = {i for f in frames for i in f.sentences}
    for f in frames:
        if not f.date or len(f.date) == 10 or not f.places:
            continue
        names = place_names(f.places)
        days = {d.value: d for facts in a.facts if facts.index not in owned
                and any(p.name in names for p in facts.places)
                for d in facts.dates if d.kind == "absolute" and len(d.value) == 10 and d.value.startswith(f.date)}
        if len(days) == 1 and not any(g.date in days for g in frames if g is not f):
            d = next(iter(days.values()))
            f.date, f.date_ev, f.explicit_date = d.value, a.evidence(d.start, d.end), True
