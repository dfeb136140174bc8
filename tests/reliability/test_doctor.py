"""`assistant doctor` on a healthy machine (real models) and on machines broken on purpose."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3 as stdlib_sqlite3
import types
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.config import Config, load_config
from assistant.doctor.checks import (
    check_index,
    check_privacy,
    disk_finding,
    watcher_finding,
)
from assistant.doctor.models import check_embedder_layers
from ingest.sizes import MB
from store import Index
from store import connection as store_connection
from tests.store.store_helpers import add
from tests.support import SMALL_GENERATOR

pytestmark = [pytest.mark.models, pytest.mark.usefixtures("restore_logging")]
REAL_MODELS = load_config({}).paths.models_dir
EMBEDDER_FILE = "embeddinggemma-300m-Q8_0.gguf"
SMOLLM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, dict]]:
    """Run `assistant doctor --json`; findings keyed by check name."""
    code = main(["doctor", "--json", *args])
    report = json.loads(capsys.readouterr().out)
    assert report["healthy"] == (code == 0)
    return code, {f["check"]: f for f in report["findings"]}


def small_index(config: Config) -> Path:
    with Index.open(config.paths.database) as index:
        add(index, "/notes/a.md", ["the floor was fixed by Becker", "call him on Monday"])
        add(index, "/notes/b.md", ["tomatoes need water"])
    return config.paths.database


def models_dir(tmp_path: Path, files: list[str]) -> Path:
    """A models dir linking to the real files (and their receipts)."""
    target = tmp_path / "models"
    target.mkdir()
    for name in files:
        for suffix in ("", ".json"):
            (target / f"{name}{suffix}").symlink_to(REAL_MODELS / f"{name}{suffix}")
    return target


def test_healthy_machine_passes_every_check(
    config: Config, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a test model is never the answer model unless named: a healthy machine names one
    monkeypatch.setenv("ASSISTANT_GENERATOR_MODEL", SMALL_GENERATOR)
    small_index(config)
    code, found = doctor(capsys)
    assert code == 0, found
    assert {
        "sqlite-vec",
        "fts5",
        "disk home",
        "disk models",
        "watcher",
        "privacy",
        "index",
        "embedder layers",
        "model embeddinggemma-300m-q8_0",
    } <= found.keys()
    assert all(f["status"] == "ok" for f in found.values()), found
    assert "sha256" in found["model embeddinggemma-300m-q8_0"]["detail"]
    assert "consistent" in found["index"]["detail"]
    assert main(["doctor", "--quick"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("all good")


def test_missing_embedder_fails_with_the_command_that_fetches_it(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("ASSISTANT_MODELS", str(tmp_path / "empty"))
    code, found = doctor(capsys)
    assert code == 1
    missing = found["model embeddinggemma-300m-q8_0"]
    assert missing["status"] == "fail"
    assert missing["fix"] == "assistant models pull embeddinggemma-300m-q8_0"
    assert found["answer model"]["status"] == "warn"
    assert main(["doctor"]) == 1
    assert "fix: assistant models pull embeddinggemma-300m-q8_0" in capsys.readouterr().out


def test_damaged_model_copy_fails_its_sha256(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    models = models_dir(tmp_path, [EMBEDDER_FILE])
    for suffix in ("", ".json"):
        shutil.copy2(REAL_MODELS / f"{SMOLLM_FILE}{suffix}", models / f"{SMOLLM_FILE}{suffix}")
    with (models / SMOLLM_FILE).open("r+b") as handle:
        handle.seek(50 * MB)
        byte = handle.read(1)
        handle.seek(50 * MB)
        handle.write(bytes([byte[0] ^ 0xFF]))
    monkeypatch.setenv("ASSISTANT_MODELS", str(models))
    code, found = doctor(capsys, "--quick")  # the changed mtime makes even --quick re-hash
    assert code == 1
    damaged = found["model smollm2-135m-instruct-q4_1"]
    assert damaged["status"] == "fail" and "sha256" in damaged["detail"]
    assert damaged["fix"] == "assistant models pull smollm2-135m-instruct-q4_1 --force"
    embedder = found["model embeddinggemma-300m-q8_0"]
    assert embedder["status"] == "ok" and "receipt matches" in embedder["detail"]


def test_a_gguf_without_dense_layers_is_refused_as_embedder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = models_dir(tmp_path, [SMOLLM_FILE])
    (models / "imported.toml").write_text(
        f'[[model]]\nid = "not-an-embedder"\nrole = "embedder"\nfile = "{SMOLLM_FILE}"\n'
    )
    monkeypatch.setenv("ASSISTANT_MODELS", str(models))
    monkeypatch.setenv("ASSISTANT_EMBEDDER_MODEL", "not-an-embedder")
    (finding,) = check_embedder_layers(load_config())
    assert finding.status == "fail" and "not EmbeddingGemma" in finding.detail
    assert "assistant models pull embeddinggemma-300m-q8_0" in finding.fix


def test_damaged_index_file_fails_with_the_rebuild_advice(config: Config) -> None:
    database = small_index(config)
    assert check_index(config).status == "ok"
    with database.open("r+b") as handle:
        handle.write(b"this is no longer a database header")
    finding = check_index(config)
    assert finding.status == "fail" and "not a database" in finding.detail
    assert finding.fix.startswith("Run `assistant rebuild`") and database.name in finding.fix


def test_inconsistent_index_lists_what_disagrees(config: Config) -> None:
    database = small_index(config)
    with Index.open(database) as index:
        chunk_id = index._pool.get().execute("SELECT min(id) FROM chunks").fetchone()[0]
        index._pool.get().execute("DELETE FROM chunks_fts WHERE rowid = ?", (chunk_id,))
    finding = check_index(config)
    assert finding.status == "fail" and "1 chunks missing from FTS" in finding.detail


def _binding_without_extensions() -> types.ModuleType:
    """The stdlib sqlite3 as a Python built without loadable-extension support exposes it."""

    class Connection:
        def __init__(self, conn: stdlib_sqlite3.Connection) -> None:
            self._conn = conn

        def __getattr__(self, name: str) -> object:
            if name == "enable_load_extension":
                raise AttributeError(name)
            return getattr(self._conn, name)

    stub = types.ModuleType("sqlite3")
    stub.__dict__.update({k: v for k, v in vars(stdlib_sqlite3).items() if not k.startswith("__")})
    stub.connect = lambda *a, **k: Connection(stdlib_sqlite3.connect(*a, **k))
    return stub


def test_binding_without_extension_loading_is_reported_not_a_crash(
    config: Config, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    small_index(config)
    monkeypatch.setattr(store_connection, "sqlite3", _binding_without_extensions())
    code, found = doctor(capsys, "--quick")
    assert code == 1
    assert found["sqlite-vec"]["status"] == "fail"
    assert "without extension loading" in found["sqlite-vec"]["detail"]
    assert "sqlean-py" in found["sqlite-vec"]["fix"]
    assert found["index"]["status"] == "fail"  # it cannot be opened either: still reported
    assert found["model embeddinggemma-300m-q8_0"]["status"] == "ok"  # later checks ran


def test_thresholds_for_disk_and_watcher() -> None:
    here = Path("/data")
    assert disk_finding("disk home", here, 50 * MB).status == "fail"
    assert disk_finding("disk home", here, 1000 * MB).status == "warn"
    assert disk_finding("disk home", here, 50_000 * MB).status == "ok"
    polling = watcher_finding("PollingObserver", None)
    assert polling.status == "warn" and "polling" in polling.detail
    few = watcher_finding("InotifyObserver", 1024)
    assert few.status == "warn" and "max_user_watches" in few.fix
    assert watcher_finding("InotifyObserver", 524288).detail.startswith("inotify")


def test_files_readable_by_others_are_reported_with_the_chmod(config: Config) -> None:
    small_index(config)
    assert check_privacy(config).status == "ok"
    os.chmod(config.paths.database, 0o644)
    os.chmod(config.paths.data_dir, 0o755)
    finding = check_privacy(config)
    assert finding.status == "warn"
    assert f"chmod 700 {config.paths.data_dir}" in finding.fix
    assert f"chmod 600 {config.paths.database}" in finding.fix
