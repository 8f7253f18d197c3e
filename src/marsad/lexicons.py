"""Load the bundled lexicons (data/lexicons/*.tsv and friends) by name, and check them.

Every data file opens with a header of ``#`` lines that say what it is for, its columns,
its sources and licence, and known problems. The first non-comment line names the columns;
each following line is one row, tab-separated. Blank lines are ignored. A file without
the header, or with a row whose width differs from the column line, raises LexiconError.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError

REQUIRED_HEADER_KEYS = ("purpose", "columns")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    header: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]

    def column(self, name: str) -> list[str]:
        return [r[name] for r in self.rows]


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("marsad").joinpath("data", *parts)))


def parse_table(name: str, text: str) -> Table:
    header: dict[str, str] = {}
    columns: tuple[str, ...] | None = None
    rows: list[dict[str, str]] = []
    last_key = ""
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if columns is None and line.startswith("#"):
            body = line[1:].strip()
            key, sep, value = body.partition(":")
            if sep and key.strip().lower().replace(" ", "_").isidentifier():
                last_key = key.strip().lower()
                header[last_key] = value.strip()
            elif last_key:
                header[last_key] += " " + body
            continue
        if line.startswith("#"):
            continue  # comments between rows are allowed (section titles)
        cells = line.split("\t")
        if columns is None:
            columns = tuple(c.strip() for c in cells)
            continue
        if len(cells) < len(columns):
            cells += [""] * (len(columns) - len(cells))
        if len(cells) > len(columns):
            raise LexiconError(f"{name}:{lineno}: {len(cells)} cells, expected {len(columns)}")
        rows.append({c: v.strip() for c, v in zip(columns, cells)})
    missing = [k for k in REQUIRED_HEADER_KEYS if k not in header]
    if missing:
        raise LexiconError(f"{name}: header lacks {', '.join(missing)}")
    if columns is None:
        raise LexiconError(f"{name}: no column line")
    return Table(name=name, header=header, columns=columns, rows=tuple(rows))


@lru_cache(maxsize=None)
def load(name: str) -> Table:
    """Load ``data/<name>.tsv`` (name may contain a sub-folder, e.g. ``lexicons/triggers``)."""
    path = data_path(*f"{name}.tsv".split("/"))
    if not path.is_file():
        raise LexiconError(f"unknown lexicon {name!r} (looked for {path})")
    return parse_table(name, path.read_text(encoding="utf-8"))


def available() -> list[str]:
    root = data_path()
    return sorted(
        str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.tsv")
    )


# the languages Marsad reads (data/languages.tsv): adding one is adding its row and its lexicon rows
LANGS: tuple[str, ...] = tuple(row["code"] for row in load("languages").rows)


@lru_cache(maxsize=None)
def alternation(name: str, pattern: str, langs: tuple[str, ...] | None = None) -> str:
    """The regex fragments a code pattern is built from, joined by ``|``.

    Pattern files (``data/patterns/<module>.tsv``) hold the words of each language that a
    module's regular expressions look for, one alternative per row: columns ``pattern`` (the
    name of the code pattern), ``lang`` (``ar``, ``en``, ``es``, ``fr``, several separated by
    spaces, or ``any`` for marks shared by all) and ``fragment`` (a regex fragment). Rows keep
    their file order because regex alternation is leftmost-first: reordering could change a
    match. ``langs`` keeps only those languages (and ``any``); most code patterns read every
    language's rows at once, as the rules were first written (a French "de" is also tried in an
    English text), so a new language's short words should be checked against the others' outputs.
    Adding a language is adding rows.
    An unknown pattern name raises LexiconError, so a typo cannot silently match nothing.
    """
    table = load(name)
    wanted = None if langs is None else set(langs) | {"any"}
    parts: list[str] = []
    seen = False
    for row in table.rows:
        if row["pattern"] != pattern:
            continue
        seen = True
        row_langs = set(row["lang"].split())
        if wanted is not None and not row_langs & wanted:
            continue
        parts.append(row["fragment"])
    if not seen:
        raise LexiconError(f"{name}: no rows for pattern {pattern!r}")
    # a language with no row here matches nothing (an empty alternation would match anywhere)
    return "|".join(parts) if parts else "(?!)"


def fragments(name: str, pattern: str) -> list[str]:
    """The fragments of one row group of a pattern file, in file order (read row by row: a
    fragment may hold a ``|`` of its own inside a group, which splitting
    :func:`alternation`'s string would break)."""
    alternation(name, pattern)  # an unknown group raises LexiconError
    return [r["fragment"] for r in load(name).rows if r["pattern"] == pattern]


def langs_of(name: str, pattern: str) -> tuple[str, ...]:
    """The languages a row group has rows for, in the order they first appear."""
    seen: dict[str, None] = {}
    for row in load(name).rows:
        if row["pattern"] == pattern:
            seen.update(dict.fromkeys(row["lang"].split()))
    return tuple(seen)


def first_letters(words: str) -> str:
    """A regex class of the letters the ``|``-joined literal ``words`` can open with, in both cases.

    Fast "hint" patterns open with such a class so the regex engine skips in C to the next
    possible start; built from the same rows as the words, a language added to the data file
    is covered without touching the code. Words must open with a literal letter.
    """
    letters: set[str] = set()
    for word in words.split("|"):
        if not word or not word[0].isalpha():
            raise LexiconError(f"hint word {word!r} does not open with a letter")
        letters.update({word[0], word[0].lower(), word[0].upper()})
    return "[" + "".join(sorted(letters)) + "]"


# letters re.I reads as i, s, k or å that str.lower()/upper() never give for them
_EXTRA_FOLDS = "İıſKÅ"


def hint(frags: list[str]) -> str:
    """A fast pattern finding (at least) where one of the regex fragments ``frags`` can match,
    letters of any case.

    It opens with the class of the fragments' first letters so the scan skips in C to the next
    possible start, then reads each fragment's rest behind its first letter: a slow pattern that
    cannot match without one of them runs only where the hint is found. Cased letters are read in
    a (?i:) block, Arabic ones as written. Every fragment must open with a literal letter.
    """
    rests: dict[str, list[str]] = {}
    for frag in dict.fromkeys(frags):
        if not frag or not frag[0].isalpha():
            raise LexiconError(f"hint fragment {frag!r} does not open with a letter")
        rests.setdefault(frag[0], []).append(frag[1:])
    uncased: list[str] = []
    cased: list[str] = []
    for first, tails in rests.items():
        part = f"(?<={re.escape(first)})" + (tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")")
        (uncased if first.lower() == first.upper() else cased).append(part)
    if cased:
        uncased.append("(?i:" + "|".join(cased) + ")")
    folds = "".join(c for c in _EXTRA_FOLDS if any(re.fullmatch(re.escape(f), c, re.I) for f in rests))
    return first_letters("|".join(rests))[:-1] + folds + "](?:" + "|".join(uncased) + ")"
