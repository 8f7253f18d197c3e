"""Stage 2b: duplicate documents and repeated paragraphs.

Three things, each with one public entry point:

* exact duplicates: :func:`text_key` is a SHA-1 of the text after :func:`~marsad.text.arabic.fold`
  and whitespace collapsing, so a copy that differs only in diacritics, alef forms, case,
  accents or line breaks has the same key;
* near duplicates (syndicated copies with a changed headline, an added byline, a trimmed last
  paragraph): MinHash over character shingles of the folded text, banded LSH for candidates,
  then the estimated Jaccard similarity against a threshold. :class:`DuplicateIndex` is
  incremental (``add`` one document at a time) and links every copy to the *earliest* member
  of its group, by published date and then by the order documents were added;
* paragraphs repeated inside one document (page templates, scraping that doubled a block):
  :func:`drop_repeated_paragraphs` returns the spans to skip, in original offsets, so the
  extractor can blank them while evidence keeps pointing into the untouched text.

Why our own MinHash: it is ~60 lines of numpy, keeps the signature format under our
control (signatures are stored in SQLite, see ``store/fusion_tables.py``) and avoids a
dependency. The hash family is multiply-shift, ``(a*x + b) mod 2**64 >> 32`` with odd
random ``a``: 2-universal, and numpy's wrapping uint64 arithmetic computes it directly.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .text.arabic import fold

__all__ = [
    "text_key", "shingle_hashes", "MinHasher", "DuplicateLink", "DuplicateIndex",
    "find_duplicates", "drop_repeated_paragraphs", "blank_spans",
]

NUM_PERM = 256  # estimate s.d. ~0.03 at J=0.5; containment estimates need it
# 64 bands x 4 rows: a pair becomes a candidate with p=0.5 near Jaccard 0.36 and p=0.98 at
# 0.5, low enough to catch a short copy inside a longer article (containment high, Jaccard not).
BANDS = 64
SHINGLE = 5
NEAR_THRESHOLD = 0.8  # estimated Jaccard *or* containment at or above which texts are copies
# containment is only trusted above this Jaccard: with very unequal lengths its estimate is noisy
MIN_JACCARD_FOR_CONTAINMENT = 0.4

_WS_RE = re.compile(r"\s+")
# Shingles ignore punctuation: copies often differ in quote marks, dashes and commas only.
_PUNCT_RE = re.compile(r"[^\w\s]+")


def _canon(text: str) -> str:
    # split() and \s agree on what a blank is; join(split()) is _WS_RE.sub(" ", x).strip(), faster
    return " ".join(fold(text).split())


def text_key(text: str) -> str:
    """Exact-duplicate key: SHA-1 hex of the folded, whitespace-collapsed text."""
    return hashlib.sha1(_canon(text).encode("utf-8")).hexdigest()


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the character k-shingles of the folded text (uint64 array).

    A rolling polynomial hash over code points, computed in numpy: stable across runs and
    processes (Python's ``hash`` is salted), and fast on long articles.
    """
    canon = _WS_RE.sub(" ", _PUNCT_RE.sub(" ", fold(text))).strip()
    if not canon:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(canon.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1_000_003)
    for j in range(k):  # h = sum c[i+j] * base^(k-1-j), wrapping mod 2**64
        h = h * base + codes[j:j + n]
    # fold 64 -> 32 bits so the multiply-shift family below sees well-mixed inputs
    h = (h ^ (h >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
    return np.unique(h)


@lru_cache(maxsize=4)
def _params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


class MinHasher:
    """MinHash signatures of ``num_perm`` 32-bit values (uint32 arrays)."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = 1, shingle: int = SHINGLE) -> None:
        self.num_perm = num_perm
        self.shingle = shingle
        self._a, self._b = _params(num_perm, seed)

    def signature(self, text: str) -> np.ndarray:
        return self.signature_of(shingle_hashes(text, self.shingle))

    def signature_of(self, sh: np.ndarray) -> np.ndarray:
        """Signature of precomputed shingle hashes (see :func:`shingle_hashes`)."""
        if len(sh) == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        sig = np.full(self.num_perm, np.uint64(0xFFFFFFFF), dtype=np.uint64)
        # chunks bound the (shingles x perms) matrix to a few MB on very long texts
        for i in range(0, len(sh), 4096):
            block = sh[i:i + 4096, None]
            vals = (block * self._a[None, :] + self._b[None, :]) >> np.uint64(32)
            np.minimum(sig, vals.min(axis=0), out=sig)
        return sig.astype(np.uint32)

    @staticmethod
    def similarity(s1: np.ndarray, s2: np.ndarray) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.mean(s1 == s2))

    @staticmethod
    def containment(jaccard: float, n1: int, n2: int) -> float:
        """Estimated share of the smaller set inside the larger, from Jaccard and set sizes.

        |A∩B| = J(|A|+|B|)/(1+J); divided by min(|A|,|B|). A syndicated copy that adds a
        headline and a byline, or drops the last paragraph, keeps a high containment while
        its Jaccard falls to 0.5.
        """
        if min(n1, n2) == 0:
            return 0.0
        return min(1.0, jaccard * (n1 + n2) / ((1.0 + jaccard) * min(n1, n2)))


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """``doc_id`` is a copy of ``canonical_id`` (the earliest document of its group)."""

    doc_id: str
    canonical_id: str
    kind: str  # "exact" | "near"
    similarity: float

    def to_dict(self) -> dict[str, object]:
        return {"doc_id": self.doc_id, "canonical_id": self.canonical_id, "kind": self.kind,
                "similarity": round(self.similarity, 3)}


def _order_key(published: str | None, order: int) -> tuple[str, int]:
    # Undated documents sort after dated ones: a dated copy is the safer canonical source.
    return (published or "9999", order)


class DuplicateIndex:
    """Incremental exact + near-duplicate detection over a growing collection.

    ``add(doc_id, text, published)`` returns the document's :class:`DuplicateLink` or None
    when it is (so far) an original. Groups are kept with union-find; ``links()`` gives the
    current link of every non-canonical document, which may change when an earlier copy
    arrives after later ones (the earliest always becomes the canonical source).
    """

    def __init__(self, threshold: float = NEAR_THRESHOLD, num_perm: int = NUM_PERM,
                 bands: int = BANDS, hasher: MinHasher | None = None) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.threshold = threshold
        self.bands = bands
        self.rows = num_perm // bands
        self.hasher = hasher or MinHasher(num_perm)
        self._by_key: dict[str, str] = {}
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]
        self._sig: dict[str, np.ndarray] = {}
        self._size: dict[str, int] = {}  # number of distinct shingles, for containment
        self._order: dict[str, tuple[str, int]] = {}
        self._parent: dict[str, str] = {}
        self._how: dict[str, tuple[str, float]] = {}  # doc -> (kind, similarity) of its best match
        self._key: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._order)

    def _find(self, x: str) -> str:
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        # the root is always the group's earliest document
        if self._order[rb] < self._order[ra]:
            ra, rb = rb, ra
        self._parent[rb] = ra

    def add(self, doc_id: str, text: str, published: str | None = None,
            signature: tuple[np.ndarray, int] | None = None) -> DuplicateLink | None:
        """Index one document and return its link (None while it is an original).

        ``signature`` may be passed as ``(minhash, shingle_count)`` when it was stored earlier.
        A pair counts as near duplicates when the estimated Jaccard similarity or the
        estimated containment of the shorter text reaches ``threshold``.
        """
        if doc_id in self._order:
            return self.link(doc_id)
        self._order[doc_id] = _order_key(published, len(self._order))
        self._parent[doc_id] = doc_id
        key = text_key(text)
        self._key[doc_id] = key
        first = self._by_key.get(key)
        if first is not None:
            self._how[doc_id] = ("exact", 1.0)
            self._union(first, doc_id)
        else:
            self._by_key[key] = doc_id
        if signature is None:
            sh = shingle_hashes(text, self.hasher.shingle)
            sig, size = self.hasher.signature_of(sh), len(sh)
        else:
            sig, size = signature
        self._sig[doc_id] = sig
        self._size[doc_id] = size
        seen: set[str] = set()
        for band in range(self.bands):
            chunk = sig[band * self.rows:(band + 1) * self.rows].tobytes()
            bucket = self._buckets[band].setdefault(chunk, [])
            for other in bucket:
                if other in seen:
                    continue
                seen.add(other)
                jac = MinHasher.similarity(sig, self._sig[other])
                sim = jac
                if jac >= MIN_JACCARD_FOR_CONTAINMENT:
                    sim = max(jac, MinHasher.containment(jac, size, self._size[other]))
                if sim >= self.threshold:
                    self._union(other, doc_id)
                    for d in (doc_id, other):  # either side may turn out to be the copy
                        if self._how.get(d, ("near", -1.0))[1] < sim:
                            self._how[d] = ("near", sim)
            bucket.append(doc_id)
        return self.link(doc_id)

    def signature(self, doc_id: str) -> tuple[np.ndarray, int]:
        return self._sig[doc_id], self._size[doc_id]

    def link(self, doc_id: str) -> DuplicateLink | None:
        root = self._find(doc_id)
        if root == doc_id:
            return None
        kind, sim = self._how.get(doc_id, ("near", 0.0))
        if kind == "near" and self._key[doc_id] == self._key[root]:
            kind, sim = "exact", 1.0
        return DuplicateLink(doc_id, root, kind, sim)

    def links(self) -> list[DuplicateLink]:
        out = [self.link(d) for d in self._order]
        return [x for x in out if x is not None]

    def groups(self) -> list[list[str]]:
        """Groups of two or more documents, each sorted earliest first."""
        by_root: dict[str, list[str]] = {}
        for d in self._order:
            by_root.setdefault(self._find(d), []).append(d)
        return [sorted(g, key=self._order.__getitem__) for g in by_root.values() if len(g) > 1]


def find_duplicates(docs: Iterable[tuple[str, str, str | None]],
                    threshold: float = NEAR_THRESHOLD) -> list[DuplicateLink]:
    """Batch form: ``(doc_id, text, published)`` triples -> links of every copy to its original."""
    index = DuplicateIndex(threshold=threshold)
    for doc_id, text, published in docs:
        index.add(doc_id, text, published)
    return index.links()


# -- paragraphs repeated inside one document -------------------------------------------------
_PARA_RE = re.compile(r"[^\n]+")
MIN_PARAGRAPH = 40  # shorter lines (datelines, "Photo:", a byline) may repeat legitimately


def drop_repeated_paragraphs(text: str, min_chars: int = MIN_PARAGRAPH) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of paragraphs that repeat an earlier paragraph of ``text``.

    A paragraph is a maximal run of characters without a newline. Two paragraphs are the
    same when their folded, whitespace-collapsed forms are equal and at least ``min_chars``
    long. The first occurrence is kept; every later occurrence is returned, in original
    offsets (``text[start:end]`` is the repeated paragraph, without its newline). Pass the
    result to :func:`blank_spans` to get a same-length text for the extractor.
    """
    seen: set[str] = set()
    out: list[tuple[int, int]] = []
    for m in _PARA_RE.finditer(text):
        paragraph = m.group()
        if len(paragraph) < min_chars:
            continue  # folding and collapsing blanks never lengthen it: its key is shorter still
        key = _canon(paragraph)
        if len(key) < min_chars:
            continue
        if key in seen:
            out.append(m.span())
        else:
            seen.add(key)
    return out


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces: same length, so every offset still holds."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        parts.append(text[last:start])
        parts.append(" " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)
