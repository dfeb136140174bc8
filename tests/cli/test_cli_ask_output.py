"""What `assistant ask` and `assistant chat` print, byte for byte, with the models faked.

Retrieval and the answer model are replaced at their module seams (the CLI imports them when a
command runs), so these tests pin only the CLI's own printing: evidence, the streamed answer,
the fixed messages, the source list and chat's follow-up line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from datetime import UTC, datetime

import pytest

from assistant.ask.analysis import Analysis
from assistant.ask.answer import NOT_FOUND, SEARCH_ONLY
from assistant.ask.retrieval import Retrieval
from assistant.cli.ask import cmd_ask
from assistant.cli.chat import cmd_chat
from assistant.config import GeneratorConfig, MailConfig
from assistant.errors import ModelMissing
from tests.fakes import make_hit

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# The commands read only `config.mail` before the patched seams take over.
NO_CONFIG = argparse.Namespace(mail=MailConfig())
HITS = [
    make_hit(
        "Der Fliesenleger war Herr Meier.\n  Er kommt am Montag.",
        chunk_id=1,
        source_path="/mail/a.eml",
        kind="mail",
        title="Fliesen",
        sender="Meier <m@x>",
        date=datetime(2025, 5, 2, 9, 0, tzinfo=UTC),
    ),
    make_hit("王师傅修了水龙头。", chunk_id=2, source_path="/notes/家.md", title="家"),
    make_hit("Page text", chunk_id=3, source_path="/pdf/r.pdf", kind="pdf", title="R", page=4),
    make_hit("Fourth", chunk_id=4, source_path="/notes/4.md", title="Four"),
]


class FakeGenerator:
    model_id = "fake-generator"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def stream(self, messages, cancel=None, on_prefill=None):
        yield from self.pieces


def _retrieval(question: str, similarity: float, query: str | None = None) -> Retrieval:
    analysis = Analysis(question, keywords=question, explanation=("sender: Meier",))
    return Retrieval(
        analysis,
        query or question,
        HITS,
        similarity,
        timings_ms={"search": 1.0},
        notes=("a note",),
    )


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch):
    """Patch the seams; returns a setter for the generator's streamed pieces (None: missing)."""
    state: dict[str, object] = {"pieces": ["Herr Meier [1]", " kommt [7]."], "similarity": 0.8}

    def from_config(config):
        if state["pieces"] is None:
            raise ModelMissing("no answer model (pull one with `assistant models pull`)")
        return FakeGenerator(state["pieces"])  # type: ignore[arg-type]

    def retrieve(index, embedder, question, *, now, k=8, history=None, **_):
        query = f"{history[-1]} {question}" if history else question
        return _retrieval(question, state["similarity"], query)  # type: ignore[arg-type]

    monkeypatch.setattr("assistant.runtime.generator.Generator.from_config", from_config)
    monkeypatch.setattr("assistant.runtime.embedder.Embedder.from_config", lambda config: None)
    monkeypatch.setattr("assistant.ask.retrieval.retrieve", retrieve)
    monkeypatch.setattr(
        "assistant.indexing.service.open_index", lambda config: contextlib.nullcontext()
    )
    return state


def _run(command, monkeypatch, stdin: str = "", **options: object) -> str:
    args = argparse.Namespace(**{"k": 8, "now": NOW, "json": False, "explain": False, **options})
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert command(NO_CONFIG, args) == 0
    return out.getvalue()


EVIDENCE = (
    "Evidence:\n"
    "[1] mail · 2025-05-02 · Meier <m@x> · Fliesen\n"
    "    /mail/a.eml\n"
    "    Der Fliesenleger war Herr Meier. Er kommt am Montag.\n"
    "[2] note · undated · 家\n"
    "    /notes/家.md\n"
    "    王师傅修了水龙头。\n"
    "[3] pdf · undated · R, page 4\n"
    "    /pdf/r.pdf\n"
    "    Page text\n"
    "[4] note · undated · Four\n"
    "    /notes/4.md\n"
    "    Fourth\n"
)


FIRST_THREE = (
    "[1] mail · 2025-05-02 · Meier <m@x> · Fliesen\n"
    "    /mail/a.eml\n"
    "    Der Fliesenleger war Herr Meier. Er kommt am Montag.\n"
    "[2] note · undated · 家\n"
    "    /notes/家.md\n"
    "    王师傅修了水龙头。\n"
    "[3] pdf · undated · R, page 4\n"
    "    /pdf/r.pdf\n"
    "    Page text\n"
)
SOURCES = (
    "[1] Fliesen · /mail/a.eml\n"
    "[2] 家 · /notes/家.md\n"
    "[3] R · /pdf/r.pdf p.4\n"
    "[4] Four · /notes/4.md\n"
)


def test_ask_prints_evidence_the_streamed_answer_and_its_sources(fake_models, monkeypatch):
    printed = _run(cmd_ask, monkeypatch, question="Wer war der Fliesenleger?")
    assert printed == (
        EVIDENCE + "\nAnswer:\n"
        "Herr Meier [1] kommt [7].\n"
        "(removed citations of sources that were not given: [7])\n"
        "\nSources:\n[1] Fliesen · /mail/a.eml\n"  # only the cited one, under its number
    )


@pytest.mark.parametrize(
    ("pieces", "listed"),
    [
        (
            ["Der Fliesenleger war Herr Meier [3][1]."],
            "[1] Fliesen · /mail/a.eml\n[3] R · /pdf/r.pdf p.4\n",
        ),
        (["王师傅修了水龙头 [2]。"], "[2] 家 · /notes/家.md\n"),
        (["Das steht nicht in den Dateien."], None),
    ],
)
def test_ask_lists_only_the_cited_sources(fake_models, monkeypatch, pieces, listed):
    """Sources the answer does not cite are not listed; no citation, no "Sources:" at all."""
    fake_models["pieces"] = pieces
    printed = _run(cmd_ask, monkeypatch, question="Wer war der Fliesenleger?")
    answer = EVIDENCE + "\nAnswer:\n" + pieces[0] + "\n"
    assert printed == (answer if listed is None else answer + "\nSources:\n" + listed)


