"""A saved conversation as a Markdown file a person can keep, send or print.

Each turn is its question, its answer and the sources the answer cites, numbered as the answer
numbers them, with what finds a source again: title, file path, which message or page, date.
An answer that cites nothing (search only, or not found) lists its evidence instead, said so.
Both `assistant conversations export` and the app's conversations screen write this text; the
file is private (0600) like everything else of the user's, and an export never overwrites one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant.ask.answer import check_citations
from assistant.ask.conversations import Conversations, SavedTurn
from assistant.ask.date_label import hit_date
from assistant.ask.provenance import where_words
from assistant.display import printable
from assistant.errors import AssistantError
from assistant.paths import write_private_text
from store import Hit


def export_markdown(store: Conversations, conversation_id: int, exported: datetime) -> str:
    """The saved conversation `conversation_id` as Markdown; an unknown id says where to look."""
    found = [c for c in store.list() if c.id == conversation_id]
    if not found:
        raise AssistantError(
            f"no conversation {conversation_id}: `assistant conversations list` shows their ids"
        )
    return conversation_markdown(found[0].title, store.turns(conversation_id), exported)


def conversation_markdown(title: str, turns: list[SavedTurn], exported: datetime) -> str:
    """The whole conversation: a heading, then each turn with its sources."""
    count = f"{len(turns)} question{'' if len(turns) == 1 else 's'}"
    lines = [f"# {_inline(title)}", "", f"_Exported {exported:%Y-%m-%d %H:%M} · {count}_", ""]
    for number, turn in enumerate(turns, start=1):
        lines += _turn_lines(number, turn)
    return "\n".join(lines).rstrip() + "\n"


def _turn_lines(number: int, turn: SavedTurn) -> list[str]:
    _, cited, _ = check_citations(turn.answer, len(turn.sources))
    lines = [f"## {number}. {_inline(turn.question)}", "", turn.answer.strip() or "_no answer_"]
    if cited:
        lines += ["", "**Sources**", ""]
        lines += [source_line(n, turn.sources[n - 1]) for n in sorted(cited)]
    elif turn.sources:
        lines += ["", "**Evidence shown (the answer cites none of it)**", ""]
        lines += [source_line(n, hit) for n, hit in enumerate(turn.sources, start=1)]
    return [*lines, ""]


def source_line(number: int, hit: Hit) -> str:
    """`[n] **Title** · mail · 2024-09-20 · Sender` and where it is: path, message or page."""
    date = hit_date(hit)
    sender = f" · {_inline(hit.sender)}" if hit.sender else ""
    place = [f"`{printable(hit.file_path)}`"]
    if hit.locator is not None:
        place.append(printable(hit.locator.describe()))
    elif hit.message_id:
        place.append(f"Message-ID <{printable(hit.message_id)}>")
    if hit.page or hit.ocr:
        place.append(where_words(hit.page, hit.ocr))
    head = f"- [{number}] **{_inline(hit.title)}** · {hit.kind} · {date}{sender}"
    return f"{head}  \n  {', '.join(place)}"


def _inline(text: str) -> str:
    """One line of text, with the characters Markdown would act on at its start escaped."""
    flat = " ".join(printable(text).replace("\\n", " ").split())
    return flat.replace("*", "\\*").replace("_", "\\_") or "untitled"


def export_to_documents(store: Conversations, conversation_id: int, home: Path) -> Path:
    """Export into the user's Documents folder (else `home`); the path of the new file."""
    text = export_markdown(store, conversation_id, datetime.now().astimezone())
    return write_export(export_folder(home), conversation_id, text)


def export_folder(home: Path) -> Path:
    """Where the app puts an export: the user's Documents folder, else the home folder."""
    documents = home / "Documents"
    return documents if documents.is_dir() else home


def write_export(folder: Path, conversation_id: int, text: str) -> Path:
    """Write `text` to a new file in `folder` (never over an earlier export); its path."""
    stem = f"assistant-conversation-{conversation_id}"
    path = folder / f"{stem}.md"
    copy = 2
    while path.exists():
        path, copy = folder / f"{stem}-{copy}.md", copy + 1
    write_private_text(path, text)
    return path
