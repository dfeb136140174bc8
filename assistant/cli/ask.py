"""`assistant search` and `ask`: the evidence, then (for ask) the cited answer; the printing
that `chat` (assistant.cli.chat) shares."""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.ask.date_label import hit_date
from assistant.ask.provenance import where_words
from assistant.ask.stages import Stage, StageReport, ignore_stage
from assistant.cli.arguments import question_text, source_count
from assistant.cli.engine import Engine, engine_of
from assistant.cli.filters import add_filter_arguments, say_filtered_out, user_filters
from assistant.cli.interrupt import ctrl_c_cancels
from assistant.cli.key_line import key_line, key_row
from assistant.cli.search_json import search_lines
from assistant.cli.stage_line import StageLine
from assistant.config import Config
from assistant.display import json_text, plural, printable
from store import Hit

if TYPE_CHECKING:
    from assistant.ask.answer import Answer
    from assistant.ask.retrieval import Retrieval
    from assistant.runtime.protocols import AnswerModel


NOW_HELP = "the date 'last time' and 'yesterday' are relative to (ISO)"


def add_ask_commands(commands: argparse._SubParsersAction) -> None:
    search = commands.add_parser("search", help="the evidence for a question, without an answer")
    search.add_argument("query", type=question_text, help="what to look for, in any words")
    search.add_argument("--k", type=source_count, default=8, help="how many sources (default 8)")
    _common(search)
    search.set_defaults(handler=cmd_search)

    ask = commands.add_parser("ask", help="answer a question from your files, with citations")
    ask.add_argument("question", type=question_text, help="the question, in any language")
    ask.add_argument("--k", type=source_count, default=8, help="how many sources to retrieve")
    _common(ask)
    ask.set_defaults(handler=cmd_ask)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--explain", action="store_true", help="show how the question was read")
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=None,
        help=NOW_HELP,
    )
    add_filter_arguments(parser)


def source_row(rank: int, hit: Hit) -> dict[str, object]:
    return {
        "rank": rank,
        "score": round(hit.score, 5),
        "chunk_id": hit.chunk_id,
        "path": str(hit.file_path),
        "locator": hit.locator.as_dict() if hit.locator else None,
        "message_id": hit.message_id,
        "kind": hit.kind,
        "title": hit.title,
        "sender": hit.sender,
        "date": hit.date.isoformat() if hit.date else None,
        # "front matter", "title", "heading", "modified" (the file's mtime) for notes
        "date_source": hit.date_source,
        "date_label": hit_date(hit),
        "page": hit.page,
        "ocr": hit.ocr,  # the text was read by OCR from a scan or a picture
        "text": hit.text,
        "thread": _thread_row(hit),
    }


def _thread_row(hit: Hit) -> dict[str, object] | None:
    """The mail's thread: {id, subject, position, size}; None for notes, PDFs, unthreaded."""
    place = hit.thread
    if place is None:
        return None
    return {
        "id": place.key,
        "subject": place.subject,
        "position": place.position,
        "size": place.size,
    }


def print_source(rank: int, hit: Hit, key: tuple[int, int] | None = None) -> None:
    """One source: what and where it is, its first words, and its key sentence (search only)."""
    date = hit_date(hit)
    where = f", {where_words(hit.page, hit.ocr)}" if hit.page or hit.ocr else ""
    sender = f" · {printable(hit.sender)}" if hit.sender else ""
    place = f" · {printable(hit.thread.label)}" if hit.thread and hit.thread.label else ""
    print(f"[{rank}] {hit.kind} · {date}{sender} · {printable(hit.title)}{where}{place}")
    print(f"    {printable(hit.key.describe())}")
    print("    " + printable(" ".join(hit.text.split())[:240]))
    if key is not None:
        print(key_line(hit, key))


def _retrieve(config: Config, args: argparse.Namespace) -> Retrieval:
    from assistant.ask.retrieval import retrieve
    from assistant.indexing.service import open_index

    user = user_filters(config, args, question_now(args))
    embedder = engine_of(args).embedder(config)
    with open_index(config) as index:
        return retrieve(
            # `search` has a query, `ask` a question; "" is a query too (and refused as one)
            index,
            embedder,
            args.query if "query" in args else args.question,
            now=question_now(args),
            k=args.k,
            me=config.mail.me,
            user=user,
        )


def question_now(args: argparse.Namespace) -> datetime:
    """--now (a date without a zone is local time), else the current local time."""
    now = args.now or datetime.now().astimezone()
    return now if now.tzinfo is not None else now.astimezone()


def _explain(retrieval: Retrieval) -> None:
    print(f"query: {retrieval.query}")
    for line in retrieval.analysis.explanation or ("no time, sender or kind hints",):
        print(f"understood: {line}")
    for note in retrieval.notes:
        print(f"note: {note}")
    best = retrieval.best_similarity
    print(f"best similarity: {best:.3f}" if best is not None else "best similarity: -")
    print(f"timings ms: {retrieval.timings_ms}\n")


