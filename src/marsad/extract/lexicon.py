"""The extractor's vocabulary: the data/lexicons tables compiled into matchers, once per process."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import lexicons
from ..errors import LexiconError
from ..models import EVENT_TYPES, SEIZED_CATEGORIES
from ..text.matcher import Matcher, MatcherGroup


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    strong: bool
    remand: bool = False


@dataclass(frozen=True, slots=True)
class Agency:
    canonical: str
    country: str
    kind: str
    seat: str | None = None  # the town a court sits in

    @property
    def nation(self) -> str | None:
        """The state the body serves (None for a European body such as Europol)."""
        return self.country if len(self.country) == 2 and self.country != "EU" else None


@dataclass(frozen=True, slots=True)
class Group:
    canonical: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    triggers: Matcher
    agencies: Matcher
    groups: Matcher
    seized: Matcher
    cues: Matcher
    topics: Matcher
    named_dates: Matcher
    # the seven above in one automaton pass, in field order: what analyse() runs per document
    every: MatcherGroup = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        group = MatcherGroup([self.triggers, self.agencies, self.groups, self.seized, self.cues,
                              self.topics, self.named_dates])
        object.__setattr__(self, "every", group)  # a frozen dataclass sets derived fields so


def _check(table: lexicons.Table, column: str, allowed: tuple[str, ...]) -> None:
    for row in table.rows:
        if row[column] not in allowed:
            raise LexiconError(f"{table.name}: {column} {row[column]!r} not one of {', '.join(allowed)}")


def _grouped(rows: tuple[dict[str, str], ...], key: str, value: str) -> list[tuple[str, tuple[str, ...]]]:
    from ..text.arabic import fold

    groups: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for r in rows:
        k = " ".join(fold(r[key]).split())
        first.setdefault(k, r[key])
        if r[value] not in groups.setdefault(k, []):
            groups[k].append(r[value])
    return [(first[k], tuple(v)) for k, v in groups.items()]


@lru_cache(maxsize=None)
def vocabulary(lang: str | None = None) -> Vocabulary:
    """The matchers for one language (its triggers, cues, topics and seizure words); agencies,
    armed groups and named dates are proper names and are matched in every language.
    ``lang=None`` merges all languages (for texts whose language is unknown)."""
    def rows(table: lexicons.Table) -> tuple[dict[str, str], ...]:
        return table.rows if lang is None else tuple(r for r in table.rows if r["lang"] == lang)

    triggers = lexicons.load("lexicons/triggers")
    _check(triggers, "type", EVENT_TYPES)
    agencies = lexicons.load("lexicons/agencies")
    groups = lexicons.load("lexicons/groups")
    seized = lexicons.load("lexicons/seized")
    _check(seized, "category", SEIZED_CATEGORIES)
    cues = lexicons.load("lexicons/cues")
    topics = lexicons.load("lexicons/topics")
    _check(topics, "topic", ("terror", "crime", "ordinary"))
    return Vocabulary(
        # Arabic verbal nouns and verbs carry object pronouns and plural endings
        # (تفكيكها، اعتقالهم، أوقفته، اعتقلوا); Latin patterns list their forms explicitly.
        triggers=Matcher(
            ((r["pattern"], Trigger(r["type"], r["strength"] in ("strong", "remand"), r["strength"] == "remand"))
             for r in rows(triggers)),
            suffixes=("ه", "ها", "هم", "هما", "هن", "وا", "ته", "تها", "تهم", "ات"),
        ),
        agencies=Matcher(
            (r["alias"], Agency(r["canonical"], r["country"], r["kind"], r.get("seat") or None))
            for r in agencies.rows
        ),
        groups=Matcher((r["alias"], Group(r["canonical"], r["parent"] or None)) for r in groups.rows),
        seized=Matcher(_grouped(rows(seized), "pattern", "category")),  # "armes à feu et blanches": two
        # one word may cue several things (خلايا: a cell noun and a plural); the matcher keeps
        # one value per pattern, so the value is the tuple of cue names
        cues=Matcher(_grouped(rows(cues), "pattern", "cue"), suffixes=("ه", "ها", "هم", "هما")),
        topics=Matcher((r["pattern"], r["topic"]) for r in rows(topics)),
        named_dates=Matcher((r["pattern"], r["date"]) for r in lexicons.load("lexicons/named_dates").rows),
    )
