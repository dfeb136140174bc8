"""Cutting encoded binary data out of a mail's text before it is indexed.

Old mail carries attachments inline as uuencoded blocks (`begin 644 name` ... `end`), and
broken writers leave base64 attachments in a text/plain part without MIME headers. Either
way the text holds hundreds of lines of gibberish that would fill chunks, match random
keyword searches and cost embedding time. A uuencoded block is dropped and its file name
noted, like an attachment that is not indexed; a run of base64-alphabet lines is dropped
with a note of its size. Short runs are kept: one long token (a hash, a key fingerprint)
is text someone may search for. A part labelled text whose decoded bytes are binary (an
image sent as base64 text/plain) is recognised here too, and left out by `mail_parts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UU_BEGIN = re.compile(r"^begin(?:-base64)? [0-7]{3,4} (?P<name>\S.*?)\s*$")
_UU_LINE = re.compile(r"^[\x20-\x60]{1,62}$")  # length char + up to 60 data chars
_UU_END = re.compile(r"^end\s*$")
_BASE64_LINE = re.compile(r"^[A-Za-z0-9+/]{40,}={0,2}$")
# a base64 block's shorter last line: padded, or a multiple of 4 with a digit or + or /
_BASE64_TAIL = re.compile(r"^(?:[A-Za-z0-9+/]+={1,2}|(?=.*[0-9+/])(?:[A-Za-z0-9+/]{4})+)$")
MIN_BASE64_LINES = 4  # a run at least this long is data, not text
_SAMPLE_BYTES = 4096
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")  # ESC: ISO-2022-JP switches charsets with it
MAX_CONTROL_SHARE = 0.05  # random bytes hold about 12 % C0 controls; text almost none


@dataclass(frozen=True)
class Cleaned:
    text: str
    notes: tuple[str, ...]


def drop_encoded_blocks(text: str) -> Cleaned:
    """`text` without uuencoded blocks and long base64 runs, and a note for each one."""
    if "begin " not in text and not _has_long_line(text):
        return Cleaned(text, ())
    lines = text.split("\n")
    kept: list[str] = []
    notes: list[str] = []
    index = 0
    while index < len(lines):
        end, note = _encoded_block(lines, index)
        if note is None:
            kept.append(lines[index])
            index += 1
        else:
            notes.append(note)
            index = end
    return Cleaned("\n".join(kept), tuple(notes))


def is_binary_payload(data: bytes, charset: str | None) -> bool:
    """Bytes of a part labelled text that are not text: NULs or many control characters
    (an image or archive sent as text/plain, base64-encoded by the writer)."""
    if (charset or "").lower().startswith(("utf-16", "utf-32")):
        return False  # NULs are how these encode ASCII
    sample = data[:_SAMPLE_BYTES]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return b"\x00" in sample or controls > MAX_CONTROL_SHARE * len(sample)


def _has_long_line(text: str) -> bool:
    return any(len(line) >= 40 and " " not in line for line in text.split("\n"))


def _encoded_block(lines: list[str], start: int) -> tuple[int, str | None]:
    """(the index after the block starting at `start`, its note), or (start, None)."""
    begin = _UU_BEGIN.match(lines[start])
    if begin is not None:
        end = _uuencoded_end(lines, start + 1)
        if end > start + 1:
            return end, f"attachment: {begin.group('name')}: uuencoded, not indexed"
    end = _base64_end(lines, start)
    if end - start >= MIN_BASE64_LINES:
        return end, f"base64 data ({end - start} lines) in the text: not indexed"
    return start, None


def _uuencoded_end(lines: list[str], start: int) -> int:
    """The index after a uuencoded body (and its `end` line) starting at `start`."""
    index = start
    while index < len(lines) and _UU_LINE.match(lines[index].rstrip("\r")):
        index += 1
    if index < len(lines) and _UU_END.match(lines[index]):
        return index + 1
    return index


def _base64_end(lines: list[str], start: int) -> int:
    index = start
    while index < len(lines) and _BASE64_LINE.match(lines[index].strip()):
        index += 1
    long_run = index - start >= MIN_BASE64_LINES
    if long_run and index < len(lines) and _BASE64_TAIL.match(lines[index].strip()):
        index += 1
    return index
