"""Find the numbers a text states, with what they count and how exact they are.

``find_numbers(text, lang)`` reads digits (ASCII and Arabic-Indic, with thousands separators
and a following ألف/mille/million multiplier), Arabic number words (both genders, teens,
tens joined by و, construct forms such as مئتي and ألفي), French/Spanish/English number words
(runs valued by text2num), vague quantities (une dizaine, عشرات, dozens) and Arabic duals that
stand for 2 on their own (خليتان, عنصرين). Each mention says:

* ``qualifier``: ``exact``, or ``at_least``/``about``/``at_most`` from an approximator before
  it (أكثر من, plus de, at least …) or after it (على الأقل), or from a vague word;
* the counted noun right after it, if it is in ``lexicons/counted_nouns`` (its span, lemma
  and class: cell, network, person, arrest, operation, attack, plot or time);
* ``is_age_range``: the number is an age, a single one or either bound of a range
  ("تتراوح أعمارهم بين 18 و59 سنة", "âgés de 20 à 35 ans", "de entre 20 y 35 años",
  "aged 20 to 35"), so callers must never read it as a count;
* ``is_year``: a four-digit 1900–2099 not followed by a counted noun;
* ``is_percent``: followed by %, في المائة, pour cent …

The span ``start:end`` covers the approximator (if any) and the number, not the noun. The
scan runs on the normalised text (:mod:`marsad.text.arabic`) and maps back, so
``text[m.start:m.end] == m.quote`` always.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, repeat
from collections.abc import Iterable

from text_to_num import text2num

from ..errors import ConfigError
from ..lexicons import LANGS, fragments, load
from .arabic import NormText, bmp_class, fold, has_astral, normalize

__all__ = ["NumberMention", "find_numbers", "SUPPORTED_LANGS"]

SUPPORTED_LANGS = LANGS

# Tokens: digit groups (1,200 / 1.200 / 3,5), letter runs, and the two symbols that matter.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[-%]")
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")  # the same, as split()'s one group
_GROUPED_RE = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_AR_PROCLITIC_RE = re.compile(r"^(?:[وف]?[بلك]?)(?:ال)?")
_THOUSAND_WORDS = frozenset(fold(w) for w in fragments("patterns/numbers", "thousand_word"))
_YEAR_LEMMAS = frozenset(fold(w) for w in fragments("patterns/numbers", "year_noun"))
_SCREEN_CACHE_MAX = 200_000  # distinct words whose screen answer is remembered per language


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int
    quote: str
    value: int
    qualifier: str = "exact"  # exact | at_least | about | at_most
    noun_start: int | None = None
    noun_end: int | None = None
    noun: str | None = None  # lemma from counted_nouns (e.g. "خلية", "personne")
    noun_class: str | None = None  # cell | network | person | arrest | operation | attack | plot | time
    is_age_range: bool = False
    is_year: bool = False
    is_percent: bool = False


# A token: (start, end, text) in normalised offsets, read as tok[0], tok[1], tok[2]. A plain
# tuple, which zip() builds in C for every word; a NamedTuple cost a Python-level constructor
# call per word.
_Tok = tuple[int, int, str]


@dataclass(slots=True)
class _Raw:
    """A mention under construction, in token indices and normalised offsets."""

    first: int  # token index of the first number token
    last: int  # token index of the last number token
    start: int
    end: int
    value: int
    qualifier: str = "exact"
    noun_tok: int | None = None  # index of the noun token (after or before the number)
    noun_cut: int = 0  # proclitic letters at the start of the noun token left out of its span
    noun: tuple[str, str] | None = None  # (lemma, class)
    is_age: bool = False
    is_year: bool = False
    is_percent: bool = False
    digits: bool = False


@dataclass(frozen=True, slots=True)
class _Lang:
    code: str
    words: dict[str, tuple[int, str, str]]  # folded word -> (value, kind, qualifier)
    vague: dict[tuple[str, ...], tuple[int, str]]  # token tuple -> (value, qualifier)
    vague_heads: frozenset[str]
    starters: frozenset[str]  # words that can open a number (number words, vague heads)
    before: dict[tuple[str, ...], str]  # approximator tokens -> qualifier
    before_heads: frozenset[str]
    after: dict[tuple[str, ...], str]
    nouns: dict[str, tuple[str, str]]  # folded form -> (lemma, class)
    duals: dict[str, tuple[str, str]]  # Arabic dual form -> (lemma, class), unambiguous
    duals_weak: dict[str, tuple[str, str]]  # -ين forms that are duals only before اثنين
    cues: dict[str, _Phrases]  # role -> token tuples
    duals_construct: dict[str, tuple[str, str]]  # عضوي / عنصرا: a dual in construct, before a definite noun
    before_index: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # approximators by their last token
    vague_phrases: _Phrases  # the keys of ``vague``, for _seq_at
    after_phrases: _Phrases  # the keys of ``after``
    screened: dict[str, int] = field(default_factory=dict, compare=False)  # _word_bits() answers, cached


def _toks(phrase: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN_RE.finditer(fold(phrase)))


@lru_cache(maxsize=None)
def _lang(lang: str) -> _Lang:
    if lang not in SUPPORTED_LANGS:
        raise ConfigError(f"unsupported language {lang!r} (expected one of {SUPPORTED_LANGS})")
    words: dict[str, tuple[int, str, str]] = {}
    vague: dict[tuple[str, ...], tuple[int, str]] = {}
    for row in load("lexicons/number_words").rows:
        if row["lang"] != lang:
            continue
        if row["kind"] == "vague":
            vague[_toks(row["word"])] = (int(row["value"]), row["qualifier"] or "about")
        else:
            words[fold(row["word"])] = (int(row["value"]), row["kind"], row["qualifier"])
    before: dict[tuple[str, ...], str] = {}
    after: dict[tuple[str, ...], str] = {}
    for row in load("lexicons/approximators").rows:
        if row["lang"] == lang:
            (after if row["position"] == "after" else before)[_toks(row["phrase"])] = row["qualifier"]
    nouns: dict[str, tuple[str, str]] = {}
    duals: dict[str, tuple[str, str]] = {}
    duals_weak: dict[str, tuple[str, str]] = {}
    duals_construct: dict[str, tuple[str, str]] = {}
    for row in load("lexicons/counted_nouns").rows:
        if row["lang"] != lang:
            continue
        form, info = fold(row["form"]), (row["lemma"], row["class"])
        nouns.setdefault(form, info)
        if row["dual"] in ("yes", "an"):
            stem = form[:-1] + "ت" if form.endswith("ه") else form
            duals.setdefault(stem + "ان", info)
            (duals if row["dual"] == "yes" else duals_weak).setdefault(stem + "ين", info)
            if row["dual"] == "yes" and info[1] in ("person", "cell"):
                # the construct state drops the nun: عضوي الخلية, عنصرا الشبكة
                duals_construct.setdefault(stem + "ي", info)
                duals_construct.setdefault(stem + "ا", info)
    cues: dict[str, set[tuple[str, ...]]] = {}
    for row in load("lexicons/number_cues").rows:
        if row["lang"] == lang:
            cues.setdefault(row["role"], set()).add(_toks(row["phrase"]))
    heads = frozenset(p[0] for p in vague)
    return _Lang(lang, words, vague, heads, heads | frozenset(words), before, frozenset(p[0] for p in before), after, nouns, duals, duals_weak,
                 {k: _Phrases(v) for k, v in cues.items()}, duals_construct, _build_index(before),
                 _Phrases(vague), _Phrases(after))


@lru_cache(maxsize=1)
def _bmp_split_re() -> re.Pattern[str]:
    """_TOKEN_SPLIT_RE with its categories spelled out (see :func:`bmp_class`)."""
    digit, letter = bmp_class(r"\d"), bmp_class(r"[^\W\d_]")
    # letters first: most tokens are words, and no character opens two of the alternatives,
    # so their order changes nothing but how soon a word's branch is tried
    return re.compile(f"({letter}+|{digit}+(?:[.,]{digit}+)*|[-%])")


def _tokenize(s: str) -> tuple[list[str], list[_Tok]]:
    """The token texts of ``s`` and its tokens.

    Built without a match object per token, which cost as much as the rest of the number
    scan: ``split`` on the capturing token pattern alternates gap, token, gap, token…, so
    the running sum of the pieces' lengths gives every token's start and end, in C.
    """
    parts = (_TOKEN_SPLIT_RE if has_astral(s) else _bmp_split_re()).split(s)
    texts = parts[1::2]
    # zip draws two running sums per token from the one iterator: its start, then its end
    bounds = accumulate(map(len, parts))
    return texts, list(zip(bounds, bounds, texts))


def _screen(t: str, lx: _Lang) -> bool:
    """Can token ``t`` start a number on its own (before looking at its neighbours)?

    Besides digits and number words (bare or after a proclitic), an Arabic word can be a
    dual that counts 2 by itself (خليتان). Countless words end in ان/ين (الذين, بين); with no
    number word next to them (the neighbour rules of :func:`_candidates`) only a dual of
    the counted-noun lexicon reads as a number, so only those are tried.
    """
    starters = lx.starters
    if lx.code != "ar":
        # _number_at reads a Latin word only as a vague head or through _words_at, which
        # drops joiners (and, et, y) and bare multipliers at once: they start nothing
        info = lx.words.get(t)
        return bool(t[0].isdigit() or t in lx.vague_heads
                    or (info is not None and info[1] not in ("joiner", "million")))
    return bool(
        t[0].isdigit() or t in starters
        or t[1:] in starters or t[2:] in starters or (
            t.endswith(("ان", "ين")) and _ar_noun(t, lx.duals, clitics=True) is not None)
    )


# What _candidates caches per word, as bits: the word can start a number (_screen); it is an
# Arabic number word (so the word before it is tried too); it is an Arabic construct dual.
_SCREENED, _STARTER, _CONSTRUCT = 1, 2, 4


def _word_bits(t: str, lx: _Lang) -> int:
    bits = _SCREENED if _screen(t, lx) else 0
    if lx.code == "ar":
        if t in lx.starters:
            bits |= _STARTER
        if t in lx.duals_construct:
            bits |= _CONSTRUCT
    return bits


def _candidates(texts: list[str], lx: _Lang) -> list[int]:
    """Indices of the tokens worth trying as the start of a number, in order.

    Most words cannot start one; the per-word answer is cached on the language (running text
    repeats its words), with the two neighbour rules' facts (a word before a number word, a
    construct dual before a definite noun), which only the few flagged words then look at.
    """
    cache = lx.screened
    # -1 for a word not seen yet: `in` then compares ints, cheaper than ints against None
    bits = list(map(cache.get, texts, repeat(-1)))
    if -1 in bits:
        if len(cache) > _SCREEN_CACHE_MAX:
            cache.clear()
        for k, t in enumerate(texts):
            if bits[k] == -1:
                bits[k] = cache[t] = _word_bits(t, lx)
    n = len(texts)
    if lx.code != "ar":
        return list(compress(range(n), bits))
    out: set[int] = set()
    for i in compress(range(n), bits):
        b = bits[i]
        if b & _SCREENED:
            out.add(i)
        if b & _STARTER and i > 0:
            out.add(i - 1)
        if b & _CONSTRUCT and i + 1 < n and (texts[i + 1].startswith("ال") or texts[i + 1] in _SUPPORT_NOUNS):
            out.add(i)
    return sorted(out)


# "عنصري دعم" (two support elements): the Algerian army's indefinite noun after a construct dual
# folded as the tokens they meet are (شرطة → شرطه)
_SUPPORT_NOUNS = frozenset(fold(w) for w in fragments("patterns/numbers", "support_noun"))


def _joined(s: str, a: _Tok, b: _Tok, *, newline_ok: bool = False) -> bool:
    """Only spaces (or nothing) between two tokens."""
    gap = s[a[1]:b[0]]
    return gap == " " or gap == "" or (gap.isspace() and (newline_ok or "\n" not in gap))


class _Phrases:
    """Token phrases, indexed by their first token.

    :func:`_seq_at` runs several times around every number (approximators, cues, range
    words); trying only the phrases that can begin with the token at hand, instead of every
    phrase of the set, made it several times cheaper.
    """

    __slots__ = ("by_first",)

    def __init__(self, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            if phrase:  # an empty phrase never matches (see _seq_at)
                grouped.setdefault(phrase[0], []).append(phrase)
        self.by_first = {k: tuple(v) for k, v in grouped.items()}


_NO_PHRASES = _Phrases()


def _seq_at(s: str, toks: list[_Tok], i: int, phrases: _Phrases, arabic: bool) -> int:
    """Length (in tokens) of the longest phrase that starts at token i, else 0.

    An Arabic phrase's first word may carry a proclitic in the text (و، ف، ب، ل)."""
    if i >= len(toks):
        return 0
    first = toks[i][2]
    tried = phrases.by_first.get(first, ())
    if arabic:
        bare = _strip_conj(first)
        if bare != first:
            tried += phrases.by_first.get(bare, ())
    best = 0
    for phrase in tried:
        n = len(phrase)
        if n <= best or i + n > len(toks):
            continue
        ok = True
        for k, word in enumerate(phrase):
            t = toks[i + k]
            if k and not _joined(s, toks[i + k - 1], t):
                ok = False
                break
            if t[2] != word and not (arabic and k == 0 and _strip_conj(t[2]) == word):
                ok = False
                break
        if ok:
            best = n
    return best


