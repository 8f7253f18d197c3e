"""Load the bundled lexicons (data/lexicons/*.tsv and friends) by name, and check them.

Every data file opens with a header of ``#`` lines that say what it is for, its columns,
its sources and licence, and known problems. The first non-comment line names the columns;
each following line is one row, tab-separated. Blank lines are ignored. A file without
the header, or with a row whose width differs from the column line, raises LexiconError.
"""
from __future__ import annotations

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
