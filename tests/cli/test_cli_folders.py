"""`add`, `remove` and `forget` say what they did, as real processes in a fresh home.

Adding a registered folder again, one inside it or one around it changes nothing that is
not needed and says so; `remove` drops the folder's documents without touching the last
sync (no other folder was looked at); `forget` of a path that is not in the index is an
error a script can see. Notes are the samples in English, German and Chinese.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_process import run, run_fake, sample_notes

NOTES = ("Haus.md", "wifi.txt", "装修记录.md")


def roots_of(home: Path) -> list[str]:
    return json.loads((home / "roots.json").read_text(encoding="utf-8"))["roots"]


def test_adding_a_registered_folder_again_says_so_and_changes_nothing(tmp_path: Path) -> None:
    home, notes = tmp_path / "home", sample_notes(tmp_path / "notes", *NOTES)
    first = run_fake(home, "add", str(notes))
    assert first.returncode == 0 and first.stdout.startswith(f"added {notes}\n"), first.stderr
    synced = (home / "last_sync.json").read_text(encoding="utf-8")
    again = run_fake(home, "add", str(notes) + "/")
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"{notes} is registered already; nothing changed (`assistant index` syncs it)\n"
    )
    assert roots_of(home) == [str(notes)]
    assert (home / "last_sync.json").read_text(encoding="utf-8") == synced, "no second sync"


def test_adding_a_folder_inside_a_registered_one_says_it_is_covered(tmp_path: Path) -> None:
    home, notes = tmp_path / "home", sample_notes(tmp_path / "notes", *NOTES)
    (notes / "Keller").mkdir()
    assert run(home, "add", str(notes), "--no-index").returncode == 0
    inside = run(home, "add", str(notes / "Keller"), "--no-index")
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout == (
        f"{notes / 'Keller'} is inside the registered folder {notes}, "
        "whose syncs index it already\n"
    )
    assert roots_of(home) == [str(notes)]


def test_adding_a_folder_around_registered_ones_says_it_takes_their_place(tmp_path: Path) -> None:
    home, files = tmp_path / "home", tmp_path / "files"
    german, chinese = (
        sample_notes(files / "de", "Haus.md"),
        sample_notes(files / "zh", "装修记录.md"),
    )
    for folder in (german, chinese):
        assert run(home, "add", str(folder), "--no-index").returncode == 0
    around = run(home, "add", str(files), "--no-index")
    assert around.returncode == 0, around.stderr
    assert around.stdout == (
        f"added {files}; it holds 2 registered folders ({german}, {chinese}), "
        "now indexed as part of it\n"
    )
    assert roots_of(home) == [str(files)]


def test_remove_drops_the_documents_and_keeps_the_last_sync(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kept, gone = sample_notes(tmp_path / "kept", "Haus.md"), sample_notes(tmp_path / "gone", *NOTES)
    for folder in (kept, gone):
        assert run_fake(home, "add", str(folder)).returncode == 0
    synced = json.loads((home / "last_sync.json").read_text(encoding="utf-8"))
    removed = run(home, "remove", str(gone))  # no embedder needed: nothing is embedded
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout == f"removed {gone}: 3 documents left the index\n"
    assert json.loads((home / "last_sync.json").read_text(encoding="utf-8")) == synced
    status = json.loads(run(home, "status", "--json").stdout)
    assert (status["roots"], status["documents"]) == ([str(kept)], 1)
    assert status["last_sync"]["finished_at"] == synced["finished_at"]


def test_forget_of_a_path_not_in_the_index_fails_with_one_line(tmp_path: Path) -> None:
    home, notes = tmp_path / "home", sample_notes(tmp_path / "notes", *NOTES)
    assert run_fake(home, "add", str(notes)).returncode == 0
    for missing in (notes / "Garten.md", notes / "没有.md", tmp_path / "elsewhere"):
        done = run(home, "forget", str(missing))
        assert done.returncode == 1 and done.stdout == ""
        assert (
            done.stderr == f"assistant: nothing in the index under {missing}; nothing forgotten\n"
        )
        as_json = run(home, "forget", str(missing), "--json")
        assert as_json.returncode == 1 and json.loads(as_json.stdout)["documents"] == 0
    forgotten = run(home, "forget", str(notes / "装修记录.md"))
    assert forgotten.returncode == 0 and forgotten.stdout.startswith("forgot 1 document under ")
