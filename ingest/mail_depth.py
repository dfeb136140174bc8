"""Reading mail whose MIME parts nest deeper than the stdlib parser can recurse.

The `email` package parses each nested multipart with a recursive generator, so a message
nested 1500 deep (hostile, or a mail loop that wrapped itself) raises RecursionError and
would be recorded as malformed with its text lost. Such a message is rewritten, one line at
a time and without recursion, so that every multipart below `MAX_DEPTH` is dissolved into
its nearest kept ancestor: its own headers, preamble and closing line are dropped, and its
children's boundary lines are renamed to the ancestor's boundary. The leaves (the text)
are all kept, in order; only the grouping of the deepest levels is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_DEPTH = 64  # multipart levels kept as they are; far below the parser's recursion limit
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\s;]+)"?', re.IGNORECASE)
_MULTIPART = re.compile(rb"^content-type:\s*multipart/", re.IGNORECASE | re.MULTILINE)


@dataclass
class _Level:
    own: bytes  # the boundary this multipart declared
    written: bytes  # the boundary its children are written under (an ancestor's if dissolved)


@dataclass
class _Flattener:
    max_depth: int
    out: list[bytes] = field(default_factory=list)
    stack: list[_Level] = field(default_factory=list)
    headers: list[bytes] = field(default_factory=list)
    in_headers: bool = True
    skipping: bool = False  # in the preamble of a dissolved multipart
    opening: bytes | None = None  # the boundary line that starts the part whose headers run

    def line(self, line: bytes) -> None:
        if self.in_headers:
            self._header_line(line)
            return
        delimits = line.startswith(b"--") and self._boundary_line(line.rstrip())
        if not delimits and not self.skipping:
            self.out.append(line)

    def _header_line(self, line: bytes) -> None:
        if line.strip():
            self.headers.append(line)
            return
        headers = b"".join(self.headers)
        found = _BOUNDARY.search(headers) if _MULTIPART.search(headers) else None
        self.in_headers, self.headers, self.skipping = False, [], False
        if found is not None and len(self.stack) >= self.max_depth:
            self.stack.append(_Level(found.group(1), self.stack[-1].written))
            self.skipping = True  # this part dissolves: its headers and preamble go
            return
        if found is not None:
            self.stack.append(_Level(found.group(1), found.group(1)))
        self.out.extend([self.opening or b"", headers, line])

    def _boundary_line(self, marker: bytes) -> bool:
        """Handle a line that may delimit a part of any open multipart; False if it does not."""
        for depth in range(len(self.stack) - 1, -1, -1):
            level = self.stack[depth]
            if marker == b"--" + level.own:
                del self.stack[depth + 1 :]
                self.opening = b"--" + level.written + b"\n"
                self.in_headers = True
                return True
            if marker == b"--" + level.own + b"--":
                del self.stack[depth:]
                if level.own == level.written:
                    self.out.append(marker + b"\n")
                self.skipping = False
                return True
        return False


def flatten_deep_parts(data: bytes, max_depth: int = MAX_DEPTH) -> bytes:
    """`data` with every multipart nested deeper than `max_depth` dissolved (see above)."""
    flattener = _Flattener(max_depth)
    for line in data.splitlines(keepends=True):
        flattener.line(line)
    if flattener.in_headers:  # a message that ended inside its headers
        flattener.out.extend([flattener.opening or b"", *flattener.headers])
    return b"".join(flattener.out)