def _build_index(phrases: dict[tuple[str, ...], str]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, value in phrases.items():
        grouped.setdefault(phrase[-1], []).append((phrase, value))
    return {k: tuple(v) for k, v in grouped.items()}


def _seq_before(s: str, toks: list[_Tok], i: int, phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]],
                arabic: bool) -> tuple[int, str] | None:
    """The longest phrase ending right before token i: (its first token index, value).

    ``phrases`` is indexed by last token (:func:`_build_index`), so only the few phrases that
    can end at token i are tried."""
    best: tuple[int, str] | None = None
    if i == 0 or not _joined(s, toks[i - 1], toks[i]):
        return None
    last = toks[i - 1][2]
    for phrase, value in phrases.get(last, ()) + (phrases.get(_strip_conj(last), ()) if arabic else ()):
        n = len(phrase)
        j = i - n
        if j < 0 or (best is not None and j >= best[0]):
            continue
        ok = all(
            (toks[j + k][2] == w or (arabic and k == 0 and _strip_conj(toks[j + k][2]) == w))
            and (k == 0 or _joined(s, toks[j + k - 1], toks[j + k]))
            for k, w in enumerate(phrase)
        )
        if ok:
            best = (j, value)
    return best


def _strip_conj(word: str) -> str:
    """Drop one or two Arabic proclitic letters (و ف ب ل) from a phrase's first word."""
    if len(word) > 2 and word[0] in "وفبل":
        word = word[1:]
        if len(word) > 2 and word[0] in "بل":
            word = word[1:]
    return word


