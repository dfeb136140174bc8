"""The index is one model's: writes and searches of another model's vectors are refused with
advice; SQLite failures are told apart by result code; the store's errors are its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sqlean as sqlite3
from store_helpers import MODEL, add, embed, make_chunks, make_doc

from store import Index, ModelMismatch, StoreCorrupt, StoreError, StoreFull, StoreLocked
from store.errors import is_locked, result_code, translate

REPO = Path(__file__).resolve().parents[2]


def test_a_write_by_another_model_says_how_to_switch_back_or_rebuild(index: Index) -> None:
    add(index, "/n/a.md", ["first model"])
    chunks = make_chunks(["second model"])
    with pytest.raises(ModelMismatch) as refused:
        index.replace_document(
            make_doc("/n/b.md"), chunks, {chunks[0].content_hash: embed("x")}, "other-model"
        )
    message = str(refused.value)
    assert "\n" not in message
    assert f"built with the embedding model {MODEL!r}" in message
    assert f"Set embedder.model back to {MODEL!r}" in message and "`assistant rebuild`" in message
    assert refused.value.hint and (refused.value.built, refused.value.asked) == (
        MODEL,
        "other-model",
    )
    assert [r["source_path"] for r in index.documents()] == ["/n/a.md"]  # nothing written


def test_search_refuses_a_query_embedded_by_another_model(index: Index) -> None:
    add(index, "/n/a.md", ["the floor was fixed"])
    query = embed("the floor was fixed")
    assert index.search(query, "floor", k=1, model_id=MODEL)[0].text == "the floor was fixed"
    with pytest.raises(ModelMismatch, match="back to 'test-model'"):
        index.search(query, "floor", k=1, model_id="other-model")
    with pytest.raises(ModelMismatch):
        index.require_model("other-model")
    index.require_model(MODEL)
    # Full text alone uses no vector, so it still answers.
    assert index.search(None, "floor", k=1, mode="fts", model_id="other-model")


def test_an_index_without_chunks_is_claimed_by_the_next_model(index: Index) -> None:
    add(index, "/n/a.md", ["first model"])
    index.delete_document("/n/a.md")
    index.require_model("other-model")  # no vectors of anybody: nothing to refuse
    chunks = make_chunks(["second model"])
    index.replace_document(
        make_doc("/n/b.md"), chunks, {chunks[0].content_hash: embed("second model")}, "other"
    )
    assert index.settings.model_id == "other"
    assert index.search(embed("second model"), "", k=1, mode="vector", model_id="other")


def _error(sql: str, conn: sqlite3.Connection | None = None) -> sqlite3.Error:
    conn = conn or sqlite3.connect(":memory:")
    try:
        conn.execute(sql)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError(f"{sql} did not fail")


def test_errors_are_classified_by_result_code_not_wording(tmp_path: Path) -> None:
    error = _error("SELECT * FROM missing_table")
    assert error.sqlite_errorname == "SQLITE_ERROR" and result_code(error) == "SQLITE_ERROR"
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not sqlite at all" * 512)
    not_a_db = _error("SELECT * FROM sqlite_master", sqlite3.connect(garbage))
    assert result_code(not_a_db) == "SQLITE_NOTADB"
    assert isinstance(translate(garbage, not_a_db), StoreCorrupt)
    # Wording alone does not decide: an SQL error that merely mentions "locked" is no lock.
    named = _error("SELECT * FROM locked_and_busy")
    assert result_code(named) == "SQLITE_ERROR" and not is_locked(named)


def test_an_extended_code_counts_as_its_primary_one() -> None:
    class Fake(sqlite3.OperationalError):
        sqlite_errorname = "SQLITE_BUSY_SNAPSHOT"

    assert result_code(Fake("database is locked")) == "SQLITE_BUSY"
    assert is_locked(Fake("no wording needed"))
    assert isinstance(translate(Path("x"), Fake("whatever")), StoreLocked)


def test_sqlite_vec_errors_are_read_from_their_text() -> None:
    class VecError(sqlite3.OperationalError):
        sqlite_errorname = "SQLITE_ERROR"

    assert isinstance(translate(Path("x"), VecError("Could not ...: disk is full")), StoreFull)


def test_the_store_imports_nothing_of_the_assistant() -> None:
    code = (
        "import sys, store, store.errors, store.index\n"
        "sys.exit(any(m == 'assistant' or m.startswith('assistant.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert StoreError.__mro__[1] is Exception
    assert str(StoreError("The index x is gone.", "Run it again.")) == (
        "The index x is gone. Run it again."
    )


def test_one_name_for_the_dims_and_vector_types() -> None:
    from assistant import config
    from assistant.runtime import embedder
    from store import FULL_DIM, MRL_DIMS, VECTOR_TYPES, truncate_dim

    assert config.MRL_DIMS is MRL_DIMS and config.VECTOR_TYPES is VECTOR_TYPES
    assert MRL_DIMS[0] == FULL_DIM and config.EmbedderConfig().dim == FULL_DIM
    assert embedder.FULL_DIM is FULL_DIM  # imported, not a second 768
    short = np.ones(FULL_DIM // 2, dtype=np.float32)
    with pytest.raises(ValueError, match="components"):
        truncate_dim(short, FULL_DIM)  # a vector shorter than the dim asked for
    with pytest.raises(ValueError, match="must be one of"):
        Index.open(Path("unused.sqlite"), dim=300, vector_type="float32")
