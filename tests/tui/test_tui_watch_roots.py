"""The app's watcher follows roots added by another process, and says when it has to poll.

Issue 11: a root `assistant add`ed while the app ran was not watched until a restart; with
the inotify instances used up the app's watcher died with an OSError. Fake embedders: what is
tested is the watching, not the models.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.widgets import Static

from assistant.config import load_config
from assistant.indexing.roots import add_root
from assistant.runtime.session import Session
from ingest import observers
from tests.fakes import FakeEmbedder
from tests.tui.tui_helpers import settle, wait_until
from tui.app import AssistantApp


def fake_app(tmp_path: Path) -> tuple[AssistantApp, Session, Path]:
    first = tmp_path / "first"
    first.mkdir()
    (first / "one.md").write_text("# one\n\nThe spare key is under the flower pot.\n")
    config = load_config({"ASSISTANT_HOME": str(tmp_path / "home"),
                          "ASSISTANT_INDEX_WATCH_DEBOUNCE_SECONDS": "0.2"})  # fmt: skip
    add_root(config, first)
    session = Session(config, query_embedder=FakeEmbedder(), index_embedder=FakeEmbedder())
    return AssistantApp(config, session, watch=True), session, first


def watcher_text(app: AssistantApp) -> str:
    return str(app.main_screen.query_one("#watcher", Static).render())


async def test_a_root_added_by_another_process_is_watched_and_synced(tmp_path: Path) -> None:
    app, session, _ = fake_app(tmp_path)
    second = tmp_path / "second"
    second.mkdir()
    (second / "fuse.md").write_text("# fuse\n\nThe fuse box is behind the coats.\n")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await wait_until(pilot, lambda: app.last_status.documents == 1, "the first sync")
        assert "watch: 1 folder" in watcher_text(app)
        add_root(session.config, second)  # what `assistant add --no-index` does
        await wait_until(pilot, lambda: app.last_status.documents == 2, "the new root's sync")
        assert "2 folders" in watcher_text(app), "the status line counts the new root"
        (second / "water.md").write_text("# water\n\nThe stopcock is under the sink.\n")
        await wait_until(pilot, lambda: app.last_status.documents == 3, "a change in it")
    session.close()


async def test_used_up_inotify_instances_poll_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_instances() -> observers.BaseObserver:
        raise OSError(errno.EMFILE, "inotify instance limit reached")

    monkeypatch.setattr(observers, "native_observer", no_instances)
    monkeypatch.setattr(observers, "POLLING_SECONDS", 0.3)
    app, session, first = fake_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await wait_until(pilot, lambda: "(polling)" in watcher_text(app), "the polling note")
        await wait_until(pilot, lambda: bool(app._notifications), "the notification")
        text = " ".join(n.message for n in app._notifications)
        assert "max_user_instances" in text and "sudo sysctl" in text
        await wait_until(pilot, lambda: app.last_status.documents == 1, "the first sync")
        (first / "two.md").write_text("# two\n\nThe boiler key hangs by the door.\n")
        await wait_until(pilot, lambda: app.last_status.documents == 2, "a polled change")
    session.close()
