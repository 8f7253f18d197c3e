"""Marsad: counter-terrorism events from news, every field tied to its source passage.

    >>> from marsad import Document, extract_document
    >>> result = extract_document(Document(doc_id="d1", text="...", published="2024-03-05"))

The pipeline stages live in their own modules (ingest, clean, extract, dedupe, fuse, store,
export); this package exposes only what a caller needs to run them.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "Document", "Event", "Evidence", "Extraction", "MarsadError", "Place", "Statistic",
    "__version__", "extract_document", "open_store",
]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # Lazy, so `import marsad` (and the CLI's start-up) does not load lexicons or the gazetteer.
    if name == "extract_document":  # the subpackage marsad.extract holds the stage itself
        from .extract import extract

        return extract
    if name == "open_store":
        from .store import open_store

        return open_store
    if name == "MarsadError":
        from .errors import MarsadError

        return MarsadError
    if name in ("Document", "Event", "Evidence", "Extraction", "Place", "Statistic"):
        from . import models

        return getattr(models, name)
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
