"""Migration 8 (kind `image`, chunks.ocr) with real processes sharing the file.

The migration edits the documents table's CHECK text in sqlite_schema and bumps the schema
version. Processes opening a schema-7 index at once must migrate it once, and a process that
had the file open before must see the new schema on its next statement (SQLite re-reads the
schema when the version changed), not keep refusing kind 'image'.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store import Index, schema
from store.connection import connect
from tests.support import REPO

OPEN = "import sys; from store import Index; Index.open(sys.argv[1]).close()"
HOLDER = """
import sys
from pathlib import Path
from store.connection import connect
conn = connect(Path(sys.argv[1]))
print(conn.execute("PRAGMA user_version").fetchone()[0], flush=True)
sys.stdin.readline()  # the others migrate meanwhile
conn.execute(
    "INSERT INTO documents (source_path, kind, indexed_at, file_path) "
    "VALUES ('/p/scan.png', 'image', 0, '/p/scan.png')"
)
conn.commit()
print("written", flush=True)
"""


def schema_7_file(path: Path) -> None:
    conn = connect(path)
    schema.migrate(conn, target=7)
    conn.close()


def test_processes_migrate_once_and_an_open_connection_sees_the_new_kind(
    tmp_path: Path,
) -> None:
    path = tmp_path / "index.sqlite3"
    schema_7_file(path)
    env = {"PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, cwd=REPO, env=env,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "7"
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, str(path)],
            cwd=REPO,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for opener in openers:
        _, error = opener.communicate(timeout=120)
        assert opener.returncode == 0, error
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "written"
    assert holder.wait(timeout=60) == 0
    with Index.open(path) as index:
        assert index.stats()["schema_version"] == schema.LATEST == 8
        assert [row["kind"] for row in index.documents()] == ["image"]
        assert index.integrity_check() == []
