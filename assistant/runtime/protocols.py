"""What the sync needs from an embedder, as a type: `Embedder` is one, so is a gated one.

The sync calls three things and nothing else: the model id (cached vectors are keyed on it),
token counting (the chunker sizes chunks with it) and document embedding. Typing `Syncer`
against this protocol lets the session hand it an `Embedder` wrapped in the indexing gate, and
tests hand it a fake, without a cast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from assistant.runtime.embedder import DocumentText


class DocumentEmbedder(Protocol):
    """Something that embeds documents for the index."""

    @property
    def model_id(self) -> str: ...

    def count_tokens(self, prompt: str) -> int: ...

    def embed_documents(
        self, items: Sequence[DocumentText], *, truncate: bool = False
    ) -> np.ndarray: ...
