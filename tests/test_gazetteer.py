"""The gazetteer build: sources, coverage, keys and the artefact's shape."""
from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import DataError
from marsad.gazetteer import (
    ATTRIBUTION, build_gazetteer, ensure_gazetteer, fold_token, name_key, read_artefact,
)
from marsad.lexicons import load


@pytest.fixture(scope="session")
def artefact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_gazetteer(tmp_path_factory.mktemp("gaz") / "gazetteer.pkl")


def test_keys_fold_arabic_and_latin() -> None:
    assert name_key("تَطْوَانَ") == name_key("تطوان")
    assert name_key("أزيلال") == name_key("ازيلال")
    assert fold_token("Tétouan") == "tetouan"
    assert name_key("Sidi-Bennour") == "sidi bennour"
    assert name_key("الدار البيضاء") == name_key("الدار  البيضاء")


def test_data_files_have_headers() -> None:
    for name in ("aliases", "countries", "stoplist"):
        table = load(f"places/{name}")
        for key in ("purpose", "columns", "sources", "licence", "known problems"):
            assert key in table.header, (name, key)
        assert table.rows


def test_artefact_shape_and_attribution(artefact: Path) -> None:
    data = read_artefact(str(artefact))
    assert "GeoNames" in data["attribution"] and "CC BY 4.0" in ATTRIBUTION
    assert len(data["places"]) > 30_000
    assert data["countries"][name_key("المغربية")] == "MA"
    assert data["countries"][name_key("المغرب العربي")] == ""  # a region, not Morocco


def test_coverage_of_target_places(artefact: Path) -> None:
    data = read_artefact(str(artefact))
    places, index = data["places"], data["index"]

    def countries(name: str) -> set[str]:
        return {places[c >> 2][2] for c in index.get(name_key(name), ())}

    assert "ES" in countries("سبتة")
    assert "MA" in countries("الفنيدق")
    assert "MA" in countries("أزيلال")
    assert "MA" in countries("Alhucemas")
    assert "DZ" in countries("تمنراست")
    assert "BE" in countries("مولنبيك")


def test_common_words_are_not_indexed_from_transliterations(artefact: Path) -> None:
    index = read_artefact(str(artefact))["index"]
    assert name_key("كان") not in index  # GeoNames' Arabic alternate of Caen
    assert name_key("سنة") not in index


def test_ensure_reuses_a_fresh_artefact(artefact: Path) -> None:
    before = artefact.stat().st_mtime
    assert ensure_gazetteer(artefact) == artefact
    assert artefact.stat().st_mtime == before


def test_missing_artefact_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        read_artefact(str(tmp_path / "nope.pkl"))
