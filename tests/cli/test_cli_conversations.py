"""`assistant conversations list|export` as a real process: the Markdown has the sources.

The conversation is saved with the same store the app uses (assistant.ask.conversations), in a
fresh ASSISTANT_HOME; the export must carry each question, its answer and the sources it cites
(title, path, which message or page, date) in English, German and Chinese alike.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.ask.conversations import Conversations
from assistant.config import load_config
from identity import Locator, LocatorKind
from tests.fakes import make_hit
from tests.support import REPO, SAMPLES

INVOICE = make_hit(
    "Parkett Becker: Flur abschleifen", chunk_id=1, document_id=1,
    source_path=str(SAMPLES / "Rechnung-2024-0917.pdf"), kind="pdf",
    title="Rechnung 2024-0917 Parkett Becker", date=datetime(2024, 9, 17, tzinfo=UTC), page=1,
)  # fmt: skip
MAIL = make_hit(
    "2023 年 6 月，王伟师傅修好了客厅的木地板。", chunk_id=2, document_id=2,
    source_path=str(SAMPLES / "mail" / "2023-06-02-地板.eml"), kind="mail",
    title="客厅地板已经修好", sender="王伟 (Wang Wei) <wangwei@wang-zhuangxiu.example>",
    date=datetime(2023, 6, 2, tzinfo=UTC),
)  # fmt: skip
MBOX_MAIL = replace(
    MAIL, chunk_id=3, document_id=3, title="Re: Boden", source_path="/mail/box.mbox#msg:a@x",
    file_path=Path("/mail/box.mbox"), locator=Locator(LocatorKind.MESSAGE_ID, "a@x"),
)  # fmt: skip
UNCITED = replace(INVOICE, chunk_id=4, document_id=4, title="Heizung", page=None)


@pytest.fixture
def saved(tmp_path: Path) -> tuple[dict[str, str], int]:
    """A home with one saved conversation of three turns (en, de, zh); its env and id."""
    env = {**os.environ, "ASSISTANT_HOME": str(tmp_path / "home")}
    store = Conversations.of(load_config(env))
    chat = store.create("Who fixed the floor last time?")
    store.add_turn(chat, "Who fixed the floor last time?", "Becker sanded it [1].", [INVOICE, MAIL])
    store.add_turn(chat, "Und wer davor?", "Wang Wei, 2023 [2][3].", [INVOICE, MAIL, MBOX_MAIL])
    store.add_turn(chat, "暖气呢？", "I could not find this in your files.", [UNCITED])
    store.close()
    return env, chat


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "assistant", *args]
    return subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_export_prints_questions_answers_and_the_cited_sources(saved) -> None:
    env, chat = saved
    result = run(env, "conversations", "export", str(chat))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Who fixed the floor last time?\n")
    headings = ("## 1. Who fixed the floor last time?", "## 2. Und wer davor?", "## 3. 暖气呢？")
    assert all(heading in text for heading in headings)
    first, second, third = text.split("\n## ")[1:]
    # turn 1 cites only [1]: the invoice with its path, page and date, not the mail
    assert "- [1] **Rechnung 2024-0917 Parkett Becker** · pdf · 2024-09-17" in first
    assert f"`{SAMPLES / 'Rechnung-2024-0917.pdf'}`, page 1" in first
    assert "客厅地板已经修好" not in first
    # turn 2 cites [2] and [3]: the Chinese mail, and the mbox message with its Message-ID
    assert "- [2] **客厅地板已经修好** · mail · 2023-06-02 · 王伟 (Wang Wei)" in second
    assert "`/mail/box.mbox`, message <a@x>" in second and "[1] **Rechnung" not in second
    # turn 3 cites nothing: its evidence is listed, and said to be uncited
    assert "cites none of it" in third and "- [1] **Heizung** · pdf" in third


def test_export_to_a_file_is_private_and_an_unknown_id_says_where_to_look(
    saved, tmp_path: Path
) -> None:
    env, chat = saved
    out = tmp_path / "out" / "floor.md"
    result = run(env, "conversations", "export", str(chat), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "## 2. Und wer davor?" in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    missing = run(env, "conversations", "export", "99")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "no conversation 99" in missing.stderr and "conversations list" in missing.stderr


def test_list_names_each_conversation_with_its_id(saved) -> None:
    env, chat = saved
    result = run(env, "conversations", "list")
    assert result.returncode == 0, result.stderr
    assert f"{chat}" in result.stdout and "3 turns  Who fixed the floor last time?" in result.stdout
