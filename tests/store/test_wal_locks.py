"""A process that holds the index keeps its WAL while other processes open and close it.

SQLite's locks are POSIX advisory locks, owned by the process and dropped when *any* descriptor
of the file is closed. A process that opens and closes the index file with its own descriptor
while a connection is open (as `connect` once did to create it 0600) silently loses its locks;
the next process to close its connection then believes it is the last one, checkpoints and
deletes the -wal under the holder, and everything the holder writes afterwards goes to a deleted
file no one else sees. The holder here is a real long-lived process with two threads'
connections, as the app and `assistant watch` have.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import sqlean as sqlite3

from tests.support import REPO

HOLDER = textwrap.dedent(
    """
    import sys, threading
    sys.path.insert(0, "tests/store")
    from store_helpers import add
    from store import Index

    index = Index.open(sys.argv[1], dim=256, vector_type="float32")
    print("ready", flush=True)
    for line in sys.stdin:
        command, argument = line.split()
        if command == "write":
            add(index, argument, [f"{argument} holder text"])
        elif command == "thread":  # a second thread: its own connection, like a search
            worker = threading.Thread(target=index.stats)
            worker.start()
            worker.join()
        print("done", flush=True)
    index.close()
    """
)
VISITOR = textwrap.dedent(
    """
    import sys
    from store import Index
    with Index.open(sys.argv[1], dim=256, vector_type="float32") as index:
        index.stats()
    """
)


def deleted_index_files(pid: int, db_path: Path) -> list[str]:
    """The holder's open descriptors that point at a deleted index, -wal or -shm file."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith(str(db_path)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def documents(db_path: Path) -> list[str]:
    """What a fresh process (a plain connection) sees in the index."""
    script = (
        "import sqlean, sys; c = sqlean.connect(sys.argv[1]);"
        "print('\\n'.join(r[0] for r in c.execute('SELECT source_path FROM documents "
        "ORDER BY 1'))); c.close()"
    )
    out = subprocess.run([sys.executable, "-c", script, str(db_path)], cwd=REPO,
                         capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    return out.stdout.split()


def test_another_process_closing_the_index_keeps_the_holders_wal(
    tmp_path: Path, record_property
) -> None:
    db_path = tmp_path / "index.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], cwd=REPO,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdin is not None and holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"

    def tell(command: str) -> None:
        holder.stdin.write(command + "\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "done"

    try:
        tell("write /n/one.md")
        tell("thread x")
        subprocess.run([sys.executable, "-c", VISITOR, str(db_path)], cwd=REPO, check=True,
                       timeout=60)  # fmt: skip
        tell("write /n/two.md")
        orphaned = deleted_index_files(holder.pid, db_path)
        seen = documents(db_path)
        wal_exists = Path(f"{db_path}-wal").exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    record_property("wal_orphaned_descriptors", len(orphaned))
    record_property("documents_seen_by_third_process", len(seen))
    print(f"orphaned={orphaned} seen={seen} wal_exists={wal_exists}")
    assert orphaned == [], "the holder writes to an index file deleted under it"
    assert wal_exists, "the -wal was deleted while its holder was still writing"
    assert seen == ["/n/one.md", "/n/two.md"]
    conn = sqlite3.connect(str(db_path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert documents(db_path) == ["/n/one.md", "/n/two.md"]
