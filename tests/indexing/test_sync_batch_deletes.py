"""A watcher batch (a sync of a few paths) still takes out what left the roots, exactly.

The batch skips the rows below a root that it did not look at with a string-prefix test
(20,000 `Path` comparisons made a one-file batch take seconds); these tests pin down that the
prefix is a whole folder name: /x/notes does not contain /x/notes2.
"""

from __future__ import annotations

from pathlib import Path

from assistant.config import Config
from assistant.indexing.roots import add_root, remove_root
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder


def indexed(config: Config) -> list[str]:
    with open_index(config) as index:
        return sorted(str(row["source_path"]) for row in index.documents(status=None))


def test_a_batch_removes_rows_of_a_sibling_root_with_the_same_prefix(
    config: Config, tmp_path: Path
) -> None:
    notes, sibling = tmp_path / "notes", tmp_path / "notes2"
    for folder in (notes, sibling):
        folder.mkdir()
        (folder / "a.md").write_text(f"# {folder.name}\n\nA note in {folder.name}.\n")
        add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    remove_root(config, sibling)
    (notes / "b.md").write_text("# b\n\nA second note.\n")
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder(), [notes / "b.md"])
    assert indexed(config) == [str(notes / "a.md"), str(notes / "b.md")]


def test_a_batch_keeps_the_other_folders_and_removes_what_it_saw_go(
    config: Config, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    for name in ("keep", "gone", "gone2"):
        (root / name).mkdir(parents=True)
        (root / name / "n.md").write_text(f"# {name}\n\nA note in {name}.\n")
    add_root(config, root)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    (root / "gone" / "n.md").unlink()
    (root / "gone2" / "n.md").unlink()
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder(), [root / "gone"])
    assert indexed(config) == [str(root / "gone2" / "n.md"), str(root / "keep" / "n.md")]
