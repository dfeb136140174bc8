"""Random-weight stand-ins of Gemma 3n E2B and Gemma 4 E2B, for measuring speed and memory.

Usage:  .venv/bin/python benchmarks/standins.py [--models gemma-3n-e2b gemma-4-e2b] [--check]

The real GGUFs cannot be fetched on this machine, yet the prompt budget (issue #15) needs
to know how long a real answer takes here. llama.cpp's cost is set by the shapes, so these
files have the real architectures and sizes (benchmarks/standin_shapes.py says where each
figure comes from) and random weights: they print noise and must never answer a person.
They are written to `<cache>/bench/standins/` (the cache dir of assistant/paths.py, so
ASSISTANT_CACHE moves them), never into the models dir and never into the manifest, so
nothing can choose one as an answer model; the builder refuses a models dir around them.

How: gguf-py (llama.cpp's own writer, the copy assistant/models/convert.py unpacks from the
llama-cpp-python sdist into the cache) writes an F16 GGUF tensor by tensor, each generated
in slabs from a seeded normal distribution (peak memory stays in the hundreds of MB), with
the metadata keys llama.cpp's gemma3n / gemma4 loaders read, the Gemma 3 tokenizer copied
from the EmbeddingGemma GGUF (padded to the model's vocabulary) and a Gemma chat template.
llama.cpp's quantizer (through llama_cpp's ctypes binding) then makes the Q4_K_M file and
the F16 one is deleted. A recipe stamp beside each file makes a second run skip it.
`--check` loads each file with n_ctx 8192 and decodes a few tokens.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# The repository first: benchmarks/ingest.py must not shadow the `ingest` package.
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from standin_shapes import SHAPES, Shape  # noqa: E402
from standin_tensors import TensorSpec, tensor_plan  # noqa: E402

from assistant.paths import Paths, resolve_paths  # noqa: E402

RECIPE_VERSION = 1
SEED = 20260415
Q4_K_M = 15  # llama.cpp LLAMA_FTYPE_MOSTLY_Q4_K_M
EMBEDDER_FILE = "embeddinggemma-300m-Q8_0.gguf"  # carries the Gemma 3 tokenizer
END_OF_TURN = 106  # "<end_of_turn>": the instruction-tuned Gemma GGUFs' end-of-generation
# Gemma's turn format (the system text opens the first user turn), as
# assistant/runtime/generator.py's gemma_turns writes it.
CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% if messages[0]['role'] == 'system' %}"
    "{% set system = messages[0]['content'] + '\n\n' %}{% set turns = messages[1:] %}"
    "{% else %}{% set system = '' %}{% set turns = messages %}{% endif %}"
    "{% for m in turns %}"
    "{% set role = 'model' if m['role'] == 'assistant' else 'user' %}"
    "<start_of_turn>{{ role }}\n{{ system if loop.first else '' }}{{ m['content'] }}"
    "<end_of_turn>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)


def say(message: str) -> None:
    print(message, flush=True)


class Refused(Exception):
    """The stand-ins would land where the app looks for answer models."""


def standins_dir(paths: Paths) -> Path:
    """Where the stand-ins live: the cache's bench folder, never the models dir."""
    folder = paths.cache_dir / "bench" / "standins"
    check_outside_models(folder, paths.models_dir)
    return folder


def check_outside_models(folder: Path, models_dir: Path) -> None:
    """Refuse a folder inside (or holding) the models dir: a random-weight file there could
    be imported or picked up as a model, and it must never answer a person."""
    folder, models = folder.resolve(), models_dir.resolve()
    if folder.is_relative_to(models) or models.is_relative_to(folder):
        raise Refused(
            f"refusing to write stand-ins to {folder}: it overlaps the models dir {models}; "
            "set ASSISTANT_CACHE or ASSISTANT_MODELS so they are apart"
        )


def recipe(shape: Shape, tokenizer: Path) -> dict[str, Any]:
    import llama_cpp

    fields = {k: v for k, v in vars(shape).items() if k != "extra"}
    return {
        "version": RECIPE_VERSION,
        "seed": SEED,
        "shape": {**fields, "n_ff": list(shape.n_ff), "extra": dict(shape.extra)},
        "tokenizer": [tokenizer.name, tokenizer.stat().st_size],
        "llama_cpp_python": llama_cpp.__version__,
        "ftype": Q4_K_M,
    }


def stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".recipe.json")


def is_built(target: Path, wanted: dict[str, Any]) -> bool:
    try:
        return target.exists() and json.loads(stamp_path(target).read_text()) == wanted
    except (OSError, ValueError):
        return False


