"""A real three-mail thread on disk (German root, an English reply with an attachment, a
Chinese reply), for the tests of showing mail: each reply quotes the one before, so what the
file shows (quotes included) and what the index holds (quotes left out) differ."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Config
from assistant.indexing.roots import add_root
from assistant.indexing.service import open_index, run_sync
from tests.fakes import FakeEmbedder
from tests.thread_columns import assert_threaded, clear_threads

SUBJECT = "Heizung Wartung"
ROOT = f"""From: Anna Schmidt <anna@waerme.example>
To: Jan Brenner <jan@example.org>
Cc: Ina Vogel <ina@example.org>
Subject: {SUBJECT}
Date: Fri, 01 Nov 2024 09:00:00 +0100
Message-ID: <root@waerme.example>

Guten Tag Herr Brenner,

die Wartung der Heizung ist am 12. November um 8 Uhr.

Anna Schmidt
"""
REPLY = f"""From: Jan Brenner <jan@example.org>
To: Anna Schmidt <anna@waerme.example>
Subject: Re: {SUBJECT}
Date: Fri, 01 Nov 2024 10:30:00 +0100
Message-ID: <reply1@example.org>
In-Reply-To: <root@waerme.example>
References: <root@waerme.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

That works, the key is under the flower pot.

Am 01.11.2024 um 09:00 schrieb Anna Schmidt:
> die Wartung der Heizung ist am 12. November um 8 Uhr.

--b1
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename="checklist.txt"

Boiler checklist: pressure 1.5 bar, filter cleaned in 2023.
--b1--
"""
LAST = f"""From: Anna Schmidt <anna@waerme.example>
To: Jan Brenner <jan@example.org>
Subject: Re: Re: {SUBJECT}
Date: Fri, 01 Nov 2024 11:00:00 +0100
Message-ID: <reply2@waerme.example>
In-Reply-To: <reply1@example.org>
References: <root@waerme.example> <reply1@example.org>
Content-Type: text/plain; charset=utf-8

好的，我们十二号见。

On Fri, 1 Nov 2024 at 10:30, Jan Brenner wrote:
> That works, the key is under the flower pot.
"""
NAMES = ("1-root.eml", "2-reply.eml", "3-last.eml")


def write_thread(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in zip(NAMES, (ROOT, REPLY, LAST), strict=True):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path.resolve())
    return paths


def index_thread(config: Config, folder: Path, threaded: bool = True) -> list[str]:
    """Index the thread in `folder` with the fake embedder; its key texts, root first."""
    paths = write_thread(folder)
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, FakeEmbedder()).documents_indexed == 3
    keys = [str(path) for path in paths]
    assert_threaded(config.paths.database, keys)
    if not threaded:
        clear_threads(config.paths.database)
    return keys


def index_thread_mbox(config: Config, folder: Path) -> Path:
    """The same thread as one mbox in `folder`, indexed; the mbox's path."""
    import mailbox

    folder.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(folder / "list.mbox")
    for text in (ROOT, REPLY, LAST):
        box.add(text.encode())
    box.close()
    add_root(config, folder)
    with open_index(config) as index:
        assert run_sync(config, index, FakeEmbedder()).documents_indexed == 3
    return folder / "list.mbox"
