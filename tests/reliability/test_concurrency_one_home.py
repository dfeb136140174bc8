"""Concurrency on one home, with real processes (issue 11, E, H and required test 1).

Every writer of the index (`index`, `add`, `remove`, `forget`, `reindex`, the app's and
`watch`'s syncs) holds `index.lock` while it writes, and roots.json changes hold `roots.lock`
(assistant/indexing/locks.py). Here: six `add`s at once keep six roots; two `index`es at once
embed each chunk once; `watch` runs a batch while `index`, `reindex --dim 256`, `forget` and
`remove` come from other processes, each of which waits and says in one line for whom (with
the pid); searches run meanwhile and never wait. Afterwards nothing is corrupt, no chunk was
embedded twice by any process, and the index equals a clean one of the same files.

A batch is held running by the gate file of `GATED_CLI` (tests/reliability/concurrency_support):
the test sees the holder in index.lock, starts the second writer, reads its "waiting for" line,
then opens the gate. No step depends on a clock.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path

from assistant.indexing.roots import load_roots
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.reliability.concurrency_support import WAITING, Home, Process, write_notes
from tests.reliability.robustness_support import config_for, show

ADD_TRIALS = 3


def embedded_of(output: str) -> int:
    """The `(N embedded, ...)` figure of a sync summary line."""
    return int(re.search(r"\((\d+) embedded", output)[1])  # type: ignore[index]


def index_of(home: Home) -> dict:
    """Integrity problems, document paths, fingerprint and chunk count of a home's index."""
    config = config_for(home.path, [])
    with open_index(config) as index:
        paths = sorted(str(r["source_path"]) for r in index.documents(status=None))
        return {"integrity": index.integrity_check(), "paths": paths,
                "fingerprint": index.fingerprint(), "chunks": index.stats()["chunks"],
                "dim": index.dim}  # fmt: skip


def clean_index(home: Path, roots: list[Path], **settings: str) -> dict:
    config = config_for(home, roots, **settings)
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        paths = sorted(str(r["source_path"]) for r in index.documents(status=None))
        return {"paths": paths, "fingerprint": index.fingerprint(),
                "chunks": index.stats()["chunks"]}  # fmt: skip


def test_six_adds_at_once_keep_six_roots(tmp_path: Path, record_property) -> None:
    folders = [tmp_path / f"f{n}" for n in range(6)]
    for number, folder in enumerate(folders):
        write_notes(folder, 3, f"folder{number}")
    kept = []
    for trial in range(ADD_TRIALS):
        home = Home(tmp_path / f"home{trial}", TEST_SLOW_ROOTS_WRITE="0.05")
        adds = home.start_together([("add", str(f), "--no-index") for f in folders])
        for add in adds:
            add.finish()
        kept.append(len(load_roots(config_for(home.path, []))))
    home = Home(tmp_path / "indexed", TEST_SLOW_ROOTS_WRITE="0.05")
    adds = home.start_together([("add", str(f)) for f in folders])
    outputs = [add.finish() for add in adds]
    waits = sum(1 for out in outputs if re.search(WAITING, out))
    index = index_of(home)
    embeds = home.embeds()
    show(record_property, "six adds at once", trials=ADD_TRIALS, roots_kept=kept,
         indexed_adds_waiting=waits, embeds=len(embeds), chunks=index["chunks"])  # fmt: skip
    assert kept == [6] * ADD_TRIALS, "parallel adds lost roots"
    assert sorted(load_roots(config_for(home.path, []))) == folders
    assert not any("not in a registered folder" in out for out in outputs)
    assert index["integrity"] == [] and len(index["paths"]) == 18
    assert len(embeds) == index["chunks"], "a chunk was embedded twice"


def test_two_indexes_at_once_embed_each_chunk_once(tmp_path: Path, record_property) -> None:
    home, folder = Home(tmp_path / "home"), tmp_path / "notes"
    write_notes(folder, 30, "garden")
    home.run("add", str(folder), "--no-index")
    home.gate.touch()
    first = home.start("index")
    home.wait_for_holder(first)
    second = home.start("index")
    waiting = second.wait_for(WAITING)
    home.gate.unlink()
    first_out, second_out = first.finish(), second.finish()
    embeds = Counter(digest for _, digest in home.embeds())
    index = index_of(home)
    clean = clean_index(tmp_path / "clean", [folder])
    show(record_property, "two indexes at once", first_embedded=embedded_of(first_out),
         second_embedded=embedded_of(second_out), second_waited_for=waiting[0],
         chunks=index["chunks"])  # fmt: skip
    assert (waiting[1], int(waiting[2]), waiting[3]) == ("assistant index", first.pid, "sync")
    assert embedded_of(second_out) == 0, "the second index embedded again"
    assert max(embeds.values()) == 1 and len(embeds) == index["chunks"]
    assert index["integrity"] == []
    assert (index["paths"], index["fingerprint"]) == (clean["paths"], clean["fingerprint"])


