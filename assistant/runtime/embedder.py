"""EmbeddingGemma through llama.cpp: prompts, token limits and Matryoshka truncation.

Why this wrapper exists rather than calling `Llama.embed` directly:
- EmbeddingGemma was trained with task prompts and is only accurate when they are used
  (queries ``task: search result | query: …``, documents ``title: … | text: …``).
- llama.cpp aborts the whole process when one sequence is longer than ``n_ubatch``; we size
  ``n_ctx = n_batch = n_ubatch`` to the longest allowed input and count tokens ourselves, so an
  over-long text is refused (or, if asked, cut) explicitly and never reaches llama.cpp.
- ``embed()`` returns unnormalised vectors; Matryoshka (MRL) truncation must slice *then*
  renormalise, so we always normalise ourselves.
- One sequence per ``embed()`` call: on 2-core CPUs that measured twice as fast as 16 per call,
  because llama.cpp attends across the whole micro-batch.
The model is loaded lazily, once, behind a lock (a llama.cpp context is not thread-safe).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.config import Config, thread_count
from assistant.errors import InputTooLong, ModelError
from assistant.models.registry import require_model
from store import FULL_DIM, MRL_DIMS, truncate_dim

if TYPE_CHECKING:
    from llama_cpp import Llama

DENSE_KEY = "gemma-embedding.dense_2_feat_out"


def query_prompt(query: str) -> str:
    return f"task: search result | query: {query}"


def document_prompt(text: str, title: str | None = None) -> str:
    return f"title: {title.strip() if title and title.strip() else 'none'} | text: {text}"


@dataclass(frozen=True)
class DocumentText:
    """A text to embed as a document, with the title the document prompt carries."""

    text: str
    title: str | None = None


class Embedder:
    """Embeds queries and documents with one EmbeddingGemma GGUF."""

    def __init__(
        self,
        model_path: Path,
        *,
        model_id: str = "",
        dim: int = FULL_DIM,
        max_tokens: int = 2048,
        threads: int = 0,
    ) -> None:
        if dim not in MRL_DIMS:
            raise ValueError(f"dim must be one of {MRL_DIMS}, got {dim}")
        self.model_path = model_path
        self.model_id = model_id or model_path.stem
        self.dim = dim
        self.max_tokens = max_tokens
        self.threads = thread_count(threads)
        self._llama: Llama | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config) -> Embedder:
        """The configured embedder (not loaded yet); raises `ModelMissing` with the fix."""
        spec, path = require_model(config, config.embedder.model)
        if spec.role != "embedder":
            raise ModelError(f"{spec.id} is a {spec.role}, not an embedder; set embedder.model")
        return cls(
            path,
            model_id=spec.id,
            dim=config.embedder.dim,
            max_tokens=config.embedder.max_tokens,
            threads=config.embedder.threads,
        )

    def _model(self) -> Llama:
        if self._llama is None:
            check_embedding_gguf(self.model_path)
            from llama_cpp import Llama

            n = self.max_tokens
            self._llama = Llama(
                model_path=str(self.model_path),
                embedding=True,
                n_ctx=n,
                n_batch=n,
                n_ubatch=n,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                verbose=False,
            )
        return self._llama

    def load(self) -> None:
        """Load the model now (otherwise the first embed call does)."""
        with self._lock:
            self._model()

    def count_tokens(self, prompt: str) -> int:
        """Tokens llama.cpp will see for this exact prompt (special tokens included)."""
        with self._lock:
            return len(self._model().tokenize(prompt.encode("utf-8")))

    def embed_query(
        self, query: str, dim: int | None = None, *, threads: int | None = None
    ) -> np.ndarray:
        """The query vector at `dim` (default: the configured dim), unit length.

        `threads`: for this query only, instead of the context's own (`assistant serve` gives
        a query every core while nothing else computes: serve.idle_cores.IdleCoreQueries)."""
        full = self._embed_prompts([query_prompt(query)], truncate=True, threads=threads)[0]
        return truncate_dim(full, dim or self.dim)

    def embed_documents(
        self, items: Sequence[DocumentText], *, truncate: bool = False
    ) -> np.ndarray:
        """Full (`FULL_DIM`) unit vectors, one row per item (cut with `store.truncate_dim`).

        A text longer than the model's window raises `InputTooLong` unless `truncate` is set,
        in which case its tail is cut; chunking should make that never happen.
        """
        prompts = [document_prompt(item.text, item.title) for item in items]
        return self._embed_prompts(prompts, truncate=truncate)

    def _embed_prompts(
        self, prompts: Iterable[str], *, truncate: bool, threads: int | None = None
    ) -> np.ndarray:
        rows = []
        with self._lock:
            llama = self._model()
            other = threads if threads is not None and threads != self.threads else None
            if other is not None:
                llama._ctx.set_n_threads(other, other)
            try:
                for prompt in prompts:
                    fitted = self._fit(llama, prompt, truncate)
                    rows.append(llama.embed(fitted, normalize=False, truncate=False))
            finally:
                if other is not None:
                    llama._ctx.set_n_threads(self.threads, self.threads)
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        return truncate_dim(vectors, FULL_DIM) if len(rows) else vectors

    def _fit(self, llama: Llama, prompt: str, truncate: bool) -> str:
        """The prompt itself if it fits the window; else cut (if allowed) or refuse."""
        count = len(llama.tokenize(prompt.encode("utf-8")))
        if count <= self.max_tokens:
            return prompt
        if not truncate:
            raise InputTooLong(
                f"text is {count} tokens, over the embedder's limit of {self.max_tokens}; "
                "split it into smaller chunks"
            )
        tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=False)
        keep = self.max_tokens - 8  # room for BOS/EOS and re-tokenisation drift
        while True:
            cut = llama.detokenize(tokens[:keep]).decode("utf-8", errors="ignore")
            if len(llama.tokenize(cut.encode("utf-8"))) <= self.max_tokens:
                return cut
            keep -= 16


def check_embedding_gguf(path: Path) -> None:
    """Refuse a GGUF that is not EmbeddingGemma with its dense projection layers.

    Without the two dense layers llama.cpp still returns vectors, silently wrong ones; that is
    the usual state of GGUFs converted without ``--sentence-transformers-dense-modules``.
    """
    metadata = read_gguf_metadata(path)
    arch = metadata.get("general.architecture", "")
    if arch != "gemma-embedding":
        raise ModelError(f"{path.name} is a {arch or 'unknown'} model, not EmbeddingGemma")
    if DENSE_KEY not in metadata:
        raise ModelError(
            f"{path.name} lacks EmbeddingGemma's dense layers ({DENSE_KEY} missing); "
            "re-convert it with `assistant models import FOLDER` (which passes "
            "--sentence-transformers-dense-modules) or pull embeddinggemma-300m-q8_0"
        )


def read_gguf_metadata(path: Path) -> dict[str, str]:
    """A GGUF's key/value metadata, read by llama.cpp without loading weights or a context.

    `LlamaModel` is llama-cpp-python's thin model wrapper; going through `Llama` would also
    build an inference context, which is slower and prints context warnings.
    """
    import llama_cpp
    from llama_cpp._internals import LlamaModel

    params = llama_cpp.llama_model_default_params()
    params.vocab_only = True
    try:
        model = LlamaModel(path_model=str(path), params=params, verbose=False)
    except (ValueError, RuntimeError) as exc:
        raise ModelError(f"{path} is not a readable GGUF file: {exc}") from exc
    try:
        return dict(model.metadata())
    finally:
        model.close()
