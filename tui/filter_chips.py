"""The user's filters kept in view: the evidence panel's title names them while they apply.

The question box takes them as `kind:mail since:2024-03` words (assistant.ask.filter_tokens);
the turn that used them keeps the words, and the panel's title shows what they were read as,
so a person sees why a source is missing without opening the help.
"""

from __future__ import annotations

EVIDENCE = "Evidence"


def evidence_title(filters: tuple[str, ...]) -> str:
    """ "Evidence", or "Evidence · kind mail · since 2024-03-01" while filters apply."""
    return " · ".join((EVIDENCE, *filters))