def _cut(word: str, table: dict[str, tuple[str, str]]) -> int:
    """How many proclitic letters to leave out so the rest of ``word`` is in ``table``."""
    if word in table:
        return 0
    m = _AR_PROCLITIC_RE.match(word)
    return m.end() if m and word[m.end():] in table else 0


def _ar_noun(word: str, table: dict[str, tuple[str, str]], clitics: bool) -> tuple[str, str] | None:
    hit = table.get(word)
    if hit is not None:
        return hit
    if clitics:
        m = _AR_PROCLITIC_RE.match(word)
        if m and m.end() and len(word) - m.end() >= 3:
            return table.get(word[m.end():])
    elif word.startswith("ال") and len(word) > 4:
        return table.get(word[2:])
    return None


def _noun_at(s: str, toks: list[_Tok], j: int, lx: _Lang, arabic: bool,
             connector: bool) -> tuple[int, tuple[str, str]] | None:
    """Counted noun at token j (or after a de/of connector when allowed)."""
    if j >= len(toks) or not _joined(s, toks[j - 1], toks[j]):
        return None
    word = toks[j][2]
    info = _ar_noun(word, lx.nouns, clitics=False) if arabic else lx.nouns.get(word)
    if info is not None:
        return j, info
    if connector and word in ("de", "d", "of", "del", "من") and j + 1 < len(toks):
        gap = s[toks[j][1]:toks[j + 1][0]]
        if gap in ("'", " ", "") or gap.isspace():
            nxt = toks[j + 1][2]
            info = _ar_noun(nxt, lx.nouns, clitics=False) if arabic else lx.nouns.get(nxt)
            if info is not None:
                return j + 1, info
    return None


