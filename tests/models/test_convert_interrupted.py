"""A conversion set-up killed half-way is redone, not trusted: the converter script unpacked
without its gguf-py package, or an sdist tarball cut short (pip reuses a file it finds in its
download folder, so a broken one would fail every later pull)."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest

from assistant.models import convert
from assistant.progress import silent_report

VERSION = convert.llama_cpp_version()
MEMBERS = {  # the script first, as in the real sdist's order that made the bug bite
    "convert_hf_to_gguf.py": b"print('convert')\n",
    "gguf-py/gguf/__init__.py": b"VERSION = 1\n",
    "conversion/extra.py": b"X = 2\n",
}


class Killed(Exception):
    """Stands for the process dying at this point."""


def make_sdist(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tarball = folder / f"llama_cpp_python-{VERSION}.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name, body in MEMBERS.items():
            info = tarfile.TarInfo(f"llama_cpp_python-{VERSION}/vendor/llama.cpp/{name}")
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    return tarball


@pytest.fixture
def pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`pip download` as pip does it here: copy the sdist in, unless a file is already there."""
    original = make_sdist(tmp_path / "index")

    def download(command: list[str], what: str, env: object = None) -> None:
        target = Path(command[command.index("-d") + 1]) / original.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(original, target)

    monkeypatch.setattr(convert, "_run", download)
    return tmp_path / "cache"


def unpacked(script: Path) -> dict[str, bytes]:
    return {name: (script.parent / name).read_bytes() for name in MEMBERS}


def test_an_extraction_killed_after_the_script_is_redone(
    pip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract = tarfile.TarFile.extract
    calls = []

    def extract_then_die(self: tarfile.TarFile, member: tarfile.TarInfo, *args, **kwargs):
        if calls:
            raise Killed
        calls.append(member)
        return extract(self, member, *args, **kwargs)

    with monkeypatch.context() as patch, pytest.raises(Killed):
        patch.setattr(tarfile.TarFile, "extract", extract_then_die)
        convert.ensure_converter_script(pip, silent_report)
    script = convert.ensure_converter_script(pip, silent_report)
    assert unpacked(script) == MEMBERS


def test_a_cut_short_sdist_is_downloaded_again(pip: Path) -> None:
    tarball = make_sdist(pip / "converter" / "sdist")
    tarball.write_bytes(tarball.read_bytes()[:60])
    script = convert.ensure_converter_script(pip, silent_report)
    assert unpacked(script) == MEMBERS
