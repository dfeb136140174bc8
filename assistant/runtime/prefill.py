"""The prompt's tokens read in slices, so a front end can show how far the model has got.

Reading ("prefilling") a few thousand prompt tokens takes 15-75 s on two shared cores and
llama-cpp-python reports nothing while it does. We evaluate the prompt ourselves, one slice at
a time, and report after each; the completion call that follows finds those tokens already in
the KV cache (llama-cpp-python reuses a matching prefix) and starts sampling at once.
benchmarks/prefill.py measures the cost of slicing against one big evaluation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llama_cpp import Llama

PrefillReport = Callable[[int, int], None]  # (tokens read, tokens in the prompt)
SLICE_TOKENS = 512  # llama.cpp's own batch: benchmarks/prefill.py measured smaller slices slower


@dataclass
class Prompt:
    """A rendered prompt as tokens, with the stop strings its chat format needs."""

    tokens: list[int]
    stop: list[str]
    stopping_criteria: Any = None  # llama_cpp.StoppingCriteriaList from the chat template


def chat_prompt(llama: Llama, chat: list[Any]) -> Prompt:
    """The GGUF's own chat template rendered and tokenized the way llama-cpp-python's chat
    handler does it, so the tokens are exactly those `create_chat_completion` would use."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def token_text(token: int) -> str:
        return llama._model.token_get_text(token) if token != -1 else ""

    formatter = Jinja2ChatFormatter(
        template=llama.metadata["tokenizer.chat_template"],
        eos_token=token_text(llama.token_eos()),
        bos_token=token_text(llama.token_bos()),
        stop_token_ids=[llama.token_eos()],
    )
    result = formatter(messages=chat)
    tokens = llama.tokenize(
        result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True
    )
    stop = result.stop if isinstance(result.stop, list) else [result.stop] if result.stop else []
    return Prompt(tokens, stop, result.stopping_criteria)


def text_prompt(llama: Llama, text: str, stop: list[str]) -> Prompt:
    """A prompt we formatted ourselves (Gemma's turns), with its BOS as llama.cpp adds it."""
    return Prompt(llama.tokenize(text.encode("utf-8"), add_bos=True, special=True), stop)


def prefill(
    llama: Llama,
    tokens: list[int],
    report: PrefillReport,
    cancel: threading.Event,
    slice_tokens: int = SLICE_TOKENS,
) -> None:
    """Evaluate the prompt, `slice_tokens` at a time, reporting after each slice.

    What an earlier question left in the cache is kept as far as it matches (the system
    rules, earlier turns), but at least the last token is evaluated again, so the logits the
    completion samples from are this prompt's. The completion call then finds the whole prompt
    cached and samples at once; with nothing cached the slices of `SLICE_TOKENS` are the very
    batches llama.cpp would have made, so the answer is the same token for token. Returns
    early, quietly, once `cancel` is set.
    """
    total = len(tokens)
    kept = min(llama.longest_token_prefix(llama._input_ids.tolist(), tokens), total - 1)
    if kept < llama.n_tokens and not llama._ctx.kv_cache_seq_rm(-1, kept, -1):
        llama.reset()  # this model's cache cannot be cut: read the prompt from the start
        kept = 0
    llama.n_tokens = kept
    report(kept, total)
    for start in range(kept, total, slice_tokens):
        if cancel.is_set():
            return
        llama.eval(tokens[start : start + slice_tokens])
        report(min(total, start + slice_tokens), total)
