"""Full-text search in Chinese, Japanese and German, and query text that tries to break FTS5."""

from __future__ import annotations

import pytest
import sqlean as sqlite3
from store_helpers import add

from store import Index
from store.fts import index_text, match_expression

CHINESE = (
    "明天下午三点在会议室讨论预算问题。"  # "Tomorrow 3pm, budget discussion in the meeting room."
)
JAPANESE = "来週の会議は東京本社で行います。資料を準備してください。"
GERMAN = "Die Größe der Straße wurde im Büro gemessen; Jürgen war dabei."


@pytest.fixture
def corpus(index: Index) -> Index:
    add(index, "/n/zh.md", [CHINESE])
    add(index, "/n/ja.md", [JAPANESE])
    add(index, "/n/de.md", [GERMAN])
    add(index, "/n/en.md", ["The budget meeting moved to Friday."])
    return index


def paths(index: Index, query: str) -> set[str]:
    return {hit.source_path for hit in index.search(None, query, k=10, mode="fts")}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("会议", "/n/zh.md"),  # meeting (zh)
        ("预算", "/n/zh.md"),  # budget
        ("讨论预算", "/n/zh.md"),  # a 4-character phrase
        ("会議", "/n/ja.md"),  # meeting (ja, kanji)
        ("東京", "/n/ja.md"),
        ("資料", "/n/ja.md"),  # materials
        ("ください", "/n/ja.md"),  # kana
        ("Größe", "/n/de.md"),
        ("grosse", "/n/de.md"),  # ö without diacritic, ß as ss
        ("STRASSE", "/n/de.md"),
        ("büro", "/n/de.md"),
        ("jurgen", "/n/de.md"),
    ],
)
def test_words_are_found(corpus: Index, query: str, expected: str) -> None:
    assert paths(corpus, query) == {expected}


@pytest.mark.parametrize("query", ["会谈", "大阪", "预定", "Grössen", "strand"])
def test_absent_words_are_not_found(corpus: Index, query: str) -> None:
    assert paths(corpus, query) == set()


def test_single_cjk_character_matches_by_prefix(corpus: Index) -> None:
    assert paths(corpus, "题") == {"/n/zh.md"}  # last character of a run
    assert paths(corpus, "社") == {"/n/ja.md"}  # inside a run


def test_mixed_query_prefers_documents_with_all_terms(corpus: Index) -> None:
    hits = corpus.search(None, "budget 预算", k=10, mode="fts")
    # No document has both words: the all-terms query finds nothing, any-term finds both.
    assert {h.source_path for h in hits} == {"/n/zh.md", "/n/en.md"}


def test_default_tokenizer_cannot_find_two_character_words() -> None:
    """Why the bigram rewrite exists: plain unicode61 keeps a CJK run as one token."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    conn.execute("INSERT INTO t VALUES (?)", (CHINESE,))
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH '会议'").fetchone()[0] == 0
    conn.execute("INSERT INTO t VALUES (?)", (index_text(CHINESE),))
    query = match_expression("会议")
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()[0] == 1


HOSTILE = [
    '"',
    '"unbalanced',
    "budget*",
    "*",
    "NEAR(budget meeting)",
    "budget AND OR NOT",
    "NOT budget",
    "-budget",
    "text:budget",
    "^budget",
    "budget + meeting",
    "(budget",
    "{title text}: budget",
    "'; DROP TABLE chunks; --",
    "\x00budget",
    "🙂 budget 🙂",
    "a" * 5000,
    " ".join(["budget"] * 500),
    "",
    "   ",
    "?!.,;",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_text_never_raises(corpus: Index, query: str) -> None:
    hits = corpus.search(None, query, k=5, mode="fts")
    if "budget" in query and query != "a" * 5000:
        assert "/n/en.md" in {h.source_path for h in hits}
    assert corpus.integrity_check() == []


def test_operators_are_searched_as_words(corpus: Index) -> None:
    add(corpus, "/n/logic.md", ["Use NOT and OR carefully near the end."])
    assert paths(corpus, "NOT") == {"/n/logic.md"}
    assert paths(corpus, "near") == {"/n/logic.md"}
