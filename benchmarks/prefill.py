"""Does reading the prompt in slices (for a progress figure) cost time? A table per slice size.

Usage:  .venv/bin/python benchmarks/prefill.py [--tokens 1500] [--runs 2]

The same prompt (real mail text from ../shared/corpora/mail/lkml, Gemma's turn format) is
read by the test model gemma-3-270m (used here for the measurement only; it never answers a
user) until its first answer token: once with one `create_completion` call (llama.cpp's own
512-token batches, no progress), then with `assistant.runtime.prefill.prefill` at each slice
size followed by the same call. The cache is emptied before every run. Reported: the median
seconds to the first token and the ratio to the unsliced run; the slices are worth it if the
ratio at `SLICE_TOKENS` stays within a few percent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
LKML = REPO.parent / "shared" / "corpora" / "mail" / "lkml"
MODEL = Path.home() / ".cache" / "assistant" / "models" / "gemma-3-270m-Q4_K_M.gguf"


def mail_text(characters: int) -> str:
    """About `characters` of real mail text, whole files joined."""
    parts: list[str] = []
    for path in sorted(p for p in LKML.rglob("*") if p.is_file()):
        parts.append(path.read_text(errors="replace"))
        if sum(map(len, parts)) >= characters:
            break
    return "\n\n".join(parts)[:characters]


def first_token_seconds(llama, tokens: list[int], slice_tokens: int | None) -> float:
    from assistant.runtime.prefill import prefill

    llama.reset()
    started = time.perf_counter()
    if slice_tokens is not None:
        prefill(llama, tokens, lambda done, total: None, threading.Event(), slice_tokens)
    for _ in llama.create_completion(tokens, max_tokens=1, temperature=0, stream=True):
        break
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=1500, help="prompt size (about)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    from llama_cpp import Llama

    from assistant.runtime.generator import Message, gemma_turns
    from assistant.runtime.prefill import SLICE_TOKENS, text_prompt

    llama = Llama(
        str(MODEL), n_ctx=4096, n_threads=args.threads, n_threads_batch=args.threads,
        verbose=False,
    )  # fmt: skip
    text = mail_text(args.tokens * 4)
    prompt = gemma_turns([Message("user", f"{text}\n\nQuestion: who wrote this?")])
    tokens = text_prompt(llama, prompt, []).tokens[: args.tokens]
    print(f"prompt: {len(tokens)} tokens, {args.threads} threads, {args.runs} runs each")
    print(f"{'slice':>9} {'first token s':>14} {'ratio':>6}")
    sizes = (None, SLICE_TOKENS, 256, 128)
    # Rounds of every size in turn: a neighbour's load on the shared cores then hits all alike.
    times: dict[int | None, list[float]] = {size: [] for size in sizes}
    for _ in range(args.runs):
        for size in sizes:
            times[size].append(first_token_seconds(llama, tokens, size))
    base = statistics.median(times[None])
    for size in sizes:
        seconds = statistics.median(times[size])
        label = "none" if size is None else str(size)
        mark = "  <- SLICE_TOKENS" if size == SLICE_TOKENS else ""
        print(f"{label:>9} {seconds:>14.2f} {seconds / base:>6.2f}{mark}")


if __name__ == "__main__":
    main()
