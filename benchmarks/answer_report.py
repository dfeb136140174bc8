"""The Markdown tables of benchmarks/answer.py, from its per-model results."""

from __future__ import annotations

from typing import Any

GB = 1e9


def models_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "\nModels (each in its own process; peak RSS includes the mapped GGUF pages touched):\n",
        "| model | file GB | threads | load s | warm-up answer s | peak RSS GB | load avg before / after |",  # noqa: E501
        "|-------|--------:|--------:|-------:|-----------------:|------------:|------------------------:|",
    ]
    for r in results:
        before, after = r["load_average"]
        lines.append(
            f"| {r['model']} | {r['file_bytes'] / GB:.2f} | {r['threads']} | {r['load_s']:.1f} "
            f"| {r['warm_up_s']:.1f} | {r['peak_rss_bytes'] / GB:.2f} "
            f"| {before:.1f} / {after:.1f} |"
        )
    return "\n".join(lines)


def sizes_table(results: list[dict[str, Any]], decode: int) -> str:
    lines = [
        "\nOne question from an empty cache, by prompt size (the app's prompt and path):\n",
        f"| model | sources | prompt tokens | prefill tokens/s | time to first token s "
        f"| decode tokens/s ({decode} asked) | decoded |",
        "|-------|--------:|--------------:|-----------------:|----------------------:"
        "|----------------------:|--------:|",
    ]
    for r in results:
        for run in r["sizes"]:
            lines.append(
                f"| {r['model']} | {run['sources']} | {run['prompt_tokens']} "
                f"| {_prefill_rate(run):.0f} "
                f"| {run['first_token_s']:.1f} | {_decode_rate(run):.1f} | {run['decoded']} |"
            )
    return "\n".join(lines)


def sequence_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "\nQuestions in a row, one KV cache (what llama.cpp's prefix reuse keeps):\n",
        "| model | question | prompt tokens | from cache | read | prefill s "
        "| time to first token s |",
        "|-------|----------|--------------:|-----------:|-----:|----------:"
        "|----------------------:|",
    ]
    for r in results:
        for run in r["sequence"]:
            read = run["prompt_tokens"] - run["cached_tokens"]
            lines.append(
                f"| {r['model']} | {run['label']} | {run['prompt_tokens']} "
                f"| {run['cached_tokens']} | {read} | {run['prefill_s']:.1f} "
                f"| {run['first_token_s']:.1f} |"
            )
    return "\n".join(lines)


def _prefill_rate(run: dict[str, Any]) -> float:
    read = run["prompt_tokens"] - run["cached_tokens"]
    return read / run["prefill_s"] if run["prefill_s"] > 0 else 0.0


def _decode_rate(run: dict[str, Any]) -> float:
    if run["decoded"] <= 1 or run["decode_s"] <= 0:
        return 0.0
    return (run["decoded"] - 1) / run["decode_s"]
