"""A mail body as sections: the writer's own words, then each forwarded message.

The body is walked top to bottom. The writer's part ends at the first cut (`mail_cuts`):
quoted history stays in the displayed text but not in the embedded one, and the message it
quotes becomes the reply's origin (threading uses it for mail without In-Reply-To). A
forward starts a section of its own, headed with its original sender and date, whose text
is read the same way (its own quoted history out, a forward inside it another section).
Sections partition the body: their displayed texts, in order, are the whole body, and each
section's embedded text is its displayed text with whole lines removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.documents import Origin, Section
from ingest.mail_cuts import Cut, CutKind, first_cut
from ingest.mail_footers import drop_footers
from ingest.mail_forwards import forward_heading, is_forward_subject
from ingest.mail_header_block import HeaderBlock
from ingest.mail_quotes import own_lines, quoted_origin

MAX_FORWARD_DEPTH = 8


@dataclass(frozen=True)
class MailBody:
    sections: tuple[Section, ...]
    reply_origin: Origin | None
    forwarded: tuple[Origin, ...]


@dataclass(frozen=True)
class _Part:
    start: int  # first displayed line
    end: int  # after the last displayed line
    kept: list[int]  # the embedded lines
    origin: Origin | None  # the forwarded message's origin; None for the writer's part


def read_body(subject: str, body: str) -> MailBody:
    """The body's sections (heading of the first: `subject`) and the origins it names."""
    lines = body.split("\n")
    parts, first_cut_found = _parts(lines, subject)
    if not any(lines[i].strip() for part in parts for i in part.kept):
        first = parts[0]  # only quoted text: keep it rather than embed nothing
        kept = drop_footers(lines, _non_blank_span(lines, first))
        parts[0] = _Part(first.start, first.end, kept, None)
    sections = tuple(
        _section(lines, part, subject if n == 0 else "") for n, part in enumerate(parts)
    )
    forwarded = tuple(part.origin for part in parts if part.origin and part.origin.sender)
    return MailBody(sections, _reply_origin(lines, parts[0], first_cut_found), forwarded)


def _parts(lines: list[str], subject: str) -> tuple[list[_Part], Cut | None]:
    parts: list[_Part] = []
    start, content_start, origin = 0, 0, None
    forward_subject = is_forward_subject(subject)
    top_cut = None
    for depth in range(MAX_FORWARD_DEPTH + 1):
        cut = first_cut(lines, content_start, forward_subject)
        top_cut = cut if depth == 0 else top_cut
        own_end = cut.index if cut else len(lines)
        forwards = cut is not None and cut.kind is CutKind.FORWARD and depth < MAX_FORWARD_DEPTH
        end = own_end if forwards else len(lines)
        parts.append(_Part(start, end, own_lines(lines, content_start, own_end), origin))
        if not forwards or cut is None:
            break
        start, content_start = cut.index, _content_start(cut)
        origin = _origin(cut.block)
        forward_subject = is_forward_subject(cut.block.subject) if cut.block else False
    return parts, top_cut


def _content_start(cut: Cut) -> int:
    return cut.block.end if cut.block else cut.index + 1


def _origin(block: HeaderBlock | None) -> Origin | None:
    if block is None:
        return None
    return Origin(sender=block.author, date=block.date, subject=block.subject)


def _reply_origin(lines: list[str], own: _Part, cut: Cut | None) -> Origin | None:
    """The message the writer answers: the first quote's author in the writer's part, else
    the header block under which the quoted original starts."""
    quoted = quoted_origin(lines, own.start, cut.index if cut else own.end)
    if quoted is not None:
        return quoted
    if cut is not None and cut.kind is CutKind.REPLY:
        return _origin(cut.block)
    return None


def _section(lines: list[str], part: _Part, subject: str) -> Section:
    """The writer's part is headed by the subject, a forwarded one by its origin."""
    heading = subject or forward_heading(part.origin)
    display = "\n".join(lines[part.start : part.end])
    text = "\n".join(lines[i] for i in part.kept)
    return Section(heading, text, display, None)


def _non_blank_span(lines: list[str], part: _Part) -> list[int]:
    filled = [i for i in range(part.start, part.end) if lines[i].strip()]
    return list(range(filled[0], filled[-1] + 1)) if filled else []
