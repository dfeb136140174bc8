"""Sentences of a passage, for showing the one that answers a question (assistant.ask.key_sentence).

The chunker's own splitter (ingest.segment) cuts at every line break, which is right for
choosing chunk boundaries but wrong for highlighting: mail is hard-wrapped at 72 or so
columns, and a sentence that runs over three lines must be marked whole. Here a line break
ends a sentence only where the line before it is short (a greeting, a sign-off, a name, an
address) or the next line starts a list item; a blank line always does.

A period ends a sentence only before whitespace and a word that does not start in lower case,
and not after an abbreviation ("z. B.", "Dr.", "Tel."), a single letter (an initial) or a
one- or two-digit number (the German ordinal of "19. November"). Decimals, times and dates
("14.30", "2.340,00", "19.11.2024") have no space after their dots, so they never end one.
Chinese and Japanese end sentences with 。！？ whether or not a space follows.
"""

from __future__ import annotations

import itertools
import re

Span = tuple[int, int]

WRAPPED_LINE = 40  # cells: a shorter line ends where it ends (a name, a greeting)
_WRAP_SHARE = 0.6  # of a paragraph's longest line: shorter lines were not wrapped
MAX_SENTENCE = 400  # characters; a longer run without punctuation is cut at its lines
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_LATIN_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_CJK_END = re.compile(r"[。！？]+[\"'”’」』）)]*")
_WORD_BEFORE = re.compile(r"([^\s(\[\"'„“‚‘«]*)$")
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•·–>]|\d{1,2}[.)]|[a-z][.)])\s")
# After these a period is part of the word (German and English), casefolded, dots inside.
ABBREVIATIONS = frozenset(
    {
        "z.b", "u.a", "d.h", "bzw", "ca", "usw", "etc", "vgl", "nr", "str", "dr", "prof",
        "hr", "fr", "mr", "mrs", "ms", "st", "e.g", "i.e", "vs", "jr", "sr", "no", "abs",
        "tel", "inkl", "ggf", "evtl", "geb", "mio", "mrd", "s.o", "s.u", "u.ä", "o.ä", "z.t",
        "bspw", "dipl", "ing", "mob", "fax", "incl", "approx", "dept", "min", "max", "ff",
        "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov",
        "dez", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "mo", "di", "mi", "do",
        "sa", "so", "tsd", "zzgl", "gmbh", "co", "corp", "inc", "ltd", "bzgl", "ua",
    }
)  # fmt: skip


def sentence_spans(text: str) -> list[Span]:
    """The (start, end) offsets of each sentence of `text`, in order, without the whitespace
    around them."""
    spans: list[Span] = []
    begin = 0
    for gap in _PARAGRAPH.finditer(text):
        spans += _paragraph_sentences(text, begin, gap.start())
        begin = gap.end()
    spans += _paragraph_sentences(text, begin, len(text))
    return spans


def _paragraph_sentences(text: str, start: int, end: int) -> list[Span]:
    cuts = sorted(set(_line_cuts(text, start, end) + _punctuation_cuts(text, start, end)))
    spans: list[Span] = []
    begin = start
    for cut in [*cuts, end]:
        span = _trimmed(text, begin, cut)
        if span is not None:
            spans += _shortened(text, span)
        begin = cut
    return spans


def _line_cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets just after the line breaks of a paragraph that end a sentence."""
    lines = text[start:end].split("\n")
    longest = max(cell_len(line.rstrip()) for line in lines)
    wrapped = max(WRAPPED_LINE, _WRAP_SHARE * longest)
    cuts, offset = [], start
    for line, following in itertools.pairwise(lines):
        offset += len(line) + 1
        stripped = line.rstrip()
        if (
            cell_len(stripped) < wrapped
            or stripped.endswith((":", "："))
            or _LIST_ITEM.match(following)
        ):
            cuts.append(offset)
    return cuts


def _punctuation_cuts(text: str, start: int, end: int) -> list[int]:
    cuts = [m.end() for m in _CJK_END.finditer(text, start, end)]
    for match in _LATIN_END.finditer(text, start, end):
        if _ends_sentence(text, match.start(), match.end(), end):
            cuts.append(match.end())
    return cuts


def _ends_sentence(text: str, stop: int, after: int, end: int) -> bool:
    """Whether the punctuation at text[stop:after] ends a sentence (see the module)."""
    following = text[after:end].lstrip()
    if following[:1].islower():
        return False  # "z. B. bei", "etc. and", "... go ahead"
    if text[stop] != ".":
        return True  # ! ? …
    word = _WORD_BEFORE.search(text, max(0, stop - 30), stop)
    before = word.group(1).casefold() if word else ""
    if not before:
        return True
    return not (
        before.rstrip(".") in ABBREVIATIONS
        or (len(before) == 1 and before.isalpha())
        or (before.isdigit() and len(before) <= 2)
    )


def cell_len(line: str) -> int:
    """Columns `line` takes on a terminal: CJK (wide) characters are two."""
    return len(line) if line.isascii() else len(line) + len(_WIDE.findall(line))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _shortened(text: str, span: Span) -> list[Span]:
    """A sentence too long to read as one (a run without punctuation) cut at its lines."""
    start, end = span
    if end - start <= MAX_SENTENCE or "\n" not in text[start:end]:
        return [span]
    pieces, begin = [], start
    for index in [i + 1 for i in range(start, end) if text[i] == "\n"] + [end]:
        piece = _trimmed(text, begin, index)
        if piece is not None:
            pieces.append(piece)
        begin = index
    return pieces
