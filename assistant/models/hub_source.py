"""Fetch models from the Hugging Face Hub (the normal route for people with internet).

`huggingface_hub` is imported only here and only when a pull is asked for: nothing else in the
program touches the network. Downloads resume (the Hub client keeps partial files in its cache
dir), and files are checked against the Hub's own LFS sha256 when the manifest has none.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.errors import FetchError

# EmbeddingGemma's sentence-transformers folder: weights, tokenizer and the two dense layers.
ST_PATTERNS = [
    "*.json",
    "*.safetensors",
    "tokenizer.model",
    "1_Pooling/*",
    "2_Dense/*",
    "3_Dense/*",
]


def _offline_reason(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    lowered = text.lower()
    if "gated" in lowered or "401" in lowered or "403" in lowered:
        return (
            "the Hub refused the download (gated model): accept its licence on huggingface.co "
            "and set HF_TOKEN"
        )
    if os.environ.get("HF_HUB_OFFLINE") or any(
        word in lowered for word in ("resolve", "connect", "offline", "timed out", "network")
    ):
        return "the Hugging Face Hub is not reachable from this machine (offline?)"
    return text


def download_file(repo: str, filename: str, cache_dir: Path) -> tuple[Path, str]:
    """Download one file; return its local path and the Hub's sha256 for it ('' if unknown)."""
    try:
        from huggingface_hub import HfApi, hf_hub_download

        info = HfApi().get_paths_info(repo, [filename])
        lfs = getattr(info[0], "lfs", None) if info else None
        expected = getattr(lfs, "sha256", "") or ""
        local = hf_hub_download(repo, filename, cache_dir=str(cache_dir))
    except Exception as exc:  # the Hub client raises many types; the person needs one line
        raise FetchError(_offline_reason(exc)) from exc
    return Path(local), expected


def download_st_folder(repo: str, cache_dir: Path) -> Path:
    """Download a sentence-transformers folder (for conversion) and return its path."""
    try:
        from huggingface_hub import snapshot_download

        local = snapshot_download(repo, cache_dir=str(cache_dir), allow_patterns=ST_PATTERNS)
    except Exception as exc:
        raise FetchError(_offline_reason(exc)) from exc
    return Path(local)
