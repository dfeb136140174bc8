"""Vector encodings: Matryoshka truncation, the compact cache format and vec0 column types.

The index is built around EmbeddingGemma's vectors: `FULL_DIM` components, trained so the
first 512, 256 or 128 of them still work on their own (`MRL_DIMS`). These names are the only
place those numbers are written; the assistant's config and embedder import them.

Every chunk's full embedding is cached as float16 (half the bytes of float32; the rounding error,
about 1e-3 relative, is far below what changes a ranking), so the searchable vec0 table can be
rebuilt at another dim or type without the model. The vec0 table holds only the truncated,
renormalised vector in the configured type.
"""

from __future__ import annotations

import math

import numpy as np

FULL_DIM = 768
MRL_DIMS = (FULL_DIM, 512, 256, 128)
# How vec0 may store the truncated vectors; the first is the default of a new index (binary
# prefilter, rescored with the cached float16 vectors: see benchmarks/results/search.md).
VECTOR_TYPES = ("binary", "int8", "float32")
# Binary search runs one vec0 KNN per partition bucket: sqlite-vec 0.1.9 selects the k nearest
# in each 1024-row chunk with a scan per result, so one query costs about N*k, and asking 16
# buckets for k/16*1.5 each is ~4x cheaper at 1M rows than asking one table for k (measured).
BINARY_BUCKETS = 16


def check_dim(dim: int) -> int:
    """`dim` itself if it is one of the Matryoshka dims, else ValueError."""
    if dim not in MRL_DIMS:
        raise ValueError(f"dim must be one of {MRL_DIMS}, got {dim}")
    return dim


def truncate_dim(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Matryoshka truncation: keep the first `dim` components, then L2-renormalise (float32)."""
    head = np.asarray(vectors, dtype=np.float32)[..., : check_dim(dim)]
    if head.shape[-1] != dim:
        raise ValueError(f"vector has {head.shape[-1]} components, the index needs {dim}")
    return unit_length(head)


def unit_length(vectors: np.ndarray) -> np.ndarray:
    """Rows rescaled to length 1 (float32); a zero row stays zero instead of turning NaN."""
    rows = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def check_vector(vector: np.ndarray, min_dim: int) -> np.ndarray:
    """Validate one caller-supplied embedding: 1-d, finite, long enough to truncate."""
    array = np.asarray(vector)
    if array.ndim != 1 or array.shape[0] < min_dim:
        raise ValueError(f"expected a 1-d vector of at least {min_dim} values, got {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError("vector contains NaN or infinity")
    return array


def pack_full(vector: np.ndarray) -> bytes:
    """The cached form: unit-normalised, float16 (unit length keeps values inside its range)."""
    return unit_length(vector).astype(np.float16).tobytes()


def unpack_full(blobs: list[bytes]) -> np.ndarray:
    """Many cached blobs to one float32 matrix (rows of equal length)."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    joined = np.frombuffer(b"".join(blobs), dtype=np.float16)
    return joined.reshape(len(blobs), -1).astype(np.float32)


def default_int8_scale(dim: int) -> float:
    """Scale that maps +-5 standard deviations of an isotropic unit vector onto +-127."""
    return 127.0 * math.sqrt(dim) / 5.0


def fitted_int8_scale(sample: np.ndarray) -> float:
    """Scale fitted to real data: the 99.99th percentile magnitude maps to 127.

    A fixed scale would either clip the few large components real embeddings have or waste
    most of the 8 bits on range nobody uses.
    """
    top = float(np.quantile(np.abs(sample), 0.9999))
    return 127.0 / top if top > 0 else default_int8_scale(sample.shape[-1])


def encode(unit: np.ndarray, vector_type: str, int8_scale: float) -> list[bytes]:
    """Rows of truncated unit vectors to the blobs the vec0 column expects."""
    rows = np.atleast_2d(unit)
    data: np.ndarray
    if vector_type == "float32":
        data = rows.astype(np.float32)
    elif vector_type == "int8":
        data = np.clip(np.rint(rows * int8_scale), -127, 127).astype(np.int8)
    elif vector_type == "binary":
        data = np.packbits(rows > 0, axis=-1)
    else:
        raise ValueError(f"unknown vector type {vector_type!r}; use one of {VECTOR_TYPES}")
    return [row.tobytes() for row in data]


def sql_wrapper(vector_type: str) -> str:
    """How a bound blob must be typed in SQL: sqlite-vec reads bare blobs as float32."""
    return {"float32": "?", "int8": "vec_int8(?)", "binary": "vec_bit(?)"}[vector_type]


def vec0_column(dim: int, vector_type: str) -> str:
    """The vec0 embedding column; cosine for float/int8, hamming is implied for bits."""
    check_dim(dim)
    if vector_type == "float32":
        return f"embedding float[{dim}] distance_metric=cosine"
    if vector_type == "int8":
        return f"embedding int8[{dim}] distance_metric=cosine"
    if vector_type == "binary":
        if dim % 8:
            raise ValueError("binary vectors need a dim divisible by 8")
        return f"embedding bit[{dim}]"
    raise ValueError(f"unknown vector type {vector_type!r}; use one of {VECTOR_TYPES}")


def cosine_distances(query_unit: np.ndarray, rows_unit: np.ndarray) -> np.ndarray:
    """1 - cosine similarity, for unit vectors (the rescoring step and the exact path)."""
    if rows_unit.size == 0:
        return np.zeros(0, dtype=np.float32)
    return 1.0 - rows_unit @ query_unit
