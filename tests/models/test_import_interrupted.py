"""A killed `models import` leaves neither half a model under its name nor a torn registry.

The copy (or conversion) goes to a `.partial` file renamed into place once whole, and
imported.toml is replaced by a whole new copy: an append cut short would leave TOML that every
later command fails to read.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.errors import ModelError
from assistant.models import importer
from assistant.models.manifest import IMPORTED_FILE, load_manifest
from assistant.progress import silent_report


class Killed(Exception):
    """Stands for the process dying at this point."""


@pytest.fixture
def models(config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setattr(importer, "_role_of", lambda path: "generator")  # no llama.cpp here
    return replace(config, paths=replace(config.paths, models_dir=tmp_path / "models"))


def a_gguf(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(b"GGUF" + bytes(range(256)) * 64)
    return path


def test_a_copy_killed_half_way_leaves_no_model(
    models: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_die(source: Path, target: Path) -> None:
        Path(target).write_bytes(Path(source).read_bytes()[:100])
        raise Killed

    monkeypatch.setattr(importer.shutil, "copyfile", half_then_die)
    with pytest.raises(Killed):
        importer.import_model(models, a_gguf(tmp_path, "tiny.gguf"), report=silent_report)
    assert not (models.paths.models_dir / "tiny.gguf").exists(), "half a model under its name"


def test_a_registry_write_killed_half_way_keeps_the_old_registry(
    models: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    importer.import_model(models, a_gguf(tmp_path, "one.gguf"), report=silent_report)
    registry = models.paths.models_dir / IMPORTED_FILE
    write_text = Path.write_text

    def half_then_die(self: Path, text: str, *args: object, **kwargs: object) -> int:
        if not self.name.startswith(IMPORTED_FILE):  # the receipt is written whole
            return write_text(self, text, *args, **kwargs)
        write_text(self, text[: len(text) - 30], *args, **kwargs)
        raise Killed

    with monkeypatch.context() as patch, pytest.raises(Killed):
        patch.setattr(Path, "write_text", half_then_die)
        original_open = Path.open

        def open_and_die(self: Path, mode: str = "r", *args: object, **kwargs: object):
            if self == registry and "a" in mode:  # an append in place dies half-way too
                handle = original_open(self, mode, *args, **kwargs)
                handle.write("[[model]]\nid = ")
                handle.close()
                raise Killed
            return original_open(self, mode, *args, **kwargs)

        patch.setattr(Path, "open", open_and_die)
        importer.import_model(models, a_gguf(tmp_path, "two.gguf"), report=silent_report)
    tomllib.loads(registry.read_text(encoding="utf-8"))  # still whole TOML
    ids = [s.id for s in load_manifest(models.paths.models_dir) if s.imported]
    assert ids == ["one"]


def test_a_registry_torn_by_an_older_version_is_one_line(models: Config, tmp_path: Path) -> None:
    registry = models.paths.models_dir / IMPORTED_FILE
    registry.parent.mkdir(parents=True)
    registry.write_text('[[model]]\nid = "one"\nrole = "gen', encoding="utf-8")
    with pytest.raises(ModelError, match="is damaged") as info:
        load_manifest(models.paths.models_dir)
    assert str(registry) in str(info.value) and "\n" not in str(info.value)
