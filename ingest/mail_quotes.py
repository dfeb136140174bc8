"""Removing quoted replies, reply headers and signatures from a mail body before embedding.

A two-line answer on top of a forty-line quoted thread would otherwise be embedded as the
thread, and every message of the thread would look alike to the search. The full body is
kept for display; this module only decides which whole lines the embedded text keeps, so
the result is always the input with some lines taken out (the chunker relies on that).
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r"^[ \t]*>")
_ORIGINAL_MESSAGE = re.compile(
    r"^\s*-{2,}\s*(original message|ursprüngliche nachricht|originalnachricht|原始邮件"
    r"|message d'origine|mensaje original|messaggio originale)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_FORWARD_MARKER = re.compile(
    r"-{3,}\s*(forwarded message|weitergeleitete nachricht|转发的邮件|message transféré)",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\s*\**(from|von|发件人|de|van|da)\**\s*[:：]", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\**(sent|gesendet|date|datum|发送时间|时间|envoyé|enviado|to|an|收件人)\**\s*[:：]",
    re.IGNORECASE,
)
_ATTRIBUTION_START = re.compile(r"^\s*(on|am|le|el|il|em|op|den|dne|w dniu|在|于)\b", re.I)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_SIGNATURE = re.compile(r"^(-- ?|—)$")
_MAX_SIGNATURE_LINES = 15
_MAX_FOOTER_LINES = 8
_PGP_SIGNATURE = ("-----BEGIN PGP SIGNATURE-----", "-----END PGP SIGNATURE-----")


def strip_replies(body: str) -> str:
    """`body` without quoted lines, their attribution, reply headers and the signature."""
    lines = body.split("\n")
    lines = lines[: _reply_header_start(lines)]
    lines = _drop_quotes(lines)
    lines = _drop_pgp_armour(lines)
    lines = lines[: _signature_start(lines)]
    kept = _collapse_blank_runs(lines)
    return "\n".join(kept) if kept else "\n".join(_collapse_blank_runs(body.split("\n")))


def _reply_header_start(lines: list[str]) -> int:
    """Where an Outlook-style quoted original begins, or len(lines)."""
    seen_content = False
    for index, line in enumerate(lines):
        if not seen_content:  # a header block at the very top is an attribution, not a cut
            seen_content = bool(line.strip())
            continue
        if _ORIGINAL_MESSAGE.match(line):
            return index
        if _RULE.match(line) and _header_block_within(lines, index + 1, 2):
            return index
        if _HEADER_FROM.match(line) and _is_reply_header(lines, index):
            return index
    return len(lines)


def _is_reply_header(lines: list[str], index: int) -> bool:
    previous = " ".join(lines[max(0, index - 2) : index])
    if _FORWARD_MARKER.search(previous) or (index > 0 and lines[index - 1].strip()):
        return False
    following = lines[index + 1 : index + 4]
    return any(_HEADER_NEXT.match(line) for line in following)


def _header_block_within(lines: list[str], start: int, span: int) -> bool:
    return any(_HEADER_FROM.match(line) for line in lines[start : start + span])


def _drop_quotes(lines: list[str]) -> list[str]:
    kept: list[str] = []
    in_quote = False
    for line in lines:
        quoted = _QUOTED.match(line) is not None
        if quoted and not in_quote:
            _drop_attribution(kept)
        if not quoted:
            kept.append(line)
        in_quote = quoted
    return kept


def _drop_attribution(kept: list[str]) -> None:
    """Remove the "On <date>, <name> wrote:" lines just above a quoted block."""
    end = len(kept)
    while end and not kept[end - 1].strip():
        end -= 1
    block = end
    while block and kept[block - 1].strip():
        block -= 1
    if end and end - block <= 5 and all(_is_header_line(line) for line in kept[block:end]):
        del kept[block:end]  # "From: ...\nDate: ..." above the quote (a reply header)
        return
    if not end or not kept[end - 1].rstrip().endswith((":", "：")):
        return
    start = end - 1
    wrapped = start and kept[start - 1].strip() and not _ATTRIBUTION_START.match(kept[start])
    if wrapped and _ATTRIBUTION_START.match(kept[start - 1]):
        start -= 1
    del kept[start:end]


def _is_header_line(line: str) -> bool:
    return bool(_HEADER_FROM.match(line) or _HEADER_NEXT.match(line))


def _drop_pgp_armour(lines: list[str]) -> list[str]:
    kept: list[str] = []
    inside = False
    for line in lines:
        stripped = line.strip()
        if stripped == _PGP_SIGNATURE[0]:
            inside = True
        elif inside:
            inside = stripped != _PGP_SIGNATURE[1]
        elif stripped != "-----BEGIN PGP SIGNED MESSAGE-----" and not _is_hash_line(kept, line):
            kept.append(line)
    return kept


def _is_hash_line(kept: list[str], line: str) -> bool:
    return not any(k.strip() for k in kept) and line.startswith("Hash: ")


def _signature_start(lines: list[str]) -> int:
    """The first signature delimiter or list footer that only a few lines follow."""
    filled_after = [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        filled_after[index] = filled_after[index + 1] + (1 if lines[index].strip() else 0)
    for index, line in enumerate(lines):
        tail = filled_after[index + 1]
        if _SIGNATURE.match(line) and tail <= _MAX_SIGNATURE_LINES:
            return index
        if _RULE.match(line) and tail <= _MAX_FOOTER_LINES:
            return index
    return len(lines)


def _collapse_blank_runs(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept
