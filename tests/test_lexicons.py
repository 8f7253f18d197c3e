"""Every bundled data file has its header and every value its code reads is one the code knows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad import lexicons
from marsad.errors import LexiconError

SRC = Path(__file__).resolve().parents[1] / "src" / "marsad"


def test_every_bundled_table_has_a_header() -> None:
    names = lexicons.available()
    assert "lexicons/triggers" in names and "places/aliases" in names
    for name in names:
        if name.startswith("places/gazetteer"):
            continue
        table = lexicons.load(name)
        assert table.header.get("purpose") and table.header.get("columns"), name


def test_every_cue_in_the_data_is_read_by_the_code() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "extract").glob("*.py"))
    for cue in {r["cue"] for r in lexicons.load("lexicons/cues").rows}:
        assert re.search(rf"[\"']{cue}[\"']", code), f"cue {cue!r} is in cues.tsv but no code reads it"


def test_a_table_without_header_is_refused() -> None:
    with pytest.raises(LexiconError):
        lexicons.parse_table("x", "lang\tpattern\nar\tx\n")
    with pytest.raises(LexiconError, match="cells"):
        lexicons.parse_table("x", "# purpose: p\n# columns: c\na\tb\n1\t2\t3\n")


def test_pattern_files_hold_valid_fragments_of_known_languages() -> None:
    allowed = set(lexicons.LANGS) | {"any"}
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    names = [n for n in lexicons.available() if n.startswith("patterns/")]
    for name in names:
        table = lexicons.load(name)
        assert table.columns == ("pattern", "lang", "fragment"), name
        for row in table.rows:
            assert row["fragment"], (name, row)
            assert set(row["lang"].split()) <= allowed, (name, row)
            # each alternative stands alone, and captures nothing: the code reads its own groups by number
            assert re.compile(row["fragment"]).groups == 0, (name, row)
        for pattern in {r["pattern"] for r in table.rows}:
            # a row group no code asks for is dead vocabulary
            assert re.search(rf"[\"']{pattern}[\"']", code), f"{name}: {pattern!r} is read by no code"


def test_alternation_keeps_file_order_and_filters_languages() -> None:
    text = ("# purpose: p\n# columns: c\npattern\tlang\tfragment\n"
            "w\ten\tafter\nw\tar\tبعد\nw\tany\t[,،]\nw\tes fr\tdespu[eé]s|après\n")
    table = lexicons.parse_table("t", text)
    lexicons.load.cache_clear()
    original = lexicons.load
    try:
        lexicons.load = lambda name: table  # type: ignore[assignment]
        lexicons.alternation.cache_clear()
        assert lexicons.alternation("t", "w") == "after|بعد|[,،]|despu[eé]s|après"
        assert lexicons.alternation("t", "w", ("ar",)) == "بعد|[,،]"
        assert lexicons.alternation("t", "w", ("fr",)) == "[,،]|despu[eé]s|après"
        with pytest.raises(LexiconError):
            lexicons.alternation("t", "nothing")
    finally:
        lexicons.load = original  # type: ignore[assignment]
        lexicons.alternation.cache_clear()


def test_first_letters_cover_both_cases() -> None:
    assert lexicons.first_letters("after|Après|بعد") == "[Aaب]"
    assert lexicons.first_letters("tras") == "[Tt]"
    with pytest.raises(LexiconError):
        lexicons.first_letters("after|(?:x)")


def test_hint_finds_every_fragment_in_any_case_and_skips_other_text() -> None:
    rx = re.compile(lexicons.hint(["after", "après", "tras", "بعد", "خلال\\s+شهر", "tras"]))
    for text in ("AFTER the raid", "Après", "tRaS", "وبعد", "خلال  شهر"):
        assert rx.search(text), text
    assert rx.search("before the raid, then nothing") is None
    assert rx.search("خلال سنة") is None
    # re.I reads the Kelvin sign as k: a hint on "k…" words must let it through
    assert "K" in lexicons.hint(["kill"])
    with pytest.raises(LexiconError):
        lexicons.hint([r"\bafter"])


def test_fragments_keep_a_bar_inside_a_group() -> None:
    for name in (n for n in lexicons.available() if n.startswith("patterns/")):
        for pattern in {r["pattern"] for r in lexicons.load(name).rows}:
            frags = lexicons.fragments(name, pattern)
            assert "|".join(frags) == lexicons.alternation(name, pattern)
            assert set(lexicons.langs_of(name, pattern)) <= set(lexicons.LANGS) | {"any"}


# Arabic morphology the code may spell out (clitics, the article, pronoun and dual endings,
# teen numbers): grammar, not vocabulary. Everything else belongs in a data file.
_ARABIC_MORPHOLOGY = {"هما", "تها", "تهم", "وفبل", "وفب", "بلك", "ولل", "فلل", "عشر", "عشره", "أإآ"}


def _code_literals() -> list[tuple[str, int, str]]:
    import io
    import tokenize
    out = []
    paths = [*(SRC / "extract").glob("*.py"), *(SRC / "text").glob("*.py"), SRC / "geocode.py"]
    for path in paths:
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if tok.type == tokenize.STRING and not tok.string.lstrip("rbuRBUfF").startswith(('"""', "'''")):
                out.append((path.name, tok.start[0], tok.string))
    return out


def test_no_language_word_lists_in_extraction_code() -> None:
    """Adding a language is adding rows: a word list written into a regex of the extraction
    code (``after|après``) or an Arabic word in a code literal fails here."""
    for name, line, literal in _code_literals():
        assert not re.search(r"[a-zà-ÿ]{2,}\|[a-zà-ÿ]{2,}", literal, re.I), f"{name}:{line}: word list {literal[:60]}"
        for word in re.findall(r"[\u0621-\u064a]{3,}", literal):
            assert word in _ARABIC_MORPHOLOGY, f"{name}:{line}: Arabic word {word!r} in code; move it to a data file"


def test_every_lexicon_row_names_a_known_language() -> None:
    """data/languages.tsv lists the languages; a row of another language would never be read."""
    from marsad.models import LANGUAGES
    assert LANGUAGES == lexicons.LANGS and "ar" in LANGUAGES
    for name in lexicons.available():
        if not name.startswith("lexicons/"):
            continue
        table = lexicons.load(name)
        if "lang" in table.columns:
            for row in table.rows:
                assert not row["lang"] or set(row["lang"].split()) <= set(lexicons.LANGS) | {"any", "*"}, (name, row)


def test_a_language_without_rows_in_a_group_matches_nothing() -> None:
    text = "# purpose: p\n# columns: c\npattern\tlang\tfragment\nw\ten\tafter\n"
    table = lexicons.parse_table("t", text)
    original = lexicons.load
    try:
        lexicons.load = lambda name: table  # type: ignore[assignment]
        lexicons.alternation.cache_clear()
        assert re.search("(?:" + lexicons.alternation("t", "w", ("fr",)) + ")", "après after") is None
    finally:
        lexicons.load = original  # type: ignore[assignment]
        lexicons.alternation.cache_clear()
