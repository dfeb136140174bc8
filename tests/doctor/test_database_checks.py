"""The doctor's advice for the index's place: permissions for a read-only home, never a
rebuild; a folder at the index path is named as such, and not offered a chmod."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.config import load_config
from assistant.doctor import database as doctor_database
from assistant.doctor.checks import run_checks


def config_in(home: Path):
    home.mkdir(parents=True, exist_ok=True)
    return load_config({"ASSISTANT_HOME": str(home)})


def test_a_folder_at_the_index_path(tmp_path: Path) -> None:
    config = config_in(tmp_path / "home")
    config.paths.database.mkdir()
    (finding,) = doctor_database.index_findings(config)
    assert finding.status == "fail" and "is a folder, not an index file" in finding.detail
    assert "assistant rebuild" in finding.fix
    privacy = next(f for f in run_checks(config, hash_models=False) if f.check == "privacy")
    assert str(config.paths.database) not in privacy.fix


def test_a_read_only_home_is_told_to_make_it_writable(tmp_path: Path, monkeypatch) -> None:
    config = config_in(tmp_path / "home")
    home = config.paths.data_dir
    real_access = os.access
    monkeypatch.setattr(
        doctor_database.os,
        "access",
        lambda p, mode: False if Path(p) == home else real_access(p, mode),
    )
    (finding,) = doctor_database.place_findings(config)
    assert finding.status == "fail" and "read-only" in finding.detail
    assert f"make {home} writable" in finding.fix and "rebuild" not in finding.fix
