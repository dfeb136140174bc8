"""The stages an answer reports (assistant.ask.stages), with a fake answer model: what is read,
how many tokens that is, the prefill figures passed through, and "writing" once, before the
first words. German and Chinese sources, because token counts and text are involved."""

from __future__ import annotations

import threading

from assistant.ask.analysis import Analysis
from assistant.ask.answer import EVIDENCE_ONLY, answer, source_block
from assistant.ask.retrieval import Retrieval
from assistant.ask.stages import Stage, describe, short_count, with_elapsed
from assistant.config import GeneratorConfig
from tests.fakes import make_hit

HITS = [
    make_hit("Der Fliesenleger war Herr Meier, er kommt am Montag.", chunk_id=1, title="Fliesen"),
    make_hit("王师傅修了客厅的水龙头，花了 300 元。", chunk_id=2, title="家"),
]


class RecordingGenerator:
    """Counts a token per character (so German and Chinese differ), reports a prefill of the
    prompt in two slices and streams two pieces; counts how often it was asked to."""

    model_id = "recording-fake"
    settings = GeneratorConfig(context=4096, max_answer_tokens=256)

    def __init__(self, events: list[object]) -> None:
        self.events = events
        self.streamed = 0

    def count_tokens(self, text: str) -> int:
        return len(text)

    def stream(self, messages, cancel=None, on_prefill=None):
        self.streamed += 1
        on_prefill(0, 120)
        on_prefill(60, 120)
        on_prefill(120, 120)
        yield from ("Herr Meier", " [1].")


def retrieval(question: str = "Wer war der Fliesenleger?") -> Retrieval:
    return Retrieval(Analysis(question, keywords=question), question, HITS, 0.8)


def test_stages_say_what_is_read_with_its_tokens_then_prefill_then_writing() -> None:
    events: list[object] = []
    generator = RecordingGenerator(events)
    result = answer(
        retrieval(),
        generator,  # type: ignore[arg-type]
        on_stage=events.append,
        on_text=events.append,
    )
    tokens = len(source_block(1, HITS[0])) + len(source_block(2, HITS[1]))
    assert events[0] == Stage("reading", sources=2, tokens=tokens)
    prefill = [e for e in events if isinstance(e, Stage) and e.name == "prefill"]
    assert [(s.done, s.total, s.percent) for s in prefill] == [
        (0, 120, 0),
        (60, 120, 50),
        (120, 120, 100),
    ]
    assert all((s.sources, s.tokens) == (2, tokens) for s in prefill)
    writing = events.index(Stage("writing", sources=2, tokens=tokens))
    assert events[writing + 1 :] == ["Herr Meier", " [1]."], "writing once, before the words"
    assert result.text == "Herr Meier [1]."


def test_evidence_only_gives_the_sources_without_the_answer_model() -> None:
    events: list[object] = []
    generator = RecordingGenerator(events)
    result = answer(
        retrieval("王师傅修了什么?"), generator, evidence_only=True, on_stage=events.append
    )  # type: ignore[arg-type]
    assert generator.streamed == 0 and events == []
    assert (result.text, result.sources, result.search_only) == (EVIDENCE_ONLY, HITS, True)


def test_a_question_without_close_evidence_reports_no_reading_stage() -> None:
    events: list[object] = []
    far = Retrieval(Analysis("Wetter?", keywords="Wetter"), "Wetter?", HITS, 0.01)
    answer(far, RecordingGenerator(events), on_stage=events.append)  # type: ignore[arg-type]
    assert events == []


def test_stage_lines_read_at_a_glance() -> None:
    counts = [short_count(n) for n in (0, 950, 2700, 9999, 12_400)]
    assert counts == ["0", "950", "2.7k", "10.0k", "12k"]
    assert describe(Stage("searching")) == "searching…"
    assert describe(Stage("reading", sources=8, tokens=2700)) == "reading 8 sources (2.7k tokens)…"
    assert describe(Stage("reading", sources=1)) == "reading 1 source…"
    prefill = Stage("prefill", sources=8, tokens=2700, done=900, total=3600)
    assert describe(prefill) == "reading 8 sources (2.7k tokens)… 25%"
    assert describe(Stage("prefill", done=5, total=0)) == "reading… 0%"
    assert Stage("prefill", done=7000, total=3600).percent == 100
    assert with_elapsed(Stage("writing"), 12.9) == "writing… · 12 s"


def test_a_cancelled_answer_stops_reporting() -> None:
    cancel = threading.Event()
    cancel.set()
    events: list[object] = []

    class Stopped(RecordingGenerator):
        def stream(self, messages, cancel=None, on_prefill=None):
            on_prefill(0, 10)
            return iter(())

    result = answer(retrieval(), Stopped(events), cancel=cancel, on_stage=events.append)  # type: ignore[arg-type]
    assert [e.name for e in events if isinstance(e, Stage)] == ["reading", "prefill"]
    assert result.text == ""