# ---------------------------------------------------------------- Arabic number words


def _ar_word(tok: str, words: dict[str, tuple[int, str, str]], first: bool) -> tuple[str, int] | None:
    """(lexicon word, number of proclitic letters before it) for an Arabic token, or None.

    Inside a number only the conjunction و may be attached (خمسة وعشرون); the first word may
    also carry a preposition (بعشر سنوات, لثلاثة), if what remains has 3+ letters (لست is
    "I am not", not ل+ست).
    """
    if tok in words:
        return tok, 0
    if tok.startswith("و") and tok[1:] in words and (not first or len(tok) > 3):
        return tok[1:], 1
    if first:
        for k in (1, 2):
            head, rest = tok[:k], tok[k:]
            if len(rest) >= 3 and rest in words and all(c in "وفبل" for c in head) and (
                k == 1 or head[0] in "وف"
            ):
                return rest, k
    return None


_MAG = {"unit": 1, "teen": 1, "ten": 10, "hundred": 100, "hundreds": 100,
        "thousand": 1000, "thousands": 1000, "million": 10**6, "millions": 10**6}


def _parse_ar(s: str, toks: list[_Tok], i: int, words: dict[str, tuple[int, str, str]]
              ) -> tuple[int, int, int] | None:
    """Parse Arabic number words from token i: (value, last token index, start offset)."""
    hit = _ar_word(toks[i][2], words, True)
    if hit is None:
        return None
    word, cut = hit
    val, kind, _ = words[word]
    if kind in ("one", "vague"):
        return None
    start = toks[i][0] + cut
    total = group = 0
    last_kind, last_val, mag = "", 0, 10**12
    j = i
    while j < len(toks):
        if j > i:
            if not _joined(s, toks[j - 1], toks[j]):
                break
            hit = _ar_word(toks[j][2], words, False)
            if hit is None:
                break
            word, cut = hit
            conj = cut > 0
            val, kind, _ = words[word]
        else:
            conj = False
        if kind in ("one", "vague"):
            break
        if j > i and not conj:
            if val == 10 and kind == "unit" and last_kind in ("unit", "teen") and last_val < 10:
                group += 10  # ثلاثة عشر, أحد عشر, اثنا عشر
                last_kind, last_val, mag = "teen_done", 10 + last_val, 1
            elif kind == "hundred" and last_kind == "unit" and 3 <= last_val <= 10:
                group += last_val * 100 - last_val  # ثلاث مئة
                last_kind, mag = "hundreds", 100
            elif kind in ("thousand", "million") and group > 0 and mag > 0 and mag < _MAG[kind]:
                total += group * val
                group = 0
                last_kind, mag = kind, _MAG[kind]
            else:
                break
        else:
            if kind == "teen":
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                if nxt is None or nxt[2] not in ("عشر", "عشره") or not _joined(s, toks[j], nxt):
                    break
            m = _MAG[kind]
            if j > i and not (m < mag or (last_kind == "unit" and kind == "ten")):
                break
            if kind in ("thousand", "million", "thousands", "millions"):
                total += val if kind.endswith("s") else (group or 1) * val
                group = 0
            else:
                group += val
            last_kind, last_val, mag = kind, val, m
        j += 1
    if j == i:
        return None
    return total + group, j - 1, start


