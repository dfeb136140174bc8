"""The text-model shapes of Gemma 3n E2B and Gemma 4 E2B, for random-weight stand-ins.

The stand-ins (benchmarks/standins.py) exist to measure speed and memory on this machine;
the real weights cannot be downloaded here. What costs time in llama.cpp is the shape (matrix
sizes, layers, heads, which layers keep a KV cache, the sliding window), not the values, so
every figure below that decides a shape comes from a public source, named beside it. Only the
text decoder is built: the vision and audio towers live in separate mmproj files and take no
part in a text answer.

Gemma 3n E2B (HF `google/gemma-3n-E2B-it`, `text_config`, as given in issue #15's brief and
as read by llama.cpp's `src/models/gemma3n.cpp` of llama-cpp-python 0.3.36):
  hidden 2048, 30 layers, intermediate 8192, 8 heads, 2 KV heads, head_dim 256,
  vocab 262400 (the converter pads both embedding tables to it: `conversion/gemma.py`,
  Gemma3NModel.modify_tensors), hidden_size_per_layer_input 256, altup 4 inputs (active 0),
  laurel rank 64, sliding window 512 with every 5th layer global (llama.cpp's default
  pattern 5 for gemma3n), num_kv_shared_layers 10 (llama.cpp hard-codes
  n_layer_kv_from_start = 20), activation sparsity 0.95 on the first 10 layers (llama.cpp
  hard-codes n_layer_sparsity = 10 and its std multiplier 1.6449), rope theta 1e6 / local
  1e4, final logit softcapping 30, rms eps 1e-6, 32768 positions.
  llama.cpp reads altup/laurel sizes as constants (`llama-hparams.h`: n_altup 4, laurel_rank
  64, n_embd_altup 256): the stand-in writes the converter's keys anyway.

Gemma 4 E2B (HF `google/gemma-4-E2B-it`, `text_config`). From the llama.cpp sources of
llama-cpp-python 0.3.36: 35 layers is E2B (`src/models/gemma4.cpp`, load_arch_hparams),
hidden 1536 (`tools/mtmd/mtmd.cpp`: "E2B (n_embd = 1536)"), head size 256 sliding / 512
full (`ggml/src/ggml-openvino/ggml-decoder.cpp`), one KV head (`ggml-opencl.cpp`:
"n_head_kv==1 (e.g. Gemma-4 E2B)"), every 5th layer full attention
(`tests/test-llama-archs.cpp`: "matches E2B layer_types"), the proportional-rope
`rope_freqs` and the double-wide MLP on the KV-shared layers (`conversion/gemma.py`,
Gemma4Model). The remaining figures come from public copies of the E2B `text_config` found
with the search tool (a Rust test that mirrors "the Gemma 4 E2B real checkpoint", a
keras-hub style preset table `gemma4_2b`, and a fine-tuning record quoting the checkpoint's
layer-15+ MLP shape [1536, 12288]); they agree with each other:
  intermediate 6144 (12288 on the 20 KV-shared layers 15..34: use_double_wide_mlp), 8
  heads, num_kv_shared_layers 20, hidden_size_per_layer_input 256, vocab 262144 (per-layer
  262144), sliding window 512, rope theta 1e6 with partial_rotary_factor 0.25 on full
  layers / 1e4 on sliding layers, final logit softcapping 30, rms eps 1e-6, 131072
  positions, attention_k_eq_v false (the E2B checkpoint has v_proj).
  Guessed: that the E2B GGUF carries a per-layer `layer_output_scale` (the converter maps
  HF's `layer_scalar` to it; it is one multiply per layer either way) and no K/V weights on
  the KV-shared layers (llama.cpp marks them optional there and never uses them).

The tokenizer is not Gemma 4's own (a 262144-token BPE, tokenizer model "gemma4"): both
stand-ins carry the Gemma 3 tokenizer copied from the EmbeddingGemma GGUF (262144 tokens,
SentencePiece), so a given text counts a few percent differently than it would in Gemma 4.
The vocabulary size, and so the output matrix, is the real one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shape:
    """One text decoder's shape, in the terms llama.cpp's loader reads."""

    arch: str  # the GGUF architecture: "gemma3n" | "gemma4"
    file: str  # the stand-in's file name (never one the manifest knows)
    name: str
    n_embd: int
    n_layer: int
    n_ff: tuple[int, ...]  # per layer
    n_head: int
    n_head_kv: int
    head_dim: int  # full-attention layers
    head_dim_swa: int  # sliding-window layers
    n_vocab: int
    n_embd_per_layer: int  # the per-layer-input width (PLE)
    n_kv_shared: int  # the last layers that reuse earlier layers' KV cache
    sliding_window: int
    swa_every: int  # every n-th layer is full attention, the others slide
    rope_theta: float
    rope_theta_swa: float
    rope_partial_full: float  # the share of a full layer's head dims that rotate
    softcap: float
    context_train: int
    extra: dict[str, int] = field(default_factory=dict)

    def is_swa(self, layer: int) -> bool:
        return layer % self.swa_every != self.swa_every - 1

    def has_kv(self, layer: int) -> bool:
        return layer < self.n_layer - self.n_kv_shared

    def layer_head_dim(self, layer: int) -> int:
        return self.head_dim_swa if self.is_swa(layer) else self.head_dim


GEMMA_3N_E2B = Shape(
    arch="gemma3n",
    file="gemma-3n-E2B-standin-Q4_K_M.gguf",
    name="Gemma 3n E2B stand-in (random weights, for benchmarks only)",
    n_embd=2048,
    n_layer=30,
    n_ff=(8192,) * 30,
    n_head=8,
    n_head_kv=2,
    head_dim=256,
    head_dim_swa=256,
    n_vocab=262400,
    n_embd_per_layer=256,
    n_kv_shared=10,
    sliding_window=512,
    swa_every=5,
    rope_theta=1_000_000.0,
    rope_theta_swa=10_000.0,
    rope_partial_full=1.0,
    softcap=30.0,
    context_train=32768,
    extra={"altup": 4, "altup_active": 0, "laurel_rank": 64, "sparse_layers": 10},
)

GEMMA_4_E2B = Shape(
    arch="gemma4",
    file="gemma-4-E2B-standin-Q4_K_M.gguf",
    name="Gemma 4 E2B stand-in (random weights, for benchmarks only)",
    n_embd=1536,
    n_layer=35,
    n_ff=(6144,) * 15 + (12288,) * 20,
    n_head=8,
    n_head_kv=1,
    head_dim=512,
    head_dim_swa=256,
    n_vocab=262144,
    n_embd_per_layer=256,
    n_kv_shared=20,
    sliding_window=512,
    swa_every=5,
    rope_theta=1_000_000.0,
    rope_theta_swa=10_000.0,
    rope_partial_full=0.25,
    softcap=30.0,
    context_train=131072,
)

SHAPES = {"gemma-3n-e2b": GEMMA_3N_E2B, "gemma-4-e2b": GEMMA_4_E2B}