def build(shape: Shape, paths: Paths, out_dir: Path | None = None, report=say) -> Path:
    """The Q4_K_M stand-in of `shape` (built unless an identical recipe is already there)."""
    out_dir = out_dir or standins_dir(paths)
    check_outside_models(out_dir, paths.models_dir)
    tokenizer = paths.models_dir / EMBEDDER_FILE
    if not tokenizer.exists():
        raise FileNotFoundError(f"{tokenizer} is missing (its tokenizer is copied); make setup")
    target = out_dir / shape.file
    wanted = recipe(shape, tokenizer)
    if is_built(target, wanted):
        report(f"{target.name}: already built")
        return target
    out_dir.mkdir(parents=True, exist_ok=True)
    f16 = target.with_name(target.name + ".f16.partial")
    partial = target.with_name(target.name + ".partial")
    try:
        started = time.perf_counter()
        write_f16(shape, f16, tokenizer, paths.cache_dir, report)
        seconds = time.perf_counter() - started
        report(f"{f16.name}: {f16.stat().st_size / 1e9:.2f} GB in {seconds:.0f} s")
        started = time.perf_counter()
        report(f"quantizing {target.name} to Q4_K_M with llama.cpp (minutes)")
        quantize(f16, partial)
        report(f"quantized to Q4_K_M in {time.perf_counter() - started:.0f} s")
        os.replace(partial, target)
    finally:
        f16.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    stamp_path(target).write_text(json.dumps(wanted, indent=2) + "\n")
    return target


def load_gguf_py(cache_dir: Path, report=say) -> Any:
    """llama.cpp's gguf-py from the llama-cpp-python sdist of the installed version (the
    copy the converter uses), so writer and runtime agree on the format."""
    from assistant.models.convert import ensure_converter_script

    script = ensure_converter_script(cache_dir, lambda message: report(message))
    sys.path.insert(0, str(script.parent / "gguf-py"))
    import gguf

    return gguf


def write_f16(shape: Shape, path: Path, tokenizer: Path, cache_dir: Path, report=say) -> None:
    gguf = load_gguf_py(cache_dir, report)
    writer = gguf.GGUFWriter(str(path), shape.arch)
    write_hparams(writer, shape)
    copy_tokenizer(writer, gguf, tokenizer, shape.n_vocab)
    plan = tensor_plan(shape, gguf)
    for index, spec in enumerate(plan):
        writer.add_tensor(spec.name, RandomTensor(spec, seed=(SEED, index)))
    weights = sum(spec.count for spec in plan) / 1e9
    report(f"writing {path.name}: {len(plan)} tensors, {weights:.2f} B weights")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def write_hparams(writer: Any, shape: Shape) -> None:
    """The keys llama.cpp's loader reads for the architecture (llama-model.cpp's
    load_hparams and the arch's load_arch_hparams), as the converter writes them."""
    writer.add_name(shape.name)
    writer.add_string("assistant.standin", "random weights: for benchmarks, never for answers")
    writer.add_file_type(1)  # F16
    writer.add_context_length(shape.context_train)
    writer.add_embedding_length(shape.n_embd)
    writer.add_block_count(shape.n_layer)
    ff = shape.n_ff
    writer.add_feed_forward_length(ff[0] if len(set(ff)) == 1 else list(ff))
    writer.add_head_count(shape.n_head)
    writer.add_head_count_kv(shape.n_head_kv)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_key_length(shape.head_dim)
    writer.add_value_length(shape.head_dim)
    writer.add_rope_freq_base(shape.rope_theta)
    writer.add_rope_freq_base_swa(shape.rope_theta_swa)
    writer.add_sliding_window(shape.sliding_window)
    writer.add_sliding_window_pattern([shape.is_swa(i) for i in range(shape.n_layer)])
    writer.add_final_logit_softcapping(shape.softcap)
    writer.add_embedding_length_per_layer_input(shape.n_embd_per_layer)
    writer.add_shared_kv_layers(shape.n_kv_shared)
    if shape.arch == "gemma3n":
        writer.add_altup_active_idx(shape.extra["altup_active"])
        writer.add_altup_num_inputs(shape.extra["altup"])
        sparse = shape.extra["sparse_layers"]
        scale = 1.6448533535003662  # the normal quantile of 0.95, as the converter computes
        writer.add_activation_sparsity_scale([scale] * sparse + [0.0] * (shape.n_layer - sparse))
    if shape.arch == "gemma4":
        writer.add_key_length_swa(shape.head_dim_swa)
        writer.add_value_length_swa(shape.head_dim_swa)
        writer.add_rope_dimension_count(shape.head_dim)
        writer.add_rope_dimension_count_swa(shape.head_dim_swa)