# ---------------------------------------------------------------- main scan


def find_numbers(text: str | NormText, lang: str) -> list[NumberMention]:
    """Every number mention in ``text`` (see the module docstring), in text order."""
    lx = _lang(lang)
    norm = text if isinstance(text, NormText) else normalize(text)
    s = norm.text
    texts, toks = _tokenize(s)
    arabic = lang == "ar"
    raws: list[_Raw] = []
    resume = 0  # the first token after the previous number (and its noun)
    for i in _candidates(texts, lx):
        if i < resume:
            continue
        raw = _number_at(norm, toks, i, lx, arabic)
        if raw is None:
            continue
        _attach_context(s, toks, raw, lx, arabic, raws)
        raws.append(raw)
        resume = max(raw.last, raw.noun_tok if raw.noun_tok is not None else -1) + 1
    _mark_ranges(s, toks, raws, lx)
    return [_finish(norm, toks, r) for r in raws]


def _number_at(norm: NormText, toks: list[_Tok], i: int, lx: _Lang, arabic: bool) -> _Raw | None:
    s = norm.text
    tok = toks[i]
    t = tok[2]
    # Vague quantities (une dizaine, عشرات) first: they are multi-word.
    head = t in lx.vague_heads or (arabic and _strip_conj(t) in lx.vague_heads)
    k = _seq_at(s, toks, i, lx.vague_phrases, arabic) if head else 0
    if k:
        key = next(p for p in lx.vague if len(p) == k and _seq_at(s, toks, i, _Phrases([p]), arabic))
        value, qual = lx.vague[key]
        raw = _Raw(i, i + k - 1, tok[0], toks[i + k - 1][1], value, qual)
        noun = _noun_at(s, toks, i + k, lx, arabic, connector=True)
        if noun:
            raw.noun_tok, raw.noun = noun
        return raw
    if t[0].isdigit():
        return _digits_at(s, toks, i, lx, arabic)
    if arabic:
        parsed = _parse_ar(s, toks, i, lx.words)
        if parsed is not None:
            value, last, start = parsed
            raw = _Raw(i, last, start, toks[last][1], value)
            noun = _noun_at(s, toks, last + 1, lx, arabic, connector=False)
            if noun:
                raw.noun_tok, raw.noun = noun
            return raw
        return _ar_noun_first(s, toks, i, lx)
    return _words_at(norm, toks, i, lx)


