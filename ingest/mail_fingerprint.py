"""The same mail by its content: a fingerprint that copies in other folders share.

One message is often filed more than once, and not always under one Message-ID: Exchange and
Outlook exports write new IDs, and a list archive's copy differs from the personal one. What
the copies keep is what the person wrote, so the fingerprint is made of:
- the sender's address, case-folded (display names are rewritten: "Becker, Ina" / "Ina Becker");
- the Date to the minute, in UTC (converters drop seconds; zones are written differently);
- the subject without reply prefixes and list tags (`normalized_subject`) and without a bug
  tracker's "Bug#123:" (the notmuch duplicate corpus: one mail resent to five bugs);
- the body as shown, quotes included, with whitespace, line wrapping and quote marks
  (re-wrapped quotes move the ">") normalised and a list footer cut off.
Recipients are left out: the sender's Sent copy holds the Bcc that no received copy shows.
Attachments are left out: archives scrub them, and a list's footer may come as a part of its own.

Two different mails do not collide: another sender, another minute, another subject or other
words (quotes count: two one-line "+1" replies to different mails quote different text) each
change it. A mail without a sender, a date or any body text, or whose body is encrypted, gets
no fingerprint: what is left would not tell two mails apart (the notmuch crypto corpora hold
nine encrypted test mails of one sender, minute and subject), so only its Message-ID finds
its copies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from email.utils import parseaddr

from ingest.documents import MAIL, Document
from ingest.mail_header_block import normalized_subject

VERSION = "mail-fingerprint-1"  # a changed definition must not match the old one's values
ATTACHMENT_HEADING = "attachment: "
_TRACKER_TAG = re.compile(r"^bug#\d+\s*:\s*")
_SEPARATOR = re.compile(r"^\s*(?:-+|_{3,}|={3,}|\*{3,}|~{3,})\s*$")  # "-- ", Mailman's "___"
_BRACKETED = re.compile(r"<([^<>\s]+)>\s*$")
_QUOTE_MARKS = re.compile(r"^[\s>|]+")
# How the mail reader notes a body it could not read: what stands in for it is a notice that
# encrypted mails share, so it tells nothing about the content.
UNREADABLE_BODY_NOTE = "encrypted ("
_FOOTER_LINES = 12  # a list footer is a few lines at the very end
# The first line of a list's footer says what it is: English, German, Chinese.
FOOTER_CUES = (
    "mailing list",
    "unsubscribe",
    "subscribed to",
    "listinfo",
    "mailingliste",
    "mailing-liste",
    "abmelden",
    "abbestellen",
    "austragen",
    "邮件列表",
    "退订",
    "订阅",
)


def mail_fingerprint(doc: Document) -> str | None:
    """The content fingerprint of a mail, None for other kinds or too little to go on."""
    if doc.kind != MAIL or not doc.sender or doc.date is None or _body_unreadable(doc):
        return None
    body = normalized_body(_body_text(doc))
    if not body:
        return None
    minute = int(doc.date.timestamp() // 60)  # epoch minutes: year 9999 -0500 has no UTC form
    fields = (VERSION, sender_address(doc.sender), str(minute), subject_key(doc.title))
    digest = hashlib.sha256("\x1f".join((*fields, body)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def sender_address(sender: str) -> str:
    """The address of "Name <addr>", case-folded; the whole text when it holds no address."""
    bracketed = _BRACKETED.search(sender)  # the reader writes "Becker, Bernd <addr>" unquoted
    address = bracketed.group(1) if bracketed else parseaddr(sender)[1]
    return (address if "@" in address else sender).strip().casefold()


def subject_key(subject: str) -> str:
    """The subject as copies share it: `normalized_subject` without tracker tags, which
    may stand before or after list tags and reply prefixes ("Bug#1: [abc] Fix")."""
    key = normalized_subject(subject)
    while True:
        shorter = normalized_subject(_TRACKER_TAG.sub("", key))
        if shorter == key:
            return key
        key = shorter


def normalized_body(text: str) -> str:
    """The body's words in order: footer cut, quote marks dropped, all whitespace one space."""
    lines = without_list_footer(unicodedata.normalize("NFKC", text).splitlines())
    return " ".join(" ".join(_QUOTE_MARKS.sub("", line) for line in lines).split())


def without_list_footer(lines: list[str]) -> list[str]:
    """`lines` up to the footer a mailing list appends: a separator line within the last
    lines whose next non-blank line names a list or how to leave it."""
    first_tail_line = max(0, len(lines) - _FOOTER_LINES)
    for number in range(first_tail_line, len(lines)):
        if _SEPARATOR.match(lines[number]) and _is_footer_line(_next_text(lines, number + 1)):
            return lines[:number]
    return lines


def _next_text(lines: list[str], start: int) -> str:
    return next((line for line in lines[start:] if line.strip()), "")


def _is_footer_line(line: str) -> bool:
    folded = line.casefold()
    return any(cue in folded for cue in FOOTER_CUES)


def _body_unreadable(doc: Document) -> bool:
    return any(note.startswith(UNREADABLE_BODY_NOTE) for note in doc.notes)


def _body_text(doc: Document) -> str:
    """The message's own text sections, not its attachments (see the module docstring)."""
    return "\n".join(
        section.display_text
        for section in doc.sections
        if section.heading == doc.title or not section.heading.startswith(ATTACHMENT_HEADING)
    )
