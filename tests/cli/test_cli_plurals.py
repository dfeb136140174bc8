"""Counts read as English: "1 document", "2 documents", "1 folder", in every message.

`plural` is the one helper; the processes check that the messages use it, for one and for
two of a kind, with the sample notes (English, German, Chinese).
"""

from __future__ import annotations

from pathlib import Path

from assistant.display import plural
from tests.cli.cli_process import run, run_fake, sample_notes


def summary(output: str) -> str:
    """The sync's summary line (the FakeEmbedder's index also gets a note about the model)."""
    return next(line for line in output.splitlines() if " indexed, " in line)


def test_plural_takes_the_form_the_count_needs() -> None:
    assert [plural(n, "document") for n in (0, 1, 2)] == [
        "0 documents", "1 document", "2 documents",
    ]  # fmt: skip
    assert (
        plural(1, "match", "matches") == "1 match" and plural(3, "match", "matches") == "3 matches"
    )


def test_one_note_and_two_notes_in_add_status_forget_and_remove(tmp_path: Path) -> None:
    home = tmp_path / "home"
    one, two = (
        sample_notes(tmp_path / "one", "wifi.txt"),
        sample_notes(tmp_path / "two", "Haus.md", "装修记录.md"),
    )
    added = summary(run_fake(home, "add", str(one)).stdout)
    assert added.startswith("1 file: 1 document indexed, 0 unchanged") and " 1 chunk " in added
    added = summary(run_fake(home, "add", str(two)).stdout)
    assert added.startswith("2 files: 2 documents indexed, 0 unchanged"), added
    status = run(home, "status").stdout.splitlines()
    assert any(line.startswith("indexed: 3 documents (3 notes), ") for line in status), status
    forgot = run(home, "forget", str(one / "wifi.txt")).stdout
    assert forgot.startswith(f"forgot 1 document under {one / 'wifi.txt'}: 1 chunk, ")
    assert run(home, "remove", str(two)).stdout == f"removed {two}: 2 documents left the index\n"
    assert run(home, "remove", str(one)).stdout == f"removed {one}: 0 documents left the index\n"
    status = run(home, "status").stdout.splitlines()
    assert "indexed: 0 documents (nothing yet), 0 chunks" in status
