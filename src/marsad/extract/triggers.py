"""Tests on a trigger word in its sentence: is it what it seems (an attack, an arrest, a
cell broken up), or a plan, a victim's description, a raid, a count of something else.

Split from :mod:`marsad.extract.frames`, whose frame builder asks them before opening a frame.
"""
from __future__ import annotations

import re

from .. import lexicons
from .analysis import Analysis, Hit, SentenceFacts

_P = "patterns/triggers"  # the words of every pattern below, one alternative a row


def _words(pattern: str) -> tuple[str, ...]:
    """The literal words of a row group, for str.startswith / endswith / ``in`` tests."""
    lexicons.alternation(_P, pattern)  # an unknown group raises LexiconError
    return tuple(r["fragment"] for r in lexicons.load(_P).rows if r["pattern"] == pattern)


_FOILED_WORD = re.compile(r"(?:" + lexicons.alternation(_P, "foiled") + r")", re.I)


_TARGET_OF = re.compile(r"\s+(?:" + lexicons.alternation(_P, "target_of") + r")\s*(?:" + lexicons.alternation(_P, "target_article")
                        + r")\s+(?:\w+\s+){0,2}", re.I)
_TARGET_WORDS = _words("target_word")


def is_planned_attack(a: Analysis, facts: SentenceFacts, trig: Hit) -> bool:
    """'planning attacks', 'تخطط لهجمات', 'projet d'attentat': a plan, not an attack.

    The planning word must govern the attack word: close before it, or the attack noun
    directly followed by a plan noun ("attack plan", "خطة هجوم").
    """
    for cue in facts.cues:
        if cue.value not in ("plot", "aim", "incite", "renounce"):
            continue
        if 0 <= trig.start - cue.end <= 30 and cue.value in ("plot", "aim") and _TARGET_OF.fullmatch(
                a.doc.text, cue.end, trig.start) and cue.quote.lower().startswith(_TARGET_WORDS):
            continue  # "the initial targets of an unprecedented attack": what an attack hit
        if 0 <= trig.start - cue.end <= 30 or 0 <= cue.start - trig.end <= 3:
            return True
        if 0 <= cue.start - trig.end <= 25 and _FOILED_WORD.match(cue.quote):
            return True  # "un attentat avait été déjoué", "the attack was foiled"
        if cue.start <= trig.start < cue.end:
            return True  # the attack word is part of the plan phrase ("cometer atentados")
    # "مخططات لاعتداءات", "des projets d'attentats", "planes de atentados": attacks a plan was for;
    # "مقتل زعيمه على يد الأمريكان", "abattu par la police": a militant killed by forces
    return any(c.value == "plot_noun" and (0 <= trig.start - c.end <= 6 or (
                   0 <= trig.start - c.end <= 14 and len(a.doc.text[c.end:trig.start].split()) <= 1))
               or c.value == "by_forces" and 0 <= c.start - trig.end <= 45 for c in facts.cues)


_AIM_REACH = 60  # characters from an aim word ("intended to", "كان ينوي") to the attack it aims at


def aims_at_attack(facts: SentenceFacts, cue: Hit) -> bool:
    """'intended to go to Syria', 'كان ينوي الالتحاق', 'two aims': an aim is a plot only when an
    attack word follows it ("pretendía perpetrar un ataque", "targets for an attack")."""
    return any(0 <= t.start - cue.end <= _AIM_REACH for t in facts.triggers if t.value.type == "attack") or any(
        c.value in ("attack_noun", "plot") and 0 <= c.start - cue.end <= _AIM_REACH for c in facts.cues)


_PLURAL_END = re.compile(r"(?:" + lexicons.alternation(_P, "plural_end") + r")\Z")


def plural_word(word: str) -> bool:
    """'atentados', 'attacks', 'هجمات', 'الاعتداءات': a plural attack word."""
    return _PLURAL_END.search(word.strip().lower()) is not None


def in_brackets(text: str, sentence_start: int, pos: int) -> bool:
    """'(the Riyadh bombing)': an attack named in brackets only labels a person's record."""
    before = text[sentence_start:pos]
    return before.rfind("(") > before.rfind(")")


