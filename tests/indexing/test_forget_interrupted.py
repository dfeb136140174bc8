"""A forget stopped between its steps (kill -9, a full disk) is finished by the next forget.

`forget` erases saved answers and index rows in two transactions. Whichever one a crash
interrupts, a second `forget` of the same path must leave no saved answer that cites it and no
row of it: the privacy promise may not depend on the first run getting to its end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ask.conversations import Conversations
from assistant.config import Config
from assistant.doctor.compaction import check_compaction
from assistant.indexing import forget as forgetting
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import Index
from tests.fakes import FakeEmbedder


class Killed(Exception):
    """Stands for the process dying at this point."""


def indexed_with_saved_answer(config: Config, folder: Path) -> Path:
    folder.mkdir()
    vault = folder / "vault.md"
    vault.write_text("# Vault\n\nThe quokkavault code is 7731.\n", encoding="utf-8")
    (folder / "garden.md").write_text("# Garden\n\nWater the tomatoes.\n", encoding="utf-8")
    add_root(config, folder)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        saved = Conversations.of(config)
        hits = index.search(None, "quokkavault", mode="fts")
        saved.add_turn(saved.create("vault"), "code?", "It is 7731 [1].", hits)
        saved.close()
    return vault


def saved_answers(config: Config) -> list[str]:
    saved = Conversations.of(config)
    try:
        return [t.answer for c in saved.list() for t in saved.turns(c.id)]
    finally:
        saved.close()


def forget_killed_in_its_vacuum(
    config: Config, index: Index, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(self: Index) -> bool:
        raise Killed

    with monkeypatch.context() as patch, pytest.raises(Killed):
        patch.setattr(Index, "compact", die)
        forgetting.forget(config, index, path, vacuum=True)


@pytest.mark.parametrize("step", ["forget_saved_answers", "index_forget"])
def test_a_forget_killed_after_either_step_is_finished_by_the_next(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    vault = indexed_with_saved_answer(config, tmp_path / "notes")
    with open_index(config) as index:
        if step == "forget_saved_answers":  # it dies once the saved answers are erased
            erase_answers = forgetting.forget_saved_answers

            def then_die(*args: object) -> int:
                erase_answers(*args)
                raise Killed

            monkeypatch.setattr(forgetting, "forget_saved_answers", then_die)
        else:  # it dies once the index rows are erased
            erase_rows = Index.forget

            def then_die(self: Index, paths: object, **options: bool) -> object:
                erase_rows(self, paths, **options)
                raise Killed

            monkeypatch.setattr(Index, "forget", then_die)
        with pytest.raises(Killed):
            forgetting.forget(config, index, vault)
        monkeypatch.undo()
        forgetting.forget(config, index, vault)
        assert not index.documents_of_file(str(vault))
        assert not index.search(None, "quokkavault", mode="fts")
    assert saved_answers(config) == [], "a saved answer quoting the forgotten file survived"


def test_a_vacuum_killed_after_the_erase_is_paid_by_any_later_forget(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = indexed_with_saved_answer(config, tmp_path / "notes")
    with open_index(config) as index:
        forget_killed_in_its_vacuum(config, index, vault, monkeypatch)
        assert not index.documents_of_file(str(vault)), "the erase itself committed"
        assert index.compaction_pending(), "the unfinished rewrite is on record"
        assert [f.status for f in check_compaction(config)] == ["warn"]
        result = forgetting.forget(config, index, tmp_path / "elsewhere.md")  # no --vacuum
        assert result.compacted is True, "the next forget paid the compaction it owed"
        assert not index.compaction_pending()
    assert [f.status for f in check_compaction(config)] == ["ok"]


def test_a_forget_without_vacuum_owes_no_compaction(config: Config, tmp_path: Path) -> None:
    vault = indexed_with_saved_answer(config, tmp_path / "notes")
    with open_index(config) as index:
        assert forgetting.forget(config, index, vault).compacted is None
        assert not index.compaction_pending()


def test_the_cli_says_when_a_forget_only_paid_an_owed_compaction(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from assistant.cli.main import main

    vault = indexed_with_saved_answer(config, tmp_path / "notes")
    with open_index(config) as index:
        forget_killed_in_its_vacuum(config, index, vault, monkeypatch)
    capsys.readouterr()
    assert main(["forget", str(vault)]) == 0
    out = capsys.readouterr().out
    assert "nothing in the index" in out and "nothing an earlier forget erased is left" in out
