"""The model manifest: which models exist, what they are for, and where they come from.

The manifest is data (``models/manifest.toml`` in the repository, packaged into wheels as
``assistant/models/manifest.toml``) so that adding a model is an edit, not a code change.
Models a person imports (`assistant models import`) are recorded in ``imported.toml`` in the
models dir and merged in, so they show up everywhere a manifest model does.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from assistant.errors import ModelError

Role = Literal["embedder", "generator"]
IMPORTED_FILE = "imported.toml"
# The manifest's first generator: the answer model every "get one with" hint names
# (tests/models/test_manifest.py keeps the two in step).
DEFAULT_ANSWER_MODEL = "gemma-3n-e2b-it-q4_k_m"


@dataclass(frozen=True)
class Source:
    """One place a model can be fetched from. Fields beyond `kind` depend on the kind."""

    kind: str
    options: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def describe(self) -> str:
        """A short human label, e.g. ``hub-file unsloth/gemma-3n-E2B-it-GGUF``."""
        target = self.get("repo") or self.get("requirement", "").replace("{n}", "*")
        return f"{self.kind} {target}".strip()


@dataclass(frozen=True)
class ModelSpec:
    """A model the program can use, whether or not its file is present."""

    id: str
    role: Role
    file: str
    quantization: str = ""
    license: str = ""
    description: str = ""
    sha256: str = ""
    size: int = 0
    optional: bool = False
    offline: bool = False
    imported: bool = False
    sources: tuple[Source, ...] = ()


def _manifest_text() -> str:
    """Read the manifest from the source tree (editable install) or the installed package."""
    in_tree = Path(__file__).resolve().parents[2] / "models" / "manifest.toml"
    if in_tree.is_file():
        return in_tree.read_text(encoding="utf-8")
    return resources.files("assistant.models").joinpath("manifest.toml").read_text("utf-8")


def parse_manifest(text: str, *, imported: bool = False) -> list[ModelSpec]:
    """Parse manifest TOML into specs; raises `ModelError` naming the bad entry."""
    data = tomllib.loads(text)
    specs = []
    for raw in data.get("model", []):
        raw = dict(raw)
        try:
            sources = tuple(
                Source(kind=s.pop("kind"), options=s) for s in map(dict, raw.pop("sources", []))
            )
            specs.append(ModelSpec(**raw, sources=sources, imported=imported))
        except (TypeError, KeyError) as exc:
            raise ModelError(f"bad model entry {raw.get('id', '?')!r} in manifest: {exc}") from exc
    return specs


def load_manifest(models_dir: Path) -> list[ModelSpec]:
    """All known models: the shipped manifest followed by the person's imported ones."""
    specs = parse_manifest(_manifest_text())
    imported = models_dir / IMPORTED_FILE
    if imported.is_file():
        try:
            specs += parse_manifest(imported.read_text(encoding="utf-8"), imported=True)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ModelError(
                f"{imported} is damaged ({exc}); repair the entry it names, or move the file "
                "away and `assistant models import` the models again"
            ) from exc
    return specs


def find_spec(specs: list[ModelSpec], model_id: str) -> ModelSpec:
    """The spec with this id, or a `ModelError` listing the known ids."""
    for spec in specs:
        if spec.id == model_id:
            return spec
    known = ", ".join(s.id for s in specs)
    raise ModelError(f"unknown model {model_id!r}; known models: {known}")
