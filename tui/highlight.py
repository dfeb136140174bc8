"""How a source is described and its matching passage picked and highlighted.

Pure functions over `store.Hit`, shared by the evidence panel and the source viewer, so both
describe a source the same way and the choice of passage can be unit-tested without a screen.
"""

from __future__ import annotations

import re

from rich.text import Text

from assistant.ask.date_label import hit_date
from assistant.display import printable
from store import Hit
from store.cjk import HAN

KIND_ICONS = {"mail": "✉", "note": "✎", "pdf": "▤", "image": "▣"}
HIGHLIGHT = "bold reverse"
# The sentence that answers (search-only mode): a background, so the keyword highlight inside
# it (reversed) still stands out and the two never look alike.
KEY_SENTENCE = "bold black on yellow"
_WORD = re.compile(r"\w{3,}", re.UNICODE)
_HAN_CHAR = re.compile(f"[{HAN}]")


def icon(kind: str) -> str:
    return KIND_ICONS.get(kind, "•")


def terms(keywords: str) -> list[str]:
    """Words worth highlighting: the question's keywords of three letters or more (or CJK)."""
    words = _WORD.findall(keywords)
    words += _HAN_CHAR.findall(keywords)
    return sorted({w.casefold() for w in words}, key=len, reverse=True)


def meta_line(hit: Hit) -> str:
    """Sender, date, page and place in the thread ("message 3 of 6 in 'Subject'"), whichever
    the source has (a mail's place only when its thread has other messages)."""
    parts = [printable(hit.sender)] if hit.sender else []
    parts.append(hit_date(hit))
    if hit.page:
        parts.append(f"p. {hit.page}")
    if hit.ocr:
        parts.append("OCR")  # short: the source's header says "text read by OCR"
    if hit.thread is not None and hit.thread.label:
        parts.append(printable(hit.thread.label))
    return " · ".join(parts)


def highlighted(text: str, words: list[str]) -> Text:
    """`text` with every occurrence of `words` (case-insensitive) highlighted."""
    return _with_words(Text(text), words)


def passage(text: str, words: list[str], width: int = 220) -> str:
    """About `width` characters of `text` (whitespace folded) around the first matching word."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    lowered = flat.casefold()
    found = [i for i in (lowered.find(w) for w in words) if i >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    start = min(start, len(flat) - width)
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(flat) else ""
    return prefix + flat[start : start + width] + suffix


def key_passage(text: str, key: tuple[int, int], width: int = 220) -> tuple[str, tuple[int, int]]:
    """About `width` characters of `text` (whitespace folded) around the key sentence at `key`,
    the whole sentence always included, and where the sentence is in what is returned."""
    before = " ".join(text[: key[0]].split())
    sentence = " ".join(text[key[0] : key[1]].split())
    after = " ".join(text[key[1] :].split())
    room = max(0, width - len(sentence))
    lead = before[max(0, len(before) - room // 3) :] if room // 3 else ""
    if len(lead) < len(before) and " " in lead:
        lead = lead.split(" ", 1)[1]  # start at a word
    tail = after[: room - len(lead)]
    prefix = ("…" if len(lead) < len(before) else "") + lead + (" " if lead else "")
    suffix = (" " if tail else "") + tail + ("…" if len(tail) < len(after) else "")
    return prefix + sentence + suffix, (len(prefix), len(prefix) + len(sentence))


def card(number: int, hit: Hit, words: list[str], key: tuple[int, int] | None = None) -> Text:
    """One evidence entry: number, icon and title; sender/date/page; the highlighted passage,
    around the key sentence (marked) when there is one."""
    title = printable(hit.title or hit.file_path.name)
    head = Text.assemble((f"[{number}] ", "bold"), f"{icon(hit.kind)} ", (title, "bold"))
    if key is None:
        body = highlighted(passage(hit.text, words), words)
    else:
        shown, (start, end) = key_passage(hit.text, key)
        body = Text(shown)
        body.stylize(KEY_SENTENCE, start, end)
        body = _with_words(body, words)
    return Text("\n").join([head, Text(f"    {meta_line(hit)}", style="dim"), body])


def _with_words(text: Text, words: list[str]) -> Text:
    """`text` with the keyword highlight laid over the styles it has."""
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        for match in pattern.finditer(text.plain):
            text.stylize(HIGHLIGHT, match.start(), match.end())
    return text
