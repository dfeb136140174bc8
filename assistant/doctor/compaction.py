"""The doctor's check for a forget whose rewrite of the index file did not finish.

`assistant forget --vacuum` erases rows, then rewrites the file so the text leaves no bytes in
free pages. A kill (or another program's open read) between the two leaves the rows gone but
the bytes there; the erase recorded that a compaction is owed, and this check says so, with
the command that pays it (any later `forget` does).
"""

from __future__ import annotations

from assistant.config import Config
from assistant.doctor.checks import Finding


def check_compaction(config: Config) -> list[Finding]:
    """Warn while a forget's compaction is owed; nothing to say without an index."""
    from store import Index

    db = config.paths.database
    if not db.is_file():
        return []
    index = Index(db)
    try:
        pending = index.compaction_pending()
    finally:
        index.close()
    if not pending:
        return [Finding("forget", "ok", "no forgotten text is waiting to be rewritten away")]
    return [
        Finding(
            "forget",
            "warn",
            f"a `forget --vacuum` did not finish rewriting {db}: the text it erased may still "
            "be in the file's free pages",
            "run `assistant forget --vacuum PATH` again (with the same path, or any path)",
        )
    ]
