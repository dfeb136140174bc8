"""`assistant forget PATH`: erase a file, or everything under a folder, from the index.

Everything the index derived from it goes: document rows (an mbox's messages too), chunks,
FTS entries, vectors, cached embeddings no other document shares, failure records, the
records of duplicate mails whose `duplicate_of` names it (their reason shows its path), and the
saved conversation turns that were answered from it (they keep a snapshot of each source's
text, and the answer may quote it), and, when any of it was read by OCR, the OCR cache (its
entries are keyed by content, not by file, so the whole cache goes: ingest.ocr.clear_cache).
With `vacuum`, the file is then rewritten so the text does not linger in free pages, FTS
segments or the WAL either.

Forget only removes; it does not add an exclusion list. What gets indexed is decided in one
visible place, the registered roots and `index.ignore` in config.toml, and every sync path
(CLI, watcher, TUI) already honours those; a hidden list of forgotten paths would silently
hide a file the person later wants found, and would have to be consulted by every scan. So
when the path is still inside a registered folder we say that the next sync will index it
again and how to keep it out (move it, add an ignore glob, or remove the folder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.ask.conversations import Conversations
from assistant.config import Config
from assistant.indexing.locks import index_writer
from assistant.indexing.roots import load_roots
from assistant.indexing.sync import ocr_cache_dir
from assistant.indexing.threads import rethread
from assistant.progress import Report, silent_report
from ingest.ocr import clear_cache
from store import Index


@dataclass(frozen=True)
class ForgetResult:
    """What was erased, and whether it will come back at the next sync."""

    target: Path
    documents: int
    chunks: int
    cached_vectors: int
    duplicate_records: int
    saved_answers: int
    compacted: bool | None  # None: not asked; False: another reader kept the WAL
    returning_roots: list[Path] = field(default_factory=list)
    ocr_cache_entries: int = 0  # cached OCR results deleted (all of them, see clear_cache)

    def as_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["target"] = str(self.target)
        data["returning_roots"] = [str(r) for r in self.returning_roots]
        return data


def _forms(path: Path) -> list[str]:
    """The path as typed (absolute) and resolved: a symlink inside a root is stored under its
    own name, while roots themselves are stored resolved."""
    absolute = Path(path).expanduser().absolute()
    return sorted({str(absolute), str(absolute.resolve())})


def keys_under(index: Index, path: Path) -> set[str]:
    """The index keys of `path`: the file, its mbox messages, or every file below a folder."""
    keys: set[str] = set()
    for form in _forms(path):
        keys.update(str(r["source_path"]) for r in index.documents_below(form))
    return keys


def duplicates_naming(index: Index, keys: set[str]) -> set[str]:
    """Records of other copies of a mail whose original is one of `keys`."""
    return {str(r["source_path"]) for r in index.failures() if r["duplicate_of"] in keys}


def returning_roots(config: Config, path: Path) -> list[Path]:
    """Registered roots whose next sync would index (part of) `path` again."""
    if not Path(path).exists():
        return []
    target = Path(path).expanduser().resolve()
    return [r for r in load_roots(config) if target.is_relative_to(r) or r.is_relative_to(target)]


def forget_saved_answers(index: Index, keys: set[str]) -> int:
    """Delete saved conversation turns that cite any of `keys`; returns how many.

    The tables belong to `assistant.ask.conversations`, which erases them itself.
    """
    conversations = Conversations(index.db_path)
    try:
        return conversations.forget_sources(keys)
    finally:
        conversations.close()


def read_by_ocr(index: Index, keys: set[str]) -> bool:
    """Whether any of the documents `keys` holds text OCR read (so the OCR cache has it)."""
    return any(chunk.ocr for key in sorted(keys) for chunk in index.chunks_of(key))


def forget(
    config: Config,
    index: Index,
    path: Path,
    *,
    vacuum: bool = False,
    report: Report = silent_report,
) -> ForgetResult:
    """Erase `path` from saved answers and the index, then compact the file if asked.
    A writer like a sync: it waits for the one running (and says so through `report`).

    Saved answers go first: the index rows are how a later run finds the keys again, so a
    forget killed between the two steps is finished by the next one (the other order would
    leave answers quoting the file that no later forget could find). Likewise the erase
    records that a compaction is owed, and any later forget (or the doctor's fix) pays it.
    """
    with index_writer(config.paths.data_dir, "forget", report):
        keys = keys_under(index, path)
        duplicates = duplicates_naming(index, keys) - keys
        saved_answers = forget_saved_answers(index, keys) if keys else 0
        # Before the erase, like the saved answers: the rows are how a rerun finds them.
        ocr_entries = clear_cache(ocr_cache_dir(config)) if read_by_ocr(index, keys) else 0
        vacuum = vacuum or index.compaction_pending()  # an earlier run's VACUUM was cut short
        erased = index.forget(sorted(keys | duplicates), compact_next=vacuum)
        if erased.documents:
            rethread(index)  # the replies of a forgotten mail move up in their threads
        compacted = index.compact() if vacuum else None
    return ForgetResult(
        target=Path(path).expanduser().resolve(),
        documents=erased.documents - len(duplicates),
        chunks=erased.chunks,
        cached_vectors=erased.cached_vectors,
        duplicate_records=len(duplicates),
        saved_answers=saved_answers,
        compacted=compacted,
        returning_roots=returning_roots(config, path),
        ocr_cache_entries=ocr_entries,
    )