def while_watch_syncs(home: Home, watcher: Process, note: Path, *command: str) -> tuple[str, int]:
    """Run `command` while the watcher is provably inside a sync of the new `note`: it must
    wait for the watcher, saying so. A search meanwhile must not wait. Returns its output and
    how many searches ran while the watcher held the lock."""
    home.gate.touch()
    note.write_text(f"# {note.stem}\n\nA note about {note.stem}quartz.\n", encoding="utf-8")
    home.wait_for_holder(watcher)
    writer = home.start(*command)
    found = writer.wait_for(WAITING)
    assert (found[1], int(found[2]), found[3]) == ("assistant watch", watcher.pid, "sync")
    searched = home.top_hit("garden 3 garden3stone")  # a reader: done while the lock is held
    held = (home.holder() or {}).get("pid") == watcher.pid
    assert searched.endswith("garden-003.md"), searched
    assert held, "the search waited for the writer lock"
    home.gate.unlink()
    watcher.wait_for(r"[1-9]\d* indexed, \d+ removed")
    return writer.finish(), int(held)


def test_watch_while_other_processes_write(tmp_path: Path, record_property) -> None:
    home, quiet, watched = Home(tmp_path / "home"), tmp_path / "quiet", tmp_path / "watched"
    write_notes(quiet, 5, "attic")
    write_notes(watched, 10, "garden")
    home.run("add", str(quiet))
    home.run("add", str(watched))
    watcher = home.start("watch")
    try:
        watcher.wait_for(r"^watching ")
        outputs = [
            while_watch_syncs(home, watcher, watched / "one.md", "index"),
            while_watch_syncs(home, watcher, watched / "two.md", "reindex", "--dim", "256"),
            while_watch_syncs(home, watcher, watched / "three.md", "forget",
                              str(quiet / "attic-000.md")),
            while_watch_syncs(home, watcher, watched / "four.md", "remove", str(quiet)),
        ]  # fmt: skip
    finally:
        code = watcher.stop()
    index = index_of(home)
    embeds = Counter(digest for _, digest in home.embeds())
    clean = clean_index(tmp_path / "clean", [watched], ASSISTANT_EMBEDDER_DIM="256")
    queries = ["garden 7 garden7stone", "two twoquartz", "four fourquartz"]
    hits = [home.top_hit(q) for q in queries]
    clean_hits = [Home(tmp_path / "clean").top_hit(q) for q in queries]
    log = (home.path / "logs" / "assistant.log").read_text(encoding="utf-8")
    show(record_property, "watch with other writers", writers_waited=len(outputs),
         searches_while_held=sum(held for _, held in outputs), watcher_exit=code,
         embeds=sum(embeds.values()), chunks=index["chunks"],
         log_errors=log.count(" ERROR "))  # fmt: skip
    assert code == 0, watcher.text()
    assert embedded_of(outputs[0][0]) == 0, "`index` embedded what the watcher had"
    assert "rebuilt" in outputs[1][0] and "forgot 1 document " in outputs[2][0]
    assert index["integrity"] == [] and index["dim"] == 256
    assert max(embeds.values()) == 1, "a chunk was embedded twice"
    assert (index["paths"], index["fingerprint"]) == (clean["paths"], clean["fingerprint"])
    assert hits == clean_hits and hits[0].endswith("garden-007.md")


def test_searches_during_a_reindex(tmp_path: Path, record_property) -> None:
    home, folder = Home(tmp_path / "home"), tmp_path / "notes"
    write_notes(folder, 400, "cellar")
    config = config_for(home.path, [folder])
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
    reindex = home.start("reindex", "--dim", "256", "--vector-type", "int8")
    results: list[list[str]] = []
    query = "cellar 123 cellar123stone"
    vector = FakeEmbedder().embed_query(query)

    def search_until_done() -> None:
        with open_index(config) as reader:
            while reindex.popen.poll() is None or not results:
                results.append([h.source_path for h in reader.search(vector, query, k=5)])

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    output = reindex.finish()
    searcher.join()
    index = index_of(home)
    show(record_property, "searches during a reindex", searches=len(results),
         reindex=output.strip().splitlines()[-1])  # fmt: skip
    assert index["integrity"] == [] and index["dim"] == 256
    assert all(any(h.endswith("cellar-123.md") for h in hits) for hits in results), results[:3]
