"""A note's date and where it came from: front matter, title or file name, first heading, mtime."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ingest
from ingest.note_dates import FRONT_MATTER, HEADING, MODIFIED, TITLE, stated_dates

JAN_14 = datetime(2025, 1, 14, tzinfo=UTC)
# An mtime far from every date the notes state, so a test cannot pass by reading the wrong one.
MTIME = datetime(2021, 6, 3, 12, 0, tzinfo=UTC).timestamp()


def read(path: Path, text: str) -> ingest.Document:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (MTIME, MTIME))
    result = ingest.read(path)
    assert result.failure is None, result.failure
    (document,) = result.documents
    return document


def test_front_matter_date_wins_over_a_date_in_the_title(tmp_path: Path) -> None:
    doc = read(tmp_path / "Zahnarzt 2024-03-01.md", "---\ndate: 2023-03-14\n---\n# Zahnarzt\n\nx\n")
    assert (doc.date, doc.date_source) == (datetime(2023, 3, 14, tzinfo=UTC), FRONT_MATTER)


@pytest.mark.parametrize(
    "name",
    ["Zahnarzt 2025-01-14.md", "Zahnarzt 14.01.2025.md", "看牙 2025年1月14日.md"],
)
def test_a_date_in_the_file_name_is_the_title_date(tmp_path: Path, name: str) -> None:
    doc = read(tmp_path / name, "Kontrolle, alles gut.\n")
    assert (doc.date, doc.date_source) == (JAN_14, TITLE)


@pytest.mark.parametrize(
    "heading",
    [
        "Zahnarzt – zuletzt am 14. Januar 2025",  # German, month name
        "Dentist, January 14, 2025",  # English
        "Dentist 14 January 2025",
        "看牙医 2025年1月14日",  # Chinese
    ],
)
def test_a_date_in_the_first_heading(tmp_path: Path, heading: str) -> None:
    doc = read(tmp_path / "zahnarzt.md", f"## {heading}\n\nKontrolle, alles gut.\n")
    assert (doc.date, doc.date_source) == (JAN_14, HEADING)


def test_the_first_line_of_a_text_note_is_its_heading(tmp_path: Path) -> None:
    doc = read(tmp_path / "zaehler.txt", "Zählerstände 31.12.2024\n\nGas 12345\n")
    assert (doc.date, doc.date_source) == (datetime(2024, 12, 31, tzinfo=UTC), HEADING)


def test_without_a_stated_date_the_mtime_is_the_date_marked_modified(tmp_path: Path) -> None:
    doc = read(tmp_path / "wlan.md", "# WLAN zu Hause\n\nRouter im Flurschrank.\n")
    assert doc.date == datetime.fromtimestamp(MTIME, tz=UTC)
    assert doc.date_source == MODIFIED


def test_a_date_in_the_body_is_not_the_notes_date(tmp_path: Path) -> None:
    """The body may state many dates ("next check 2026-01-01"); only title and heading say
    what the note is dated; retrieval reads body dates for recency (assistant.ask.recency)."""
    doc = read(tmp_path / "auto.md", "# Auto\n\nTÜV fällig am 01.03.2026.\n")
    assert doc.date_source == MODIFIED


def test_impossible_dates_and_long_numbers_are_not_dates() -> None:
    assert list(stated_dates("Rechnung 202501140, 31.02.2025, 2025-13-01")) == []
    assert list(stated_dates("am 3. März 2024 und am 2024-05-01")) == [
        datetime(2024, 3, 3, tzinfo=UTC),
        datetime(2024, 5, 1, tzinfo=UTC),
    ]
