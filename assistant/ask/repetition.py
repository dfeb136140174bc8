"""Stop an answer that has started to loop.

Small or badly matched models fall into cycles ("Tom Becker / The answer is: / Tom Becker /
The answer is: ...") and would fill `generator.max_answer_tokens` with them, which on a CPU is
a minute of a person watching nonsense. The guard watches the streamed text and says stop once
its end is the same stretch of text three times over; the answer keeps the first copy and says
it was cut. Whitespace runs count as one space, so a loop that varies only its line breaks is
still a loop. Deterministic and cheap: a few hundred string comparisons per piece.
"""

from __future__ import annotations

import re

# A stretch repeated this often at the end of the text is a loop ...
MIN_REPEATS = 3
# ... if the repeats together are at least this long: a line ("Mike O'Brien") three times
# over is a loop, while a short stretch must repeat far more often ("ha ha ha", a Markdown rule
# "|---|---|---|" or a table row of equal values are not loops) ...
MIN_SPAN = 30
SHORT_PERIOD, MIN_SPAN_SHORT = 10, 64
# ... and each is at most this long (longer cycles are rare and costly to look for).
MAX_PERIOD = 400
_SPACE = re.compile(r"\s+")
_SENTENCE_END = frozenset(".!?。！？ ")

CUT_NOTE = {
    "en": "(Answer cut here: it had started repeating itself.)",
    "de": "(Antwort hier abgebrochen: sie wiederholte sich.)",
    "zh": "（回答在此截断：它开始重复自己。）",
}


def loop_at_end(text: str) -> tuple[int, int] | None:
    """(period, repeats) of the loop `text` ends with, or None.

    Any rotation of the cycle counts, so it does not matter where in the cycle the last
    streamed piece ended.
    """
    longest = min(MAX_PERIOD, len(text) // MIN_REPEATS)
    for period in range(1, longest + 1):
        unit = text[-period:]
        repeats, end = 1, len(text) - period
        while end >= period and text[end - period : end] == unit:
            repeats, end = repeats + 1, end - period
        span = MIN_SPAN_SHORT if period < SHORT_PERIOD else MIN_SPAN
        if repeats >= MIN_REPEATS and repeats * period >= span:
            return period, repeats
    return None


class RepetitionGuard:
    """Feed it the answer piece by piece; `feed` says True once the answer loops."""

    def __init__(self) -> None:
        self._raw: list[str] = []
        self._drop = 0  # characters (of the whitespace-folded text) that repeat the first copy

    def feed(self, piece: str) -> bool:
        self._raw.append(piece)
        window = MAX_PERIOD * (MIN_REPEATS + 1)
        tail = _SPACE.sub(" ", "".join(self._raw)[-window:])
        loop = loop_at_end(tail)
        if loop is None:
            return False
        period, repeats = loop
        self._drop = len(tail) - _end_of_first_copy(tail, period, repeats)
        return True

    @property
    def looped(self) -> bool:
        return self._drop > 0

    def kept(self) -> str:
        """The text so far, without the repeats after the loop's first copy."""
        raw = "".join(self._raw)
        if not self._drop:
            return raw
        return raw[: _raw_length_without(raw, self._drop)].rstrip()


def _end_of_first_copy(text: str, period: int, repeats: int) -> int:
    """Where the loop's first copy ends in `text` (which ends with the loop).

    The loop is traced back to where it really began (the text the repeats came from), and
    its first copy runs on to the end of a sentence or word, so that what is kept does not
    end in the middle of one: the detection itself may have caught the cycle mid-sentence.
    """
    start = len(text) - period * repeats
    while start > 0 and text[start - 1] == text[start - 1 + period]:
        start -= 1
    end = start + period
    limit = min(len(text), end + period)
    while end < limit and text[end - 1] not in _SENTENCE_END:
        end += 1
    return end


def _raw_length_without(raw: str, folded_drop: int) -> int:
    """The length of `raw` once its last `folded_drop` characters, counted with whitespace
    runs folded to one, are removed."""
    position, dropped = len(raw), 0
    while position > 0 and dropped < folded_drop:
        if raw[position - 1].isspace():
            while position > 0 and raw[position - 1].isspace():
                position -= 1
        else:
            position -= 1
        dropped += 1
    return position