def _digits_at(s: str, toks: list[_Tok], i: int, lx: _Lang, arabic: bool) -> _Raw | None:
    tok = toks[i]
    t = tok[2]
    if t.isdigit():  # never a _GROUPED_RE match, which needs a separator: tried first
        value = int(t)
    elif _GROUPED_RE.fullmatch(t):
        value = int(re.sub(r"[.,]", "", t))
    else:
        return None  # decimals (2.5) are not counts
    last = i
    # French writes 3 000 with a space: join groups of exactly three digits.
    while (
        last + 1 < len(toks) and value < 1000 * 10**6 and toks[last + 1][2].isdigit()
        and len(toks[last + 1][2]) == 3 and s[toks[last][1]:toks[last + 1][0]] == " "
        and len(t) <= 3
    ):
        last += 1
        value = value * 1000 + int(toks[last][2])
    raw = _Raw(i, last, tok[0], toks[last][1], value, digits=True)
    # A multiplier word: 3 آلاف, 2 millions, 200 ألف.
    j = last + 1
    if j < len(toks) and _joined(s, toks[last], toks[j]):
        info = lx.words.get(toks[j][2])
        mult = 0
        if info is not None and info[1] in ("thousand", "million"):
            mult = 1000 if info[1] == "thousand" else 10**6
        elif toks[j][2] in _THOUSAND_WORDS:
            mult = 1000
        if mult:
            raw.value *= mult
            raw.last = j
            raw.end = toks[j][1]
            raw.digits = False
    noun = _noun_at(s, toks, raw.last + 1, lx, arabic, connector=not raw.digits)
    if noun:
        raw.noun_tok, raw.noun = noun
    if raw.digits and len(t) == 4 and 1900 <= value <= 2099 and (
        raw.noun is None or raw.noun[1] == "time"
    ):
        raw.is_year = raw.noun is None
    return raw


def _ar_noun_first(s: str, toks: list[_Tok], i: int, lx: _Lang) -> _Raw | None:
    """Arabic forms where the noun carries the count: خليتان, شخص واحد, متطرفين اثنين."""
    word = toks[i][2]
    nxt = toks[i + 1] if i + 1 < len(toks) and _joined(s, toks[i], toks[i + 1]) else None
    follower = lx.words.get(nxt[2]) if nxt is not None else None
    if (word in lx.duals_construct and nxt is not None and (nxt[2].startswith("ال") or nxt[2] in _SUPPORT_NOUNS)
            and lx.words.get(nxt[2]) is None):
        raw = _Raw(i, i, toks[i][0], toks[i][1], 2)
        raw.noun_tok, raw.noun, raw.noun_cut = i, lx.duals_construct[word], 0
        return raw
    if follower is None and not word.endswith(("ان", "ين")):
        return None  # the common case: neither a dual nor a noun before واحد/اثنين
    dual = _ar_noun(word, lx.duals, clitics=True)
    weak = dual or _ar_noun(word, lx.duals_weak, clitics=True)
    if follower is not None and follower[0] == 2 and follower[1] == "unit" and (
        weak or _ar_noun(word, lx.nouns, clitics=True)
    ):
        info = weak or _ar_noun(word, lx.nouns, clitics=True)
        cut = _cut(word, lx.duals) if weak else _cut(word, lx.nouns)
        if weak and not cut:
            cut = _cut(word, lx.duals_weak)
        raw = _Raw(i + 1, i + 1, toks[i][0] + cut, nxt[1], 2)  # type: ignore[union-attr]
        raw.noun_tok, raw.noun, raw.noun_cut = i, info, cut
        return raw
    if follower is not None and follower[1] == "one":
        info = _ar_noun(word, lx.nouns, clitics=True)
        if info is not None:
            cut = _cut(word, lx.nouns)
            raw = _Raw(i + 1, i + 1, toks[i][0] + cut, nxt[1], 1)  # type: ignore[union-attr]
            raw.noun_tok, raw.noun, raw.noun_cut = i, info, cut
            return raw
    if dual is not None:
        # Keep the span on the word without its proclitics (بخليتين → خليتين).
        cut = _cut(word, lx.duals)
        raw = _Raw(i, i, toks[i][0] + cut, toks[i][1], 2)
        raw.noun_tok, raw.noun, raw.noun_cut = i, dual, cut
        return raw
    return None


