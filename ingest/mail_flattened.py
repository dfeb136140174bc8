"""Bodies whose line breaks were lost: a list archive's text made from an HTML mail.

LISTSERV archives store some HTML-only mails as one line of text: the page title
("LISTSERV - LIST Archives - LIST.ETSI.ORG") run into the first words, and the whole quoted
thread after them, "-----Original Message-----" included. Nothing can tell the writer's words
from the quoted ones in such a line, so the separators get their own lines back and the page
title is dropped; the quote reader then cuts the history as in any other body.
"""

from __future__ import annotations

import re

_MIN_FLAT_LINE = 1000
_ARCHIVE_TITLE = re.compile(
    r"^LISTSERV - [^\n]{1,80}? Archives - LIST(?:\.[A-Z0-9-]+)*?\.(?:ORG|COM|NET|EU|INT|EDU)"
)
_SEPARATOR = re.compile(
    r"-{3,}\s*(?:original message|ursprüngliche nachricht|forwarded message"
    r"|weitergeleitete nachricht|原始邮件|转发的邮件)\s*-{3,}",
    re.IGNORECASE,
)


def restore_breaks(body: str) -> str:
    """`body` with each overlong line's archive title dropped and its separators on lines
    of their own; other bodies unchanged."""
    if not any(len(line) >= _MIN_FLAT_LINE for line in body.split("\n")):
        return body
    return "\n".join(_restored(line) for line in body.split("\n"))


def _restored(line: str) -> str:
    if len(line) < _MIN_FLAT_LINE:
        return line
    line = _ARCHIVE_TITLE.sub("", line)
    return _SEPARATOR.sub(lambda found: f"\n\n{found.group(0)}\n", line)
