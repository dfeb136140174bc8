"""Benchmark of the TUI: launch to prompt, and Enter to evidence through Pilot, idle and during
a big sync.

    .venv/bin/python benchmarks/tui.py [--questions 4] [--answer-tokens 48] [--skip-sync]

1. Launch to prompt: a fresh interpreter imports the app and runs it headlessly until the
   question input has focus (no models, no index; target < 1.5 s).
2. Enter to evidence: the real app on a warm real index of samples/ (real EmbeddingGemma,
   SmolLM2 as the answer model), driven by Pilot: the question is typed, Enter pressed, and a
   message hook notes when the evidence, the first answer text and the finished answer reach
   the UI. Medians over several questions, after one untimed warm-up question per app.
3. A question during a big sync: the same, while the app syncs a copy of the shared mail
   corpus (320 files, ~2.5 minutes of embedding) in its own worker, with the indexing gate
   on (indexing waits between chunks while a question is answered) and off (the baseline).
   `--big images` syncs 200 rendered scans instead (photos of invoices and receipts in
   English, German and Chinese: tests/ocr/pages.py), so the sync is OCR, which waits between
   pages the same way.

Why the first version hung: it waited for the app's workers to complete, and a sync worker
(or the answer being generated) was still running; leaving `run_test` then also blocks,
because asyncio joins its executor threads. Every wait here polls one condition with a time
limit, and the sync is stopped through the gate before the app exits.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from textual.widgets import Input  # noqa: E402
from tui_pilot import Clock, Timing, ask, until  # noqa: E402

from assistant.config import Config, load_config  # noqa: E402
from assistant.indexing.roots import add_root  # noqa: E402
from assistant.indexing.service import open_index, run_sync  # noqa: E402
from assistant.models.registry import require_model  # noqa: E402
from assistant.runtime.embedder import Embedder  # noqa: E402
from assistant.runtime.generator import Generator  # noqa: E402
from assistant.runtime.session import Session, embedders  # noqa: E402
from tui.app import AssistantApp  # noqa: E402

GENERATOR = "smollm2-135m-instruct-q4_1"
BIG_FOLDER = REPO.parent / "shared" / "corpora" / "mail"
IMAGES = 200
WARM_UP = "What is the wifi password?"
QUESTIONS = [
    "Who fixed the floor last time?",
    "谁修的厨房水龙头？",
    "Wie hoch war die Rechnung für den Flur?",
    "When was the heating serviced?",
    "What did the plumber charge?",
    "Who sent the floor quote in 2021?",
]
LAUNCH = (
    "import time; t = time.perf_counter(); import asyncio; from tui.app import AssistantApp; "
    "from assistant.config import load_config\n"
    "async def launch():\n"
    "    app = AssistantApp(load_config(), watch=False, background=False)\n"
    "    async with app.run_test(size=(80, 24)) as pilot:\n"
    "        while not app.main_screen.query('#question').first().has_focus:\n"
    "            await pilot.pause()\n"
    "        print(time.perf_counter() - t)\n"
    "asyncio.run(launch())"
)


def launch_seconds(home: Path) -> float:
    env = {"ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", LAUNCH], env=env, cwd=REPO, capture_output=True)
    return float(out.stdout.decode().strip().splitlines()[-1])


@dataclass
class Models:
    query: Embedder
    indexer: Embedder
    generator: Generator


def load_models(answer_tokens: int) -> Models:
    config = load_config({})
    query, indexer = embedders(config)
    query.load()
    indexer.load()
    _, path = require_model(config, GENERATOR)
    settings = replace(config.generator, max_answer_tokens=answer_tokens)
    generator = Generator(path, settings, model_id=GENERATOR)
    generator.load()
    return Models(query, indexer, generator)


def make_images(folder: Path, count: int) -> None:
    """`count` scans with text (rendered pages, a few seeds and languages): OCR's work."""
    from tests.ocr.pages import TEXTS, VARIANTS, fonts, make_variant, save_image

    folder.mkdir(parents=True)
    languages = list(TEXTS)
    for number in range(count):
        lang = languages[number % len(languages)]
        lines = [f"Beleg {number}", *TEXTS[lang]]
        variant = VARIANTS[number % len(VARIANTS)]
        save_image(make_variant(lines, fonts()[lang], variant, number), folder / f"{number}.png")


def config_for(home: Path) -> Config:
    return load_config({"ASSISTANT_HOME": str(home), "ASSISTANT_GENERATOR_MODEL": GENERATOR})


def warm_home(workdir: Path, models: Models) -> Path:
    """A home with samples/ indexed by the real embedder (copied per scenario)."""
    home, folder = workdir / "warm-home", workdir / "samples"
    shutil.copytree(REPO / "samples", folder)
    config = config_for(home)
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, models.indexer)
    return home


def make_app(models: Models, home: Path, answers: bool, gate: bool) -> AssistantApp:
    """The real app over `home` with the loaded models; no watcher, no sync until asked."""
    config = config_for(home)
    session = Session(config, query_embedder=models.query, index_embedder=models.indexer)
    if answers:
        session.generator, session.generator_ready = models.generator, True
    session.gate.enabled = gate
    return AssistantApp(config, session, watch=False, sync_on_start=False, background=False)


