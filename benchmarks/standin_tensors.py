"""The tensors of a stand-in: every name and shape llama.cpp's loader creates for the arch.

Read off `load_arch_tensors` in src/models/gemma3n.cpp and src/models/gemma4.cpp of the
llama.cpp that llama-cpp-python 0.3.36 bundles; names come from gguf-py's own table, so a
renamed tensor there shows up as a load error naming it, not as a silent mismatch. Shapes
are in llama.cpp's order (ne0 first, the row length); numpy's is the reverse.
Values: weights small normal (std 0.02, the usual initialisation), norms about 1, and the
two constants (Gemma 4's proportional-rope frequency factors, its per-layer output scale)
as the converter writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Any

from standin_shapes import Shape

WEIGHT_STD = 0.02
NORM_STD = 0.01


@dataclass(frozen=True)
class TensorSpec:
    name: str
    ne: tuple[int, ...]  # llama.cpp's order
    mean: float = 0.0
    scale: float = WEIGHT_STD
    constant: tuple[float, ...] | None = None

    @property
    def numpy_shape(self) -> tuple[int, ...]:
        return tuple(reversed(self.ne))

    @property
    def count(self) -> int:
        return prod(self.ne)


class _Names:
    """gguf-py's tensor names for one model, `.weight` added."""

    def __init__(self, gguf: Any) -> None:
        self.gguf = gguf

    def __call__(self, tensor: str, layer: int | None = None) -> str:
        template = self.gguf.TENSOR_NAMES[getattr(self.gguf.MODEL_TENSOR, tensor)]
        return (template.format(bid=layer) if layer is not None else template) + ".weight"


def tensor_plan(shape: Shape, gguf: Any) -> list[TensorSpec]:
    name = _Names(gguf)
    if shape.arch == "gemma3n":
        return _gemma3n(shape, name)
    if shape.arch == "gemma4":
        return _gemma4(shape, name)
    raise ValueError(f"no tensor plan for {shape.arch}")


def _norm(name: str, width: int) -> TensorSpec:
    return TensorSpec(name, (width,), mean=1.0, scale=NORM_STD)


def _embeddings(s: Shape, name: _Names) -> list[TensorSpec]:
    """Both tables are n_vocab rows: the token embedding (tied with the output) and the
    per-layer inputs, one `n_embd_per_layer` slice per layer."""
    per_layer = s.n_embd_per_layer * s.n_layer
    return [
        TensorSpec(name("TOKEN_EMBD"), (s.n_embd, s.n_vocab)),
        TensorSpec(name("PER_LAYER_TOKEN_EMBD"), (per_layer, s.n_vocab)),
        TensorSpec(name("PER_LAYER_MODEL_PROJ"), (s.n_embd, per_layer)),
        _norm(name("PER_LAYER_PROJ_NORM"), s.n_embd_per_layer),
        _norm(name("OUTPUT_NORM"), s.n_embd),
    ]


def _attention(s: Shape, name: _Names, i: int, with_kv: bool) -> list[TensorSpec]:
    head = s.layer_head_dim(i)
    specs = [
        _norm(name("ATTN_NORM", i), s.n_embd),
        TensorSpec(name("ATTN_Q", i), (s.n_embd, head * s.n_head)),
        TensorSpec(name("ATTN_OUT", i), (head * s.n_head, s.n_embd)),
        _norm(name("ATTN_Q_NORM", i), head),
        _norm(name("ATTN_POST_NORM", i), s.n_embd),
    ]
    if with_kv:
        specs += [
            TensorSpec(name("ATTN_K", i), (s.n_embd, head * s.n_head_kv)),
            TensorSpec(name("ATTN_V", i), (s.n_embd, head * s.n_head_kv)),
            _norm(name("ATTN_K_NORM", i), head),
        ]
    return specs


def _feed_forward(s: Shape, name: _Names, i: int) -> list[TensorSpec]:
    ff = s.n_ff[i]
    return [
        _norm(name("FFN_NORM", i), s.n_embd),
        TensorSpec(name("FFN_GATE", i), (s.n_embd, ff)),
        TensorSpec(name("FFN_UP", i), (s.n_embd, ff)),
        TensorSpec(name("FFN_DOWN", i), (ff, s.n_embd)),
        _norm(name("FFN_POST_NORM", i), s.n_embd),
    ]


def _per_layer_input(s: Shape, name: _Names, i: int) -> list[TensorSpec]:
    return [
        TensorSpec(name("PER_LAYER_INP_GATE", i), (s.n_embd, s.n_embd_per_layer)),
        TensorSpec(name("PER_LAYER_PROJ", i), (s.n_embd_per_layer, s.n_embd)),
        _norm(name("PER_LAYER_POST_NORM", i), s.n_embd),
    ]


def _gemma3n(s: Shape, name: _Names) -> list[TensorSpec]:
    """gemma3n: every layer has its own K/V weights (the loader requires them even on the
    KV-sharing layers), plus AltUp (4 streams) and LAuReL (rank 64) per layer."""
    altup, rank = s.extra["altup"], s.extra["laurel_rank"]
    specs = [
        *_embeddings(s, name),
        TensorSpec(name("ALTUP_PROJ"), (s.n_embd, s.n_embd, altup - 1)),
        TensorSpec(name("ALTUP_UNEMBD_PROJ"), (s.n_embd, s.n_embd, altup - 1)),
    ]
    for i in range(s.n_layer):
        specs += _attention(s, name, i, with_kv=True) + _feed_forward(s, name, i)
        specs += [
            *_per_layer_input(s, name, i),
            TensorSpec(name("ALTUP_CORRECT_COEF", i), (altup, altup)),
            _norm(name("ALTUP_CORRECT_SCALE", i), s.n_embd),
            TensorSpec(name("ALTUP_PREDICT_COEF", i), (altup, altup * altup)),
            TensorSpec(name("ALTUP_ROUTER", i), (s.n_embd, altup)),
            _norm(name("ALTUP_ROUTER_NORM", i), s.n_embd),
            TensorSpec(name("LAUREL_L", i), (s.n_embd, rank)),
            TensorSpec(name("LAUREL_R", i), (rank, s.n_embd)),
            _norm(name("LAUREL_POST_NORM", i), s.n_embd),
        ]
    return specs


def _gemma4(s: Shape, name: _Names) -> list[TensorSpec]:
    """gemma4: K/V weights only where the layer keeps a cache; full-attention layers rotate
    a quarter of their head dims, which the converter encodes as frequency factors (1 for
    the rotated pairs, 1e30 for the rest) in one shared `rope_freqs` tensor."""
    rotated = int(s.head_dim * s.rope_partial_full / 2)
    factors = (1.0,) * rotated + (1e30,) * (s.head_dim // 2 - rotated)
    specs = [TensorSpec(name("ROPE_FREQS"), (s.head_dim // 2,), constant=factors)]
    specs += _embeddings(s, name)
    for i in range(s.n_layer):
        specs += _attention(s, name, i, with_kv=s.has_kv(i)) + _feed_forward(s, name, i)
        specs += _per_layer_input(s, name, i)
        specs.append(TensorSpec(name("LAYER_OUT_SCALE", i), (1,), constant=(1.0,)))
    return specs
