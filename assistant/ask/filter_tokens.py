"""Filters typed into the question itself: `kind:mail since:2024-03 from:anna who fixed it?`.

The app has one input line, so its filters are words of the form `key:value` anywhere in the
question (the same filters as the command line's options, read by assistant.ask.filter_values).
Keys and values have English, German and Chinese names (`art:notiz`, `类型：邮件`, a
full-width colon too). What is left after taking them out is the question that is searched
for; the tokens stay in the saved question, so a reopened or exported turn shows its filters.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from assistant.ask.filter_values import (
    FilterError,
    check_window,
    folder_prefix,
    parse_kind,
    parse_since,
    parse_until,
)
from assistant.ask.user_filters import UserFilters

_KEYS = {
    "kind": "kind", "art": "kind", "类型": "kind",
    "from": "from", "von": "from", "来自": "from",
    "since": "since", "seit": "since", "从": "since",
    "until": "until", "bis": "until", "到": "until",
    "folder": "folder", "ordner": "folder", "文件夹": "folder",
    "sort": "sort", "sortierung": "sort", "排序": "sort",
}  # fmt: skip
_KIND_NAMES = {
    "email": "mail", "e-mail": "mail", "邮件": "mail",
    "notiz": "note", "notizen": "note", "notes": "note", "笔记": "note",
    "pdfs": "pdf",
    "images": "image", "bild": "image", "bilder": "image", "foto": "image", "fotos": "image",
    "photo": "image", "photos": "image", "图片": "image", "照片": "image",
}  # fmt: skip
_BY_DATE = frozenset({"date", "datum", "日期", "newest", "neueste", "最新"})
_BY_RELEVANCE = frozenset({"relevance", "relevanz", "相关", "相关性"})
# A key, a colon (or a full-width one), and a value up to the next space ("quoted" may hold
# spaces, for a folder or a full name).
_TOKEN = re.compile(
    r"(?<!\S)(" + "|".join(sorted(map(re.escape, _KEYS), key=len, reverse=True)) + r")"
    r"[:：](\"[^\"]*\"|\S+)",
    re.IGNORECASE,
)


def without_filter_tokens(question: str) -> str:
    """The question with its filter tokens taken out (for an earlier question's history)."""
    return " ".join(_TOKEN.sub(" ", question).split())


def read_filter_tokens(question: str, now: datetime, roots: list[Path]) -> tuple[str, UserFilters]:
    """The question to search for, and the filters its tokens set (FilterError if unreadable)."""
    values: dict[str, list[str]] = {}
    for match in _TOKEN.finditer(question):
        key = _KEYS[match.group(1).casefold()]
        values.setdefault(key, []).append(match.group(2).strip('"'))
    if not values:
        return question, UserFilters()
    return without_filter_tokens(question), _filters(values, now, roots)


def _filters(values: dict[str, list[str]], now: datetime, roots: list[Path]) -> UserFilters:
    kinds = [_kind(v) for given in values.get("kind", []) for v in re.split("[,，]", given) if v]
    since, until = values.get("since"), values.get("until")
    folder, sender, sort = values.get("folder"), values.get("from"), values.get("sort")
    date_from = parse_since(since[-1], now) if since else None
    date_to = parse_until(until[-1], now) if until else None
    check_window(date_from, date_to)
    return UserFilters(
        kinds=tuple(dict.fromkeys(kinds)),
        folder=folder_prefix(folder[-1], roots) if folder else None,
        sender=sender[-1] if sender else None,
        date_from=date_from,
        date_to=date_to,
        by_date=_by_date(sort[-1]) if sort else False,
    )


def _kind(text: str) -> str:
    return parse_kind(_KIND_NAMES.get(text.casefold(), text))


def _by_date(text: str) -> bool:
    value = text.casefold()
    if value not in _BY_DATE | _BY_RELEVANCE:
        raise FilterError(f"cannot sort by '{text}': use sort:date or sort:relevance")
    return value in _BY_DATE
