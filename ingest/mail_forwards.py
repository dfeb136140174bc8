"""Recognising forwards: the lines that open a forwarded message, and forward subjects.

A forward is content, unlike quoted history: the person forwarding chose to pass that text
on, and it is often the only copy of it in the mailbox. So a forwarded message must never be
cut away as if it were a quoted reply. Clients mark forwards in their own words: Gmail
"---------- Forwarded message ---------", Apple Mail "Begin forwarded message:", Thunderbird
"-------- Weitergeleitete Nachricht --------", Foxmail "------- 转发的邮件 -------", Lotus
Notes "----- Forwarded by Name/ORG on 01/10/2000 08:14 AM -----". Outlook writes the same
"-----Original Message-----" block for a forward as for a reply, so there the subject
("FW:", "WG:", "TR:", "转发:") is what tells them apart.
"""

from __future__ import annotations

import re
from datetime import datetime

from ingest.documents import Origin

_FORWARD_LINE = re.compile(
    r"^\s*-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré"
    r"|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|vidarebefordrat meddelande"
    r"|videresendt meddelelse|转发的邮件|转发邮件|已转发邮件|轉寄的郵件)\s*-*\s*$",
    re.IGNORECASE,
)
_APPLE_FORWARD = re.compile(
    r"^\s*(?:begin forwarded message|anfang der weitergeleiteten nachricht"
    r"|début du message réexpédié|inicio del mensaje reenviado|开始转发的邮件|以下是转发的邮件)"
    r"\s*[:：]\s*$",
    re.IGNORECASE,
)
_NOTES_FORWARD = re.compile(
    r"^\s*-{3,}\s*(?:forwarded by|weitergeleitet von|转发人)\s+(?P<who>.+?)"
    r"(?:\s+(?:on|am)\s+(?P<when>.+?))?\s*-{3,}\s*$",
    re.IGNORECASE,
)
# The first prefix decides: "Re: Fwd: x" answers a forward, "Fwd: Re: x" forwards a reply.
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)*(?:fw|fwd|wg|tr|rv|enc|doorst|转发|轉寄)\s*[:：]",
    re.IGNORECASE,
)


def is_forward_line(line: str) -> bool:
    """Whether `line` opens a forwarded message in any client's words."""
    return bool(
        _FORWARD_LINE.match(line) or _APPLE_FORWARD.match(line) or _NOTES_FORWARD.match(line)
    )


def is_forward_subject(subject: str) -> bool:
    """Whether the subject says the mail is a forward ("Fwd:", "WG:", "TR:", "转发:")."""
    return bool(_FORWARD_SUBJECT.match(subject))


def forward_heading(origin: Origin | None) -> str:
    """The heading of a forwarded part: whose message it is and when it was written."""
    if origin is None or not (origin.sender or origin.date):
        return "Forwarded message"
    who = f" from {origin.sender}" if origin.sender else ""
    when = f" ({_day(origin.date)})" if origin.date else ""
    subject = f": {origin.subject}" if origin.subject else ""
    return f"Forwarded message{who}{when}{subject}"


def _day(date: datetime) -> str:
    return date.strftime("%Y-%m-%d %H:%M")
