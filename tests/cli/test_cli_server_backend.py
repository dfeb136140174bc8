"""The server backend from the shell: a server that is down or dies mid-answer is one line after
the evidence (nothing shown is taken back), `chat` goes on, `status` and `doctor` name the
server's model, and with the local backend neither of them opens a socket.

Real processes with the FakeEmbedder (no model) against the scripted fake server of
tests/runtime/fake_answer_server.py; the real `llama_cpp.server` is in
tests/integration/test_server_backend.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.answer_server import free_port
from tests.cli.cli_process import TIME_LIMIT, run_fake, sample_notes
from tests.reliability.robustness_support import FAKE_CLI, home_env
from tests.runtime.fake_answer_server import Script, fake_server
from tests.support import REPO

# The fake embedder's vectors are not similar to anything: let every hit count as evidence.
ANSWERING_CLI = FAKE_CLI.replace(
    "from assistant.cli.main",
    "import assistant.ask.retrieval\nassistant.ask.retrieval.NOT_FOUND_SIMILARITY = -1.0\n"
    "from assistant.cli.main",
)
QUESTION = "Wer hat die Heizung gewartet?"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    notes = sample_notes(tmp_path_factory.mktemp("files") / "notes", "Haus.md", "装修记录.md")
    assert run_fake(home, "add", str(notes)).returncode == 0
    return home


def server_env(url: str) -> dict[str, str]:
    return {"ASSISTANT_GENERATOR_BACKEND": "server", "ASSISTANT_GENERATOR_URL": url}


def answer(home: Path, url: str, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ANSWERING_CLI, *argv],
        env=home_env(home, **server_env(url)), cwd=REPO, input=stdin,
        capture_output=True, text=True, timeout=TIME_LIMIT,
    )  # fmt: skip


def test_ask_streams_the_servers_answer(home: Path) -> None:
    with fake_server(Script()) as url:
        done = answer(home, url, "ask", QUESTION)
    assert done.returncode == 0, done.stderr
    assert (
        "Evidence:\n[1] note" in done.stdout and "Answer:\nTom Becker fixed it [1]." in done.stdout
    )


def test_a_server_dying_mid_answer_leaves_the_evidence_and_says_one_line(home: Path) -> None:
    with fake_server(Script(answer="die")) as url:
        done = answer(home, url, "ask", QUESTION)
    assert done.returncode == 1
    assert "Evidence:\n[1] note" in done.stdout and done.stdout.rstrip().endswith("Tom Becker")
    assert done.stderr == (
        f"assistant: the answer server at {url} closed the connection in the middle of the "
        "answer; ask again once it is back\n"
    )


def test_a_server_that_is_down_leaves_the_evidence_and_says_one_line(home: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    done = answer(home, url, "ask", "谁修的地板？")
    assert done.returncode == 1 and "Evidence:\n[1] note" in done.stdout
    assert done.stderr.startswith(f"assistant: the answer server at {url} is not reachable (")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_chat_goes_on_after_the_server_failed_one_answer(home: Path) -> None:
    with fake_server(Script(answer="die")) as url:
        done = answer(home, url, "chat", stdin=f"{QUESTION}\n谁修的地板？\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("closed the connection in the middle of the answer") == 2


def test_status_names_the_servers_model(home: Path) -> None:
    with fake_server(Script()) as url:
        text = run_fake(home, "status", **server_env(url))
        rows = json.loads(run_fake(home, "status", "--json", **server_env(url)).stdout)
    assert "answers: fake-model-Q4_K_M @ 127.0.0.1\n" in text.stdout
    assert rows["answers"] == {
        "backend": "server", "url": url, "model": "fake-model-Q4_K_M @ 127.0.0.1", "error": ""
    }  # fmt: skip
    assert rows["answer_model"] == "fake-model-Q4_K_M @ 127.0.0.1"
    assert "answers" not in json.loads(run_fake(home, "status", "--json").stdout)


def test_models_list_says_the_server_answers(home: Path) -> None:
    listed = run_fake(home, "models", "list", **server_env("http://192.168.1.20:8080"))
    assert 'answers: the server at http://192.168.1.20:8080 (generator.backend = "server")' in (
        listed.stdout
    )
    assert not [
        line for line in listed.stdout.splitlines() if line.startswith("*") and "generator" in line
    ]


def test_status_says_why_the_server_cannot_answer(home: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    done = run_fake(home, "status", **server_env(url))
    assert done.returncode == 0
    assert f"answers: the answer server at {url} is not reachable (" in done.stdout


def _doctor(home: Path, **env: str) -> dict[str, dict[str, str]]:
    done = run_fake(home, "doctor", "--quick", "--json", **env)
    return {row["check"]: row for row in json.loads(done.stdout)["findings"]}


def test_doctor_checks_the_server_instead_of_a_local_answer_model(home: Path) -> None:
    with fake_server(Script()) as url:
        findings = _doctor(home, **server_env(url))
    server = findings["answer server"]
    assert server["status"] == "ok", server
    assert server["detail"].startswith(
        f"fake-model-Q4_K_M @ 127.0.0.1 answers ({url}): round trip "
    )
    assert "tokens counted by /tokenize" in server["detail"]
    assert "answer model" not in findings, "no local answer model is needed"


def test_doctor_fails_a_server_that_is_down_with_the_fix(home: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    server = _doctor(home, **server_env(url))["answer server"]
    assert server["status"] == "fail" and "is not reachable" in server["detail"]
    assert "llama-server -m MODEL.gguf" in server["fix"]


def test_doctor_with_the_local_backend_has_no_server_check(home: Path) -> None:
    assert "answer server" not in _doctor(home)
