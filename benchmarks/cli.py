"""`assistant search` as a whole process: cold (no server), warm (`assistant serve` running),
and the same search inside one warm process, at the samples index and at 100k chunks.

Usage:  .venv/bin/python benchmarks/cli.py [--runs 15] [--chunks 100000] [--workdir DIR]

Process wall time is what a person (or a script calling us in a loop) waits: from the fork of
`.venv/bin/assistant search QUESTION` to its exit, output read through a pipe. Cold is the
command on its own (ASSISTANT_SERVER=off): interpreter, imports, model load, first analysis.
Warm is the same command with `assistant serve` running in the home: a small client that
hands the command to the server. In-process is `retrieve` on a loaded embedder in this process
(the app's figure; the floor under the warm one). The baseline in the same run is the
interpreter alone, `python -c pass`: no client can start faster than that. The questions are
English, German and Chinese, asked in turn. The embedder threads are the default on every
side (all cores: a command on its own uses them all; the server's query context, one core of
two, is given both for a query while nothing else computes). `--threads 1` measures all sides
on one thread. The 100k index is benchmarks/synthetic.py's, labelled as the real embedder's so
the real model is the one asked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]
ASSISTANT = Path(sys.executable).parent / "assistant"
QUESTIONS = (
    "who fixed the floor last time, and what's his number?",
    "Wer hat den Boden im Flur repariert?",
    "谁修好了客厅的地板？",
)


KEPT = ("ASSISTANT_EMBEDDER_THREADS",)  # `--threads` sets it for every side


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") or k in KEPT}
    return env | {"ASSISTANT_HOME": str(home)}


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[1:3]} failed: {done.stderr[-400:]}")
    return took * 1000


def searches(env: dict[str, str], runs: int) -> list[float]:
    return [
        wall([str(ASSISTANT), "search", QUESTIONS[n % len(QUESTIONS)]], env) for n in range(runs)
    ]


def in_process(home: Path, runs: int) -> list[float]:
    from assistant.ask.retrieval import retrieve
    from assistant.config import load_config
    from assistant.indexing.service import open_index
    from assistant.runtime.embedder import Embedder

    config = load_config(environment(home))
    embedder = Embedder.from_config(config)
    embedder.load()
    now = datetime.now().astimezone()
    took = []
    with open_index(config) as index:
        for n in range(runs + 1):
            started = time.perf_counter()
            retrieve(index, embedder, QUESTIONS[n % len(QUESTIONS)], now=now, k=8)
            took.append((time.perf_counter() - started) * 1000)
    return took[1:]  # the first warms the analysis and SQLite's pages


def with_server(env: dict[str, str], runs: int) -> list[float]:
    server = subprocess.Popen(
        [str(ASSISTANT), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    try:
        for line in server.stdout:  # type: ignore[union-attr]
            if line.startswith("serving "):
                break
        else:
            raise SystemExit("the server did not start")
        searches(env, 1)  # its first question warms the analysis
        return searches(env, runs)
    finally:
        server.terminate()
        server.wait(60)


def samples_home(workdir: Path) -> Path:
    home = workdir / "samples-home"
    if not (home / "index.sqlite3").exists():
        for part in ("notes", "mail", "Rechnung-2024-0917.pdf"):
            source = REPO / "samples" / part
            target = workdir / "samples" / part
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
        env = environment(home) | {"ASSISTANT_SERVER": "off"}
        subprocess.run([str(ASSISTANT), "add", str(workdir / "samples")], env=env, check=True)
    return home


def synthetic_home(workdir: Path, chunks: int) -> Path:
    from synthetic import build, make_corpus

    from assistant.config import load_config
    from store import Index

    home = workdir / f"synthetic-{chunks}-home"
    database = home / "index.sqlite3"
    if not database.exists():
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        model_id = load_config(environment(home)).embedder.model
        print(f"building a synthetic index of {chunks:,} chunks (once)", file=sys.stderr)
        build(database, make_corpus(chunks), model_id)
        index = Index.open(database)
        index.rebuild_vectors(768, "binary")
        index.close()
    return home


def chunk_count(home: Path) -> int:
    from assistant.config import load_config
    from assistant.indexing.service import index_status, open_index

    config = load_config(environment(home))
    with open_index(config) as index:
        return index_status(config, index).chunks


def p50_p95(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.0f} / {p95:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "cli-bench")
    parser.add_argument("--threads", type=int, default=0, help="embedder threads (0: default)")
    args = parser.parse_args()
    if args.threads:
        os.environ["ASSISTANT_EMBEDDER_THREADS"] = str(args.threads)
    args.workdir.mkdir(parents=True, exist_ok=True)
    homes = [("samples", samples_home(args.workdir))]
    if args.chunks:
        homes.append(("synthetic", synthetic_home(args.workdir, args.chunks)))
    bare = [wall([sys.executable, "-c", "pass"], os.environ.copy()) for _ in range(args.runs)]
    threads = os.environ.get("ASSISTANT_EMBEDDER_THREADS") or "default"
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.runs} runs per cell; "
          f"embedder threads: {threads}")  # fmt: skip
    print("| index | chunks | `python -c pass` | cold: no server | warm: server running "
          "| in-process search |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for name, home in homes:
        env = environment(home)
        cold = searches(env | {"ASSISTANT_SERVER": "off"}, max(3, args.runs // 3))
        warm = with_server(env, args.runs)
        inside = in_process(home, args.runs)
        print(
            f"| {name} | {chunk_count(home):,} | {p50_p95(bare)} ms | {p50_p95(cold)} ms "
            f"| {p50_p95(warm)} ms | {p50_p95(inside)} ms |",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}; p50 / p95 in each cell")


if __name__ == "__main__":
    main()