def after_subset(facts: SentenceFacts, num: object) -> bool:
    """'902 persons, among them 14 women': a part of a count already given."""
    start = getattr(num, "start")
    return any(c.value == "subset" and 0 <= start - c.end <= 25 for c in facts.cues)


def victims(facts: SentenceFacts, num: object) -> bool:
    """'أودى بحياة 17 شخصا', 'القضاء على 25 إرهابيا', 'killing 17 people': the dead, not suspects."""
    start = getattr(num, "start")
    return any(c.value in ("killed", "wounded") and 0 <= start - c.end <= 12 for c in facts.cues)


def counted_operation(facts: SentenceFacts, trig: Hit) -> bool:
    """'a joint security operation … resulted in 4 persons held' with an agency or a town named."""
    counted = any(n.noun_class in ("person", "arrest") and 0 <= n.start - trig.end <= 120 for n in facts.numbers)
    return counted and bool(facts.agencies or facts.places)


# "pay tribute to murdered Dane X", "the slain tourists": a participle that describes people
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:" + lexicons.alternation(_P, "attributive_before") + r")\s+$", re.I)
_PARTICIPLE_END = _words("participle_end")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z]")


def attributive(text: str, trig: Hit) -> bool:
    """An English attack participle used as an adjective before a name or nationality tells of
    victims, not of the attack in the sentence's place ('mourners in Rabat for murdered Danes')."""
    return (trig.value.type == "attack" and trig.quote.lower().endswith(_PARTICIPLE_END)
            and bool(_ATTRIBUTIVE_BEFORE.search(text, max(0, trig.start - 6), trig.start))
            and bool(_CAPITALISED_AFTER.match(text, trig.end)))


_AMBUSH = _words("ambush")
_RAID = _words("raid")


def police_ambush(facts: SentenceFacts, trig: Hit) -> bool:
    """'نصبت الشرطة كمينا للمشتبه فيه قبل توقيفه': an ambush the police set to make an arrest;
    'la Guardia Civil irrumpe en el domicilio': a raid, when a service is its subject (an arrest in
    the sentence says nothing: "irrumpió en una iglesia y fue detenido" is an attack)."""
    if trig.value.type == "attack" and trig.quote.lower().startswith(_RAID):
        return any(h.start < trig.start and h.value.kind != "court" for h in facts.agencies)
    return trig.value.type == "attack" and any(w in trig.quote.lower() for w in _AMBUSH) and any(
        t.value.type == "arrest" for t in facts.triggers)


def intended(facts: SentenceFacts, trig: Hit) -> bool:
    """'بغية القبض عليهم', 'in order to arrest them': an arrest still to come is no arrest;
    'muchos de los detenidos', 'most of those arrested': detainees spoken of in general."""
    return trig.value.type == "arrest" and any(
        c.value == "intent" and 0 <= trig.start - c.end <= 2
        # "الأحد" is Sunday, not "one of"
        or c.value == "quantified" and 0 <= trig.start - c.end <= 2 and not c.quote.startswith("ال")
        for c in facts.cues)


def cell_reference(facts: SentenceFacts, trig: Hit) -> bool:
    """'a terror cell dismantled earlier', 'la cellule démantelée le 14 octobre': the participle
    describes a cell already named, right before it."""
    return any(c.value == "cell_noun" and 0 <= trig.start - c.end <= 12 for c in facts.cues)


def cell_follows(a: Analysis, facts: SentenceFacts) -> bool:
    """'A plot was foiled. … the cell received support from…': the next sentence names the cell."""
    nxt = facts.index + 1
    return (nxt < len(a.facts) and a.facts[nxt].has_cue("cell_noun")
            and not any(t.value.strong and t.value.type != "attack" for t in a.facts[nxt].triggers))


def plural_cells_near(facts: SentenceFacts, trig: Hit) -> bool:
    """The cell word closest to the trigger is a plural ("démantelé plusieurs cellules")."""
    cells = [c for c in facts.cues if c.value in ("cells_plural", "cell_noun")]
    if not cells:
        return False
    closest = min(cells, key=lambda c: abs(c.start - trig.end))
    plural = [c for c in cells if c.value == "cells_plural" and c.start == closest.start]
    return bool(plural)
