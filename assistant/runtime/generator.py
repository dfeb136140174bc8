"""The answer model: a chat GGUF (Gemma 3n for real use) run by llama.cpp, streamed.

The prompt is rendered with the GGUF's own chat template, as its authors intended. A GGUF
without one (the base Gemma 3 270M test model) would otherwise get llama-cpp-python's generic
fallback format, which Gemma never saw; for those we write Gemma's turn format ourselves.
Generation streams pieces of text and stops promptly when the caller sets `cancel`; the model
loads lazily, once, behind a lock (one llama.cpp context serves one request at a time).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from assistant.config import Config, GeneratorConfig, thread_count
from assistant.config_rules import ALLOWED
from assistant.errors import ModelError, ModelMissing
from assistant.models.manifest import DEFAULT_ANSWER_MODEL, load_manifest
from assistant.models.registry import active_generator_id, require_model
from assistant.runtime.prefill import PrefillReport, Prompt, chat_prompt, prefill, text_prompt
from assistant.runtime.protocols import AnswerModel, Message

if TYPE_CHECKING:
    from llama_cpp import Llama

GEMMA_TURN_END = "<end_of_turn>"


def gemma_turns(messages: list[Message]) -> str:
    """Gemma's chat format. It has no system role: the system text opens the first user turn."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    turns, pending_system = [], system
    for message in messages:
        if message.role == "system":
            continue
        role = "model" if message.role == "assistant" else "user"
        content = message.content
        if role == "user" and pending_system:
            content, pending_system = f"{pending_system}\n\n{content}", ""
        turns.append(f"<start_of_turn>{role}\n{content}{GEMMA_TURN_END}\n")
    return "".join(turns) + "<start_of_turn>model\n"


class Generator:
    """Streams answers from one chat GGUF."""

    def __init__(self, model_path: Path, settings: GeneratorConfig, model_id: str = "") -> None:
        self.model_path = model_path
        self.settings = settings
        self.model_id = model_id or model_path.stem
        self._llama: Llama | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config) -> AnswerModel:
        """The configured answer model: a llama.cpp server with `generator.backend = "server"`
        (nothing is contacted yet), else the configured (or first present) local GGUF;
        `ModelMissing` says how to get one. No local model is needed for the server."""
        if config.generator.backend == "server":
            from assistant.runtime.server_generator import ServerGenerator

            return ServerGenerator.from_config(config)
        model_id = active_generator_id(config, load_manifest(config.paths.models_dir))
        if not model_id:
            raise ModelMissing(
                "no answer model on this machine: run `assistant models pull "
                f"{DEFAULT_ANSWER_MODEL}` (needs the Hub once); searching works without one"
            )
        spec, path = require_model(config, model_id)
        if spec.role != "generator":
            raise ModelError(f"{spec.id} is an {spec.role}, not an answer model")
        return cls(path, config.generator, model_id=spec.id)

    def _model(self) -> Llama:
        if self._llama is None:
            from llama_cpp import Llama

            threads = thread_count(self.settings.threads)
            try:
                self._llama = Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.settings.context,
                    n_threads=threads,
                    n_threads_batch=threads,
                    seed=self.settings.seed,
                    verbose=False,
                )
            except ValueError as exc:  # "Failed to create llama_context", "... load model"
                raise ModelError(
                    f"could not start the answer model {self.model_id} with generator.context "
                    f"= {self.settings.context} ({exc}); lower generator.context (allowed: "
                    f"{ALLOWED['generator.context']}) or run `assistant doctor`"
                ) from exc
        return self._llama

    def load(self) -> None:
        with self._lock:
            self._model()

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return len(self._model().tokenize(text.encode("utf-8"), add_bos=False))

    def stream(
        self,
        messages: list[Message],
        cancel: threading.Event | None = None,
        on_prefill: PrefillReport | None = None,
    ) -> Iterator[str]:
        """Yield the answer piece by piece; stop early (cleanly) when `cancel` is set.

        Setting `cancel` stops the answer within one token, and also during the prompt's
        prefill, which takes seconds to minutes on a CPU and yields nothing to check between
        (see `_abort_during_prefill`). `on_prefill(read, total)` hears how far the prompt's
        prefill has got (assistant.runtime.prefill).
        """
        cancel = cancel or threading.Event()
        with self._lock:
            llama = self._model()
            stop_prefill = _abort_during_prefill(llama, cancel)
            try:
                prompt = self._prompt(llama, messages)
                if on_prefill is not None:
                    prefill(llama, prompt.tokens, on_prefill, cancel)
                    if cancel.is_set():
                        return  # stopped while reading the prompt: nothing was said
                for piece in self._pieces(llama, prompt):
                    stop_prefill()  # the prompt is in; from here cancel is checked per token
                    if cancel.is_set():
                        break
                    if piece:
                        yield piece
            except RuntimeError:
                if not cancel.is_set():
                    raise  # a real llama.cpp failure, not our abort
            finally:
                stop_prefill()

    def _prompt(self, llama: Llama, messages: list[Message]) -> Prompt:
        if "tokenizer.chat_template" in llama.metadata:
            return chat_prompt(llama, [{"role": m.role, "content": m.content} for m in messages])
        return text_prompt(llama, gemma_turns(messages), [GEMMA_TURN_END])

    def _pieces(self, llama: Llama, prompt: Prompt) -> Iterator[str]:
        """The completion of the prompt's tokens (the same tokens `prefill` read, so the
        KV cache already holds them)."""
        s = self.settings
        # Any: llama_cpp's overloads pick the streaming return type from a literal `stream`.
        sampling: dict[str, Any] = {
            "max_tokens": s.max_answer_tokens,
            "temperature": s.temperature,
            "top_p": s.top_p,
            "top_k": s.top_k,
            "seed": s.seed,
            "stream": True,
            "stop": prompt.stop,
            "stopping_criteria": prompt.stopping_criteria,
        }
        pieces = llama.create_completion(prompt.tokens, **sampling)
        for event in cast("Iterator[dict[str, Any]]", pieces):
            yield event["choices"][0]["text"]


def _abort_during_prefill(llama: Llama, cancel: threading.Event) -> Callable[[], None]:
    """Make llama.cpp abandon its current decode when `cancel` is set; returns the undo.

    llama.cpp consults an abort callback after every graph node, so a cancelled prefill ends
    within milliseconds (the aborted decode raises RuntimeError; llama-cpp-python drops the
    unfinished batch from the KV cache on the next call). The callback takes the GIL hundreds
    of times per token, so it is removed once the first token arrives and the stream loop
    checks `cancel` between tokens instead. llama-cpp-python has no public API for this; it
    wraps the C function, which needs the raw context (`llama._ctx.ctx`).
    """
    import llama_cpp

    # llama.cpp reports the abort it was asked for as an error ("decode: removing memory
    # module entries ..."), which llama-cpp-python prints on stderr: not for the person.
    llama_log = logging.getLogger("llama-cpp-python")
    level = llama_log.level

    def abort(_data: object) -> bool:
        stop = cancel.is_set()
        if stop:
            llama_log.setLevel(logging.CRITICAL + 1)
        return stop

    callback = llama_cpp.ggml_abort_callback(abort)
    context = llama._ctx.ctx
    llama_cpp.llama_set_abort_callback(context, callback, None)
    installed = [callback]  # keeps the C callback alive while llama.cpp may call it

    def remove() -> None:
        if installed:
            llama_cpp.llama_set_abort_callback(context, llama_cpp.ggml_abort_callback(), None)
            installed.clear()
            llama_log.setLevel(level)

    return remove
