"""Search latency, recall and size of the store on synthetic data, against a numpy ceiling.

Prints plain-text tables: for N chunks (10k, 100k, 1M), every Matryoshka dim (768/256/128) and
vec0 type (float32, int8, binary + rescoring), the p50/p95 latency of vector-only and hybrid
search, filtered search, recall@10 against an exact float32 scan at the same dim, and bytes per
chunk. Run: `python benchmarks/search.py [--quick] [--workdir /tmp/store-bench]`.

Synthetic data, and why it is shaped this way: real embeddings are neither uniform noise (which
makes every quantiser look bad: no neighbour is near) nor isotropic. Each chunk vector is
topic centre + document offset + chunk noise + one shared direction (embedding spaces have a
common mean, which is what makes sign-bit quantisation lose information), with per-dimension
scale decaying along the vector so that leading dimensions carry more variance, as Matryoshka
training produces. Queries are a document centre plus noise larger than a chunk's. Chunk text is
~100 words: Zipf-distributed common words mixed with words specific to the chunk's topic, and a
query's text is two topic words plus one common word. The base database (documents, chunks,
FTS, cached float16 vectors) is built once per N and reused; each dim/type is a
`rebuild_vectors` of it, which is timed too.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

# One BLAS thread: SQLite answers a query on one core, so the numpy ceiling does too (and two
# spinning BLAS threads on a shared 2-core machine measured 8 ms for a 10k x 256 product).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import DAYS, EPOCH, MODEL, Corpus, build, make_corpus

from store import (
    FULL_DIM,
    Index,
    SearchFilters,
    SearchMode,
)


@dataclass
class Queries:
    """Query vectors (full 768-d) and texts, drawn like the corpus."""

    vectors: np.ndarray
    texts: list[str]


def make_queries(corpus: Corpus, count: int, seed: int = 3) -> Queries:
    """A document centre plus noise, and two topic words plus one common word."""
    rng = np.random.default_rng(seed)
    _, docs, scale_common = corpus.parts
    scale, common = scale_common
    picked = rng.integers(0, len(docs), count)
    noise = rng.standard_normal((count, FULL_DIM), dtype=np.float32)
    vectors = docs[picked] + noise * scale + common
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = []
    for doc in picked:
        words = corpus.topic_words[corpus.doc_topic[doc], rng.integers(0, 40, 2)]
        texts.append(" ".join([*(corpus.vocab[i] for i in words), corpus.vocab[50 + doc % 400]]))
    return Queries(vectors, texts)


def unit(matrix: np.ndarray, dim: int) -> np.ndarray:
    head = np.ascontiguousarray(matrix[:, :dim])
    return head / np.linalg.norm(head, axis=1, keepdims=True)


def timed(action, repeat: int) -> tuple[list[float], list]:
    """Run `action(i)` for each query after two warm-up calls; milliseconds and results."""
    action(0)
    action(1 % repeat)
    times, results = [], []
    for i in range(repeat):
        began = time.perf_counter()
        results.append(action(i))
        times.append((time.perf_counter() - began) * 1000)
    return times, results


def pct(times: list[float]) -> str:
    return f"{np.percentile(times, 50):7.1f} {np.percentile(times, 95):7.1f}"


def table_bytes(index: Index, prefix: str) -> int:
    """Bytes of every table and index whose name starts with `prefix` (via dbstat)."""
    conn = index._pool.get()
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE ?",
                                        (prefix + "%",))]  # fmt: skip
    return sum(
        conn.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?", (name,)
        ).fetchone()[0]
        for name in names
    )


def base_sizes(index: Index, n: int) -> str:
    parts = {
        "chunk text+meta": table_bytes(index, "chunks")
        - table_bytes(index, "chunks_fts")
        + table_bytes(index, "sqlite_autoindex_chunks"),
        "FTS5": table_bytes(index, "chunks_fts"),
        "768-d float16 cache": table_bytes(index, "embeddings")
        + table_bytes(index, "sqlite_autoindex_embeddings"),
        "documents": table_bytes(index, "documents")
        + table_bytes(index, "sqlite_autoindex_documents"),
    }
    return "  ".join(f"{k} {v / n:,.0f} B" for k, v in parts.items())


def recall(found: list[list[int]], truth: np.ndarray) -> float:
    return float(
        np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)])
    )


def ceiling(corpus: Corpus, queries: Queries, dim: int, count: int):
    """Exact float32 top-10 by numpy matrix product: the truth and the speed reference."""
    matrix, qs = unit(corpus.vectors, dim), unit(queries.vectors, dim)

    def scan(i: int) -> np.ndarray:
        scores = matrix @ qs[i]
        top = np.argpartition(-scores, 10)[:10]
        return top[np.argsort(-scores[top])]

    times, results = timed(scan, count)
    return times, np.array(results), matrix.nbytes / len(matrix)


DIMS = (768, 256, 128)
TYPES = ("float32", "int8", "binary")
HEADER = (
    f"{'dim':>4} {'type':<8} {'reindex s':>9} {'vec B/chunk':>11} {'vector p50/p95 ms':>17} "
    f"{'hybrid p50/p95 ms':>17} {'kind+date':>9} {'sender':>7} {'recall@10':>9} {'vs f32':>6}"
)


def measure_config(index: Index, queries: Queries, truth: np.ndarray, count: int) -> dict:
    """Latencies (ms) and recall of one dim/type, all through `Index.search`."""
    vecs, texts = queries.vectors, queries.texts
    last_year = SearchFilters(kinds=("mail",), date_from=EPOCH + timedelta(days=DAYS - 365))
    sender = SearchFilters(sender="sender 2 ")

    def run(mode: SearchMode, flt: SearchFilters | None = None):
        return lambda i: index.search(vecs[i], texts[i], k=10, filters=flt, mode=mode)

    vector_times, vector_hits = timed(run(SearchMode.VECTOR), count)
    found = [[hit.chunk_id - 1 for hit in hits] for hits in vector_hits]
    return {
        "vector": vector_times,
        "hybrid": timed(run(SearchMode.HYBRID), count)[0],
        "kind+date": timed(run(SearchMode.HYBRID, last_year), count)[0],
        "sender": timed(run(SearchMode.HYBRID, sender), count)[0],
        "recall": recall(found, truth),
    }


def open_base(n: int, workdir: Path, reuse: bool, corpus: Corpus) -> Index:
    path = workdir / f"store-{n}.db"
    if not (reuse and path.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        seconds = build(path, corpus)
        print(f"built {n:,} chunks in {seconds:,.0f} s ({n / seconds:,.0f} chunks/s)")
    index = Index.open(path)
    if index.stats()["chunks"] != n:
        raise SystemExit(f"{path} holds a different corpus; rerun without --reuse")
    return index


def print_preamble(index: Index, queries: Queries, n: int, count: int) -> None:
    """Sizes of the parts every configuration shares, FTS-only latency, filter selectivity."""
    print("base bytes/chunk:", base_sizes(index, n))
    fts = timed(lambda i: index.search(None, queries.texts[i], k=10, mode="fts"), count)[0]
    sender_chunks = (
        index._pool.get()
        .execute(
            "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE d.sender LIKE 'Sender 2 %'"
        )
        .fetchone()[0]
    )
    print(f"FTS-only p50/p95 ms: {pct(fts)}   sender filter selects {sender_chunks:,} chunks")
    print(HEADER)


def measure_dim(index: Index, corpus: Corpus, queries: Queries, dim: int, count: int) -> None:
    """The numpy ceiling and every vec0 type at one Matryoshka dim, one line each."""
    n = len(corpus.vectors)
    times, truth, row_bytes = ceiling(corpus, queries, dim, count)
    print(f"{dim:>4} {'numpy':<8} {'-':>9} {row_bytes:>11,.0f} {pct(times):>17} "
          f"{'-':>17} {'-':>9} {'-':>7} {1.0:>9.3f} {'-':>6}", flush=True)  # fmt: skip
    base_recall = None
    for vtype in TYPES:
        began = time.perf_counter()
        index.rebuild_vectors(dim, vtype, MODEL)
        rebuild_s = time.perf_counter() - began
        vec_bytes = table_bytes(index, "chunk_vectors") / n
        m = measure_config(index, queries, truth, count)
        base_recall = base_recall or m["recall"]
        print(
            f"{dim:>4} {vtype:<8} {rebuild_s:>9.1f} {vec_bytes:>11,.0f} {pct(m['vector']):>17} "
            f"{pct(m['hybrid']):>17} {np.median(m['kind+date']):>9.1f} "
            f"{np.median(m['sender']):>7.1f} {m['recall']:>9.3f} "
            f"{m['recall'] / base_recall:>6.3f}",
            flush=True,
        )


def run_size(n: int, workdir: Path, count: int, reuse: bool) -> None:
    """All tables for one corpus size."""
    print(f"\n=== N = {n:,} chunks, {count} queries, k = 10 ===", flush=True)
    corpus = make_corpus(n)
    index = open_base(n, workdir, reuse, corpus)
    queries = make_queries(corpus, count)
    print_preamble(index, queries, n, count)
    for dim in DIMS:
        measure_dim(index, corpus, queries, dim, count)
    index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-chunk corpus")
    parser.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (default 10k 100k 1M)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/store-bench"))
    parser.add_argument("--queries", type=int, default=50, help="queries per measurement")
    parser.add_argument("--reuse", action="store_true", help="reuse databases built earlier")
    args = parser.parse_args()
    sizes = args.sizes or ([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"store search benchmark, {time.strftime('%Y-%m-%d')}, numpy {np.__version__}")
    for n in sizes:
        run_size(n, args.workdir, args.queries if n < 1_000_000 else min(args.queries, 20),
                 args.reuse)  # fmt: skip


if __name__ == "__main__":
    main()