def describe(models: Models, app: AssistantApp, timing: Timing) -> str:
    turn = app.main_screen.turns[-1]
    tokens = models.generator.count_tokens(turn.answer_text)
    meta = turn.query_one(".meta").render()
    return f"  {timing} {tokens} tokens {turn.question!r}: {turn.answer_text[:60]!r} {meta}"


async def scenario(
    models: Models,
    home: Path,
    questions: list[str],
    answers: bool,
    sync: Path | None,
    gate: bool,
    verbose: bool = False,
) -> tuple[list[Timing], int]:
    """Ask `questions` in a fresh app; optionally while it syncs `sync`. Returns timings and
    the number of files the sync finished meanwhile."""
    app, clock = make_app(models, home, answers, gate), Clock()
    async with app.run_test(size=(120, 40), message_hook=clock) as pilot:
        await ask(pilot, clock, WARM_UP)
        if sync is not None:
            add_root(app.config, sync)
            app.start_sync()
            await until(pilot, lambda: clock.files_done >= 3, 300, "sync progress")
        started_at, timings = clock.files_done, []
        for question in questions:
            timings.append(await ask(pilot, clock, question))
            if verbose:
                print(describe(models, app, timings[-1]))
        indexed = clock.files_done - started_at
        app.session.stop_indexing()
        await until(pilot, lambda: not app.syncing, 120, "end of the sync")
    app.session.close()
    return timings, indexed


async def stop_latency(models: Models, home: Path, questions: list[str]) -> list[float]:
    """Seconds from Esc to the stopped answer, Esc pressed 0.5 s into the prompt's prefill."""
    app, clock, stops = make_app(models, home, True, True), Clock(), []
    async with app.run_test(size=(120, 40), message_hook=clock) as pilot:
        for question in questions:
            await pilot.press("ctrl+n")
            app.main_screen.query_one("#question", Input).value = question
            clock.at.clear()
            await pilot.press("enter")
            await until(pilot, lambda: "EvidenceReady" in clock.at, 60, "evidence")
            await pilot.pause(0.5)
            pressed = time.perf_counter()
            await pilot.press("escape")
            await until(pilot, lambda: "AnswerFinished" in clock.at, 60, "the stopped answer")
            stops.append(clock.at["AnswerFinished"] - pressed)
    app.session.close()
    return stops


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def row(label: str, timings: list[Timing], indexed: int | None) -> str:
    evidence = [t.evidence for t in timings]
    firsts = [t.first_text for t in timings if t.first_text is not None]
    answered = [t.answered for t in timings]
    during = sum(t.syncing for t in timings)
    return (
        f"| {label} | {len(timings)} | {ms(statistics.median(evidence))} / {ms(max(evidence))} | "
        f"{ms(statistics.median(firsts)) if firsts else '-'} | "
        f"{ms(statistics.median(answered))} / {ms(max(answered))} | "
        f"{'-' if indexed is None else f'{during}/{len(timings)}, {indexed} files'} |"
    )


def run_scenarios(args: argparse.Namespace, workdir: Path) -> list[str]:
    models = load_models(args.answer_tokens)
    warm = warm_home(workdir, models)
    questions = QUESTIONS[: args.questions]
    plan: list[tuple[str, bool, bool, bool]] = [  # label, answers, during sync, gate
        ("idle, search only", False, False, True),
        ("idle, with answers", True, False, True),
    ]
    if not args.skip_sync:
        plan += [
            (f"{args.big} sync, gate on (default)", True, True, True),
            (f"{args.big} sync, gate off (before)", True, True, False),
            (f"{args.big} sync, search only", False, True, True),
        ]
    big = workdir / "big"
    if args.big == "images":
        make_images(big, IMAGES)
    else:
        shutil.copytree(BIG_FOLDER, big)
    lines = []
    for number, (label, answers, during, gate) in enumerate(plan):
        if args.only and args.only not in label:
            continue
        home = workdir / f"home-{number}"
        shutil.copytree(warm, home)
        timings, indexed = asyncio.run(
            scenario(models, home, questions, answers, big if during else None, gate, args.verbose)
        )
        lines.append(row(label, timings, indexed if during else None))
        print(lines[-1], file=sys.stderr, flush=True)
    shutil.copytree(warm, workdir / "home-stop")
    stops = asyncio.run(stop_latency(models, workdir / "home-stop", questions))
    lines.append(f"\nEsc during the prefill: answer stopped {ms(statistics.median(stops))} ms "
                 f"(max {ms(max(stops))}) after the key, {len(stops)} questions")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=4, help="timed questions per scenario")
    parser.add_argument("--answer-tokens", type=int, default=48)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--skip-sync", action="store_true", help="idle scenarios only")
    parser.add_argument("--only", default="", help="run the scenarios whose label has this")
    parser.add_argument("--big", choices=("mail", "images"), default="mail",
                        help="what the big sync indexes: the mail corpus or 200 scans")  # fmt: skip
    parser.add_argument("--verbose", action="store_true", help="print every question's answer")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tui-bench-"))
    launches = [launch_seconds(workdir / "empty-home") for _ in range(args.launches)]
    print(f"launch to prompt: median {statistics.median(launches):.2f} s over {args.launches} runs")
    lines = run_scenarios(args, workdir)
    print(f"\nEnter to evidence through Pilot ({GENERATOR}, {args.answer_tokens} answer tokens):\n")
    print("| scenario | questions | evidence p50 / max ms | first answer text p50 ms | "
          "answer done p50 / max ms | asked during sync |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(lines))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
