"""Names from the user's files made safe to show on a terminal, in the CLI and the app alike.

A file name, a mail subject or a sender is data from outside: it may hold ESC sequences
(which recolour, retitle or clear the terminal and, on some terminals, do worse), newlines
that forge extra output lines, Unicode bidi overrides that show a name reversed, and bytes
that are not UTF-8 (Python carries them as lone surrogates, which `print` cannot encode).
`printable` escapes each of those visibly, the way Python's repr does, so what is shown is
unambiguous and the terminal only ever receives printable text; everything else, emoji and
every script included, is kept as it is. `json_text` is the same promise for `--json`: the
exact value survives (as a JSON escape) and the line can always be written. `plural` is here
because every count a message shows goes through it ("1 document", "2 documents").
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata

# Explicit bidi embeddings, overrides and isolates, and the Arabic letter mark.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """`text` (str() of it) with control, bidi and undecodable characters escaped visibly."""
    value = str(text)
    if value.isprintable():  # the common case, and fast
        return value
    return "".join(_escape(char) for char in value)


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    category = unicodedata.category(char)
    if category in ("Cc", "Cs") or char in _BIDI_CONTROLS:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char  # spaces, format characters (ZWJ in emoji, soft hyphens) and the rest


def json_text(value: object, **options: object) -> str:
    """`json.dumps(value, ensure_ascii=False)` that can always be printed: lone surrogates
    (file names that are not UTF-8) are written as JSON escapes, which `json.loads` restores."""
    text = json.dumps(value, ensure_ascii=False, **options)  # type: ignore[arg-type]
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`count` and the noun in the form that count takes: "1 document", "0 documents";
    `nouns` for a plural that is not noun + "s" ("1 match", "2 matches")."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def is_terminal(stream: object) -> bool:
    """`stream.isatty()`, False for a stream that has none or is closed."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def silence_stdout() -> None:
    """Point stdout at /dev/null after its reader left (`| head`), so the interpreter's
    exit flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
