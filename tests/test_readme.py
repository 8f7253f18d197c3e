"""The README's promises: two set-up commands, CI calling the test command, the example record."""
from __future__ import annotations

import json
import re

from marsad.pipeline import extract_record

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_setup_commands_and_ci_calls_make_test() -> None:
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_example_record_is_what_the_extractor_gives() -> None:
    block = README.split("<!-- example:start -->")[1].split("<!-- example:end -->")[0]
    shown = json.loads(block.split("```json")[1].split("```")[0])
    doc = next(json.loads(l) for l in (ROOT / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
               if '"sample-ar-013"' in l)
    got = extract_record(doc).to_record(with_offsets=True)["events"][0]
    assert got == shown
    for p in shown["provenance"]:
        assert doc["text"][p["start"]:p["end"]] == p["quote"]


def test_every_cli_command_is_documented() -> None:
    from click.testing import CliRunner

    from marsad.cli import main

    out = CliRunner().invoke(main, ["--help"]).output
    commands = re.findall(r"^  (\w[\w-]*)\s", out.split("Commands:")[1], re.M)
    for cmd in commands:
        assert f"marsad {cmd}" in README, f"README does not document `marsad {cmd}`"
