"""Ingest throughput and incremental-sync costs, with raw-library baselines in the same run.

Usage:  .venv/bin/python benchmarks/ingest.py [--files 10000] [--skip-e2e]

Tables:
1. Parsing without embedding, per kind, on ../shared/corpora (mail, PDF) and generated
   Markdown notes: our readers vs the bare library call (stdlib `email` body extraction,
   `pypdf` extract_text per page, `Path.read_text`). Ours does more (headers, attachments,
   quote stripping, metadata), so the baseline is a floor, not a peer.
2. End-to-end indexing of the shared corpora with the real embedder (parse, chunk, embed,
   write): documents/s, chunks, tokens/s.
3. Incremental costs: re-sync of an unchanged tree of N files (target < 5 s for 10k) against
   a bare os.walk + stat of the same tree; embeddings spent on a rename (target 0) and on a
   one-paragraph edit of a 50-chunk note (target <= 3), with the real embedder.
4. Rethreading (after every sync that changed mail): the samples index and 10k / 100k
   synthetic mails (benchmarks/synthetic.py), the first threading (every row written), one
   with nothing changed, and one after a single new reply. `--threads-only` runs just this.
5. OCR of scans (benchmarks/ocr_rows.py): rendered images and a scanned PDF, pages/s and the
   OCR worker's peak RSS, against the bare engine in-process. `--ocr-only` runs just this.
   Table 1 reads text layers only (OCR off), so its PDF row stays comparable with pypdf.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import email
import email.policy
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import synthetic  # noqa: E402
from ocr_rows import ocr_table  # noqa: E402

import ingest  # noqa: E402
from assistant.config import load_config  # noqa: E402
from assistant.indexing import threads  # noqa: E402
from assistant.indexing.roots import add_root  # noqa: E402
from assistant.indexing.service import open_index, run_sync  # noqa: E402
from assistant.runtime.embedder import Embedder  # noqa: E402
from ingest.limits import ReadLimits  # noqa: E402
from ingest.ocr import OcrSettings  # noqa: E402
from store import DocumentRecord, Index  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"
TEXT_LAYERS_ONLY = ReadLimits(ocr=OcrSettings(mode="off"))


def files_of(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and ingest.supported(p)]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bare_mail(paths: list[Path]) -> None:
    for path in paths:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            with contextlib.suppress(LookupError, ValueError):
                body.get_content()


def bare_pdf(paths: list[Path]) -> int:
    from pypdf import PdfReader

    pages = 0
    for path in paths:
        try:
            reader = PdfReader(path)
            for page in reader.pages:
                page.extract_text()
                pages += 1
        except Exception:  # the baseline just skips what pypdf cannot open
            continue
    return pages


def make_notes(folder: Path, count: int, paragraphs: int = 3) -> None:
    for n in range(count):
        path = folder / f"dir{n % 100:02d}" / f"note-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(
            f"Absatz {p} der Notiz {n}: Boden, Heizung, 地板 {n * p}." for p in range(paragraphs)
        )
        path.write_text(f"# Notiz {n}\n\n{body}\n", encoding="utf-8")


def parse_table(workdir: Path) -> None:
    mail, pdfs = files_of(CORPORA / "mail"), files_of(CORPORA / "pdf")
    notes_dir = workdir / "notes"
    make_notes(notes_dir, 500, paragraphs=12)
    notes = files_of(notes_dir)
    pages = sum(
        len([s for s in d.sections if s.page])
        for p in pdfs
        for d in ingest.read(p, TEXT_LAYERS_ONLY).documents
    )
    rows = [
        ("mail", mail, lambda: bare_mail(mail), 0),
        ("pdf", pdfs, lambda: bare_pdf(pdfs), pages),
        ("notes", notes, lambda: [p.read_text(encoding="utf-8") for p in notes], 0),
    ]
    print("\n1. Parsing without embedding\n")
    print("| kind  | files | ours files/s | ours pages/s | baseline files/s | baseline |")
    print("|-------|------:|-------------:|-------------:|-----------------:|----------|")
    names = {"mail": "stdlib email body", "pdf": "pypdf extract_text", "notes": "read_text"}
    for kind, paths, baseline, page_count in rows:
        ours = timed(lambda paths=paths: [ingest.read(p, TEXT_LAYERS_ONLY) for p in paths])
        base = timed(baseline)
        per_page = f"{page_count / ours:.1f}" if page_count else "-"
        n = len(paths)
        print(
            f"| {kind:<5} | {n:5d} | {n / ours:12.0f} | {per_page:>12} | {n / base:16.0f} "
            f"| {names[kind]} |"
        )


def fresh(workdir: Path, name: str):
    home = workdir / name
    shutil.rmtree(home, ignore_errors=True)
    return load_config({**os.environ, "ASSISTANT_HOME": str(home)})


def e2e_table(workdir: Path, embedder: Embedder) -> None:
    print("\n2. End-to-end indexing with the real embedder\n")
    print("| corpus | files | documents | chunks | tokens | seconds | docs/s | tokens/s |")
    print("|--------|------:|----------:|-------:|-------:|--------:|-------:|---------:|")
    for corpus in ("mail", "pdf"):
        config = fresh(workdir, f"e2e-{corpus}")
        add_root(config, CORPORA / corpus)
        with open_index(config) as index:
            s = run_sync(config, index, embedder)
        rate, tokens = s.documents_indexed / s.seconds, s.tokens_embedded / s.seconds
        print(
            f"| {corpus:<6} | {s.files_seen:5d} | {s.documents_indexed:9d} | {s.chunks:6d} | "
            f"{s.tokens_embedded:6d} | {s.seconds:7.1f} | {rate:6.2f} | {tokens:8.0f} |"
        )


def incremental_table(workdir: Path, embedder: Embedder, count: int) -> None:
    from tests.fakes import FakeEmbedder

    tree = workdir / "tree"
    make_notes(tree, count)
    config = fresh(workdir, "tree-home")
    add_root(config, tree)
    with open_index(config) as index:
        # Building the index is not what is measured; the fake speaks for the real model, so
        # the re-sync below (which embeds nothing) passes the index's model check.
        builder = FakeEmbedder()
        builder.model_id = embedder.model_id
        run_sync(config, index, builder)
        resync = run_sync(config, index, embedder)
    walk = timed(lambda: [os.stat(Path(d) / f) for d, _, fs in os.walk(tree) for f in fs])
    rename, edit = rename_and_edit_costs(workdir, embedder)
    print("\n3. Incremental sync\n")
    print("| measure | result | target | baseline |")
    print("|---------|-------:|-------:|---------:|")
    print(
        f"| re-sync of an unchanged tree of {count} files | {resync.seconds:.2f} s | < 5 s | "
        f"os.walk + stat: {walk:.2f} s |"
    )
    print(f"| embeddings spent on renaming a 50-chunk note | {rename} | 0 | - |")
    print(f"| embeddings spent on a one-paragraph edit of it | {edit} | <= 3 | - |")


def rename_and_edit_costs(workdir: Path, embedder: Embedder) -> tuple[int, int]:
    folder = workdir / "long"
    folder.mkdir(exist_ok=True)
    sentence = "Satz {i} über Raum {n}, den Boden und die Wände."
    sections = [
        f"## Raum {n}\n\n" + " ".join(sentence.format(i=i, n=n) for i in range(40))
        for n in range(30)
    ]
    path = folder / "haus.md"
    path.write_text("# Haus\n\n" + "\n\n".join(sections), encoding="utf-8")
    config = fresh(workdir, "long-home")
    add_root(config, folder)
    with open_index(config) as index:
        first = run_sync(config, index, embedder)
        assert first.chunks >= 50, f"the note should have >= 50 chunks, has {first.chunks}"
        path.rename(folder / "haus-umbenannt.md")
        renamed = run_sync(config, index, embedder)
        target = folder / "haus-umbenannt.md"
        target.write_text(target.read_text().replace("Satz 7 über Raum 12", "Satz 7 über das Dach"))
        edited = run_sync(config, index, embedder)
    return renamed.embedded, edited.embedded


def rethreading_table(workdir: Path) -> None:
    from tests.fakes import FakeEmbedder

    print("\n4. Rethreading\n")
    print("| index | mails | first (all written) | unchanged | one new reply | rows changed |")
    print("|-------|------:|--------------------:|----------:|--------------:|-------------:|")
    config = fresh(workdir, "threads-samples")
    add_root(config, REPO / "samples")
    with open_index(config) as index:
        run_sync(config, index, FakeEmbedder())
        index.rethread(lambda rows: {})  # clear: measure the first threading on its own
        _rethreading_row("samples", index, None)
    for count in (10_000, 100_000):
        path = workdir / f"threads-{count}.sqlite3"
        records = synthetic.mail_thread_records(count)
        synthetic.build_mail(path, records)
        with Index.open(path, dim=128, vector_type="binary") as index:
            _rethreading_row(f"synthetic {count:,}", index, records[len(records) // 2])


def _rethreading_row(name: str, index: Index, replied: DocumentRecord | None) -> None:
    mails = index.stats()["by_kind"].get("mail", 0)
    first = timed(lambda: threads.rethread(index))
    unchanged = timed(lambda: threads.rethread(index))
    one_new, changed = "-", 0
    if replied is not None:
        reply = dataclasses.replace(
            replied,
            source_path=replied.source_path + ".reply.eml",
            message_id="<benchmark-reply@example.org>",
            in_reply_to=replied.message_id,
            references=(replied.message_id or "",),
            content_hash="benchmark-reply",
        )
        index.replace_document(reply, [], {}, synthetic.MODEL)
        changes: list[int] = []
        one_new = f"{timed(lambda: changes.append(threads.rethread(index))):.2f} s"
        changed = changes[0]
    print(f"| {name} | {mails:,} | {first:.2f} s | {unchanged:.2f} s | {one_new} | {changed} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--threads-only", action="store_true")
    parser.add_argument("--ocr-only", action="store_true")
    args = parser.parse_args()
    if args.threads_only or args.ocr_only:
        with tempfile.TemporaryDirectory(prefix="ingest-bench-") as temp:
            (rethreading_table if args.threads_only else ocr_table)(Path(temp))
        return
    embedder = Embedder.from_config(load_config())
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as temp:
        workdir = Path(temp)
        parse_table(workdir)
        ocr_table(workdir)
        if not args.skip_e2e:
            e2e_table(workdir, embedder)
        incremental_table(workdir, embedder, args.files)
        rethreading_table(workdir)


if __name__ == "__main__":
    main()
