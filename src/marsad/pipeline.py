"""The pipeline in README order: ingest -> clean -> extract -> store, then duplicate links."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import ingest
from .clean import clean
from .errors import IngestError, StoreError
from .extract import extract
from .models import Document, Extraction, Rejection
from .store.sqlite import SQLiteStore


@dataclass(slots=True)
class RunReport:
    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    events: int = 0
    statistics: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def prepare(item: Document) -> Document:
    return clean(item)


def run(
    paths: Iterable[str],
    store: SQLiteStore,
    *,
    do_extract: bool = True,
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    on_item: Callable[[Document | Rejection], None] | None = None,
) -> RunReport:
    """Ingest every path; each document is cleaned, extracted and stored in its own transaction."""
    report = RunReport()
    for item in ingest.iter_inputs(paths, max_bytes=max_bytes):
        report.seen += 1
        if isinstance(item, Rejection):
            _reject(store, report, item)
            if on_item:
                on_item(item)
            continue
        try:
            doc = prepare(item)
            if store.has_document(doc.doc_id):
                report.duplicates += 1
                continue
            if do_extract:
                result = extract(doc)
                store.save_extraction(doc, result)
                report.events += len(result.events)
                report.statistics += len(result.statistics)
            else:
                with store.transaction() as c:
                    store.add_document(doc, c)
        except IngestError as err:
            rej = Rejection(err.source, err.reason, item.doc_id)
            _reject(store, report, rej)
            if on_item:
                on_item(rej)
            continue
        except StoreError:
            raise  # the database itself failed: stop rather than reject every document after it
        except Exception as err:  # noqa: BLE001 - one document's surprise must not stop the batch
            # the document's own transaction rolled back; everything stored before it stays
            rej = Rejection(item.source or item.doc_id, f"could not be processed: {type(err).__name__}: {err}",
                            item.doc_id)
            _reject(store, report, rej)
            if on_item:
                on_item(rej)
            continue
        report.stored += 1
        if on_item:
            on_item(doc)
    if report.stored:
        from .store.fusion_tables import dedupe_store

        dedupe_store(store)  # syndicated copies are linked to their earliest source
    return report


def extract_pending(store: SQLiteStore) -> RunReport:
    """Extract every stored document that has not been extracted yet."""
    report = RunReport()
    for doc in store.iter_documents(only_unextracted=True):
        result = extract(doc)
        store.save_extraction(doc, result)
        report.seen += 1
        report.events += len(result.events)
        report.statistics += len(result.statistics)
    return report


def extract_record(record: dict[str, object]) -> Extraction:
    """Stateless extraction of one JSON record (doc_id, title, url, published, text)."""
    source = str(record.get("doc_id", "record")) if isinstance(record, dict) else "record"
    doc = ingest.record_to_document(record, source)
    return extract(clean(doc))


def _reject(store: SQLiteStore, report: RunReport, rej: Rejection) -> None:
    report.rejected += 1
    report.rejections.append(rej)
    try:
        store.add_rejection(rej)
    except StoreError:
        pass  # the rejection is still in the report; a busy database must not stop the batch
