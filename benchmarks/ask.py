"""Latency of one question, end to end: analysis, query embedding, search, prefill, decoding.

Usage:  .venv/bin/python benchmarks/ask.py [--chunks 100000] [--workdir /tmp/ask-bench]

The index is synthetic (benchmarks/search.py's clustered vectors and Zipf text, at the
default 768-d binary setting) so that the search runs at a realistic size; the questions are
real sentences, embedded by the real EmbeddingGemma. Everything is warm: each question is
asked once before it is timed. Target: evidence ready < 150 ms after Enter at 100k chunks.
The answer side is timed with the offline generators present here (SmolLM2 135M, Gemma 3
270M); Gemma 3n is far larger, so its figures will be slower: run this with it pulled.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import build, make_corpus  # noqa: E402

from assistant.ask.answer import build_messages, pack_sources  # noqa: E402
from assistant.ask.retrieval import retrieve  # noqa: E402
from assistant.config import load_config  # noqa: E402
from assistant.models.registry import require_model  # noqa: E402
from assistant.runtime.embedder import Embedder  # noqa: E402
from assistant.runtime.generator import Generator  # noqa: E402
from store import Index  # noqa: E402

NOW = datetime(2025, 1, 15, 12, tzinfo=timezone(timedelta(hours=1)))
QUESTIONS = [
    "Who fixed the floor last time, and what's his number?",
    "Wer hat im März 2024 die Heizung gewartet?",
    "上次谁修的厨房水龙头？",
    "How much was the invoice for the hallway?",
    "Was hat Anna letzte Woche geschrieben?",
    "去年的电费账单是多少？",
    "When is the next dentist appointment?",
    "Welche Telefonnummer hat der Elektriker?",
    "Wann war Herr Doyle das letzte Mal zur Wartung da?",
    "张师傅地下室的地板哪天开工？",
]


def p50(values: list[float]) -> float:
    return statistics.median(values)


def open_index(chunks: int, workdir: Path, model_id: str) -> Index:
    """The synthetic index, its vectors labelled as `model_id`'s (the store checks the label)."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"ask-{chunks}-{model_id}.db"
    if not path.exists():
        print(f"building a synthetic index of {chunks:,} chunks (once)", file=sys.stderr)
        build(path, make_corpus(chunks), model_id)
    index = Index.open(path)
    if (index.dim, index.vector_type) != (768, "binary"):
        index.rebuild_vectors(768, "binary")
    return index


def evidence_table(index: Index, embedder: Embedder) -> list:
    rows, last = [], None
    for question in QUESTIONS:
        retrieve(index, embedder, question, now=NOW)  # warm
        last = retrieve(index, embedder, question, now=NOW)
        rows.append(last.timings_ms)
    print(f"\nEvidence, warm, {len(QUESTIONS)} questions in en/de/zh (ms, p50 / max):\n")
    print("| step | p50 | max |")
    print("|------|----:|----:|")
    for step in ("analysis", "embed", "search"):
        values = [r[step] for r in rows]
        print(f"| {step} | {p50(values):.1f} | {max(values):.1f} |")
    totals = [sum(r.values()) for r in rows]
    print(f"| **evidence ready** | **{p50(totals):.1f}** | {max(totals):.1f} |")
    return last.hits


def generation_table(hits: list, model_ids: list[str]) -> None:
    config = load_config()
    print("\nAnswer generation (8 sources packed, 64 answer tokens, the config's sampling):\n")
    print("| model | prompt tokens | prefill = time to first token | decode tokens/s |")
    print("|-------|--------------:|------------------------------:|----------------:|")
    for model_id in model_ids:
        _, path = require_model(config, model_id)
        settings = replace(config.generator, max_answer_tokens=64)
        generator = Generator(path, settings, model_id=model_id)
        generator.load()
        sources = pack_sources(hits, settings.context - 64 - 400, generator.count_tokens)
        messages = build_messages(QUESTIONS[0], sources, [])
        prompt_tokens = sum(generator.count_tokens(m.content) for m in messages)
        # Warm up on a different prompt: llama.cpp reuses the KV cache of a repeated prefix,
        # which would turn the timed prefill into a cache hit.
        list(generator.stream(build_messages(QUESTIONS[1], sources[::-1], [])))
        started, first, count = time.perf_counter(), None, 0
        for _ in generator.stream(messages):
            first = first or time.perf_counter()
            count += 1
        done = time.perf_counter()
        first = first or done
        decode = (count - 1) / (done - first) if count > 1 and done > first else 0.0
        print(
            f"| {model_id} | {prompt_tokens} | {(first - started) * 1000:.0f} ms | {decode:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ask-bench"))
    parser.add_argument(
        "--models", nargs="*", default=["smollm2-135m-instruct-q4_1", "gemma-3-270m-q4_k_m"]
    )
    args = parser.parse_args()
    embedder = Embedder.from_config(load_config())
    embedder.load()
    with open_index(args.chunks, args.workdir, embedder.model_id) as index:
        print(f"index: {index.stats()['chunks']:,} chunks, {index.dim}-d {index.vector_type}")
        hits = evidence_table(index, embedder)
    generation_table(hits, args.models)


if __name__ == "__main__":
    main()
