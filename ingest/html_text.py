"""HTML mail bodies -> readable plain text, with the standard library's tolerant parser.

Mail HTML is mostly tables, inline styles and tracking pixels around a few paragraphs. What
we need is the words in reading order with paragraph breaks where blocks end: no scripts,
styles, comments or markup. Quoted replies (<blockquote>, as Gmail and Apple Mail send them)
come out with "> " prefixes, so the plain-text reply stripping removes them too.
`html.parser` never raises on broken markup, needs no extra dependency and is fast enough
for mail-sized documents.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "div", "dl", "dt", "dd", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr",
        "ul", "body", "html",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_BLANK_QUOTE = re.compile(r"[> ]*>")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0
        self._quote_depth = 0

    def _break(self, lines: int = 1, then: str = "") -> None:
        """Line breaks; inside <blockquote> each new line starts with "> " like a text reply."""
        self.parts.append(("\n" + "> " * self._quote_depth) * lines + then)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._skip_depth = 0  # an unclosed <head> ends where the body starts
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag == "blockquote":
            self._quote_depth += 1
            self._break(2)
        elif tag == "br":
            self._break()
        elif tag == "li":
            self._break(then="- ")
        elif tag in _BLOCKS:
            self._break(2)
        elif tag in _CELLS:
            self.parts.append(" ")
        if tag == "pre":
            self._pre_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "blockquote":
            self._quote_depth = max(0, self._quote_depth - 1)
            self._break(2)
        elif tag in _BLOCKS:
            self._break(2)
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._pre_depth:
            self.parts.append(data.replace("\n", "\x00"))  # protected from whitespace folding
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of `html`, one paragraph per block, entities decoded."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    text = "\n".join(_tidy(text.split("\n"))).replace("\x00", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _tidy(lines: list[str]) -> list[str]:
    """Whitespace folded per line; an empty quoted line after another empty line is dropped."""
    kept: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        blank_quote = _BLANK_QUOTE.fullmatch(line) is not None
        if blank_quote and kept and (not kept[-1] or _BLANK_QUOTE.fullmatch(kept[-1])):
            continue
        kept.append(line)
    return kept