def _words_at(norm: NormText, toks: list[_Tok], i: int, lx: _Lang) -> _Raw | None:
    """French/Spanish/English number words, valued by text2num on the original spelling."""
    s = norm.text
    info = lx.words.get(toks[i][2])
    if info is None or info[1] in ("joiner", "million"):
        return None
    j = i
    while j + 1 < len(toks):
        nxt = toks[j + 1]
        gap = s[toks[j][1]:nxt[0]]
        if gap not in ("", " ") and not (gap.isspace() and "\n" not in gap):
            break
        if nxt[2] == "-" or (lx.words.get(nxt[2]) or (0, "", ""))[1] in ("word", "joiner", "one", "million"):
            j += 1
        else:
            break
    while j > i and (toks[j][2] == "-" or lx.words[toks[j][2]][1] == "joiner"):
        j -= 1
    return _value_run(norm, toks, i, j, lx)


def _value_run(norm: NormText, toks: list[_Tok], i: int, j: int, lx: _Lang) -> _Raw | None:
    s = norm.text
    words = lx.words
    while j >= i:
        if toks[j][2] == "-" or words[toks[j][2]][1] == "joiner":
            j -= 1
            continue
        # text2num wants accents (veintitrés), so it reads the original spelling.
        value = _text2num(norm.quote(toks[i][0], toks[j][1]).lower(), lx.code)
        if value is not None:
            raw = _Raw(i, j, toks[i][0], toks[j][1], value)
            noun = _noun_at(s, toks, j + 1, lx, False, connector=words[toks[j][2]][1] == "million")
            if noun:
                raw.noun_tok, raw.noun = noun
            if i == j and words[toks[i][2]][1] == "one" and raw.noun is None:
                return None  # a lone "un"/"one" is an article or pronoun, not a count
            return raw
        j -= 1
    return None


@lru_cache(maxsize=4096)
def _text2num(phrase: str, lang: str) -> int | None:
    try:
        return int(text2num(phrase, lang))
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------- context around a number


def _attach_context(s: str, toks: list[_Tok], raw: _Raw, lx: _Lang, arabic: bool,
                    done: list[_Raw]) -> None:
    floor = (max(done[-1].last, done[-1].noun_tok or -1) + 1) if done else 0
    prev = toks[raw.first - 1][2] if raw.first > floor else ""
    # _seq_before finds nothing unless an approximator can end on the word before (most
    # numbers have none): the look-up first, the call only then
    if prev and (prev in lx.before_index or (arabic and _strip_conj(prev) in lx.before_index)):
        hit = _seq_before(s, toks, raw.first, lx.before_index, arabic)
        if hit is not None and hit[0] >= floor:
            first = toks[hit[0]][2]
            raw.start = toks[hit[0]][0]
            if arabic and first not in lx.before_heads:
                # The phrase matched after a proclitic (بنحو, لأكثر): keep it out of the quote.
                raw.start += len(first) - len(_strip_conj(first))
            raw.qualifier = hit[1]
    tail = max(raw.last, raw.noun_tok if raw.noun_tok is not None and raw.noun_tok > raw.last else -1)
    k = _seq_at(s, toks, tail + 1, lx.after_phrases, arabic) if tail + 1 < len(toks) and \
        _may_open(lx.after_phrases, toks[tail + 1][2], arabic) and _joined(s, toks[tail], toks[tail + 1]) else 0
    if k and raw.qualifier == "exact":
        phrase = next(p for p in lx.after if len(p) == k and
                      _seq_at(s, toks, tail + 1, _Phrases([p]), arabic))
        raw.qualifier = lx.after[phrase]
    nxt = raw.last + 1
    percent = lx.cues.get("percent", _NO_PHRASES)
    if raw.noun is None and nxt < len(toks) and _may_open(percent, toks[nxt][2], arabic) and \
            _joined(s, toks[raw.last], toks[nxt]) and _seq_at(s, toks, nxt, percent, arabic):
        raw.is_percent = True
        raw.is_year = False
    # English "25-year-old".
    if (nxt + 3 < len(toks) and toks[nxt][2] == "-"
            and [t[2] for t in toks[nxt:nxt + 4]] == ["-", "year", "-", "old"]):
        raw.is_age = True
        raw.is_year = False
    if raw.noun is not None and raw.noun[1] == "time" and fold(raw.noun[0]) in _YEAR_LEMMAS:
        if _cue_before(s, toks, raw.first, lx, "age", 6) and not _sentence_after(s, toks, raw, lx):
            raw.is_age = True
    elif raw.noun is None and raw.first and _may_open(lx.cues.get("age", _NO_PHRASES), toks[raw.first - 1][2], arabic) \
            and _cue_before(s, toks, raw.first, lx, "age", 1):
        raw.is_age = True  # "aged 25" (the look-up first: _cue_before tries one word, if it may open a cue)


