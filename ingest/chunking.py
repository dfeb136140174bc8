"""`chunk(document, count_tokens)`: token-bounded chunks whose hashes survive small edits.

Greedy packing ("fill to 300 tokens, cut, repeat") makes every boundary depend on all the
text before it, so one edited paragraph would re-embed the rest of a long note. Here a cut
is placed at a gap between pieces (see `segment`) when that gap's key, (boundary level,
hash of the piece before it), is the smallest of all gaps within `target/2` tokens on either
side. That decision looks only at nearby text, so an edit moves at most the cuts near it and
only the chunks around the edit change. Cuts are at least `target/2` tokens apart and, on
average, about `target` apart; a stretch without an eligible cut is bisected at its best gap.
Consecutive chunks of one section overlap by a few trailing sentences of the previous one.
"""

from __future__ import annotations

import hashlib

from ingest.documents import Chunk, Document, Section, chunk_hash
from ingest.overlap import Span, overlap_start
from ingest.segment import Piece, longest_prefix, split_pieces, word_starts
from ingest.spans import offset_mapper
from ingest.tokens import MAX_CHARS_PER_TOKEN, TokenCounter


def chunk(
    document: Document,
    count_tokens: TokenCounter,
    target_tokens: int = 300,
    max_tokens: int = 1000,
    overlap_tokens: int = 40,
) -> list[Chunk]:
    """The chunks of every section in order; no chunk's text exceeds `max_tokens` tokens.

    Chunk text is a slice of the section's `text`; `char_start`/`char_end` are offsets into
    the section's `display_text` (identical to `text` for notes and PDFs).
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    target = max(1, min(target_tokens, max_tokens))
    overlap = max(0, min(overlap_tokens, max_tokens // 4, target // 2))
    chunks: list[Chunk] = []
    for index, section in enumerate(document.sections):
        title = section.heading or document.title
        spans = _section_spans(section.text, count_tokens, target, max_tokens, overlap)
        chunks += _make_chunks(section, index, title, spans, len(chunks))
    return chunks


def _section_spans(
    text: str, count: TokenCounter, target: int, max_tokens: int, overlap: int
) -> list[Span]:
    """(start, end, tokens) of each chunk of one section's text, overlap included."""
    if not text.strip():
        return []
    cap = max(1, min(2 * target, max_tokens - overlap))
    pieces = split_pieces(text, min(target, cap), count)
    groups: list[list[Piece]] = []
    for group in _group_at_cuts(text, pieces, target):
        groups += _bisect_oversized(group, cap)
    spans: list[Span] = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        begin = overlap_start(text, spans[-1], overlap, count) if spans and overlap else None
        spans += _fit(text, start if begin is None else begin, start, end, max_tokens, count)
    return spans


def _group_at_cuts(text: str, pieces: list[Piece], target: int) -> list[list[Piece]]:
    radius = max(1, target // 2)
    positions = _cumulative(pieces)
    total = positions[-1] if positions else 0
    keys = [(p.level_after, _text_hash(text[p.start : p.end])) for p in pieces]
    groups: list[list[Piece]] = []
    first = 0
    for gap in range(len(pieces) - 1):
        if radius <= positions[gap] <= total - radius and _is_local_minimum(
            gap, keys, positions, radius
        ):
            groups.append(pieces[first : gap + 1])
            first = gap + 1
    groups.append(pieces[first:])
    return [g for g in groups if g]


def _is_local_minimum(
    gap: int, keys: list[tuple[int, int]], positions: list[int], radius: int
) -> bool:
    """Whether gap's key is strictly below every other gap's within `radius` tokens."""
    last = len(keys) - 1  # the final piece has no gap after it
    for step in (-1, 1):
        other = gap + step
        while 0 <= other < last and abs(positions[other] - positions[gap]) < radius:
            if keys[other] <= keys[gap]:
                return False
            other += step
    return True


def _bisect_oversized(group: list[Piece], cap: int) -> list[list[Piece]]:
    """Split a group over `cap` tokens at its best gap near the middle, recursively."""
    total = sum(p.tokens for p in group)
    if total <= cap or len(group) < 2:
        return [group]
    positions = _cumulative(group)
    middle = total / 2
    best = min(
        range(len(group) - 1),
        key=lambda gap: (group[gap].level_after, abs(positions[gap] - middle), gap),
    )
    if not total / 4 <= positions[best] <= 3 * total / 4:
        best = min(range(len(group) - 1), key=lambda gap: (abs(positions[gap] - middle), gap))
    return _bisect_oversized(group[: best + 1], cap) + _bisect_oversized(group[best + 1 :], cap)


def _fit(
    text: str, begin: int, start: int, end: int, max_tokens: int, count: TokenCounter
) -> list[Span]:
    """The span text[begin:end] if it fits; else without overlap; else cut by words."""
    for first in (begin, start) if begin < start else (start,):
        tokens = count(text[first:end])
        if tokens <= max_tokens:
            return [(first, end, tokens)]
    spans: list[Span] = []
    while start < end:  # the joined pieces count more tokens than their sum: rare
        stop = _longest_fitting_end(text, start, end, max_tokens, count)
        piece = text[start:stop].rstrip()
        spans.append((start, start + len(piece), count(piece)))
        start = stop
    return spans


def _longest_fitting_end(text: str, start: int, end: int, limit: int, count: TokenCounter) -> int:
    """The furthest word start (else character) up to which text[start:] fits `limit`."""
    ends = [*word_starts(text, start, end), end]
    best = longest_prefix(text, start, ends, limit, count)
    if best >= 0:
        return ends[best]
    ends = list(range(start + 1, min(end, start + limit * MAX_CHARS_PER_TOKEN) + 1))
    return ends[max(0, longest_prefix(text, start, ends, limit, count))]


def _make_chunks(
    section: Section,
    section_index: int,
    title: str,
    spans: list[Span],
    first_ordinal: int,
) -> list[Chunk]:
    to_display = offset_mapper(section.text, section.display_text)
    chunks = []
    for offset, (start, end, tokens) in enumerate(spans):
        text = section.text[start:end]
        chunks.append(
            Chunk(
                ordinal=first_ordinal + offset,
                text=text,
                title=title,
                page=section.page,
                char_start=to_display(start),
                char_end=to_display(end),
                token_count=tokens,
                content_hash=chunk_hash(title, text),
                section_index=section_index,
                ocr=section.ocr,
            )
        )
    return chunks


def _cumulative(pieces: list[Piece]) -> list[int]:
    """Token position at the end of each piece."""
    positions, total = [], 0
    for piece in pieces:
        total += piece.tokens
        positions.append(total)
    return positions


def _text_hash(text: str) -> int:
    """A stable pseudo-random number for a piece's text (Python's hash() is salted per run)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")
