"""Stage 1: turn files, folders, JSONL records and standard input into Documents.

Nothing here raises out of a batch: :func:`iter_inputs` yields either a
:class:`~marsad.models.Document` or a :class:`~marsad.models.Rejection`, so one bad
file never stops the rest. HTML is kept raw here; :mod:`marsad.clean` extracts its
main text.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import (
    BinaryInput,
    DecodeFailure,
    EmptyInput,
    IngestError,
    InputTooLarge,
    MalformedRecord,
)
from .models import Document, Rejection

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one article; a JSONL batch is checked per line instead

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|div|p)\b", re.I)
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")

Item = Document | Rejection


def content_id(text: str) -> str:
    """Stable id for a document that came without one: hash of its whitespace-folded text."""
    folded = " ".join(text.split())
    return "sha1-" + hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; a BOM says which it is.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(8, len(sample) // 50)


def _arabic_share(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(_ARABIC_LETTER.findall(text)) / letters if letters else 0.0


def decode(data: bytes, source: str) -> str:
    """Bytes -> str, trusting UTF-8 first and then the legacy Arabic code pages.

    windows-1256 and ISO-8859-6 are both common on older Arabic sites, and both decode
    almost any byte string without error, so the choice is made on how much of the
    result is Arabic script, not on whether decoding succeeded.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DecodeFailure(source, f"bad UTF-16: {err.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for codec in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_arabic_share(text), codec, text))
    if candidates:
        share, _codec, text = max(candidates)
        if share >= 0.5:
            return text
    # The other three languages: a Western code page, accepted only when the result reads as
    # Latin-script prose (letters, digits, punctuation), never as symbol soup.
    for codec in ("cp1252", "latin_1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible_latin(text):
            return text
    raise DecodeFailure(source, "unknown encoding (not UTF-8, UTF-16, windows-1256, ISO-8859-6 or windows-1252)")


_LATIN_OK = re.compile(r"[A-Za-z0-9\s.,;:!?'\"()\-«»°%/&@#€$\u00C0-\u00FF\u2018-\u201E\u2013\u2014\u2026]")


def _plausible_latin(text: str) -> bool:
    if not text:
        return False
    ok = len(_LATIN_OK.findall(text))
    ascii_letters = sum(1 for c in text if c.isascii() and c.isalpha())
    return ok / len(text) > 0.97 and ascii_letters / len(text) > 0.5


def _check_size(size: int, source: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputTooLarge(source, f"{size / 2**20:.1f} MiB exceeds the {max_bytes / 2**20:.0f} MiB limit")


def _norm_date(value: object) -> str | None:
    """A publication date as YYYY[-MM[-DD]], or None when it is not a real calendar date."""
    if value in (None, ""):
        return None
    m = _ISO_DATE.match(str(value).strip())
    if not m:
        return None
    parts = [int(x) for x in m.group(0).split("-")]
    try:
        import datetime as _dt

        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    if not 1900 <= parts[0] <= 2100:
        return None
    return m.group(0)


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Lone UTF-16 surrogates (broken emoji in scraped JSON) become U+FFFD, one for one,
    so the text can be stored and every offset into it still holds."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def record_to_document(obj: object, source: str) -> Document:
    """A JSON object with doc_id/title/url/published and text or html -> Document."""
    if not isinstance(obj, dict):
        raise MalformedRecord(source, "a record must be a JSON object")
    text, html = obj.get("text"), obj.get("html")
    if text is not None and not isinstance(text, str) or html is not None and not isinstance(html, str):
        raise MalformedRecord(source, "text and html must be strings")
    if not (text and text.strip()) and not (html and html.strip()):
        raise EmptyInput(source, "record has no text or html")
    doc_id = obj.get("doc_id") or obj.get("id")
    body = clean_text(text) if text and text.strip() else ""
    html = clean_text(html) if html else html
    if doc_id is None:
        doc_id = content_id(body or html or "")
    title = obj.get("title")
    return Document(
        doc_id=str(doc_id),
        text=body,
        title=clean_text(str(title)) if title else None,
        url=str(obj["url"]) if obj.get("url") else None,
        published=_norm_date(obj.get("published")),
        lang=str(obj["lang"]) if obj.get("lang") else None,
        source=source,
        html=html if not body else None,
    )


def _iter_jsonl_lines(lines: Iterable[bytes], source: str, max_bytes: int) -> Iterator[Item]:
    for n, raw in enumerate(lines, 1):
        where = f"{source}:{n}"
        if not raw.strip():
            continue
        try:
            _check_size(len(raw), where, max_bytes)
            obj = json.loads(decode(raw, where))
            yield record_to_document(obj, where)
        except json.JSONDecodeError as err:
            yield Rejection(where, f"invalid JSON: {err.msg} at column {err.colno}")
        except IngestError as err:
            yield Rejection(err.source, err.reason)


def _document_from_bytes(data: bytes, source: str, suffix: str, max_bytes: int) -> Iterator[Item]:
    _check_size(len(data), source, max_bytes)
    if not data.strip():
        raise EmptyInput(source, "empty file")
    if _looks_binary(data):
        raise BinaryInput(source, "binary content, not text")
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl_lines(data.splitlines(), source, max_bytes)
        return
    text = decode(data, source)
    if suffix in JSON_SUFFIXES:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            raise MalformedRecord(source, f"invalid JSON: {err.msg} at line {err.lineno}") from None
        records = obj if isinstance(obj, list) else [obj]
        for i, rec in enumerate(records):
            where = source if len(records) == 1 else f"{source}[{i}]"
            try:
                yield record_to_document(rec, where)
            except IngestError as err:
                yield Rejection(err.source, err.reason)
        return
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _HTML_SNIFF.search(data[:2048]))
    if not text.strip():
        raise EmptyInput(source, "no text after decoding")
    doc_id = content_id(text)  # for markup: a hash of the page as read (its text is known only after cleaning)
    if is_html:
        yield Document(doc_id=doc_id, text="", source=source, html=text)
    else:
        yield Document(doc_id=doc_id, text=text, source=source)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            # JSONL batches may be large; they are streamed and each line is checked on its own.
            with path.open("rb") as fh:
                first = fh.read(8192)
                if not first.strip():
                    raise EmptyInput(source, "empty file")
                if first.startswith((b"\xff\xfe", b"\xfe\xff")):
                    # UTF-16 cannot be split into lines as bytes: decode the stream, re-encode lines
                    fh.seek(0)
                    text = io.TextIOWrapper(fh, encoding="utf-16", errors="strict")
                    try:
                        lines = (line.encode("utf-8") for line in text)
                        yield from _iter_jsonl_lines(lines, source, max_bytes)
                    except UnicodeDecodeError as err:
                        raise DecodeFailure(source, f"bad UTF-16: {err.reason}") from None
                    return
                if _looks_binary(first):
                    raise BinaryInput(source, "binary content, not text")
                fh.seek(0)
                yield from _iter_jsonl_lines(fh, source, max_bytes)
            return
        size = path.stat().st_size
        _check_size(size, source, max_bytes)
        yield from _document_from_bytes(path.read_bytes(), source, suffix, max_bytes)
    except IngestError as err:
        yield Rejection(err.source, err.reason)
    except OSError as err:
        yield Rejection(source, f"cannot read: {err.strerror or err}")


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Rejection]:
    """Expand folders recursively (known suffixes only, sorted for stable order)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in KNOWN_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Rejection(str(path), "no such file or folder")


def read_stream(stream: BinaryIO, source: str = "stdin", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Standard input: JSONL when every non-blank line is a JSON object, else one document."""
    data = stream.read()
    try:
        stripped = data.lstrip().removeprefix(b"\xef\xbb\xbf")
        if stripped.startswith(b"{") and all(
            line.strip().startswith(b"{") for line in stripped.splitlines() if line.strip()
        ):
            yield from _iter_jsonl_lines(stripped.splitlines(), source, max_bytes)
            return
        if stripped.startswith(b"["):
            yield from _document_from_bytes(data, source, ".json", max_bytes)  # a JSON list of records
            return
        suffix = ".html" if _HTML_SNIFF.search(data[:2048]) else ".txt"
        yield from _document_from_bytes(data, source, suffix, max_bytes)
    except IngestError as err:
        yield Rejection(err.source, err.reason)


def iter_inputs(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document (or rejection) from the given paths; ``-`` reads standard input."""
    for p in paths:
        if str(p) == "-":
            yield from read_stream(sys.stdin.buffer, max_bytes=max_bytes)
            continue
        for item in iter_paths([p]):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from read_file(item, max_bytes)
