"""Where the writer's part of a body ends: a quoted original below it, or a forward.

Outlook, Lotus Notes and webmail do not `>`-quote: they write the old message whole under a
separator ("-----Original Message-----", "-----Ursprüngliche Nachricht-----", "----- 原始邮件
-----", a rule of underscores) or under a bare header block ("From: / Sent: / To: / Subject:",
"Von: / Gesendet:", "Från: / Skickat:", "发件人: / 发送时间:", Lotus "Name on 01/09/2000 05:12
PM" + "To: / cc: / Subject:"). Everything below is history, so the first such line ends the
writer's words. The same block is a forward when a forward line opens it or the subject is a
forward's (`mail_forwards`): then what follows is content, read as a part of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ingest.mail_forwards import is_forward_line
from ingest.mail_header_block import HeaderBlock, header_block_at, is_from_line
from ingest.mail_quotes import is_quoted

_ORIGINAL_LINE = re.compile(
    r"^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|originalnachricht|原始邮件"
    r"|原邮件|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht"
    r"|ursprungligt meddelande|originalmeddelande|oprindelig meddelelse)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_BLOCK_SEARCH = 4  # lines below a separator where its header block may start


class CutKind(Enum):
    REPLY = "reply"  # quoted history: display only
    FORWARD = "forward"  # a forwarded message: content


@dataclass(frozen=True)
class Cut:
    kind: CutKind
    index: int  # the first line that is no longer the writer's own
    block: HeaderBlock | None  # the carried message's header block, when it has one


def first_cut(lines: list[str], start: int, forward_subject: bool) -> Cut | None:
    """The first separator or header block in `lines[start:]` outside `>` quotes."""
    seen_content = False
    for index in range(start, len(lines)):
        line = lines[index]
        if is_quoted(line):
            seen_content = True
            continue
        cut = _cut_at(lines, index, forward_subject, seen_content)
        if cut is not None:
            return cut
        seen_content = seen_content or bool(line.strip())
    return None


def _cut_at(lines: list[str], index: int, forward_subject: bool, seen: bool) -> Cut | None:
    line = lines[index]
    kind = CutKind.FORWARD if forward_subject else CutKind.REPLY
    if is_forward_line(line):
        return Cut(CutKind.FORWARD, index, _block_below(lines, index))
    if _ORIGINAL_LINE.match(line):
        return Cut(kind, index, _block_below(lines, index))
    if _RULE.match(line):
        block = _block_below(lines, index)
        return Cut(kind, index, block) if block is not None else None
    if not is_from_line(line) or (index > 0 and lines[index - 1].strip()):
        return None
    if not seen and kind is CutKind.REPLY:
        return None  # a block on top (a patch's "From:" line) is the mail's own text
    block = header_block_at(lines, index)
    return Cut(kind, index, block) if block is not None else None


def _block_below(lines: list[str], index: int) -> HeaderBlock | None:
    for start in range(index + 1, min(len(lines), index + 1 + _BLOCK_SEARCH)):
        if lines[start].strip():
            return header_block_at(lines, start)
    return None
