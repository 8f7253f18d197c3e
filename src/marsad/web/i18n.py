"""Interface strings in Arabic and English, read from strings.tsv (same header format as lexicons).

Adding a language means adding a column to the data file and its code to LANGS; templates
only ever call ``t(key)``. An unknown key is a programming error and raises KeyError in
tests (``strict``) but shows the key itself in production, so a missing string never
breaks a page.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..errors import DataError
from ..lexicons import parse_table

LANGS = ("en", "ar")
RTL = frozenset({"ar"})
DEFAULT_LANG = "en"


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    text = resources.files("marsad.web").joinpath("strings.tsv").read_text(encoding="utf-8")
    table = parse_table("web/strings", text)
    missing = [lang for lang in LANGS if lang not in table.columns]
    if missing:
        raise DataError(f"web/strings.tsv has no column for {', '.join(missing)}")
    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for row in table.rows:
        for lang in LANGS:
            if not row[lang]:
                raise DataError(f"web/strings.tsv: {row['key']} has no {lang} text")
            out[lang][row["key"]] = row[lang]
    return out


def translator(lang: str, strict: bool = False):  # type: ignore[no-untyped-def]
    table = strings()[lang if lang in LANGS else DEFAULT_LANG]

    def t(key: str) -> str:
        if strict:
            return table[key]
        return table.get(key, key)

    return t


def text_dir(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"