def cmd_search(config: Config, args: argparse.Namespace) -> int:
    with engine_of(args).question():  # a server's indexer waits for the search
        retrieval = _retrieve(config, args)
    if args.json:
        if retrieval.refused:  # no rows; the reason where a script's log will show it
            print(f"assistant: {retrieval.refused}", file=sys.stderr)
        say_filtered_out(retrieval, to_stderr=True)
        for line in search_lines(retrieval):
            print(json_text(line))
        return 0
    if retrieval.refused:
        print(retrieval.refused)
        return 0
    if args.explain:
        _explain(retrieval)
    if not retrieval.hits and not retrieval.filtered_out:
        print("nothing found")
    say_filtered_out(retrieval)
    for rank, hit in enumerate(retrieval.hits, start=1):
        print_source(rank, hit)
    say_below_floor(retrieval)
    return 0


def say_below_floor(retrieval: Retrieval) -> None:
    """One line naming what the relevance floor left out (assistant.ask.relevance): a short
    list, or none, must not look like all the index holds."""
    if hidden := retrieval.below_floor:
        weaker = plural(hidden, "weaker match", "weaker matches")
        print(f"({weaker} not shown: too far from the question to be evidence)")


def cmd_ask(config: Config, args: argparse.Namespace) -> int:
    with engine_of(args).question():  # a server's indexer waits for the search and answer
        return _ask(config, args)


def _ask(config: Config, args: argparse.Namespace) -> int:
    from assistant.ask.answer import answer

    stages = StageLine()  # stderr only: stdout and --json stay clean
    stages(Stage("searching"))
    try:
        retrieval = _retrieve(config, args)
    finally:
        stages.clear()
    if retrieval.refused and not args.json:
        print(retrieval.refused)
        return 0
    say_filtered_out(retrieval, to_stderr=True)
    generator = answer_model_for(config, engine_of(args), say_missing=False)
    cancel = threading.Event()
    # Ctrl-C stops the answer like Esc in the app, then `main` says "interrupted" (exit 130)
    try:
        with ctrl_c_cancels(cancel):
            if args.json:
                result = answer(retrieval, generator, cancel=cancel, on_stage=stages)
            else:
                if args.explain:
                    _explain(retrieval)
                print("Evidence:")
                result = evidence_then_answer(
                    retrieval, generator, retrieval.hits, heading="\nAnswer:", cancel=cancel,
                    on_stage=stages,
                )  # fmt: skip
    finally:
        stages.clear()  # an answer that said nothing, or was stopped, leaves no stage line
    if args.json:
        print(json_text(_json_answer(retrieval, result)))
        return 0
    if result.removed_citations:
        print(f"(removed citations of sources that were not given: {result.removed_citations})")
    # Only what the answer used; without an answer model the evidence is all there is.
    used = range(1, len(result.sources) + 1) if result.search_only else sorted(result.cited)
    cited = [(n, result.sources[n - 1]) for n in used]
    if cited:
        print("\nSources:")
    for number, hit in cited:
        page = f" p.{hit.page}" if hit.page else ""
        print(f"[{number}] {printable(hit.title)} · {printable(hit.key.describe())}{page}")
    return 0


def answer_model_for(config: Config, engine: Engine, *, say_missing: bool) -> AnswerModel | None:
    """The answer model (or answer server), or None (search only) when none is installed."""
    from assistant.errors import ModelMissing

    try:
        return engine.generator(config)
    except ModelMissing as exc:
        if say_missing:
            print(f"note: {exc}")
        return None


def evidence_then_answer(
    retrieval: Retrieval,
    generator: AnswerModel | None,
    evidence: list[Hit],
    *,
    heading: str | None = None,
    history: list[tuple[str, str]] | None = None,
    cancel: threading.Event | None = None,
    end: str = "\n",
    on_stage: StageReport = ignore_stage,
) -> Answer:
    """The evidence (instant), then the answer as it streams in, for ask and chat alike.

    A model's answer is printed piece by piece while it is generated; our own fixed messages
    (not found, search only) are not streamed, so they are printed whole once it is done.
    """
    from assistant.ask.answer import answer

    # Without an answer model the answer is there at once, with each source's key sentence.
    result = answer(retrieval, None) if generator is None else None
    keys = result.key_spans if result else {}
    for rank, hit in enumerate(evidence, start=1):
        print_source(rank, hit, keys.get(hit.chunk_id))
    say_below_floor(retrieval)
    if heading is not None:
        print(heading)
    if result is None:
        result = answer(
            retrieval,
            generator,
            history=history,
            on_text=lambda piece: print(piece, end="", flush=True),
            cancel=cancel,
            on_stage=on_stage,
        )
    if result.cut:  # the streamed text looped: it was stopped, and says so
        print(f"\n\n{result.cut}", end="")
    print(result.text if result.not_found or result.search_only else "", end=end, flush=True)
    return result


def _json_answer(retrieval: Retrieval, result: Answer) -> dict[str, object]:
    return {
        "answer": result.text,
        "not_found": result.not_found,
        "search_only": result.search_only,
        "model": result.model_id,
        "cited": result.cited,
        "removed_citations": result.removed_citations,
        "cut": result.cut,
        "sources": [
            {**source_row(n, h), "key_sentence": key_row(h, result.key_spans.get(h.chunk_id))}
            for n, h in enumerate(result.sources, start=1)
        ],
        "timings_ms": {**retrieval.timings_ms, **result.timings_ms},
        "understood": list(retrieval.analysis.explanation),
    }
