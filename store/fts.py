"""Full-text indexing that works for German, English, Chinese and Japanese alike.

FTS5's unicode61 tokenizer makes one token of a whole run of CJK characters (a Chinese sentence
has no spaces), so "会议" could never match "明天的会议在东京"; the trigram tokenizer cannot
match words shorter than three characters. We therefore rewrite CJK runs into overlapping
character bigrams (plus the run's last character, so single-character queries can still match
by prefix) before the text reaches FTS5, and rewrite queries the same way. The FTS table is
contentless: the original text lives in `chunks`, FTS5 only needs the rewritten tokens.

Queries are never passed to FTS5 as syntax: every term is quoted, so a user's `"`, `*`, `NEAR(`,
`AND` or `:` can only ever be searched for, not interpreted.
"""

from __future__ import annotations

import re
import unicodedata

from store.cjk import CJK

_CJK_RUN = re.compile(f"[{CJK}]+")
# A query term: a CJK run, or a run of letters/digits that are not CJK.
_TERM = re.compile(f"[{CJK}]+|(?:(?![{CJK}])[^\\W_])+")
MAX_QUERY_TERMS = 32


def fold(text: str) -> str:
    """Width/compatibility folding and case folding shared by documents and queries.

    NFKC turns full-width ASCII and half-width katakana into their usual forms; casefold turns
    "ß" into "ss" so "Straße" and "Strasse" meet (unicode61 then strips umlaut diacritics).
    """
    return unicodedata.normalize("NFKC", text).casefold()


def _bigrams(run: str) -> list[str]:
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*pairs, run[-1]]


def index_text(text: str) -> str:
    """The token stream FTS5 stores for `text`: CJK runs become bigrams + the final character."""
    folded = fold(text)
    return _CJK_RUN.sub(lambda m: " " + " ".join(_bigrams(m.group())) + " ", folded)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def query_terms(query: str) -> list[str]:
    """FTS5 operands for a user query, each a quoted string (or quoted prefix for one CJK char)."""
    terms: list[str] = []
    for match in _TERM.finditer(fold(query)):
        word = match.group()
        if not _CJK_RUN.fullmatch(word):
            terms.append(_quote(word))
        elif len(word) == 1:
            # A lone character is stored as the start of a bigram or as a run's last character.
            terms.append(_quote(word) + "*")
        else:
            terms.extend(_quote(word[i : i + 2]) for i in range(len(word) - 1))
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def match_expression(query: str, operator: str = "AND") -> str | None:
    """A safe FTS5 MATCH string joining the query's terms, or None when it has no words."""
    if operator not in ("AND", "OR"):
        raise ValueError("operator must be AND or OR")
    terms = query_terms(query)
    return f" {operator} ".join(terms) if terms else None
