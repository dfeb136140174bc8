"""kill -9 inside every long command but sync (issue 11, test 2; sync has test_crash_resume_random).

Each command runs as a real `assistant` process (fake embedder) on a copy of one indexed home
and is SIGKILLed at seeded points of its own SQLite work (tests/reliability/kill_support.py).
Then the next ordinary command runs, and the index must equal the one an uninterrupted run
leaves (same fingerprint and the same top hits for a set of queries), pass the integrity check,
and for a reindex hold either the old or the new layout whole (status reports what the vec0
table holds). What "the next ordinary command" is, per command:
- `reindex`: `status`, then search, with either layout; running `reindex` again finishes it.
- `forget --vacuum`: a kill leaves the file either untouched or erased-but-not-rewritten; the
  next `forget --vacuum` run finishes it, proven by reading the raw database bytes.
- `remove ROOT`: the root is unregistered before its sync, so the next `index` drops the rest.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from assistant.ask.conversations import Conversations
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.reliability.kill_support import (
    SECRET,
    copy_home,
    kill_points,
    killed,
    raw_bytes,
    run_cli,
    steps_of,
    top_hits,
    vector_layout,
    write_corpus,
)
from tests.reliability.robustness_support import config_for, show

KILLS_PER_COMMAND = 4


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_corpus(tmp_path_factory.mktemp("files"))


@pytest.fixture(scope="module")
def template(roots: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with both roots indexed and a saved answer that cites the vault note."""
    home = tmp_path_factory.mktemp("template") / "home"
    config = config_for(home, list(roots))
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        saved = Conversations.of(config)
        vault = index.search(None, SECRET, mode="fts")
        assert vault, "the vault note is indexed"
        saved.add_turn(saved.create("vault"), "code?", f"The {SECRET} code is 7731 [1].", vault)
        saved.close()
    return home


def snapshot(home: Path) -> dict:
    """What the next command must agree on: fingerprint, top hits, layout, integrity."""
    with open_index(config_for(home, [])) as index:
        return {
            "fingerprint": index.fingerprint(),
            "hits": top_hits(index),
            "layout": vector_layout(index)[:2],
            "problems": index.integrity_check(),
        }


def status(home: Path) -> dict:
    return json.loads(run_cli(home, "status", "--json").stdout)


def reference(template: Path, tmp_path: Path, *args: str) -> tuple[dict, int]:
    """The snapshot an uninterrupted run of `args` leaves, and how many steps the run takes."""
    home = copy_home(template, tmp_path / "reference")
    steps = steps_of(run_cli(home, *args))
    return snapshot(home), steps


def kill_runs(template: Path, tmp_path: Path, args: tuple[str, ...], total: int, seed: int):
    """Yield (home, killed?) for each seeded kill point of `args` on a copy of the template."""
    for point in kill_points(total, KILLS_PER_COMMAND, seed):
        home = copy_home(template, tmp_path / f"kill-{point}")
        done = run_cli(home, *args, kill_at=point, check=False)
        assert killed(done) or done.returncode == 0, done.stderr
        yield home, killed(done)


@pytest.mark.parametrize(
    "args", [("reindex", "--dim", "256"), ("reindex", "--vector-type", "int8")], ids=str
)
def test_killed_reindex_leaves_one_whole_layout(
    template: Path, tmp_path: Path, args: tuple[str, ...], record_property
) -> None:
    started = time.perf_counter()
    old = snapshot(template)
    new, total = reference(template, tmp_path, *args)
    assert new["layout"] != old["layout"] and new["problems"] == []
    kills = olds = 0
    for home, was_killed in kill_runs(template, tmp_path, args, total, seed=len(args[1])):
        kills += was_killed
        reported = status(home)  # the next ordinary command
        now = snapshot(home)
        assert now["problems"] == []
        assert now["layout"] == (reported["dim"], reported["vector_type"])
        assert now in (old, new), "a killed reindex left neither the old nor the new layout"
        olds += now == old
        run_cli(home, *args)
        assert snapshot(home) == new, "running the reindex again did not finish it"
    assert kills, "no kill landed inside the reindex"
    show(record_property, f"kill {' '.join(args)}", kills=kills, steps=total,
         old_layout_after_kill=olds, new_layout_after_kill=kills - olds, recovered=kills,
         seconds=round(time.perf_counter() - started, 1))  # fmt: skip


def test_killed_forget_is_finished_by_the_next_forget(
    template: Path, roots: tuple[Path, Path], tmp_path: Path, record_property
) -> None:
    started = time.perf_counter()
    vault = roots[0] / "private" / "vault.md"
    args = ("forget", str(vault), "--vacuum")
    done, total = reference(template, tmp_path, *args)
    assert done["problems"] == [] and SECRET.encode() not in raw_bytes(
        tmp_path / "reference" / "index.sqlite3"
    )
    kills = erased_before_rerun = 0
    for home, was_killed in kill_runs(template, tmp_path, args, total, seed=3):
        kills += was_killed
        with open_index(config_for(home, [])) as index:
            erased = not index.documents_of_file(str(vault))
            if erased:  # the erase committed: nothing may show it, saved answers included
                assert not index.search(None, SECRET, mode="fts")
                assert not saved_turns(home), "the saved answer citing it outlived the erase"
        erased_before_rerun += erased
        run_cli(home, *args)  # the next forget finishes it
        assert snapshot(home) == done
        assert not saved_turns(home)
        data = raw_bytes(home / "index.sqlite3")
        for trace in (SECRET, "behind the mirror"):
            assert trace.encode() not in data, f"{trace!r} is still in the database files"
    assert kills, "no kill landed inside the forget"
    show(record_property, "kill forget --vacuum", kills=kills, steps=total,
         erased_before_rerun=erased_before_rerun, recovered_by_next_forget=kills,
         seconds=round(time.perf_counter() - started, 1))  # fmt: skip


def saved_turns(home: Path) -> list[str]:
    saved = Conversations.of(config_for(home, []))
    try:
        return [t.answer for c in saved.list() for t in saved.turns(c.id)]
    finally:
        saved.close()


def test_killed_remove_is_finished_by_the_next_index(
    template: Path, roots: tuple[Path, Path], tmp_path: Path, record_property
) -> None:
    started = time.perf_counter()
    args = ("remove", str(roots[1]))
    done, total = reference(template, tmp_path, *args)
    assert not any(path.startswith(str(roots[1])) for path in done["fingerprint"])
    kills = 0
    for home, was_killed in kill_runs(template, tmp_path, args, total, seed=4):
        kills += was_killed
        assert status(home)["roots"] == [str(roots[0])], "the root is unregistered first"
        run_cli(home, "index")  # the next ordinary command
        assert snapshot(home) == done
    assert kills, "no kill landed inside the remove"
    show(record_property, "kill remove ROOT", kills=kills, steps=total, recovered_by_index=kills,
         seconds=round(time.perf_counter() - started, 1))  # fmt: skip