def copy_tokenizer(writer: Any, gguf: Any, source: Path, n_vocab: int) -> None:
    """Every tokenizer.* key of the EmbeddingGemma GGUF, the token arrays padded with unused
    tokens to `n_vocab` (as the converter pads Gemma 3n), ending turns as the instruction
    models do, with our chat template."""
    reader = gguf.GGUFReader(str(source))
    arrays = {
        "tokenizer.ggml.tokens",
        "tokenizer.ggml.scores",
        "tokenizer.ggml.token_type",
    }
    for field in reader.fields.values():
        if not field.name.startswith("tokenizer.") or field.name in arrays:
            continue
        if field.name in ("tokenizer.ggml.eos_token_id", "tokenizer.ggml.add_eos_token"):
            continue
        kind = field.types[0]
        sub = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), kind, sub_type=sub)
    fields = reader.fields
    listed = fields["tokenizer.ggml.tokens"]
    tokens = [bytes(listed.parts[i]) for i in listed.data]  # bytes: no decoding surprises
    scores = list(fields["tokenizer.ggml.scores"].contents())
    types = list(fields["tokenizer.ggml.token_type"].contents())
    if len(tokens) > n_vocab:
        raise ValueError(f"{source.name} has {len(tokens)} tokens, more than {n_vocab}")
    pad = range(len(tokens), n_vocab)
    tokens += [f"[PAD{i}]".encode() for i in pad]
    scores += [-1000.0] * len(pad)
    types += [int(gguf.TokenType.UNUSED)] * len(pad)
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_eos_token_id(END_OF_TURN)
    writer.add_add_eos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)


class RandomTensor:
    """A tensor gguf-py can write (`shape`, `dtype`, `nbytes`, `tofile`) that is made slab by
    slab while it is written, so no whole table is ever in memory.

    Drawing billions of normal values costs minutes on two cores, so each slab is a window
    at a seeded random offset into one shared pool of 16M standard-normal values, scaled and
    shifted: still normal, deterministic, and as good as any for timing matrix products.
    """

    SLAB = 1 << 22  # values per slab
    POOL = 1 << 24
    _pool: Any = None

    def __init__(self, spec: TensorSpec, seed: tuple[int, int]) -> None:
        import numpy as np

        self.spec = spec
        self.shape = spec.numpy_shape
        self.dtype = np.dtype(np.float32 if len(self.shape) == 1 else np.float16)
        self.nbytes = spec.count * self.dtype.itemsize
        self.seed = seed

    @classmethod
    def pool(cls) -> Any:
        import numpy as np

        if cls._pool is None:
            cls._pool = np.random.default_rng(SEED).standard_normal(cls.POOL, dtype=np.float32)
        return cls._pool

    def tofile(self, handle: Any) -> None:
        import numpy as np

        if self.spec.constant is not None:
            np.asarray(self.spec.constant, dtype=self.dtype).reshape(self.shape).tofile(handle)
            return
        pool, rng, left = self.pool(), np.random.default_rng(self.seed), self.spec.count
        while left:
            count = min(left, self.SLAB)
            start = int(rng.integers(0, self.POOL - count + 1))
            values = pool[start : start + count] * self.spec.scale + self.spec.mean
            values.astype(self.dtype).tofile(handle)
            left -= count


def quantize(source: Path, target: Path) -> None:
    """Q4_K_M with llama.cpp's own quantizer, as for the real files (in-process: it only
    reads and writes files, slab by slab)."""
    import llama_cpp
    from llama_cpp._logger import set_verbose

    set_verbose(False)  # one line per tensor otherwise (well over a thousand)
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = Q4_K_M
    params.nthread = os.cpu_count() or 1
    status = llama_cpp.llama_model_quantize(
        str(source).encode(), str(target).encode(), ctypes.byref(params)
    )
    if status != 0:
        raise RuntimeError(f"llama.cpp could not quantize {source.name} (status {status})")


def check(path: Path, tokens: int = 16) -> str:
    """Load with n_ctx 8192 and decode `tokens` tokens: the stand-in runs in llama.cpp."""
    from llama_cpp import Llama

    started = time.perf_counter()
    llama = Llama(str(path), n_ctx=8192, n_threads=2, n_threads_batch=2, verbose=False)
    loaded = time.perf_counter() - started
    prompt = llama.tokenize(b"Wer hat den Boden repariert? \xe8\xb0\x81\xe4\xbf\xae\xe7\x9a\x84?")
    started = time.perf_counter()
    out = llama.create_completion(prompt, max_tokens=tokens, temperature=0.0)
    seconds = time.perf_counter() - started
    made = out["usage"]["completion_tokens"]
    return f"loaded in {loaded:.1f} s, {made} tokens in {seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", choices=sorted(SHAPES), default=sorted(SHAPES))
    parser.add_argument("--check", action="store_true", help="load each and decode a few tokens")
    args = parser.parse_args()
    paths = resolve_paths()
    try:
        for key in args.models:
            path = build(SHAPES[key], paths)
            print(f"{path}: {path.stat().st_size / 1e9:.2f} GB")
            if args.check:
                print(f"  {check(path)}")
    except (Refused, FileNotFoundError) as exc:
        raise SystemExit(f"standins: {exc}") from None


if __name__ == "__main__":
    main()