def test_ask_explains_and_prints_the_fixed_not_found_message(fake_models, monkeypatch):
    fake_models["similarity"] = 0.1
    printed = _run(cmd_ask, monkeypatch, question="谁修的水龙头？", explain=True)
    assert printed == (
        "query: 谁修的水龙头？\n"
        "understood: sender: Meier\n"
        "note: a note\n"
        "best similarity: 0.100\n"
        "timings ms: {'search': 1.0}\n\n" + EVIDENCE + "\nAnswer:\n"
        "在你的文件中没有找到相关内容。\n"
    )


def _with_key_sentences(evidence: str) -> str:
    """EVIDENCE with the key sentences of search-only mode under the sources that have one."""
    evidence = evidence.replace(
        "Er kommt am Montag.\n", "Er kommt am Montag.\n    » Der Fliesenleger war Herr Meier.\n"
    )
    chinese = "    王师傅修了水龙头。\n"
    return evidence.replace(chinese, chinese + "    » 王师傅修了水龙头。\n")


def test_ask_without_an_answer_model_lists_the_sources_with_their_key_sentences(
    fake_models, monkeypatch
):
    """Piped (not a terminal): the key sentence after a plain "»", no escape sequences."""
    fake_models["pieces"] = None
    printed = _run(cmd_ask, monkeypatch, question="Who fixed the tap?")
    evidence = _with_key_sentences(EVIDENCE)
    assert printed == evidence + "\nAnswer:\n" + SEARCH_ONLY + "\n\nSources:\n" + SOURCES
    assert "\x1b" not in printed


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("question", ["Wer hat den Wasserhahn repariert?", "谁修的水龙头？"])
def test_on_a_terminal_the_key_sentence_is_bold_too(fake_models, monkeypatch, question):
    fake_models["pieces"] = None
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = Terminal()
    args = argparse.Namespace(k=8, now=NOW, json=False, explain=False, question=question)
    with contextlib.redirect_stdout(out):
        assert cmd_ask(NO_CONFIG, args) == 0
    assert "    » \x1b[1mDer Fliesenleger war Herr Meier.\x1b[22m\n" in out.getvalue()
    assert "    » \x1b[1m王师傅修了水龙头。\x1b[22m\n" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    with contextlib.redirect_stdout(plain):
        assert cmd_ask(NO_CONFIG, args) == 0
    assert "    » Der Fliesenleger war Herr Meier.\n" in plain.getvalue()


def test_ask_json_carries_each_sources_key_sentence_and_its_span(fake_models, monkeypatch):
    fake_models["pieces"] = None
    printed = _run(cmd_ask, monkeypatch, question="Who fixed the tap?", json=True)
    sources = json.loads(printed)["sources"]
    assert sources[0]["key_sentence"] == {"start": 0, "end": 32, "text": HITS[0].text[:32]}
    assert sources[0]["key_sentence"]["text"] == "Der Fliesenleger war Herr Meier."
    assert sources[1]["key_sentence"]["text"] == "王师傅修了水龙头。"
    assert [s["key_sentence"] for s in sources[2:]] == [None, None]


def test_an_answer_models_answer_has_no_key_sentences(fake_models, monkeypatch):
    printed = _run(cmd_ask, monkeypatch, question="Wer war der Fliesenleger?", json=True)
    assert [s["key_sentence"] for s in json.loads(printed)["sources"]] == [None] * 4
    assert "»" not in _run(cmd_ask, monkeypatch, question="Wer war der Fliesenleger?")


def test_chat_prints_three_sources_and_the_answer_per_question(fake_models, monkeypatch):
    printed = _run(cmd_chat, monkeypatch, stdin="Wer war es?\n\nund wann?\n")
    answer = "Herr Meier [1] kommt [7]. \n\n"
    rewritten = "(searching for: Wer war es? und wann?)\n"
    assert printed == FIRST_THREE + answer + rewritten + FIRST_THREE + answer


def test_chat_says_once_that_the_answer_model_is_missing(fake_models, monkeypatch):
    fake_models["pieces"] = None
    fake_models["similarity"] = 0.1
    printed = _run(cmd_chat, monkeypatch, stdin="Wo?\n")
    assert printed == (
        "note: no answer model (pull one with `assistant models pull`)\n"
        + FIRST_THREE
        + NOT_FOUND["de"]
        + " \n\n"
    )


def test_chat_reads_a_now_without_a_zone_as_local_time(fake_models, monkeypatch):
    """A naive --now reached the date filters as it was: 'filter dates must be timezone-aware'."""
    seen: list[datetime] = []

    def retrieve(index, embedder, question, *, now, k=8, history=None, **_):
        seen.append(now)
        return _retrieval(question, 0.8)

    monkeypatch.setattr("assistant.ask.retrieval.retrieve", retrieve)
    monkeypatch.setattr("sys.stdin", io.StringIO("im März 2024 von Becker?\n"))
    args = argparse.Namespace(k=8, now=datetime(2025, 3, 1, 9, 30))
    with contextlib.redirect_stdout(io.StringIO()):
        assert cmd_chat(NO_CONFIG, args) == 0
    assert seen == [datetime(2025, 3, 1, 9, 30).astimezone()]
    assert seen[0].tzinfo is not None
