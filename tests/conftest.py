"""Shared fixtures: where ../shared lives, a temporary database, the dev set without gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
CORPUS = SHARED / "corpus" / "news.jsonl"
INPUT_KEYS = ("doc_id", "title", "url", "published", "text")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def dev_gold() -> list[dict]:
    if not DEV.is_file():
        pytest.skip("../shared/eval/dev.jsonl not present")
    return read_jsonl(DEV)


@pytest.fixture(scope="session")
def dev_inputs(dev_gold: list[dict]) -> list[dict]:
    """The dev documents as the extractor may see them: gold fields stripped."""
    return [{k: d.get(k) for k in INPUT_KEYS} for d in dev_gold]


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
