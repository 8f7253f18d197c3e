"""What the SQLite and PostgreSQL stores share: the event query, the search-word rules and the
methods that only read through each store's own primitives.

Each store keeps the SQL of its own dialect; what is written once here is what does not
depend on it, so the two cannot drift apart (their tests run the same cases on both).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from ..models import Document
from ..text.arabic import fold

# Proclitics an Arabic word may carry in the text: the index keeps بتطوان as one token, so a
# search for تطوان must also try the word behind each of them.
ARABIC_PREFIXES = ("", "و", "ب", "ل", "ف", "ال", "وال", "بال", "لل", "فال")
TABLES = ("documents", "events", "statistics", "evidence", "rejections")


@dataclass(frozen=True, slots=True)
class EventQuery:
    type: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None
    doc_id: str | None = None
    limit: int = 100
    offset: int = 0


def search_groups(text: str) -> list[list[str]]:
    """User words -> one group of alternatives per word (every group must match one of its words).

    Words are folded as the index is; an Arabic word is searched as itself and behind each
    proclitic (its article dropped first, so والمحمدية is found from المحمدية).
    """
    words = [w for w in fold(text).split() if w.strip('"')]
    if not words:
        raise StoreError("empty search")
    groups = []
    for w in words:
        w = w.replace('"', "")
        variants = {w}
        if any("\u0621" <= ch <= "\u064a" for ch in w):
            bare = w[2:] if w.startswith("ال") and len(w) > 4 else w
            variants.update(pre + bare for pre in ARABIC_PREFIXES)
        groups.append(sorted(variants))
    return groups


class StoreBase:
    """Methods both stores share; each store supplies ``_doc_ids``, ``_count``, ``get_document``,
    ``query_events``, ``query_statistics`` and ``close``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _doc_ids(self, only_unextracted: bool = False) -> list[str]:
        raise NotImplementedError

    def _count(self, table: str) -> int:
        raise NotImplementedError

    def get_document(self, doc_id: str) -> Document | None:
        raise NotImplementedError

    def query_events(self, q: EventQuery = EventQuery()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def query_statistics(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def iter_documents(self, only_unextracted: bool = False) -> Iterator[Document]:
        for doc_id in self._doc_ids(only_unextracted):
            doc = self.get_document(doc_id)
            if doc is not None:
                yield doc

    def counts(self) -> dict[str, int]:
        return {table: self._count(table) for table in TABLES}

    def iter_extractions(self) -> Iterable[dict[str, Any]]:
        """Every stored document as a SCHEMA.md record (for export)."""
        for doc in self.iter_documents():
            events = self.query_events(EventQuery(doc_id=doc.doc_id, limit=10_000))
            stats = self.query_statistics(doc.doc_id)
            yield {"document": doc, "events": events, "statistics": stats}
