"""How long an answer takes on this machine: prefill, first token, decoding, memory, cache.

Usage:  .venv/bin/python benchmarks/answer.py [--quick] [--models M ...] [--budget TOKENS]
                                              [--decode 64] [--threads 0]

Models: the random-weight stand-ins of Gemma 3n E2B and Gemma 4 E2B (benchmarks/standins.py
builds them; they measure speed only and never answer anyone) and the SmolLM2 135M test
model as a small reference row. Each model runs in its own subprocess, so the peak RSS is
that model's (it counts the touched pages of the memory-mapped GGUF).
Prompts are the app's (benchmarks/answer_prompts.py: real files chunked by `ingest`, packed
by `pack_sources`, `build_messages`), sent through the app's path: `Generator.stream` with
`on_prefill`, which reads the prompt in slices (assistant/runtime/prefill.py). Each prompt
size is timed from an empty KV cache; then four questions in a row show what the cache
keeps: A cold; B with the same system prompt and other sources; C with B's sources and a
new question; D, that question as the app sends a chat follow-up (the earlier turn before
the sources). Decoding runs the config's sampling for `--decode` tokens (random weights
almost never pick the end-of-turn token; what was decoded is counted either way).
The machine is shared: the load average before and after each model is printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The repository first: benchmarks/ingest.py must not shadow the `ingest` package.
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from standin_shapes import SHAPES  # noqa: E402

REFERENCE = "smollm2-135m-instruct-q4_1"
MODELS = ("gemma-3n-e2b", "gemma-4-e2b", REFERENCE)
SIZES, QUICK_SIZES = (1000, 2000, 4000, 7000), (1000, 2000)
RESULT = "RESULT "


@dataclass
class Run:
    label: str
    prompt_tokens: int
    cached_tokens: int  # kept from the previous prompt, not read again
    prefill_s: float
    first_token_s: float
    decoded: int
    decode_s: float
    sources: int = 0


def model_file(key: str) -> Path:
    from assistant.config import load_config
    from assistant.models.registry import require_model

    if key in SHAPES:
        from standins import standins_dir

        config = load_config()
        return standins_dir(config.paths) / SHAPES[key].file
    _, path = require_model(load_config(), key)
    return path


def timed(generator, messages, label: str) -> Run:  # type: ignore[no-untyped-def]
    """One answer through the app's path, timed: prefill reports, first piece, the end."""
    reports: list[tuple[float, int, int]] = []
    started = time.perf_counter()
    first = None

    def on_prefill(done: int, total: int) -> None:
        reports.append((time.perf_counter(), done, total))

    for _ in generator.stream(messages, None, on_prefill):
        first = first or time.perf_counter()
    done = time.perf_counter()
    first = first or done
    _, kept, total = reports[0]
    # llama-cpp-python evaluates every sampled token but the last: what is in the context
    # beyond the prompt, plus one, is what was decoded.
    decoded = generator._llama.n_tokens - total + 1
    return Run(label, total, kept, reports[-1][0] - started, first - started, decoded, done - first)


def child(key: str, sizes: list[int], decode: int, threads: int) -> None:
    """Measure one model (run in its own process) and print one RESULT line of JSON."""
    from answer_prompts import QUESTIONS, prompt, two_pools

    from assistant.ask.answer import build_messages
    from assistant.config import load_config
    from assistant.runtime.generator import Generator

    load_before = os.getloadavg()[0]
    settings = replace(load_config().generator, max_answer_tokens=decode, threads=threads)
    generator = Generator(model_file(key), settings, model_id=key)
    started = time.perf_counter()
    generator.load()
    load_s = time.perf_counter() - started
    count = generator.count_tokens
    pool_a, pool_b = two_pools(count, max(sizes) + 1000)
    warm = timed(generator, build_messages(QUESTIONS[3], pool_b[:1], []), "warm-up")

    def cold(label: str, messages) -> Run:  # type: ignore[no-untyped-def]
        generator._llama.reset()  # an empty cache: nothing of the last prompt is reused
        return timed(generator, messages, label)

    runs = []
    for size in sizes:
        messages, sources = prompt(QUESTIONS[0], pool_a, size, count)
        runs.append(replace(cold(f"{size}", messages), sources=len(sources)))
    size = max(sizes)  # timed last: the cache now holds its prompt, question A
    a = replace(runs[-1], label="A: first question, cold")
    b_messages, b_sources = prompt(QUESTIONS[1], pool_b, size, count)
    b = timed(generator, b_messages, "B: new question, other sources")
    c_messages = build_messages(QUESTIONS[2], b_sources, [])
    c = timed(generator, c_messages, "C: B's sources, new question")
    history = [(QUESTIONS[1], "Die Heizung hat Herr Doyle gewartet [1].")]
    d_messages = build_messages(QUESTIONS[2], b_sources, history)
    d = timed(generator, d_messages, "D: C as the app's chat follow-up")
    result = {
        "model": key,
        "file": str(generator.model_path),
        "file_bytes": generator.model_path.stat().st_size,
        "load_s": load_s,
        "warm_up_s": warm.first_token_s,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "load_average": [load_before, os.getloadavg()[0]],
        "threads": generator._llama.n_threads if generator._llama else threads,
        "sizes": [asdict(r) for r in runs],
        "sequence": [asdict(r) for r in (a, b, c, d)],
    }
    print(RESULT + json.dumps(result), flush=True)


def run_child(key: str, args: argparse.Namespace, sizes: list[int]) -> dict | None:
    command = [sys.executable, __file__, "--child", key, "--decode", str(args.decode)]
    command += ["--threads", str(args.threads), "--sizes", *map(str, sizes)]
    done = subprocess.run(command, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT) :])
    tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
    print(f"{key}: failed (exit {done.returncode}):\n{tail}", file=sys.stderr)
    return None


def print_tables(results: list[dict], decode: int) -> None:
    from answer_report import models_table, sequence_table, sizes_table

    print(models_table(results))
    print(sizes_table(results, decode))
    print(sequence_table(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 2k prompts, 32 tokens")
    parser.add_argument("--models", nargs="*", choices=MODELS, default=list(MODELS))
    parser.add_argument("--budget", type=int, help="also time a prompt of this many tokens")
    parser.add_argument("--decode", type=int, help="tokens to decode (64; --quick: 32)")
    parser.add_argument("--threads", type=int, default=0, help="0: the config's (all cores)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", nargs="*", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.decode = args.decode or (32 if args.quick else 64)
    if args.child:
        child(args.child, args.sizes, args.decode, args.threads)
        return
    sizes = sorted({*(QUICK_SIZES if args.quick else SIZES), *filter(None, [args.budget])})
    missing = [k for k in args.models if not model_file(k).exists()]
    if missing:
        raise SystemExit(
            f"answer: {', '.join(missing)} not built or fetched; run "
            "`.venv/bin/python benchmarks/standins.py` (stand-ins) or `make setup`"
        )
    print(f"{os.cpu_count()} cores, shared with other work; uptime: {uptime()}", flush=True)
    results = []
    for key in args.models:
        print(f"measuring {key} ...", file=sys.stderr, flush=True)
        if (result := run_child(key, args, sizes)) is not None:
            results.append(result)
    print_tables(results, args.decode)
    print(f"\nuptime at the end: {uptime()}")


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
