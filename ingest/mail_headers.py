"""Reading mail headers that are RFC 2047-encoded, mis-encoded, repeated or missing.

Messages are parsed with the stdlib's compat32 policy, which leaves header values raw: its
modern header objects were three times slower on real mail and raise on some malformed
values. So decoding happens here, leniently: encoded words in unknown charsets and raw
8-bit bytes are decoded with the same fallbacks as note files. Addresses are split before
their display names are decoded, so an encoded comma in "Müller, Hans" splits nothing.
Message-IDs are kept without angle brackets, the way notmuch stores them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from ingest.decoding import decode_bytes, normalize_text, undo_surrogateescape

_MSG_ID = re.compile(r"<([^<>\s]+)>")
_BARE_ID = re.compile(r"[^\s<>]+@[^\s<>]+")
_WHITESPACE = re.compile(r"\s+")
_ARCHIVE_QUOTED = re.compile(r"^'(.*)'$", re.DOTALL)
_BARE_NAMED = re.compile(r"^\S.*\s[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")
# digits that are neither part of a time (12:30) nor a zone offset (+0100)
_LONG_YEAR = re.compile(r"(?<![\d:+-])(\d{3,})(?![\d:])")


def header_text(message: Message, name: str) -> str:
    """The decoded value of the first `name` header, "" when absent or unreadable."""
    values = header_texts(message, name)
    return values[0] if values else ""


def header_texts(message: Message, name: str) -> list[str]:
    """Decoded values of every `name` header (mail with two Cc: lines exists)."""
    return [_clean(decode_header_value(value)) for value in _raw_values(message, name)]


def addresses(message: Message, *names: str) -> tuple[str, ...]:
    """Every address in the named headers as "Name <addr>" or "addr", in order, unique."""
    found: list[str] = []
    for name in names:
        for display, address in getaddresses(_raw_values(message, name)):
            display, address = _split_bare_address(display, address)
            formatted = _format_address(_clean(decode_header_value(display)), _clean(address))
            if formatted and formatted not in found:
                found.append(formatted)
    return tuple(found)


def subject_text(message: Message) -> str:
    """The Subject, without the single quotes some list archives (LISTSERV's export) wrap
    around the whole of it."""
    subject = header_text(message, "Subject")
    quoted = _ARCHIVE_QUOTED.match(subject)
    return quoted.group(1).strip() if quoted else subject


def _split_bare_address(display: str, address: str) -> tuple[str, str]:
    """("", 'Jane Doe jane@x.org') -> ("Jane Doe", "jane@x.org"): a From written without
    angle brackets, which the stdlib leaves as one address with spaces in it."""
    if display or not _BARE_NAMED.match(address):
        return display, address
    name, _, bare = address.rpartition(" ")
    return name.strip().strip('"').strip(), bare


def message_id(message: Message) -> str | None:
    ids = message_ids(header_text(message, "Message-ID"))
    return ids[0] if ids else None


def thread_id(message: Message, own_id: str | None) -> str | None:
    """The first ID of References, else In-Reply-To, else the message's own ID."""
    for name in ("References", "In-Reply-To"):
        ids = message_ids(header_text(message, name))
        if ids:
            return ids[0]
    return own_id


def parent_ids(message: Message) -> tuple[str | None, tuple[str, ...]]:
    """The In-Reply-To parent and the References chain (oldest first), as JWZ threading reads
    them: In-Reply-To's first ID only, since some clients put an address after it."""
    replied = message_ids(header_text(message, "In-Reply-To"))
    chain = message_ids(" ".join(header_texts(message, "References")))
    return (replied[0] if replied else None), tuple(dict.fromkeys(chain))


def message_ids(value: str) -> list[str]:
    """IDs in a header value; tolerates IDs written without angle brackets."""
    ids = _MSG_ID.findall(value)
    if not ids and value.strip():
        ids = _BARE_ID.findall(value)
    return ids


def message_date(message: Message) -> datetime | None:
    """The Date header, else the newest Received stamp; naive values are taken as UTC."""
    for value in [header_text(message, "Date"), *_received_dates(message)]:
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def parse_date(value: str) -> datetime | None:
    """The date as written, or None: never a year the writer did not write.

    The stdlib turns every year below 100 into 19xx/20xx, which is RFC 5322's rule for
    two-digit years but also turned a written "0001" into 2001; a year of three or more
    digits is taken as written, and one that no datetime can hold (0, 10000) is unknown.
    """
    if not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value)
        written = _written_year(value)
        if written is not None and written != parsed.year:
            parsed = parsed.replace(year=written)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _written_year(value: str) -> int | None:
    """The year in `value` when it is written with three or more digits."""
    years = _LONG_YEAR.findall(value)
    return int(years[0]) if years else None


def _received_dates(message: Message) -> list[str]:
    """The date after the last ";" of each Received header, topmost (newest) first."""
    return [value.rpartition(";")[2] for value in header_texts(message, "Received")]


def _raw_values(message: Message, name: str) -> list[str]:
    return [str(value) for value in message.get_all(name) or []]


def decode_header_value(value: object) -> str:
    """RFC 2047 encoded words decoded, each with its charset or a guess; never raises."""
    text = str(value)
    if "=?" not in text:
        return text
    try:
        chunks = decode_header(text)
    except Exception:  # malformed encoded words: show them as they are
        return text
    return "".join(
        chunk if isinstance(chunk, str) else decode_bytes(chunk, charset).text
        for chunk, charset in chunks
    )


def _clean(value: str) -> str:
    return _WHITESPACE.sub(" ", normalize_text(undo_surrogateescape(value))).strip()


def _format_address(display: str, address: str) -> str:
    display, address = display.strip(), address.strip()
    if display and address and display.lower() != address.lower():
        return f"{display} <{address}>"
    return address or display
