"""Files -> documents -> chunks: the notes, mail and PDF readers, the chunker and sync.

The public surface is small on purpose: `read` turns a path into documents (or a failure
reason), `supported` tells the scanner which files to offer, `chunk` cuts a document into
token-bounded pieces with stable hashes. This package knows no SQL and no model code: the
embedder's tokenizer comes in as a plain function.
"""

from ingest.chunking import chunk
from ingest.dispatch import guess_kind, read, supported
from ingest.documents import Chunk, Document, ReadResult, Section

__all__ = [
    "Chunk",
    "Document",
    "ReadResult",
    "Section",
    "chunk",
    "guess_kind",
    "read",
    "supported",
]
