"""`assistant watch` follows the roots while it runs (issue 11, C and test 6).

A real `assistant watch` process (fake embedder) while other processes `add --no-index`,
`remove`, link to a file outside the roots, and delete and re-create a root. Each step waits
for the watcher's own output line, with a generous bound on a missing event (not a timing
assertion); the seconds each step took are printed.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.reliability.robustness_support import show
from tests.reliability.test_watch_with_other_commands import Watcher, cli, top_hit


def indexed(watcher: Watcher, started: float | None = None) -> float:
    """Seconds (from `started`, or now) until the watcher prints a batch that indexed something."""
    started = time.monotonic() if started is None else started
    while int(watcher.wait_for(r"(\d+) indexed, \d+ removed")[1]) == 0:
        pass  # a batch that changed nothing (a folder's own mtime)
    return round(time.monotonic() - started, 2)


def write(path: Path, text: str) -> None:
    path.write_text(f"# {path.stem}\n\n{text}\n", encoding="utf-8")


def test_watch_follows_added_removed_linked_and_recreated_roots(
    tmp_path: Path, record_property
) -> None:
    home, first, second, outside = (tmp_path / n for n in ("home", "a", "b", "outside"))
    for folder in (first, second, outside):
        folder.mkdir()
    write(first / "one.md", "The spare key is under the flower pot.")
    write(outside / "secret.md", "A diary that lives outside every registered folder.")
    cli(home, "add", str(first))
    watcher = Watcher(home)
    figures: dict[str, float] = {}
    try:
        watcher.wait_for(r"^watching 1 folder")
        (first / "link.md").symlink_to(outside / "secret.md")  # resolves outside the roots
        write(first / "boiler.md", "The boiler key hangs by the door.")
        figures["batch_with_outside_link_s"] = indexed(watcher)

        write(second / "fuse.md", "The fuse box is behind the coats.")
        added = time.monotonic()
        cli(home, "add", "--no-index", str(second))  # a process of its own: about 1 s here
        figures["added_root_first_sync_s"] = indexed(watcher, added)
        write(second / "water.md", "The water stopcock is under the sink.")
        figures["added_root_change_s"] = indexed(watcher)
        found_fuse, found_water = top_hit(home, "fuse box coats"), top_hit(home, "stopcock")

        cli(home, "remove", str(first))
        write(first / "after.md", "Written after the folder was removed.")
        shutil.rmtree(second)
        second.mkdir()  # deleted and re-created while watching
        write(second / "gas.md", "The gas meter is in the cellar.")
        figures["recreated_root_change_s"] = indexed(watcher)
        found_gas = top_hit(home, "gas meter cellar")
    finally:
        code = watcher.stop()
    log = (home / "logs" / "assistant.log").read_text(encoding="utf-8")
    show(record_property, "watch follows roots", **figures, watcher_exit=code,
         log_errors=log.count(" ERROR "))  # fmt: skip
    assert code == 0, "".join(watcher.output)
    assert " ERROR " not in log, log[-3000:]
    assert log.count("secret.md: it is not in a registered folder") <= 1, "said once"
    assert (found_fuse, found_water) == (str(second / "fuse.md"), str(second / "water.md"))
    assert found_gas == str(second / "gas.md")
    assert "after.md" not in log, "the removed root is still watched"
    status = cli(home, "status").stdout
    assert f"roots: {second}\n" in status
    assert top_hit(home, "written after the folder was removed") != str(first / "after.md")
