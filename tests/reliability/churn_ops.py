"""Random file churn for the watcher test, run as its own process so it races the indexer.

`python -m tests.reliability.churn_ops ROOT SEED OPS` performs OPS seeded random operations
below ROOT: create, append, rewrite, rename, move across folders, delete, recreate under the
same name, make and rename folders. It mostly works in quick bursts with short pauses, the
way a mail client or a sync tool writes, and prints a JSON summary of what it did.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

WORDS = [
    "boden", "heizung", "klempner", "rechnung", "invoice", "floor", "plumber", "kitchen",
    "garden", "tomato", "vertrag", "miete", "dach", "fenster", "window", "roof", "quote",
    "appointment", "termin", "地板", "维修", "发票", "bathroom", "tile",
]  # fmt: skip
SUFFIXES = (".md", ".txt", ".eml")
WEIGHTS = {
    "create": 24, "append": 18, "rewrite": 14, "rename": 10, "move": 10, "delete": 10,
    "recreate": 6, "mkdir": 4, "rename_dir": 2, "touch": 2,
}  # fmt: skip


class Churner:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.serial = 0
        self.done: Counter[str] = Counter()
        self.known: set[Path] = set()  # the files that exist, tracked instead of re-walked
        self.folders = [root / "inbox", root / "notes", root / "notes" / "deep", root / "archive"]
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)

    def text(self, suffix: str) -> str:
        words = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(5, 400)))
        self.serial += 1
        if suffix == ".eml":
            return (
                f"From: Bernd {self.serial} <b{self.serial}@example.org>\nTo: a@example.org\n"
                f"Subject: {self.rng.choice(WORDS)} {self.serial}\n"
                f"Message-ID: <churn-{self.serial}@example.org>\n\n{words}\n"
            )
        return f"# {self.rng.choice(WORDS)} {self.serial}\n\n{words}\n"

    def files(self) -> list[Path]:
        return sorted(self.known)

    def new_path(self) -> Path:
        suffix = self.rng.choice(SUFFIXES)
        return self.rng.choice(self.folders) / f"{self.rng.choice(WORDS)}-{self.serial}{suffix}"

    def step(self) -> None:
        kind = self.rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        files = self.files()
        if not files and kind not in ("create", "mkdir"):
            kind = "create"
        getattr(self, f"op_{kind}")(files)
        self.done[kind] += 1

    def op_create(self, files: list[Path]) -> None:
        path = self.new_path()
        path.write_text(self.text(path.suffix), encoding="utf-8")
        self.known.add(path)

    def op_append(self, files: list[Path]) -> None:
        path = self.rng.choice(files)
        with path.open("a", encoding="utf-8") as stream:
            stream.write("\n" + " ".join(self.rng.choices(WORDS, k=30)) + "\n")

    def op_rewrite(self, files: list[Path]) -> None:
        path = self.rng.choice(files)
        path.write_text(self.text(path.suffix), encoding="utf-8")

    def op_rename(self, files: list[Path]) -> None:
        path = self.rng.choice(files)
        target = path.with_name(f"renamed-{self.serial}-{path.name}")
        path.rename(target)
        self.known = (self.known - {path}) | {target}
        self.serial += 1

    def op_move(self, files: list[Path]) -> None:
        path = self.rng.choice(files)
        target = self.rng.choice([f for f in self.folders if f.exists()])
        if not (target / path.name).exists():
            path.rename(target / path.name)
            self.known = (self.known - {path}) | {target / path.name}

    def op_delete(self, files: list[Path]) -> None:
        path = self.rng.choice(files)
        path.unlink()
        self.known.discard(path)

    def op_recreate(self, files: list[Path]) -> None:
        path = self.rng.choice(files)
        path.unlink()
        path.write_text(self.text(path.suffix), encoding="utf-8")

    def op_touch(self, files: list[Path]) -> None:
        self.rng.choice(files).touch()

    def op_mkdir(self, files: list[Path]) -> None:
        folder = self.rng.choice(self.folders) / f"sub-{self.serial}"
        self.serial += 1
        folder.mkdir()
        self.folders.append(folder)

    def op_rename_dir(self, files: list[Path]) -> None:
        movable = [f for f in self.folders if f.parent != self.root]
        folder = self.rng.choice(movable)
        target = self.root / "archive" / f"moved-{self.serial}"
        self.serial += 1
        if target.is_relative_to(folder):
            return
        shutil.move(folder, target)
        self.folders = [self.moved(f, folder, target) for f in self.folders]
        self.known = {self.moved(f, folder, target) for f in self.known}

    @staticmethod
    def moved(path: Path, folder: Path, target: Path) -> Path:
        return target / path.relative_to(folder) if path.is_relative_to(folder) else path


def main(root: Path, seed: int, operations: int) -> dict:
    churner = Churner(root, seed)
    started = time.perf_counter()
    for number in range(operations):
        churner.step()
        if churner.rng.random() < 0.02:  # a pause now and then: some batches settle
            time.sleep(churner.rng.uniform(0.05, 0.4))
        elif number % 5 == 0:
            time.sleep(0.001)
    return {
        "operations": sum(churner.done.values()),
        "by_kind": dict(churner.done),
        "files_left": sum(1 for p in root.rglob("*") if p.is_file()),
        "files_tracked": len(churner.known),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    summary = main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    print(json.dumps(summary), flush=True)
