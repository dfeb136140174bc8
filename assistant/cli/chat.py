"""`assistant chat`: questions from standard input, each follow-up read in the light of the
last one; the evidence, then the streamed answer, per question (as `ask`)."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.ask.stages import Stage
from assistant.cli.arguments import source_count
from assistant.cli.ask import NOW_HELP, answer_model_for, evidence_then_answer, question_now
from assistant.cli.engine import engine_of
from assistant.cli.filters import add_filter_arguments, say_filtered_out, user_filters
from assistant.cli.interrupt import ctrl_c_cancels
from assistant.cli.stage_line import StageLine, greet, prompted
from assistant.config import Config
from assistant.display import printable

if TYPE_CHECKING:
    from assistant.ask.user_filters import UserFilters
    from assistant.runtime.protocols import AnswerModel, QueryEmbedder
    from store import Index


def add_chat_command(commands: argparse._SubParsersAction) -> None:
    chat = commands.add_parser("chat", help="a plain question-and-answer session with follow-ups")
    chat.add_argument("--k", type=source_count, default=8, help="how many sources to retrieve")
    chat.add_argument("--now", type=datetime.fromisoformat, default=None, help=NOW_HELP)
    add_filter_arguments(chat)
    chat.set_defaults(handler=cmd_chat)


def cmd_chat(config: Config, args: argparse.Namespace) -> int:
    """Questions from standard input; each follow-up is read in the light of the last one."""
    from assistant.indexing.service import open_index

    user = user_filters(config, args, question_now(args))
    engine = engine_of(args)
    embedder = engine.embedder(config)
    generator = answer_model_for(config, engine, say_missing=True)
    asked: list[str] = []
    turns: list[tuple[str, str]] = []
    greet()
    with open_index(config) as index:
        for line in prompted(_stdin_lines()):
            question = line.strip()
            if not question:
                continue
            with engine.question():  # a server's indexer waits for this one question
                turn = _chat_turn(
                    config, args, index, embedder, generator, question, asked, turns, user
                )
            if turn is not None:
                asked.append(question)
                turns.append(turn)
    return 0


def _chat_turn(
    config: Config,
    args: argparse.Namespace,
    index: Index,
    embedder: QueryEmbedder,
    generator: AnswerModel | None,
    question: str,
    asked: list[str],
    turns: list[tuple[str, str]],
    user: UserFilters,
) -> tuple[str, str] | None:
    """One question of `chat`: evidence, then the answer; the turn, or None (refused, or the
    answer server went away: the chat goes on)."""
    from assistant.ask.query import check_query
    from assistant.ask.retrieval import retrieve
    from assistant.errors import ServerError

    stages = StageLine()
    stages(Stage("searching"))
    try:
        found = retrieve(
            index, embedder, question, now=question_now(args), k=args.k, history=asked,
            me=config.mail.me, user=user,
        )  # fmt: skip
    finally:
        stages.clear()
    if found.refused:
        print(found.refused, end="\n\n", flush=True)
        return None
    say_filtered_out(found)
    if found.query != check_query(question).text:  # a follow-up, widened
        print(f"(searching for: {printable(found.query)})")
    cancel = threading.Event()
    try:
        with ctrl_c_cancels(cancel):  # as in ask: the answer stops, then "interrupted"
            result = evidence_then_answer(
                found, generator, found.hits[:3], history=turns[-3:], end=" \n\n",
                cancel=cancel, on_stage=stages,
            )  # fmt: skip
    except ServerError as exc:  # the LAN server went away: the chat goes on
        stages.clear()
        print(f"\nassistant: {printable(exc)}", end="\n\n", flush=True)
        return None
    finally:
        stages.clear()
    return question, result.text


def _stdin_lines() -> Iterator[str]:
    """Standard input line by line; bytes that are not UTF-8 become U+FFFD, never an error."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # a text stream put in place by a test or an embedding program
        yield from sys.stdin
        return
    for raw in binary:
        yield raw.decode("utf-8", errors="replace")
