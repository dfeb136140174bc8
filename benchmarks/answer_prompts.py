"""Prompts for benchmarks/answer.py, made the way the app makes them.

Real files are read and chunked by `ingest` (the bundled samples: mail and notes in English,
German and Chinese, the PDF invoice; then the LKML Maildir of ../shared/corpora, for bulk),
each chunk becomes a `store.Hit` as retrieval would return it, and
`assistant.ask.answer.pack_sources` / `build_messages` turn the best of them into the answer
prompt. Two disjoint pools of sources let a second question differ in its sources, not only
in its words. Sizes are targets: the table prints the prompt's real token count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.ask.answer import build_messages, pack_sources
from assistant.runtime.generator import Message
from ingest import chunk, read
from store import Hit

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
LKML = REPO.parent / "shared" / "corpora" / "mail" / "lkml" / "cur"
TEMPLATE_TOKENS = 12  # the chat template's turn markers, BOS: a rough allowance
QUESTIONS = (
    "Who fixed the floor last time, and what's his number?",
    "Wer hat die Heizung gewartet, und was hat es gekostet?",
    "上次谁修的地板？他的电话是多少？",
    "Which patch did the maintainers ask to be resent, and why?",
)

Count = Callable[[str], int]


def source_files() -> list[Path]:
    """The samples first (the app's own demo data), then the LKML mail, in a fixed order."""
    samples = sorted(p for p in SAMPLES.rglob("*") if p.is_file())
    mail = sorted(p for p in LKML.iterdir() if p.is_file()) if LKML.is_dir() else []
    return samples + mail


def hits(paths: list[Path], count: Count, tokens_wanted: int) -> list[Hit]:
    """Chunks of `paths` as search hits, read until they hold `tokens_wanted` tokens."""
    found: list[Hit] = []
    total = 0
    for hit in _hits(paths, count):
        found.append(hit)
        total += count(hit.text)
        if total >= tokens_wanted:
            break
    return found


def _hits(paths: list[Path], count: Count) -> Iterator[Hit]:
    number = 0
    for document_id, path in enumerate(paths):
        for document in read(path).documents:
            for piece in chunk(document, count):
                number += 1
                yield Hit(
                    chunk_id=number,
                    document_id=document_id,
                    source_path=document.source_path,
                    file_path=path,
                    locator=document.part,
                    kind=document.kind,
                    title=document.title,
                    chunk_title=piece.title,
                    sender=document.sender or "",
                    recipients=", ".join(document.recipients),
                    date=document.date,
                    message_id=document.message_id,
                    thread_id=document.thread_id,
                    text=piece.text,
                    ordinal=piece.ordinal,
                    page=piece.page,
                    char_start=piece.char_start,
                    char_end=piece.char_end,
                    score=1.0 / number,
                    date_source=document.date_source,
                )


def two_pools(count: Count, tokens_each: int) -> tuple[list[Hit], list[Hit]]:
    """Pool A starts with the samples; pool B is other mail, so no source is in both."""
    paths = source_files()
    first = hits(paths, count, tokens_each)
    used = {hit.file_path for hit in first}
    second = hits([p for p in paths if p not in used], count, tokens_each)
    return first, second


def prompt(
    question: str,
    pool: list[Hit],
    target_tokens: int,
    count: Count,
    history: list[tuple[str, str]] | None = None,
) -> tuple[list[Message], list[Hit]]:
    """The app's messages for `question`, its sources packed so the prompt is about
    `target_tokens` long (the sources' budget is what the rest leaves)."""
    frame = build_messages(question, [], history or [])
    overhead = sum(count(m.content) for m in frame) + TEMPLATE_TOKENS
    sources = pack_sources(pool, max(0, target_tokens - overhead), count)
    return build_messages(question, sources, history or []), sources
