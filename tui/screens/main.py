"""The screen a person lives in: ask, see the evidence at once, then the streamed answer.

A question runs in one thread worker that asks the session (`Session.ask`) and posts the
evidence, then the text as it grows. A new question cancels the previous answer.
The screen owns the conversation in progress and saves each finished turn.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, WorkerState

from assistant.ask.answer import EVIDENCE_ONLY
from assistant.ask.retrieval import Retrieval
from assistant.ask.stages import Stage
from assistant.display import printable
from store import Hit, StoreError
from tui.clipboard import copy_text
from tui.filter_chips import evidence_title
from tui.messages import AnswerFinished, AnswerProgress, AnswerStage, EvidenceReady
from tui.widgets.empty_state import EmptyState, no_folders_answer
from tui.widgets.evidence import HINT, EvidencePanel
from tui.widgets.status_line import StatusLine
from tui.widgets.turn import Turn

if TYPE_CHECKING:
    from tui.app import AssistantApp


class MainScreen(Screen):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop_answer", "Stop", show=False),
        Binding("ctrl+y", "copy_answer", "Copy answer", show=False),  # in F1 help, the palette
        # o for "only" (the Input owns ctrl+e); not in the 80-column footer: F1 help and the turn
        Binding("ctrl+o", "evidence_only", "Evidence only", show=False),
        Binding("f6", "focus_evidence", "Evidence"),
        Binding("f2", "app.conversations", "Chats"),  # shown here only: 80-column footers
        Binding("f3", "app.folders", "Folders"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.turns: list[Turn] = []
        self.conversation_id: int | None = None
        self._cancel = threading.Event()

    @property
    def assistant(self) -> AssistantApp:
        return cast("AssistantApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="body"):
            yield EmptyState(id="empty-state")
            yield VerticalScroll(id="chat")
            yield EvidencePanel(id="evidence")
        yield Input(placeholder="Ask about your notes, mail and PDFs…", id="question")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#question", Input).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    @on(Input.Submitted, "#question")
    def ask(self, event: Input.Submitted, evidence_only: bool = False) -> None:
        question = event.value.strip()
        if not question:
            return
        event.input.clear()
        self.action_stop_answer()  # a new question replaces an answer still streaming
        self._cancel = threading.Event()
        turn = Turn(len(self.turns) + 1, question)
        turn.evidence_only = evidence_only
        # A stopped answer is not something the model said: leave it out of the history.
        history = [
            (t.question, t.answer_text) for t in self.turns if t.answer_text and not t.stopped
        ]
        self.turns.append(turn)
        self.show_first_run("")
        chat = self.query_one("#chat", VerticalScroll)
        chat.mount(turn)
        chat.scroll_end(animate=False)
        if self.assistant.no_folders():
            turn.call_after_refresh(turn.show_final, no_folders_answer(question), [], "no folders")
            return
        self.run_question(turn.number, question, history, self._cancel, evidence_only)

    @work(thread=True, group="ask", exit_on_error=False)
    def run_question(
        self,
        turn: int,
        question: str,
        history: list[tuple[str, str]],
        cancel: threading.Event,
        evidence_only: bool = False,
    ) -> None:
        pieces: list[str] = []

        def on_evidence(retrieval: Retrieval) -> None:
            self.post_message(EvidenceReady(turn, retrieval))

        def on_text(piece: str) -> None:
            pieces.append(piece)
            self.post_message(AnswerProgress(turn, "".join(pieces)))

        def on_stage(stage: Stage) -> None:
            self.post_message(AnswerStage(turn, stage))

        result = self.assistant.session.ask(
            question, history, on_evidence, on_text, cancel, on_stage, evidence_only
        )
        self.post_message(AnswerFinished(turn, result))

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A question that failed (an index of another model, a locked or damaged database)
        ends its turn with the reason in one line; a screen's worker events never reach the
        app's handler, so without this the turn would say "searching…" forever."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or event.worker.group != "ask" or error is None:
            return
        reason = printable(error)
        self.notify(reason, title="question failed", severity="error", markup=False)
        for turn in self.turns:
            if not turn.finished:
                await turn.show_final(f"Could not answer: {reason}", turn.sources, "failed")

    def show_first_run(self, text: str) -> None:
        """The empty state in place of the chat while `text` says something and nothing was
        asked yet; '' hides it."""
        shown = bool(text) and not self.turns
        self.set_class(shown, "-first-run")
        if shown:
            self.query_one(EmptyState).update(text)

    def _turn(self, number: int) -> Turn | None:
        return self.turns[number - 1] if 0 < number <= len(self.turns) else None

    def on_evidence_ready(self, message: EvidenceReady) -> None:
        retrieval = message.retrieval
        note = retrieval.refused or "; ".join(retrieval.analysis.explanation + retrieval.notes)
        self.query_one(EvidencePanel).show(retrieval.hits, retrieval.analysis.keywords, note)
        self.query_one(EvidencePanel).border_title = evidence_title(retrieval.filters)
        turn = self._turn(message.turn)
        if turn is not None:
            turn.sources = list(retrieval.hits)
            turn.keywords = retrieval.analysis.keywords
            turn.show_thinking()
            ms = sum(retrieval.timings_ms.values())
            turn.show_meta(f"evidence in {ms:.0f} ms" + (f" · {note}" if note else ""))

    def on_answer_stage(self, message: AnswerStage) -> None:
        turn = self._turn(message.turn)
        if turn is not None and not turn.finished:
            turn.show_stage(message.stage)

    async def on_answer_progress(self, message: AnswerProgress) -> None:
        turn = self._turn(message.turn)
        if turn is not None and not turn.finished:
            await turn.show_partial(message.text)
            self.query_one("#chat", VerticalScroll).scroll_end(animate=False)

    async def on_answer_finished(self, message: AnswerFinished) -> None:
        turn, result = self._turn(message.turn), message.answer
        if turn is None:
            return
        text = result.text
        if result.search_only and self.assistant.models_loading:
            text = "The answer model is still loading: here is the evidence only."
        meta = self.assistant.answer_meta(result)
        if turn.evidence_only and (turn.stopped or result.search_only):  # Ctrl+O
            text, meta = EVIDENCE_ONLY, "evidence only" + (" · answer stopped" * turn.stopped)
        elif turn.stopped:
            text, meta = text or "_stopped before the answer began_", f"stopped · {meta}"
        await turn.show_final(text, result.sources or turn.sources, meta)
        # A stopped answer can finish after the next question's evidence is shown: only the
        # newest turn may fill the panel, or it would show sources of another question.
        if result.sources and turn is self.turns[-1]:  # search only: key sentences marked
            keywords = turn.keywords if result.search_only else ""
            self.query_one(EvidencePanel).show(result.sources, keywords, "", result.key_spans)
        self._save(turn)

    def _save(self, turn: Turn) -> None:
        """Save the finished turn with its numbered sources (a tiny write; WAL, no waiting)."""
        store = self.assistant.conversations
        try:  # a read-only or damaged index: the answer stays on screen, unsaved, said once
            if self.conversation_id is None:
                self.conversation_id = store.create(turn.question)
            store.add_turn(self.conversation_id, turn.question, turn.answer_text, turn.sources)
        except StoreError as exc:
            self.notify(printable(exc), title="answer not saved", severity="warning", markup=False)

    def on_turn_citation_chosen(self, message: Turn.CitationChosen) -> None:
        sources = message.turn.sources
        if 1 <= message.number <= len(sources):
            self.open_source(sources[message.number - 1], message.number, sources)

    def on_evidence_panel_source_chosen(self, message: EvidencePanel.SourceChosen) -> None:
        panel = self.query_one(EvidencePanel)
        self.open_source(message.hit, message.number, panel.hits, panel.key_spans)

    async def on_status_line_failures_chosen(self) -> None:
        await self.app.run_action("show_failures")  # a coroutine: not awaited, it never ran

    def open_source(
        self,
        hit: Hit,
        number: int,
        sources: list[Hit] | None = None,
        key_spans: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        from tui.screens.source import SourceScreen

        screen = SourceScreen(hit, number, sources=sources or [hit], key_spans=key_spans or {})
        self.app.push_screen(screen)

    def on_screen_resume(self) -> None:
        """Back from the viewer or any other screen: typing goes to the question again."""
        self.query_one("#question", Input).focus()

    def load_conversation(self, conversation_id: int | None) -> None:
        """Show a saved conversation (or a fresh one for None)."""
        self.action_stop_answer()
        self.turns.clear()
        chat = self.query_one("#chat", VerticalScroll)
        chat.remove_children()
        self.query_one(EvidencePanel).show([], "", HINT)
        self.query_one(EvidencePanel).border_title = evidence_title(())
        self.conversation_id = conversation_id
        if conversation_id is None:
            return
        saved_turns = self.assistant.conversations.turns(conversation_id)
        for saved in saved_turns:
            turn = Turn(len(self.turns) + 1, saved.question)
            self.turns.append(turn)
            chat.mount(turn)
            meta = f"saved answer · {len(saved.sources)} sources"
            turn.call_after_refresh(turn.show_final, saved.answer, saved.sources, meta)
        if saved_turns:
            self.query_one(EvidencePanel).show(saved_turns[-1].sources, "")
        chat.call_after_refresh(chat.scroll_end, animate=False)

    def action_stop_answer(self) -> None:
        """Esc: stop the answer now (within a token, or mid-prefill); keep what came; and
        return to the question box from wherever the focus was."""
        self.query_one("#question", Input).focus()
        if not self._cancel.is_set():
            self._cancel.set()
            for turn in self.turns:
                turn.stopped = turn.stopped or not turn.finished

    def action_evidence_only(self) -> None:
        """Ctrl+O: the question being typed is answered with its evidence alone (no answer
        model); with nothing typed, an answer in progress stops and keeps its sources."""
        box = self.query_one("#question", Input)
        if box.value.strip():
            self.ask(Input.Submitted(box, box.value), evidence_only=True)
            return
        running = [t for t in self.turns if not t.finished and not t.stopped]
        if not running:
            self.notify("Type a question, then Ctrl+O for its evidence only.")
            return
        for turn in running:
            turn.evidence_only = True
        self.action_stop_answer()

    def on_unmount(self) -> None:
        self._cancel.set()

    def action_focus_evidence(self) -> None:
        self.query_one(EvidencePanel).focus()

    def action_copy_answer(self) -> None:
        answered = [t for t in self.turns if t.answer_text]
        if not answered:
            self.notify("No answer to copy yet.")
            return
        said = copy_text(self.app, answered[-1].answer_text)
        self.notify(f"Answer {said}.", markup=False)
