"""`assistant doctor`'s writers check names the process that holds the index for writing."""

from __future__ import annotations

import os
import threading

from assistant.config import Config
from assistant.doctor.writers import check_writers
from assistant.indexing.locks import WRITER_LOCK, index_writer


def test_no_writer_and_no_lock_file_yet(config: Config) -> None:
    finding = check_writers(config)
    assert (finding.status, finding.detail) == ("ok", "no process is writing the index")
    assert not (config.paths.data_dir / WRITER_LOCK).exists(), "the doctor created a file"


def test_the_holder_is_named_with_its_pid(config: Config) -> None:
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with index_writer(config.paths.data_dir, "reindex"):
            taken.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(60)
        finding = check_writers(config)
    finally:
        release.set()
        holder.join()
    assert f"(pid {os.getpid()}) to finish its reindex" in finding.detail
    assert "kill" in finding.fix
    assert check_writers(config).detail == "no process is writing the index"  # let go at once
