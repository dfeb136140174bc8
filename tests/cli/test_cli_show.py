"""`assistant show` end to end through `main`: plain text for people, stable `--json` fields
for scripts, the mbox pick-one list, one line for what is not indexed, a closed pipe, and the
thread place on `search`'s evidence rows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli.ask import print_source
from assistant.cli.main import build_parser, main
from assistant.cli.show import PICK_ONE
from assistant.config import Config
from store import ThreadPlace
from tests.fakes import make_hit
from tests.mail_thread import SUBJECT, index_thread, index_thread_mbox

FIELDS = {
    "key", "path", "locator", "kind", "title", "sender", "recipients", "date", "date_source",
    "thread",
    "sections", "text_from", "note",
}  # fmt: skip


@pytest.fixture
def keys(config: Config, tmp_path: Path) -> list[str]:
    return index_thread(config, tmp_path / "mail")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["show", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_mail_is_printed_with_headers_quotes_and_attachment(
    keys: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, keys[1])
    assert code == 0
    lines = out.splitlines()
    assert "    From: Jan Brenner <jan@example.org>" in lines
    assert "      To: Anna Schmidt <anna@waerme.example>" in lines
    assert "    Date: 2024-11-01 10:30+01:00" in lines
    assert f" Subject: Re: {SUBJECT}" in lines
    assert f"  Thread: message 2 of 3 in '{SUBJECT}'" in lines
    assert "> die Wartung der Heizung ist am 12. November um 8 Uhr." in lines
    assert "── attachment: checklist.txt ──" in lines
    assert "===" not in out, "no thread without --thread"


def test_thread_prints_every_message_in_order_marking_the_one_asked_for(
    keys: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, keys[2], "--thread")
    assert code == 0
    rules = [line for line in out.splitlines() if line.startswith("===")]
    assert [rule.split(" ")[1:4] for rule in rules] == [
        ["1", "of", "3"],
        ["2", "of", "3"],
        ["3", "of", "3"],
    ]
    assert [("the one asked for" in rule) for rule in rules] == [False, False, True]
    assert out.startswith(f"Thread '{SUBJECT}': 3 messages")
    assert out.index("Guten Tag") < out.index("That works") < out.index("好的")


def test_json_has_the_stable_fields_and_marks_the_hit(
    keys: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, keys[0], "--thread", "--json")
    assert code == 0
    row = json.loads(out)
    assert set(row) == FIELDS | {"messages"}
    thread = dict(row["thread"])
    assert thread.pop("id") and thread == {"subject": SUBJECT, "position": 1, "size": 3}
    assert row["recipients"] == "Jan Brenner <jan@example.org>, Ina Vogel <ina@example.org>"
    assert row["sections"][0]["heading"] == SUBJECT and row["text_from"] == "file"
    assert [m["key"] for m in row["messages"]] == keys
    assert [m["hit"] for m in row["messages"]] == [True, False, False]
    assert all(set(m) == FIELDS | {"hit"} for m in row["messages"])
    assert "> That works" in row["messages"][2]["sections"][0]["text"]


def test_json_without_thread_has_no_messages(
    keys: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, keys[1], "--json")
    row = json.loads(out)
    assert code == 0 and set(row) == FIELDS
    assert row["path"] == keys[1] and row["locator"] is None and row["kind"] == "mail"
    assert [s["heading"] for s in row["sections"]] == [
        f"Re: {SUBJECT}",
        "attachment: checklist.txt",
    ]


def test_an_mbox_path_lists_its_keys_and_asks_to_pick_one(
    config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = index_thread_mbox(config, tmp_path / "lists").parent
    code, out, _ = run(capsys, str(folder / "list.mbox"))
    assert code == PICK_ONE
    assert "holds 3 messages; show one by its key:" in out
    keys = [line.strip() for line in out.splitlines() if "#msg:" in line]
    assert keys[0].endswith("list.mbox#msg:root@waerme.example") and len(keys) == 3
    code, out, _ = run(capsys, str(folder / "list.mbox"), "--json")
    assert code == PICK_ONE and [c["key"] for c in json.loads(out)["pick_one"]] == keys
    code, out, _ = run(capsys, keys[1])
    assert code == 0 and "flower pot" in out


def test_a_key_not_in_the_index_is_one_line_and_exit_1(
    keys: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, keys[0] + "#msg:nothing@here")
    assert code == 1 and out == ""
    assert err.startswith("assistant: ") and err.count("\n") == 1
    assert "is not in the index" in err


def test_a_closed_pipe_ends_quietly(
    keys: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise ValueError("no descriptor")

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["show", keys[0], "--thread"]) == 141
    assert capsys.readouterr().err == ""


def test_help_lists_show() -> None:
    text = " ".join(build_parser().format_help().split())  # however the help column wraps
    assert "show" in text and "--thread its whole mail thread" in text


def test_search_rows_name_the_thread_place_for_threads_of_several(
    capsys: pytest.CaptureFixture[str],
) -> None:
    threaded = make_hit("Passt.", kind="mail", title="Re: Boiler", sender="Jan",
                        thread=ThreadPlace("t", "Boiler", 3, 6))  # fmt: skip
    alone = make_hit("Hi.", kind="mail", title="Alone", thread=ThreadPlace("u", "Alone", 1, 1))
    print_source(1, threaded)
    print_source(2, alone)
    first, _, _, second, _, _ = capsys.readouterr().out.splitlines()
    assert first.endswith("· Re: Boiler · message 3 of 6 in 'Boiler'")
    assert second.endswith("· Alone")
