"""Test 9: an index in a folder nobody can write, without -wal / -shm, opens immutable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store import Index, StoreReadOnly, read_only_index
from store import connection as store_connection
from tests.store.store_helpers import add, embed


def test_it_searches_read_only_and_refuses_writes_in_one_line(tmp_path, monkeypatch) -> None:
    db = tmp_path / "ro" / "index.sqlite3"
    with Index.open(db, dim=256, vector_type="float32") as index:
        add(index, "/n/a.md", ["the boiler key hangs by the door"])
    assert not Path(f"{db}-wal").exists() and not read_only_index(db)
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if Path(path) == db.parent and mode == os.W_OK:
            return False  # as on a read-only mount (chmod does not stop root)
        return real_access(path, mode)

    monkeypatch.setattr(store_connection.os, "access", access)
    assert read_only_index(db)
    with Index.open(db, dim=256, vector_type="float32") as index:
        hits = index.search(embed("the boiler key hangs by the door"), "boiler", k=1)
        assert [h.source_path for h in hits] == ["/n/a.md"]
        with pytest.raises(StoreReadOnly) as refused:
            add(index, "/n/b.md", ["another"])
        assert "\n" not in str(refused.value) and "writable" in str(refused.value)
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