def _may_open(phrases: _Phrases, word: str, arabic: bool) -> bool:
    """Whether a phrase can begin at a token reading ``word``: False is what _seq_at would
    answer (0) without trying anything, for the price of a look-up or two."""
    firsts = phrases.by_first
    return word in firsts or (arabic and _strip_conj(word) in firsts)


def _cue_before(s: str, toks: list[_Tok], i: int, lx: _Lang, role: str, window: int) -> bool:
    phrases = lx.cues.get(role, _NO_PHRASES)
    arabic = lx.code == "ar"
    for j in range(max(0, i - window), i):
        if _may_open(phrases, toks[j][2], arabic) and _seq_at(s, toks, j, phrases, arabic):
            return True
    return False


def _sentence_after(s: str, toks: list[_Tok], raw: _Raw, lx: _Lang) -> bool:
    j = (raw.noun_tok if raw.noun_tok is not None else raw.last) + 1
    phrases = lx.cues.get("sentence", _NO_PHRASES)
    return any(_seq_at(s, toks, k, phrases, False) for k in range(j, min(j + 3, len(toks))))


def _mark_ranges(s: str, toks: list[_Tok], raws: list[_Raw], lx: _Lang) -> None:
    """Pair "N join M" ranges: share M's noun with N and flag ages."""
    joins = lx.cues.get("range_join", _NO_PHRASES)
    froms = lx.cues.get("range_from", _NO_PHRASES)
    arabic = lx.code == "ar"
    for a, b in zip(raws, raws[1:]):
        if a.noun_tok is not None and a.noun_tok > a.last:
            continue
        gap = b.first - a.last - 1
        if gap < 1 or gap > 2 or _seq_at(s, toks, a.last + 1, joins, arabic) != gap:
            continue
        if not (_joined(s, toks[a.last], toks[a.last + 1]) and _joined(s, toks[b.first - 1], toks[b.first])):
            continue
        opened = any(
            _seq_at(s, toks, j, froms, arabic) == a.first - j for j in range(max(0, a.first - 3), a.first)
        )
        if b.noun is not None and a.noun is None:
            a.noun, a.noun_tok = b.noun, b.noun_tok
        years = b.noun is not None and b.noun[1] == "time" and fold(b.noun[0]) in _YEAR_LEMMAS
        aged = _cue_before(s, toks, a.first, lx, "age", 6) or b.is_age or a.is_age
        if aged or (opened and years and not _sentence_after(s, toks, b, lx)):
            a.is_age = b.is_age = True
            a.is_year = b.is_year = False


def _finish(norm: NormText, toks: list[_Tok], r: _Raw) -> NumberMention:
    # with nothing deleted in normalising (most texts) span() is the identity: not called
    mapped = bool(norm._pos)
    start, end = norm.span(r.start, r.end) if mapped else (r.start, r.end)
    n_start = n_end = None
    if r.noun_tok is not None:
        t = toks[r.noun_tok]
        n_start, n_end = norm.span(t[0] + r.noun_cut, t[1]) if mapped else (t[0] + r.noun_cut, t[1])
    return NumberMention(
        start=start, end=end, quote=norm.original[start:end], value=r.value,
        qualifier=r.qualifier, noun_start=n_start, noun_end=n_end,
        noun=r.noun[0] if r.noun else None, noun_class=r.noun[1] if r.noun else None,
        is_age_range=r.is_age, is_year=r.is_year and not r.is_age, is_percent=r.is_percent,
    )
