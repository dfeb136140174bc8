"""Dropping oversized MIME parts from raw mail bytes before the `email` package parses them.

The stdlib parser keeps a message as lines, then as one string, then decodes attachments:
a 67 MB message with a 50 MB attachment peaked at 702 MB here. Attachments beyond the
limit are never indexed anyway, so their bodies are cut out line by line while the file is
read: the parser only ever sees headers, the body and attachments we will actually read,
and the message records which attachment was left out and why.

Boundaries are learnt from Content-Type headers as they stream past; a part's body is kept
until it exceeds the limit, then everything kept of it is dropped and the rest skipped up to
the next boundary. Bodies are counted in encoded bytes (base64 is 4/3 of the decoded size).
"""

from __future__ import annotations

import re

from ingest.sizes import megabytes

_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\s;]+)"?', re.IGNORECASE)
_NAME = re.compile(rb'(?:file)?name\*?\s*=\s*"?([^";\r\n]+)"?', re.IGNORECASE)
_TYPE = re.compile(rb"content-type:\s*([\w.+-]+/[\w.+-]+)", re.IGNORECASE)
_MAX_HEADER_BYTES = 64 * 1024  # of one part's headers kept for the boundary / name lookup
_ENCODING_OVERHEAD = 1.4  # base64 with line breaks: 78 bytes per 57 decoded


class PartSizeGuard:
    """Feed a message's lines in order; `lines` keeps all but the bodies of oversized parts."""

    def __init__(self, max_part_bytes: int) -> None:
        self.max_encoded = int(max_part_bytes * _ENCODING_OVERHEAD) + 4096
        self.max_part_bytes = max_part_bytes
        self.lines: list[bytes] = []
        self.notes: list[str] = []
        self._opening: set[bytes] = set()
        self._closing: set[bytes] = set()
        self._in_headers = True
        self._headers: list[bytes] = []
        self._body_start = 0
        self._body_bytes = 0
        self._dropping = False

    def add(self, line: bytes) -> None:
        if self._in_headers:
            self._header_line(line)
            return
        marker = line.rstrip() if line.startswith(b"--") else b""
        if marker in self._opening or marker in self._closing:
            self._end_part()
            self.lines.append(line)
            self._in_headers = marker in self._opening  # after a closing one: the epilogue
        else:
            self._body_line(line)

    def finish(self) -> bytes:
        """The kept bytes of the message; call once, after the last line."""
        self._end_part()
        return b"".join(self.lines)

    def _header_line(self, line: bytes) -> None:
        self.lines.append(line)
        if line.strip():
            if sum(map(len, self._headers)) < _MAX_HEADER_BYTES:
                self._headers.append(line)
            return
        found = _BOUNDARY.search(b"".join(self._headers))
        if found:
            self._opening.add(b"--" + found.group(1))
            self._closing.add(b"--" + found.group(1) + b"--")
        self._in_headers, self._body_start, self._body_bytes = False, len(self.lines), 0

    def _body_line(self, line: bytes) -> None:
        self._body_bytes += len(line)
        if self._dropping:
            return
        if self._body_bytes > self.max_encoded:
            del self.lines[self._body_start :]
            self._dropping = True
            return
        self.lines.append(line)

    def _end_part(self) -> None:
        if self._dropping:
            self.notes.append(self._note())
        self._dropping, self._body_bytes, self._headers = False, 0, []

    def _note(self) -> str:
        headers = b"".join(self._headers)
        found = _NAME.search(headers) or _TYPE.search(headers)
        name = found.group(1).decode("utf-8", "replace").strip() if found else "body"
        size = megabytes(int(self._body_bytes / _ENCODING_OVERHEAD))
        limit = megabytes(self.max_part_bytes)
        return (
            f"attachment: {name}: not indexed, larger than the {limit} limit "
            f"(about {size}; index.max_attachment_mb)"
        )
