"""Turn a sentence-transformers EmbeddingGemma folder into a GGUF llama.cpp can run.

We use llama.cpp's own converter (``convert_hf_to_gguf.py`` with
``--sentence-transformers-dense-modules``, which keeps the two dense projection layers that
EmbeddingGemma's 768-d output depends on). It needs PyTorch and transformers, which the runtime
does not, so it runs in a separate virtual environment in the cache dir, built once. The
converter script comes from the llama-cpp-python sdist of the installed version, so converter
and runtime always agree on the GGUF format.
Other quantisations are made by converting to f32 and quantising with llama.cpp.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zlib
from pathlib import Path

from assistant.errors import FetchError
from assistant.progress import Report

# Pinned: the converter's output (and so the manifest's sha256) depends on these.
CONVERTER_REQUIREMENTS = (
    "torch==2.13.0",
    "transformers==4.57.6",
    "numpy~=2.2.6",
    "sentencepiece>=0.1.98,<0.3.0",
    "protobuf>=4.21.0,<5.0.0",
)
QUANT_FTYPES = {"q8_0": 7, "q4_0": 2, "f16": 1, "f32": 0}  # llama.cpp LLAMA_FTYPE_MOSTLY_*


def _run(command: list[str], what: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise FetchError(f"{what} failed:\n{tail}")


def llama_cpp_version() -> str:
    import llama_cpp

    return str(llama_cpp.__version__)


def ensure_converter_env(cache_dir: Path, report: Report) -> Path:
    """Create (once) the converter's venv; return its python."""
    root = cache_dir / "converter" / "venv"
    python = root / "bin" / "python"
    stamp = root / "requirements.txt"
    wanted = "\n".join(CONVERTER_REQUIREMENTS) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    report("building the converter environment (PyTorch, transformers; once)")
    venv.EnvBuilder(with_pip=True, clear=True).create(root)
    _run(
        [str(python), "-m", "pip", "install", "-q", *CONVERTER_REQUIREMENTS],
        "installing the converter",
    )
    stamp.write_text(wanted)
    return python


def ensure_converter_script(cache_dir: Path, report: Report) -> Path:
    """Unpack llama.cpp's converter from the llama-cpp-python sdist; return the script path."""
    version = llama_cpp_version()
    root = cache_dir / "converter" / f"llama.cpp-{version}"
    script = root / "convert_hf_to_gguf.py"
    if script.exists():
        return script
    report(f"fetching llama.cpp's converter (llama-cpp-python {version} sdist)")
    sdist_dir = cache_dir / "converter" / "sdist"
    for _ in range(2):
        tarball = _download_sdist(sdist_dir, version)
        if _extract_converter(tarball, root):
            return script
        tarball.unlink()  # cut short by a killed run, and pip would reuse it: download again
    raise FetchError(f"the llama-cpp-python {version} sdist pip gave is damaged; try again")


def _download_sdist(sdist_dir: Path, version: str) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    command += ["-q", "-d", str(sdist_dir), f"llama-cpp-python=={version}"]
    _run(command, "downloading the llama-cpp-python sdist")
    tarball = next(sdist_dir.glob(f"llama_cpp_python-{version}.tar.gz"), None)
    if tarball is None:
        raise FetchError(f"no llama-cpp-python {version} sdist in {sdist_dir}")
    return tarball


def _extract_converter(tarball: Path, root: Path) -> bool:
    """Unpack the converter beside `root`, then rename it into place: the script's presence
    is what later runs trust, so a kill mid-extraction must not leave it without gguf-py.
    False if the tarball is damaged (nothing is put in place then)."""
    wanted = ("convert_hf_to_gguf.py", "gguf-py/", "conversion/")
    partial = root.with_name(root.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                _, _, rest = member.name.partition("/vendor/llama.cpp/")
                if rest and rest.startswith(wanted) and (member.isfile() or member.isdir()):
                    member.name = rest
                    archive.extract(member, partial, filter="data")
    except (tarfile.TarError, EOFError, zlib.error):
        shutil.rmtree(partial, ignore_errors=True)
        return False
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)
    return True


def convert_st_folder(
    folder: Path, out_path: Path, quantization: str, cache_dir: Path, report: Report
) -> None:
    """Convert `folder` to a GGUF at `out_path` with the given quantisation."""
    python = ensure_converter_env(cache_dir, report)
    script = ensure_converter_script(cache_dir, report)
    direct = quantization in ("q8_0", "f16", "f32")
    target = out_path if direct else out_path.with_name(out_path.name + ".f32")
    env = dict(os.environ, PYTHONPATH=str(script.parent / "gguf-py"))
    report(f"converting {folder.name} to GGUF ({quantization if direct else 'f32'})")
    command = [
        str(python),
        str(script),
        str(folder),
        "--outtype",
        quantization if direct else "f32",
    ]
    command += ["--sentence-transformers-dense-modules", "--outfile", str(target)]
    _run(command, "the GGUF conversion", env=env)
    if not direct:
        report(f"quantising to {quantization}")
        try:
            quantize(target, out_path, quantization)
        finally:
            target.unlink(missing_ok=True)


def quantize(source: Path, out_path: Path, quantization: str) -> None:
    """Quantise a GGUF with llama.cpp (in-process; it only reads and writes files)."""
    import llama_cpp

    if quantization not in QUANT_FTYPES:
        raise FetchError(f"unknown quantisation {quantization!r}; known: {sorted(QUANT_FTYPES)}")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = QUANT_FTYPES[quantization]
    params.nthread = os.cpu_count() or 1
    status = llama_cpp.llama_model_quantize(
        str(source).encode(), str(out_path).encode(), ctypes.byref(params)
    )
    if status != 0:
        raise FetchError(f"llama.cpp could not quantise {source.name} (status {status})")
