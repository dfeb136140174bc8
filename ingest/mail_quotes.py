"""Which lines of one part of a mail body are its writer's own words.

A two-line answer on top of a forty-line quoted thread would otherwise be embedded as the
thread, and every message of the thread would look alike to the search. Removed here: `>`
quotes with their attribution ("On ... wrote:", "Am ... schrieb ...:", "在 ... 写道："), a reply
header written just above a quote, PGP armour, gateway banners, disclaimers and list footers
(`mail_footers`), and the signature. Answers written between quotes (interleaved replies on
mailing lists) stay. The result is a list of line indices, so the embedded text is always
the displayed text with whole lines taken out (the chunker relies on that).
"""

from __future__ import annotations

import re

from ingest.documents import Origin
from ingest.mail_attribution import attribution_origin, attribution_start
from ingest.mail_footers import drop_banners, drop_footers
from ingest.mail_header_block import header_block_at, is_from_line

# ">" quoting, and Supercite's initials before it ("LK> ..."), which Emacs mail readers write.
_QUOTED = re.compile(r"^[ \t]*(?:>|[A-Za-z]{1,5}>(?=[ \t>]|$))")
_RULE = re.compile(r"^\s*_{10,}\s*$")
_SIGNATURE = re.compile(r"^(-- ?|—)$")
_MAX_SIGNATURE_LINES = 15
_MAX_FOOTER_LINES = 8
_MAX_HEADER_ABOVE_QUOTE = 6
_PGP_SIGNATURE = ("-----BEGIN PGP SIGNATURE-----", "-----END PGP SIGNATURE-----")
_PGP_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----"


def is_quoted(line: str) -> bool:
    return _QUOTED.match(line) is not None


def own_lines(lines: list[str], start: int, end: int) -> list[int]:
    """Indices of the lines in `lines[start:end]` that are the writer's own words."""
    kept = _drop_quotes(lines, start, end)
    kept = _drop_pgp_armour(lines, kept)
    kept = drop_footers(lines, drop_banners(lines, kept))
    kept = kept[: _signature_start(lines, kept)]
    return _collapse_blank_runs(lines, kept)


def quoted_origin(lines: list[str], start: int, end: int) -> Origin | None:
    """Who wrote the first `>` quote in `lines[start:end]`: its attribution, else a header
    block quoted at its top ("> From: ... > Sent: ...")."""
    for index in range(start, end):
        if not is_quoted(lines[index]) or (index > start and is_quoted(lines[index - 1])):
            continue
        above = attribution_start(lines, index, start)
        if above is not None:
            return attribution_origin(lines, above, index)
        return _quoted_block_origin(lines, index, end)
    return None


def _quoted_block_origin(lines: list[str], index: int, end: int) -> Origin | None:
    unquoted = [_QUOTED.sub("", line, count=1).strip() for line in lines[index : index + 12]]
    for offset, line in enumerate(unquoted[:3]):
        block = header_block_at(unquoted, offset) if is_from_line(line) else None
        if block is not None and index + offset < end:
            return Origin(block.author, block.date, block.subject)
    return None


def _drop_quotes(lines: list[str], start: int, end: int) -> list[int]:
    kept: list[int] = []
    for index in range(start, end):
        if not is_quoted(lines[index]):
            kept.append(index)
        elif index == start or not is_quoted(lines[index - 1]):
            _drop_attribution(lines, kept, index, start)
    return kept


def _drop_attribution(lines: list[str], kept: list[int], quote: int, floor: int) -> None:
    """Remove from `kept` the attribution or reply header just above the quote at `quote`."""
    first = attribution_start(lines, quote, floor)
    if first is None:
        first = _header_above(lines, quote, floor)
    if first is not None:
        kept[:] = [i for i in kept if i < first]


def _header_above(lines: list[str], quote: int, floor: int) -> int | None:
    """The start of a "From: ... Date: ..." block that ends just above a quote."""
    end = quote
    while end > floor and not lines[end - 1].strip():
        end -= 1
    for start in range(max(floor, end - _MAX_HEADER_ABOVE_QUOTE), end):
        if is_from_line(lines[start]) and (start == floor or not lines[start - 1].strip()):
            block = header_block_at(lines, start)
            if block is not None and block.end >= end:
                return start
    return None


def _drop_pgp_armour(lines: list[str], kept: list[int]) -> list[int]:
    result: list[int] = []
    inside = False
    for index in kept:
        stripped = lines[index].strip()
        if stripped == _PGP_SIGNATURE[0]:
            inside = True
        elif inside:
            inside = stripped != _PGP_SIGNATURE[1]
        elif stripped != _PGP_SIGNED and not _is_hash_line(lines, result, index):
            result.append(index)
    return result


def _is_hash_line(lines: list[str], result: list[int], index: int) -> bool:
    return not any(lines[i].strip() for i in result) and lines[index].startswith("Hash: ")


def _signature_start(lines: list[str], kept: list[int]) -> int:
    """Position in `kept` of the signature delimiter or list footer rule that only a few
    lines follow, or len(kept)."""
    filled_after = [0] * (len(kept) + 1)
    for position in range(len(kept) - 1, -1, -1):
        filled = 1 if lines[kept[position]].strip() else 0
        filled_after[position] = filled_after[position + 1] + filled
    for position, index in enumerate(kept):
        tail = filled_after[position + 1]
        if _SIGNATURE.match(lines[index]) and tail <= _MAX_SIGNATURE_LINES:
            return position
        if _RULE.match(lines[index]) and tail <= _MAX_FOOTER_LINES:
            return position
    return len(kept)


def _collapse_blank_runs(lines: list[str], kept: list[int]) -> list[int]:
    result: list[int] = []
    for index in kept:
        if lines[index].strip() or (result and lines[result[-1]].strip()):
            result.append(index)
    while result and not lines[result[-1]].strip():
        result.pop()
    return result
