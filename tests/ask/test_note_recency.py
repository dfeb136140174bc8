"""'When did I last ...' over notes without front matter: the date the note states wins.

The user's report (issue 14): a note saying "zuletzt am 14. Januar 2025" had no date, so a
2022 mail about the same thing ranked first. Real files, the real readers and store, and the
fake embedder (whose random vectors put every source within the relevance margin, so the
order below is the recency order alone).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.ask.analysis import Analysis
from assistant.ask.recency import effective_date
from assistant.ask.retrieval import reorder, retrieve
from assistant.config import Config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from store import Hit
from tests.fakes import FakeEmbedder, make_hit

NOW = datetime(2025, 3, 10, tzinfo=UTC)
MAIL_2022 = """\
From: Praxis Seidel <praxis@seidel.example>
To: me@example.org
Subject: Ihr Termin beim Zahnarzt
Date: Tue, 04 Oct 2022 09:12:00 +0200
Message-ID: <termin-2022@seidel.example>

Guten Tag, wir bestätigen Ihren Termin zur Kontrolle beim Zahnarzt.
"""
STATED = "# Zahnarzt\n\nZuletzt am 14. Januar 2025 zur Kontrolle, alles gut.\n"
# Saved after the stated visit, with no date of its own: its mtime must not beat the visit.
BARE = "# Zahnbürste\n\nNeue Zahnbürste, weich, vom Zahnarzt empfohlen.\n"


def _stamp(path: Path, text: str, when: datetime) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture
def folder(config: Config, tmp_path: Path) -> Config:
    root = tmp_path / "files"
    root.mkdir()
    _stamp(root / "termin.eml", MAIL_2022, datetime(2022, 10, 4, tzinfo=UTC))
    _stamp(root / "zahnarzt.md", STATED, datetime(2025, 1, 20, tzinfo=UTC))
    _stamp(root / "zahnbuerste.md", BARE, datetime(2025, 3, 1, tzinfo=UTC))
    add_root(config, root)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    return config


@pytest.mark.parametrize(
    "question",
    [
        "Wann habe ich zuletzt den Zahnarzt besucht?",
        "When did I last see the dentist (Zahnarzt)?",
        "我上次去看牙医 Zahnarzt 是什么时候？",
    ],
)
def test_the_note_stating_the_last_visit_ranks_over_a_2022_mail(
    folder: Config, question: str
) -> None:
    with open_index(folder) as index:
        found = retrieve(index, FakeEmbedder(), question, now=NOW)  # type: ignore[arg-type]
    names = [hit.file_path.name for hit in found.hits]
    assert found.analysis.recency
    assert names[0] == "zahnarzt.md", names
    assert names.index("termin.eml") < names.index("zahnbuerste.md"), "a bare mtime ranks last"
    by_name = {hit.file_path.name: hit for hit in found.hits}
    assert by_name["zahnarzt.md"].date_source == "modified"
    assert by_name["termin.eml"].date_source is None


def _note(n: int, text: str, mtime: datetime) -> Hit:
    return make_hit(
        text, chunk_id=n, document_id=n, source_path=f"/n/{n}.md", date=mtime,
        date_source="modified", vector_distance=0.4,
    )  # fmt: skip


def test_stated_dates_order_mtime_dated_notes_not_their_mtimes() -> None:
    older_visit = _note(
        1, "Schornsteinfeger war am 3. Mai 2024 da.", datetime(2025, 2, 1, tzinfo=UTC)
    )
    newer_visit = _note(
        2, "Schornsteinfeger: 2024-11-12 gekehrt.", datetime(2024, 12, 1, tzinfo=UTC)
    )
    order = reorder([older_visit, newer_visit], Analysis("zuletzt", recency=True))
    assert [h.chunk_id for h in order] == [2, 1]
    assert effective_date(older_visit) == datetime(2024, 5, 3, tzinfo=UTC)


def test_a_date_window_fits_the_date_the_note_states() -> None:
    may = Analysis(
        "im Mai 2024",
        date_from=datetime(2024, 5, 1, tzinfo=UTC),
        date_to=datetime(2024, 5, 31, 23, 59, tzinfo=UTC),
    )
    stated = _note(1, "Schornsteinfeger war am 3. Mai 2024 da.", datetime(2025, 2, 1, tzinfo=UTC))
    bare = _note(2, "Schornsteinfeger anrufen.", datetime(2025, 2, 1, tzinfo=UTC))
    assert [h.chunk_id for h in reorder([bare, stated], may)] == [1, 2]
