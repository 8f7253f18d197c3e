"""Marsad's exception tree. Every error the library raises on purpose is one of these::

    MarsadError
    ├── ConfigError            bad option, unknown database URL, missing setting
    ├── DataError              a bundled data file is missing or malformed
    │   └── LexiconError       a lexicon TSV has no header or a bad row
    ├── IngestError            one input could not become a Document (the batch goes on)
    │   ├── EmptyInput         nothing but whitespace
    │   ├── BinaryInput        bytes that are not text (NULs, images, archives)
    │   ├── DecodeFailure      no encoding we trust decodes it
    │   ├── InputTooLarge      over the configured size limit
    │   ├── MalformedRecord    a JSON/JSONL line that is not a valid document
    │   └── NoMainText         markup with no article text left after cleaning
    ├── StoreError             the database refused an operation
    ├── ReviewError            an analyst's review action could not be applied
    │   ├── EventNotFound      no such event
    │   └── InvalidEdit        an edited value does not fit its field
    └── EvaluationError        a gold or prediction file cannot be scored

The CLI turns any of these into one line on stderr and a non-zero exit code.
"""
from __future__ import annotations


class MarsadError(Exception):
    """Base of every deliberate Marsad error."""


class ConfigError(MarsadError):
    pass


class DataError(MarsadError):
    pass


class LexiconError(DataError):
    pass


class IngestError(MarsadError):
    """A single input could not be read as a document; carries the source."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInput(IngestError):
    pass


class BinaryInput(IngestError):
    pass


class DecodeFailure(IngestError):
    pass


class InputTooLarge(IngestError):
    pass


class MalformedRecord(IngestError):
    pass


class NoMainText(IngestError):
    pass


class StoreError(MarsadError):
    pass


class ReviewError(MarsadError):
    """A review action could not be applied."""


class EventNotFound(ReviewError):
    pass


class InvalidEdit(ReviewError):
    """An edited value does not fit the field (SCHEMA.md types and vocabularies)."""


class EvaluationError(MarsadError):
    pass
