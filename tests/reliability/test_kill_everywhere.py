"""kill -9 inside every long command but sync (issue 11, test 2; sync has test_crash_resume_random).

Each command runs as a real `assistant` process (fake embedder) on a copy of one indexed home
and is SIGKILLed at seeded points of its own SQLite work (tests/reliability/kill_support.py).
Then the next ordinary command runs, and the index must equal the one an uninterrupted run
leaves (same fingerprint and the same top hits for a set of queries), pass the integrity check,
and for a reindex hold either the old or the new layout whole (status reports what the vec0
table holds). What "the next ordinary command" is, per command:
- `reindex`: `status`, then search, with either layout; running `reindex` again finishes it.
- `forget --vacuum`: a kill leaves the file either untouched or erased-but-not-rewritten, the
  latter on record (the doctor warns, any later `forget` compacts); the next `forget --vacuum`
  finishes it, proven by reading the raw database bytes.
- `remove ROOT`: the root is unregistered before its sync, so the next `index` drops the rest.
- `models pull` (a local PyPI stand-in, and a conversion): the process group is killed at a
  seeded time; a file under the model's name is always the whole model, and the next pull
  leaves the verified model, its receipt and no leftovers.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ask.conversations import Conversations
from assistant.config import load_config
from assistant.doctor.models import receipt_still_matches
from assistant.indexing.service import open_index, run_sync
from assistant.models.manifest import find_spec, load_manifest
from assistant.models.registry import model_path, sha256_file, verify_model
from tests.fakes import FakeEmbedder
from tests.reliability.fake_model_source import write_fake_source
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
from tests.reliability.robustness_support import FAKE_CLI, config_for, home_env, show
from tests.support import REPO

KILLS_PER_COMMAND = 4
PULL_KILLS = 3


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
    kills = erased_before_rerun = owed = 0
    for home, was_killed in kill_runs(template, tmp_path, args, total, seed=3):
        kills += was_killed
        with open_index(config_for(home, [])) as index:
            erased = not index.documents_of_file(str(vault))
            if erased:  # the erase committed: nothing may show it, saved answers included
                assert not index.search(None, SECRET, mode="fts")
                assert not saved_turns(home), "the saved answer citing it outlived the erase"
                lingering = SECRET.encode() in raw_bytes(home / "index.sqlite3")
                assert index.compaction_pending() or not lingering, "erased text left unsaid"
                owed += index.compaction_pending()
        erased_before_rerun += erased
        run_cli(home, *args)  # the next forget finishes it
        assert snapshot(home) == done
        assert not saved_turns(home)
        data = raw_bytes(home / "index.sqlite3")
        for trace in (SECRET, "behind the mirror"):
            assert trace.encode() not in data, f"{trace!r} is still in the database files"
    assert kills, "no kill landed inside the forget"
    show(record_property, "kill forget --vacuum", kills=kills, steps=total,
         erased_before_rerun=erased_before_rerun, compaction_owed=owed,
         recovered_by_next_forget=kills,
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


@pytest.fixture(scope="module")
def model_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The wheels (a find-links folder) beside a set-up home part: models and cache dirs."""
    root = tmp_path_factory.mktemp("model-source")
    return root, write_fake_source(root / "links", root / "models", root / "cache")


def pull_env(home: Path, links: Path) -> dict[str, str]:
    return home_env(home, ASSISTANT_MODELS=str(home / "models"), PIP_NO_INDEX="1",
                    ASSISTANT_CACHE=str(home / "cache"), PIP_FIND_LINKS=str(links),
                    HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")  # fmt: skip


def pull_home(model_source: tuple[Path, dict[str, str]], home: Path) -> Path:
    """A home with the fake models registered and the fake converter installed."""
    root, _ = model_source
    for part in ("models", "cache"):
        shutil.copytree(root / part, home / part, symlinks=True)
    return home


def pull(home: Path, links: Path, model_id: str, kill_after: float | None = None) -> bool:
    """`assistant models pull` in its own session; with `kill_after`, the whole group (pip
    and the converter too) is SIGKILLed then. Returns whether it was killed."""
    child = subprocess.Popen([sys.executable, "-c", FAKE_CLI, "models", "pull", model_id],
                             env=pull_env(home, links), cwd=REPO, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        out, err = child.communicate(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return True
    assert child.returncode == 0, f"{out}\n{err}"
    return False


def left_behind(home: Path, target: Path) -> str:
    """Where a kill landed, told by what it left: cached wheels, an unpacked folder, a
    partial output, the model itself."""
    found = [f"{len(list((home / 'cache' / 'wheels').glob('*.whl')))} wheels"]
    found += ["unpacked"] if list((home / "cache").glob("st/*/.complete")) else []
    found += ["partial"] if list(target.parent.glob("*.partial*")) else []
    found += ["model"] if target.exists() else []
    return "+".join(found)


def model_file(home: Path, model_id: str) -> Path:
    config = load_config(pull_env(home, Path()))
    return model_path(config, find_spec(load_manifest(config.paths.models_dir), model_id))


@pytest.mark.parametrize("model_id", ["kill-gguf", "kill-st"])
def test_killed_models_pull_is_redone_by_the_next_pull(
    model_source: tuple[Path, dict[str, str]], tmp_path: Path, model_id: str, record_property
) -> None:
    links, digests = model_source[0] / "links", model_source[1]
    started = time.perf_counter()
    pull(pull_home(model_source, tmp_path / "clean"), links, model_id)
    clean_seconds = time.perf_counter() - started
    rng = random.Random(len(model_id))
    killed_in = []
    for trial in range(PULL_KILLS):
        home = pull_home(model_source, tmp_path / f"kill-{trial}")
        target = model_file(home, model_id)
        delay = clean_seconds * rng.uniform(0.25, 0.95)
        was_killed = pull(home, links, model_id, kill_after=delay)
        killed_in.append(left_behind(home, target) if was_killed else "")
        if target.exists():  # a file under the model's name is the whole model, nothing less
            assert sha256_file(target) == digests[model_id], "a half-written model looks done"
        pull(home, links, model_id)  # the next ordinary command
        config = load_config(pull_env(home, links))
        spec = find_spec(load_manifest(config.paths.models_dir), model_id)
        assert verify_model(config, spec) == ("ok", digests[model_id])
        assert receipt_still_matches(config, spec), "doctor would re-hash or distrust it"
        leftovers = sorted(p.name for p in target.parent.iterdir())
        assert leftovers == sorted(["imported.toml", target.name, target.name + ".json"])
    kills = len([step for step in killed_in if step])
    assert kills, "no kill landed inside the pull"
    show(record_property, f"kill models pull {model_id}", kills=kills, trials=PULL_KILLS,
         killed_in="|".join(killed_in),
         recovered_by_next_pull=PULL_KILLS, clean_pull_s=round(clean_seconds, 1),
         seconds=round(time.perf_counter() - started, 1))  # fmt: skip
