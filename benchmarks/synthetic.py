"""The synthetic corpus that benchmarks/search.py and benchmarks/ask.py search: clustered
vectors with a common direction and decaying per-dimension scale, Zipf text with topic words
(benchmarks/search.py's docstring says why it is shaped so), bulk-loaded into a real index.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

# One BLAS/OpenMP thread, as benchmarks/search.py always set before this module was split out
# of it: benchmarks/ask.py's figures depend on it (llama.cpp's query embedding measured
# 54-63 ms p50 with it and 108-128 ms without, on this 2-core machine).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import FULL_DIM, ChunkRecord, DocumentRecord, Index, writes
from store.connection import write_transaction  # bulk loading: one transaction per batch

CHUNKS_PER_DOC = 8
WORDS_PER_CHUNK = 100
MODEL = "synthetic"
EPOCH = datetime(2021, 1, 1, tzinfo=UTC)
DAYS = 5 * 365
KINDS = np.array(["mail", "note", "pdf"])


@dataclass
class Corpus:
    """Everything generated for one N, reproducible from the seed."""

    vectors: np.ndarray  # (n, 768) float32, unit length
    chunk_doc: np.ndarray
    doc_topic: np.ndarray
    parts: tuple[np.ndarray, np.ndarray, np.ndarray]  # topics, doc centres, per-dim scale+mean
    vocab: list[str]
    topic_words: np.ndarray  # (topics, 40) indices into vocab


def make_corpus(n: int, seed: int = 7) -> Corpus:
    """Clustered, anisotropic, Matryoshka-like vectors and matching topic vocabulary."""
    rng = np.random.default_rng(seed)
    n_docs = -(-n // CHUNKS_PER_DOC)
    n_topics = max(50, int(np.sqrt(n_docs) * 4))
    scale = (1 / np.sqrt(1 + np.arange(FULL_DIM) / 48)).astype(np.float32)
    common = rng.standard_normal(FULL_DIM, dtype=np.float32) * scale * 0.55
    topics = rng.standard_normal((n_topics, FULL_DIM), dtype=np.float32) * scale
    doc_topic = rng.integers(0, n_topics, n_docs)
    docs = topics[doc_topic] + 0.75 * rng.standard_normal((n_docs, FULL_DIM), np.float32) * scale
    chunk_doc = np.repeat(np.arange(n_docs), CHUNKS_PER_DOC)[:n]
    vectors = np.empty((n, FULL_DIM), dtype=np.float32)
    for start in range(0, n, 100_000):  # in slices: the noise matrix alone is 3 GB at 1M
        part = slice(start, min(n, start + 100_000))
        noise = rng.standard_normal((part.stop - start, FULL_DIM), dtype=np.float32)
        block = docs[chunk_doc[part]] + 0.7 * noise * scale + common
        vectors[part] = block / np.linalg.norm(block, axis=1, keepdims=True)
    vocab = _vocabulary(rng, 30_000 + n_topics * 40)
    topic_words = 30_000 + np.arange(n_topics * 40).reshape(n_topics, 40)
    return Corpus(vectors, chunk_doc, doc_topic, (topics, docs, np.stack([scale, common])),
                  vocab, topic_words)  # fmt: skip


def _vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: dict[str, None] = {}
    while len(words) < size:
        count = int(rng.integers(2, 5))
        words["".join(syllables[i] for i in rng.integers(0, len(syllables), count))] = None
    return list(words)


def chunk_texts(corpus: Corpus, start: int, stop: int, rng: np.random.Generator) -> list[str]:
    """~100 words per chunk: 80 Zipf-common words, 20 drawn from the chunk's topic."""
    count = stop - start
    common = np.minimum(rng.zipf(1.2, (count, 80)) - 1, 29_999)
    topics = corpus.doc_topic[corpus.chunk_doc[start:stop]]
    topical = corpus.topic_words[topics[:, None], rng.integers(0, 40, (count, 20))]
    words = np.concatenate([common, topical], axis=1)
    vocab = corpus.vocab
    return [" ".join(vocab[i] for i in row) for row in rng.permuted(words, axis=1)]


def doc_record(corpus: Corpus, doc: int, rng: np.random.Generator) -> DocumentRecord:
    """Metadata spread the way a mailbox is: many senders, 5 years of dates, mostly mail."""
    kind = str(KINDS[rng.choice(3, p=[0.5, 0.35, 0.15])])
    sender = f"Sender {int(min(rng.zipf(1.3), 400))} <s@example.org>" if kind == "mail" else ""
    return DocumentRecord(
        source_path=f"/data/{kind}/{doc // 1000:04d}/{doc}.txt",
        kind=kind,
        title=" ".join(corpus.vocab[i] for i in corpus.topic_words[corpus.doc_topic[doc], :3]),
        sender=sender,
        date=EPOCH + timedelta(days=float(rng.uniform(0, DAYS))),
        size=4000,
        mtime=0.0,
        content_hash=f"doc{doc}",
    )


