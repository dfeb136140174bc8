"""Syncs after the roots changed: a removed original beside its copy, a re-pointed symlink.

`cp -a m1 m2; add m2; remove m1` once left no mail at all: the copy's messages were skipped as
duplicates of m1's rows, which the same sync then deleted. And a root added through a symlink
kept its old target after `ln -sfn` (issue 11, B and H).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.config import Config
from assistant.indexing.roots import add_root, remove_root
from assistant.indexing.service import open_index, run_sync
from store import Index
from tests.fakes import FakeEmbedder
from tests.support import CORPORA, needs_corpora


def file_names(config: Config) -> set[str]:
    with open_index(config) as index:
        return {Path(str(r["file_path"])).parent.name for r in index.documents()}


def duplicate_records(index: Index) -> int:
    return sum(1 for r in index.failures() if r["duplicate_of"] is not None)


@needs_corpora
def test_a_copy_stays_indexed_when_its_original_folder_is_removed(
    config: Config, tmp_path: Path
) -> None:
    first, copy = tmp_path / "m1", tmp_path / "m2"
    shutil.copytree(CORPORA / "mail" / "default", first)
    embedder = FakeEmbedder()
    with open_index(config) as index:
        add_root(config, first)
        indexed = run_sync(config, index, embedder)
        inner_duplicates = duplicate_records(index)  # the corpus holds a few of its own
        shutil.copytree(first, copy)  # cp -a m1 m2
        add_root(config, copy)
        as_copies = run_sync(config, index, embedder, [copy])
        assert as_copies.documents_indexed == 0  # the same Message-IDs: duplicates, rightly
        remove_root(config, first)
        after_remove = run_sync(config, index, embedder)
        documents = index.stats()["documents"]
        duplicates = duplicate_records(index)
        again = run_sync(config, index, embedder)
    assert documents == indexed.documents_indexed > 0, "the copy's mail was lost"
    assert duplicates == inner_duplicates
    assert after_remove.embedded == 0, "the copy re-embedded chunks the cache holds"
    assert after_remove.reused == indexed.chunks
    assert (again.embedded, again.documents_indexed) == (0, 0)
    with open_index(config) as index:
        paths = {str(r["file_path"]) for r in index.documents()}
    assert paths and all(Path(p).is_relative_to(copy) for p in paths)


def test_a_repointed_symlinked_root_indexes_its_new_target(config: Config, tmp_path: Path) -> None:
    first, second, link = tmp_path / "a", tmp_path / "b", tmp_path / "LINK"
    for folder, text in ((first, "The old quince tree."), (second, "The new walnut tree.")):
        folder.mkdir()
        (folder / "tree.md").write_text(f"# Tree\n\n{text}\n", encoding="utf-8")
    link.symlink_to(first)
    embedder = FakeEmbedder()
    with open_index(config) as index:
        add_root(config, link)
        run_sync(config, index, embedder)
        assert file_names(config) == {"a"}
        link.unlink()
        link.symlink_to(second)  # ln -sfn b LINK
        stats = run_sync(config, index, embedder)
        assert (stats.documents_indexed, stats.deleted) == (1, 1)
        assert file_names(config) == {"b"}
        run_sync(config, index, embedder, [link / "tree.md"])  # a path through the link
        remove_root(config, link)
        run_sync(config, index, embedder)
        assert index.stats()["documents"] == 0
