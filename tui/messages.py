"""Messages that workers post to the UI ("attributes down, messages up").

Workers run on threads and never touch widgets; everything they learn travels as one of these
frozen values to a handler on the UI thread. Floods (sync progress, streamed text) override
`can_replace` so a slow terminal only ever renders the latest state.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from assistant.ask.answer import Answer
from assistant.ask.retrieval import Retrieval
from assistant.ask.show import Shown
from assistant.ask.stages import Stage
from assistant.indexing.service import Status
from assistant.indexing.sync import SyncStats


class ModelsChanged(Message):
    """The query embedder or the answer model finished loading (or is known to be missing).
    `generator_id` names the answer model about to load ('' when there is none)."""

    def __init__(
        self, embedder_ready: bool, generator_ready: bool, note: str = "", generator_id: str = ""
    ) -> None:
        super().__init__()
        self.embedder_ready = embedder_ready
        self.generator_ready = generator_ready
        self.note = note
        self.generator_id = generator_id


class StatusChanged(Message):
    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class ServedSync(Message):
    """How far the sync of the `assistant serve` the app is attached to is; None: none runs."""

    def __init__(self, progress: tuple[str, int, int] | None) -> None:
        super().__init__()
        self.progress = progress


class ServerStopped(Message):
    """The `assistant serve` the app was attached to is gone: the app works on its own now."""


class SyncProgress(Message):
    """One file done; only the newest one matters."""

    def __init__(self, text: str, done: int, total: int) -> None:
        super().__init__()
        self.text = text
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SyncProgress)


class SyncFinished(Message):
    def __init__(self, stats: SyncStats) -> None:
        super().__init__()
        self.stats = stats


class FilesChanged(Message):
    """The folder watcher saw a settled batch of changes (None: reconcile everything)."""

    def __init__(self, paths: set[Path] | None) -> None:
        super().__init__()
        self.paths = paths


class EvidenceReady(Message):
    def __init__(self, turn: int, retrieval: Retrieval) -> None:
        super().__init__()
        self.turn = turn
        self.retrieval = retrieval


class AnswerProgress(Message):
    """The answer so far (the whole text, not a delta, so older ones can be dropped)."""

    def __init__(self, turn: int, text: str) -> None:
        super().__init__()
        self.turn = turn
        self.text = text

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AnswerProgress) and message.turn == self.turn


class AnswerStage(Message):
    """What the answer is doing before its first words (prefill figures flood: a newer one
    replaces an older one; other stages are never dropped)."""

    def __init__(self, turn: int, stage: Stage) -> None:
        super().__init__()
        self.turn = turn
        self.stage = stage

    def can_replace(self, message: Message) -> bool:
        return (
            isinstance(message, AnswerStage)
            and message.turn == self.turn
            and message.stage.name == self.stage.name == "prefill"
        )


class AnswerFinished(Message):
    def __init__(self, turn: int, answer: Answer) -> None:
        super().__init__()
        self.turn = turn
        self.answer = answer


class WatcherNotice(Message):
    """The watcher has something to say once (an inotify limit ran out: it polls instead)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SourceLoaded(Message):
    """The viewer's source read in full (for a mail: with its thread)."""

    def __init__(self, key_text: str, shown: Shown) -> None:
        super().__init__()
        self.key_text = key_text
        self.shown = shown
