"""Headers folded to a line or two, and the full list when asked for or when there is room.

Six header rows per message (File, From, To, Date, Subject, Thread) left a mail at 80x24 a
third of the screen. Folded: who and when on one line, the recipients as the first names and
a count ("to Anna, Bob +3") on the other; the subject and thread place are in the title and the
summary line already.
"""

from __future__ import annotations

from email.utils import getaddresses

from rich.text import Text

from assistant.ask.date_label import date_label, hit_date
from assistant.ask.provenance import OCR_WORDS
from assistant.ask.show import ShownDocument
from assistant.display import printable
from store import Hit

NAMED_RECIPIENTS = 2


def folded_recipients(recipients: str, named: int = NAMED_RECIPIENTS) -> str:
    """'Anna, Bob +3': display names (else addresses) of the first `named`, then a count."""
    people = [name or address for name, address in getaddresses([recipients]) if name or address]
    if not people:
        return printable(recipients)
    rest = len(people) - named
    return ", ".join(people[:named]) + (f" +{rest}" if rest > 0 else "")


def short_headers(document: ShownDocument) -> Text:
    """From and date on one line; folded To/Cc on a second (left out when there are none)."""
    date = date_label(document.date, document.date_source, minutes=True)
    text = Text()
    text.append("    From: ", style="bold")
    text.append(f"{printable(document.sender or 'unknown sender')} · {date}")
    if document.recipients:
        text.append("\n      to: ", style="bold")
        text.append(printable(folded_recipients(document.recipients)))
        text.append("  (h: all headers)", style="dim")
    if document.note:
        text.append("\n    note: ", style="bold")
        text.append(printable(document.note), style="italic")
    return text


def full_headers(document: ShownDocument) -> Text:
    text = Text()
    for label, value in document.headers():
        text.append(f"{label:>8}: ", style="bold")
        text.append(f"{printable(value)}\n")
    if document.note:
        text.append("    note: ", style="bold")
        text.append(printable(document.note), style="italic")
    return text


def header_lines(hit: Hit, *, folded: bool = False) -> list[tuple[str, str]]:
    """(label, value) pairs that say what this source is, by kind; `folded` keeps a mail's
    sender, date and first recipients, and another source's file and section (the title
    and the meta line carry the rest)."""
    date = hit_date(hit, minutes=True)
    if folded and hit.kind == "mail":
        rows = [("From", f"{hit.sender} · {date}")]
        if hit.recipients:
            rows.append(("to", folded_recipients(hit.recipients)))
        return [(label, printable(value)) for label, value in rows]
    rows = [("File", str(hit.file_path))]
    if folded:
        section = hit.chunk_title if hit.chunk_title != hit.title else ""
        return [
            (label, printable(value)) for label, value in [*rows, ("Section", section)] if value
        ]
    if hit.locator is not None:
        rows.append(("In file", hit.locator.describe()))
    if hit.kind == "mail":
        rows += [("From", hit.sender), ("To", hit.recipients), ("Date", date)]
        rows.append(("Subject", hit.title))
        rows.append(("Thread", hit.thread.label if hit.thread else ""))
    elif hit.kind == "pdf":
        rows += [("Title", hit.title), ("Page", str(hit.page or "?")), ("Date", date)]
        rows.append(("Text", OCR_WORDS if hit.ocr else ""))
    elif hit.kind == "image":
        rows += [("Title", hit.title), ("Text", OCR_WORDS), ("Date", date)]
    else:
        rows += [("Title", hit.title), ("Section", hit.chunk_title), ("Date", date)]
    return [(label, printable(value)) for label, value in rows if value]


def header_text(hit: Hit, *, folded: bool) -> Text:
    text = Text()
    for label, value in header_lines(hit, folded=folded):
        text.append(f"{label:>8}: ", style="bold")
        text.append(f"{value}\n")
    text.rstrip()
    return text