def build(path: Path, corpus: Corpus, model_id: str = MODEL) -> float:
    """Write the corpus through the store's own write path, 500 documents per transaction.

    `model_id` is the model the vectors claim to come from: the store refuses queries of any
    other model, so a benchmark that asks with the real embedder builds under its id."""
    n = len(corpus.vectors)
    rng = np.random.default_rng(11)
    began = time.perf_counter()
    index = Index.open(path, dim=128, vector_type="binary")  # cheapest vec0 while loading
    conn = index._pool.get()
    n_docs = int(corpus.chunk_doc[-1]) + 1
    for first in range(0, n_docs, 500):
        docs = range(first, min(n_docs, first + 500))
        lo, hi = docs.start * CHUNKS_PER_DOC, min(n, docs.stop * CHUNKS_PER_DOC)
        texts = chunk_texts(corpus, lo, hi, rng)
        with write_transaction(conn):
            for doc in docs:
                ids = range(doc * CHUNKS_PER_DOC, min(hi, (doc + 1) * CHUNKS_PER_DOC))
                chunks = [
                    ChunkRecord(ordinal=i - ids.start, text=texts[i - lo], content_hash=f"c{i}")
                    for i in ids
                ]
                vectors = {f"c{i}": corpus.vectors[i] for i in ids}
                record = doc_record(corpus, doc, rng)
                writes.replace_document(conn, record, chunks, vectors, model_id)
        if first % 20_000 == 0:
            print(f"  built {hi:,}/{n:,} chunks", file=sys.stderr, flush=True)
    index.close()
    return time.perf_counter() - began


def mail_thread_records(n: int, seed: int = 13) -> list[DocumentRecord]:
    """`n` mails in threads the way a mailbox holds them, for the rethreading benchmark:
    thread sizes Zipf-distributed (most mail alone, a few threads of hundreds), replies with
    In-Reply-To and References, one in ten originals never indexed, and one reply in ten
    from Outlook with no headers but the quoted sender and time (`reply_origin`)."""
    rng = np.random.default_rng(seed)
    records: list[DocumentRecord] = []
    thread = 0
    while len(records) < n:
        size = int(min(rng.zipf(1.8), 300, n - len(records)))
        start = EPOCH + timedelta(days=float(rng.uniform(0, DAYS)))
        records += _thread_records(thread, size, start, rng)
        thread += 1
    return records[:n]


def _thread_records(
    thread: int, size: int, start: datetime, rng: np.random.Generator
) -> list[DocumentRecord]:
    ids = [f"<t{thread}.m{i}@example.org>" for i in range(size)]
    senders = [f"Sender {int(s)} <s{int(s)}@example.org>" for s in rng.integers(0, 400, size)]
    dates = [start + timedelta(minutes=float(m)) for m in np.sort(rng.uniform(0, 20_000, size))]
    missing_root = size > 1 and rng.random() < 0.1
    records = []
    for i in range(1 if missing_root else 0, size):
        parent = int(rng.integers(0, i)) if i else None
        outlook = parent is not None and rng.random() < 0.1
        subject = f"Thema {thread} Angebot Boden" if i == 0 else f"AW: Thema {thread} Angebot Boden"
        records.append(
            DocumentRecord(
                source_path=f"/mail/{thread // 1000:04d}/{thread}-{i}.eml",
                kind="mail",
                title=subject,
                sender=senders[i],
                date=dates[i],
                size=2000,
                mtime=0.0,
                content_hash=f"mail{thread}-{i}",
                message_id=ids[i],
                in_reply_to=None if outlook or parent is None else ids[parent],
                references=() if outlook or parent is None else (ids[0], ids[parent]),
                subject_key=f"thema {thread} angebot boden",
                reply_origin=(senders[parent], dates[parent].isoformat(), subject)
                if outlook and parent is not None
                else None,
            )
        )
    return records


def build_mail(path: Path, records: list[DocumentRecord]) -> float:
    """Write mail rows (no chunks: threading reads only the rows), 2,000 per transaction."""
    began = time.perf_counter()
    index = Index.open(path, dim=128, vector_type="binary")
    conn = index._pool.get()
    for first in range(0, len(records), 2000):
        with write_transaction(conn):
            for record in records[first : first + 2000]:
                writes.replace_document(conn, record, [], {}, MODEL)
    index.close()
    return time.perf_counter() - began
