"""The one sanitiser for names shown on a terminal (issue 11 H), and JSON that always prints."""

from __future__ import annotations

import json

import pytest

from assistant.display import json_text, printable


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\x1b[31mred\x1b]0;title\x07.md", "evil\\x1b[31mred\\x1b]0;title\\x07.md"),
        ("two\nlines.md", "two\\nlines.md"),
        ("tab\there", "tab\\there"),
        ("csi\x9b2J.md", "csi\\x9b2J.md"),
        ("nul\x00.md", "nul\\x00.md"),
        ("gpj.\u202eexe", "gpj.\\u202eexe"),
        (b"caf\xe9.md".decode("utf-8", "surrogateescape"), "caf\\xe9.md"),
    ],
)
def test_control_bidi_and_undecodable_characters_are_escaped_visibly(name: str, shown: str) -> None:
    assert printable(name) == shown
    assert printable(name).isprintable()


@pytest.mark.parametrize(
    "name", ["plain.md", "地板 报价.pdf", "שלום.txt", "👨‍👩‍👧 family.md", "café.md", "a b\u00a0c"]
)
def test_ordinary_names_of_any_script_are_kept(name: str) -> None:
    assert printable(name) == name


def test_json_text_keeps_the_exact_name_and_can_always_be_encoded() -> None:
    name = b"caf\xe9\x1b.md".decode("utf-8", "surrogateescape")
    line = json_text({"path": name, "title": "地板"})
    line.encode("utf-8")  # print() would raise on a lone surrogate
    assert "地板" in line and "\\u001b" in line
    assert json.loads(line)["path"] == name
