"""`prefill` with a stand-in for llama-cpp-python's Llama: the slices it evaluates, what it
reports, what it keeps of an earlier prompt, and that a cancel stops it between slices.
(That the answer stays token-identical with a real GGUF is checked by benchmarks/prefill.py
and the models suites.)"""

from __future__ import annotations

import threading

import numpy as np

from assistant.runtime.prefill import prefill


class FakeContext:
    def __init__(self, can_cut: bool) -> None:
        self.can_cut = can_cut
        self.cut_at: list[int] = []

    def kv_cache_seq_rm(self, seq: int, start: int, end: int) -> bool:
        self.cut_at.append(start)
        return self.can_cut


class FakeLlama:
    """What `prefill` touches of a Llama: the cached tokens and `eval`."""

    def __init__(self, cached: list[int] | None = None, can_cut: bool = True) -> None:
        self.input_ids = list(cached or [])
        self.n_tokens = len(self.input_ids)
        self._ctx = FakeContext(can_cut)
        self.evaluated: list[list[int]] = []
        self.resets = 0

    @property
    def _input_ids(self) -> np.ndarray:
        return np.array(self.input_ids[: self.n_tokens], dtype=np.intc)

    @staticmethod
    def longest_token_prefix(a, b) -> int:
        count = 0
        for x, y in zip(a, b, strict=False):
            if x != y:
                break
            count += 1
        return count

    def eval(self, tokens: list[int]) -> None:
        self.evaluated.append(list(tokens))
        self.input_ids = self.input_ids[: self.n_tokens] + list(tokens)
        self.n_tokens += len(tokens)

    def reset(self) -> None:
        self.resets += 1
        self.n_tokens = 0


def test_a_fresh_prompt_is_read_in_slices_with_a_report_after_each() -> None:
    llama, reports = FakeLlama(), []
    tokens = list(range(1, 11))
    prefill(llama, tokens, lambda done, total: reports.append((done, total)), threading.Event(), 4)  # type: ignore[arg-type]
    assert llama.evaluated == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]
    assert reports == [(0, 10), (4, 10), (8, 10), (10, 10)]
    assert llama.n_tokens == 10  # all cached: the completion samples at once


def test_what_an_earlier_prompt_left_is_kept_but_the_last_token_is_read_again() -> None:
    llama, reports = FakeLlama(cached=[1, 2, 3, 4, 5, 99, 98]), []
    prefill(llama, [1, 2, 3, 4, 5, 6], lambda d, t: reports.append(d), threading.Event(), 4)  # type: ignore[arg-type]
    assert llama.evaluated == [[6]] and reports == [5, 6]
    assert llama._ctx.cut_at == [5]  # the old tail (99, 98) left the cache
    same = FakeLlama(cached=[1, 2, 3])
    prefill(same, [1, 2, 3], lambda d, t: None, threading.Event(), 4)  # type: ignore[arg-type]
    assert same.evaluated == [[3]], "fresh logits for this prompt, not the old answer's"


def test_a_cache_that_cannot_be_cut_is_read_from_the_start() -> None:
    llama = FakeLlama(cached=[1, 2, 9], can_cut=False)
    prefill(llama, [1, 2, 3, 4], lambda d, t: None, threading.Event(), 8)  # type: ignore[arg-type]
    assert llama.resets == 1 and llama.evaluated == [[1, 2, 3, 4]]


def test_cancel_stops_between_slices() -> None:
    llama, cancel = FakeLlama(), threading.Event()

    def report(done: int, total: int) -> None:
        if done >= 4:
            cancel.set()

    prefill(llama, list(range(12)), report, cancel, 4)  # type: ignore[arg-type]
    assert llama.evaluated == [[0, 1, 2, 3]]
