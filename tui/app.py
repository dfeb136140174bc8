"""The Textual app: `assistant` with no arguments opens it.

The window appears at once; the index opens, models load and folders sync in thread workers
afterwards (see `tui.jobs`). The app wires screens, key bindings and the command palette, and
is the one place where a failed worker becomes a notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from assistant.ask.answer import Answer
from assistant.ask.conversations import Conversations
from assistant.config import Config, load_config
from assistant.display import printable
from assistant.errors import AssistantError
from assistant.indexing.roots import load_roots
from assistant.indexing.service import Status
from assistant.runtime.session import Session
from tui.crash import CrashNetApp
from tui.jobs import IndexingJobs
from tui.screens.conversations import ConversationsScreen
from tui.screens.failures import FailuresScreen
from tui.screens.folders import FoldersScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.empty_state import first_run_text
from tui.widgets.status_line import StatusLine

DARK, LIGHT = "textual-dark", "textual-light"
SERVED_STATUS_SECONDS = 2.0  # how often an app attached to `assistant serve` reads the status


class AssistantApp(IndexingJobs, CrashNetApp):
    TITLE = "assistant"
    SUB_TITLE = "your notes, mail and PDFs"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    # Every screen's footer must fit 80 columns with quit in it, so app-wide only help and
    # quit are shown (the main screen shows F2 and F3 too); the keys left out are in F1 help
    # and in the command palette (failures are also the status line's count).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f2", "conversations", "Chats", show=False),
        Binding("f3", "folders", "Folders", show=False),
        Binding("f4", "show_failures", "Failures", show=False),
        Binding("ctrl+n", "new_conversation", "New chat", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(
        self,
        config: Config,
        session: Session | None = None,
        *,
        watch: bool = True,
        sync_on_start: bool = True,
        background: bool = True,
        conversations: Conversations | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.session = session or Session(config)
        self.watch_folders = watch
        self.sync_on_start = sync_on_start
        self.background = background  # False: no models, index or watcher (layout snapshots)
        self.conversations = conversations or Conversations.of(config)
        self.last_status: Status | None = None
        self.main_screen = MainScreen()
        self.init_jobs()

    def get_driver_class(self) -> type[Driver]:
        """The platform's driver; on Linux and macOS one whose output survives model loads."""
        default = super().get_driver_class()
        if default.__name__ != "LinuxDriver":
            return default
        from tui.terminal import OwnOutputDriver

        return OwnOutputDriver

    def on_mount(self) -> None:
        self.theme = DARK
        # Pushed rather than returned by get_default_screen: only pushed screens load CSS_PATH.
        self.push_screen(self.main_screen)
        if self.background:
            self.call_after_refresh(self._start_background)

    def _start_background(self) -> None:
        self.load_models()
        self.refresh_status()
        self.start_watcher()
        if self.session.server_pid:  # the server syncs and watches; its work shows up here
            self.set_interval(SERVED_STATUS_SECONDS, self.refresh_status)
        elif self.sync_on_start:
            self.start_sync()

    def on_unmount(self) -> None:
        """Quit promptly: without this the process waits for a running sync to finish."""
        self.stop_watcher()
        self.session.stop_indexing()

    def status_line(self) -> StatusLine | None:
        lines = self.main_screen.query(StatusLine)
        return lines.first() if lines else None

    def no_folders(self) -> bool:
        """No folder is registered (a damaged folder list counts as some: its error shows)."""
        try:
            return not load_roots(self.config)
        except AssistantError:
            return False

    def show_first_run(self, done: int = 0, total: int = 0) -> None:
        text = first_run_text(self.last_status, self.syncing, done, total)
        self.main_screen.show_first_run(text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported to the person."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                printable(error),
                title=f"{event.worker.name} failed",
                severity="error",
                markup=False,
            )

    def answer_meta(self, result: Answer) -> str:
        """The line under an answer: how it was made, in a few words."""
        if result.refused:
            return "not searched"
        if result.not_found:
            return "nothing close enough in your files"
        if result.search_only:
            return "search-only"
        t = result.timings_ms
        parts = [result.model_id, f"first token {t.get('first_token', 0):.0f} ms"]
        parts.append(f"total {t.get('generation', 0):.0f} ms")
        if result.removed_citations:
            parts.append(f"removed unknown citations {result.removed_citations}")
        if result.cut:
            parts.append("cut: it was repeating itself")
        return " · ".join(parts)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New conversation", "Start an empty chat", self.action_new_conversation)
        yield SystemCommand("Conversations", "Reopen or delete a chat", self.action_conversations)
        yield SystemCommand("Folders", "Add or remove watched folders", self.action_folders)
        yield SystemCommand(
            "Failed files", "Files that could not be indexed", self.action_show_failures
        )
        yield SystemCommand(
            "Copy answer", "Copy the last answer", self.main_screen.action_copy_answer
        )
        yield SystemCommand("Sync now", "Reconcile the index with the folders", self.start_sync)
        yield SystemCommand("Toggle light/dark", "Switch the theme", self.action_toggle_theme)
        yield SystemCommand("Help", "Keys and how the app works", self.action_help)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(first_run=self.no_folders()))

    def action_folders(self) -> None:
        self.push_screen(FoldersScreen())

    def action_show_failures(self) -> None:
        failures = self.last_status.failures if self.last_status else []
        self.push_screen(FailuresScreen(failures))

    def action_conversations(self) -> None:
        self.push_screen(
            ConversationsScreen(self.conversations), self.main_screen.load_conversation
        )

    def on_conversations_screen_deleted(self, message: ConversationsScreen.Deleted) -> None:
        """The open conversation was deleted: the chat starts anew (its turns went with it)."""
        if self.main_screen.conversation_id == message.conversation_id:
            self.main_screen.load_conversation(None)

    def action_new_conversation(self) -> None:
        self.main_screen.load_conversation(None)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK


def start_process_helper() -> None:
    """Start multiprocessing's resource tracker while stderr is still the terminal.

    PDFs are read in a spawned child (ingest.pdf_worker), and spawning first starts this
    helper, handing it `sys.stderr.fileno()`. Inside the app Textual's stderr stand-in says -1,
    so every PDF of a folder added in the app failed with "bad value(s) in fds_to_keep".
    """
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def run(config: Config | None = None) -> int:
    """The entry point the CLI calls when `assistant` gets no arguments; the exit code (1 after
    a crash, which `tui.crash` has reported in one line)."""
    from assistant.serve.attached import attach

    start_process_helper()
    config = config or load_config()
    # the running server's models and watcher when one serves this config, else our own
    app = AssistantApp(config, attach(config))
    try:
        app.run()
    finally:
        app.session.close()
        app.conversations.close()
    return app.return_code or 0
