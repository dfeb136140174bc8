"""Argument types that turn a question nobody could answer into a usage error (exit 2).

`assistant search ""` used to say "nothing to search for" and exit 0, and `--k 0` searched
for nothing: a script could not tell a typo from a real empty result. Checked while parsing,
these are argparse's usage errors (the usage line, one reason, exit 2) before any model loads.
A question of punctuation or emoji only is not blank: retrieval refuses it with its reason.
"""

from __future__ import annotations

import argparse


def question_text(value: str) -> str:
    """A question or query that is more than whitespace (any script's spaces count)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the question is blank: type what to look for")
    return value


def source_count(value: str) -> int:
    """How many sources to show: a whole number of at least 1."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {count}")
    return count
