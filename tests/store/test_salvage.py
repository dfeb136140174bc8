"""Reading what is left of a damaged file, and finding who else has the index open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlean as sqlite3

from store import holders, readable_rows
from store.holders import deleted_wal_holders
from tests.support import REPO

HOLD = "import sqlean, sys; c = sqlean.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL');"
HOLD += "c.execute('CREATE TABLE IF NOT EXISTS t (x)'); c.execute('INSERT INTO t VALUES (1)');"
HOLD += "c.commit(); print('ok', flush=True); sys.stdin.read()"


def notes_file(path: Path, rows: int = 400) -> Path:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.executemany("INSERT INTO notes VALUES (?, ?)", ((i, "x" * 500) for i in range(1, rows)))
    conn.commit()
    conn.close()
    return path


def test_whole_tables_are_read_and_a_missing_one_is_empty(tmp_path: Path) -> None:
    path = notes_file(tmp_path / "db")
    found = readable_rows(path, {"notes": ("id", "id"), "gone": ("id", "id")})
    assert len(found["notes"]) == 399 and found["gone"] == []


def test_a_damaged_page_costs_its_rows_not_the_table(tmp_path: Path) -> None:
    path = notes_file(tmp_path / "db")
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\xff" * page  # one leaf page of the table destroyed
    path.write_bytes(bytes(data))
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("SELECT count(*), sum(length(text)) FROM notes").fetchone()
        whole_table_fails = False
    except sqlite3.DatabaseError:
        whole_table_fails = True
    conn.close()
    rows = readable_rows(path, {"notes": ("id", "id")})["notes"]
    assert whole_table_fails and 300 < len(rows) < 399


def test_holders_and_deleted_wal_holders(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert child.stdout.readline().strip() == "ok"
        assert holders(db) == [child.pid] and deleted_wal_holders(db) == []
        Path(f"{db}-wal").unlink()
        assert deleted_wal_holders(db) == [child.pid]
    finally:
        child.communicate("", timeout=60)
    assert holders(db) == []
