"""Embedding throughput: our Embedder vs a bare llama-cpp-python loop vs sentence-transformers.

Usage:  .venv/bin/python benchmarks/embed.py [--docs 100]

All engines embed the same document texts, with the same EmbeddingGemma document prompt:
real mail bodies from ../shared/corpora/mail/lkml, cut to about 180 tokens each.
- ours:   assistant.runtime.embedder.Embedder (token counting, overflow guard, normalisation, MRL);
- bare:   Llama(embedding=True).embed(prompt) in a loop, nothing else: the ceiling for ours;
- st-f32: sentence-transformers on the same safetensors the GGUF was converted from (needs the
          converter environment, made by `assistant models pull`; PyTorch, CPU, float32).
Each engine runs in its own process so its peak RSS is its own. Target: ours >= 0.95x bare
and >= 1.3x sentence-transformers.

Only the standard library is imported at the top: the same file runs as a worker inside the
converter's Python (which has PyTorch but not this project's dependencies).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LKML = REPO.parent / "shared" / "corpora" / "mail" / "lkml"
WARMUP = 3


def load_texts(count: int) -> list[str]:
    """Plain-text bodies of real mails, about 180 tokens (~900 characters) each."""
    texts = []
    for path in sorted(p for p in LKML.rglob("*") if p.is_file()):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        body = " ".join(part.get_content().split()) if part else ""
        if len(body) >= 400:
            texts.append(body[:900])
        if len(texts) == count:
            break
    return texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(embed_one, prompts: list[str]) -> float:
    for prompt in prompts[:WARMUP]:
        embed_one(prompt)
    start = time.perf_counter()
    for prompt in prompts:
        embed_one(prompt)
    return time.perf_counter() - start


def worker_ours(model: str, texts: list[str]) -> dict:
    from assistant.runtime.embedder import DocumentText, Embedder, document_prompt

    embedder = Embedder(Path(model), dim=768)
    embedder.load()
    tokens = sum(embedder.count_tokens(document_prompt(t)) for t in texts)
    seconds = timed(lambda t: embedder.embed_documents([DocumentText(t)]), texts)
    queries = [f"question number {i} about the kernel patch" for i in range(20)]
    start = time.perf_counter()
    for query in queries:
        embedder.embed_query(query)
    query_ms = (time.perf_counter() - start) / len(queries) * 1000
    return {"seconds": seconds, "tokens": tokens, "query_ms": query_ms}


def worker_bare(model: str, texts: list[str]) -> dict:
    import os

    from llama_cpp import Llama

    threads = os.cpu_count() or 1
    llama = Llama(
        model_path=model,
        embedding=True,
        n_ctx=2048,
        n_batch=2048,
        n_ubatch=2048,
        n_threads=threads,
        n_threads_batch=threads,
        verbose=False,
    )
    prompts = [f"title: none | text: {t}" for t in texts]
    return {"seconds": timed(llama.embed, prompts)}


def worker_st(model: str, texts: list[str]) -> dict:
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(model, device="cpu")
    return {"seconds": timed(lambda t: st.encode_document([t]), texts)}


WORKERS = {"ours": worker_ours, "bare": worker_bare, "st-f32": worker_st}


def run_worker(python: str, engine: str, model: str, texts_file: str) -> dict | None:
    command = [python, __file__, "--worker", engine, model, texts_file]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0:
        print(f"  {engine} failed: {result.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def st_setup() -> tuple[str, str] | None:
    """The converter's Python with sentence-transformers, and the float32 model folder."""
    sys.path.insert(0, str(REPO))
    from assistant.config import load_config
    from assistant.models.convert import ensure_converter_env
    from assistant.models.manifest import find_spec, load_manifest

    config = load_config()
    spec = find_spec(load_manifest(config.paths.models_dir), "embeddinggemma-300m-q8_0")
    archive = next(s for s in spec.sources if s.kind == "pypi-chunks").get("archive_sha256")
    folder = config.paths.cache_dir / "st" / archive[:16] / "model_download"
    if not folder.is_dir():
        return None
    python = ensure_converter_env(config.paths.cache_dir, print)
    check = subprocess.run([str(python), "-c", "import sentence_transformers"], capture_output=True)
    if check.returncode != 0:
        pip = [str(python), "-m", "pip", "install", "-q", "sentence-transformers>=5.1,<5.3"]
        subprocess.run(pip, check=True)
    return str(python), str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved runs; best is kept")
    parser.add_argument("--no-st", action="store_true", help="skip sentence-transformers")
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "MODEL", "TEXTS"))
    args = parser.parse_args()
    if args.worker:
        engine, model, texts_file = args.worker
        result = WORKERS[engine](model, json.loads(Path(texts_file).read_text()))
        print(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
        return
    report(args.docs, not args.no_st, args.rounds)


def report(count: int, with_st: bool, rounds: int) -> None:
    sys.path.insert(0, str(REPO))
    from assistant.config import load_config

    models = load_config().paths.models_dir
    texts = load_texts(count)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(texts, handle)
    plan = []
    for quant in ("Q8_0", "Q4_0"):
        gguf = str(models / f"embeddinggemma-300m-{quant}.gguf")
        plan += [(f"{engine} {quant}", sys.executable, engine, gguf) for engine in ("ours", "bare")]
    st = st_setup() if with_st else None
    if st:
        plan.append(("sentence-transformers f32", st[0], "st-f32", st[1]))
    # Interleaved rounds, best of each: background load hits every engine alike.
    best: dict[str, dict | None] = {name: None for name, *_ in plan}
    for _ in range(rounds):
        for name, python, engine, model in plan:
            result = run_worker(python, engine, model, handle.name)
            if result and (best[name] is None or result["seconds"] < best[name]["seconds"]):
                best[name] = result
    print_table(texts, list(best.items()))


def print_table(texts: list[str], runs: list[tuple[str, dict | None]]) -> None:
    tokens = next(r["tokens"] for name, r in runs if r and name.startswith("ours"))
    base = {name.split()[1]: r["seconds"] for name, r in runs if r and name.startswith("bare")}
    st = next((r["seconds"] for name, r in runs if r and name.startswith("sentence")), None)
    print(
        f"\n{len(texts)} documents, {tokens} tokens ({tokens / len(texts):.0f}/doc), "
        "one sequence per call\n"
    )
    print(f"| {'engine':<26} | docs/s | tokens/s | vs bare | vs ST f32 | peak RSS | query ms |")
    print(f"|{'-' * 28}|-------:|---------:|--------:|----------:|---------:|---------:|")
    for name, r in runs:
        if r is None:
            continue
        quant = name.split()[-1]
        vs_bare = f"{base[quant] / r['seconds']:.2f}x" if quant in base else "-"
        vs_st = f"{st / r['seconds']:.2f}x" if st else "-"
        query = f"{r['query_ms']:.0f}" if "query_ms" in r else "-"
        print(
            f"| {name:<26} | {len(texts) / r['seconds']:6.1f} | {tokens / r['seconds']:8.0f} | "
            f"{vs_bare:>7} | {vs_st:>9} | {r['peak_rss_mb']:5.0f} MB | {query:>8} |"
        )


if __name__ == "__main__":
    main()
