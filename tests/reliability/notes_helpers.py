"""The reliability tests' tiny private corpus: a note with a secret phrase and an ordinary one.

Privacy, forget and offline tests look for the phrase where it must (not) appear.
"""

from __future__ import annotations

from pathlib import Path

SECRET = "zanzibarquokka"
SECRET_NOTE = f"# Vault\n\nThe {SECRET} vault code is 7731 and the key hangs behind the mirror.\n"
GARDEN_NOTE = "# Garden\n\nAnna Becker fixed the kitchen floor in May; tomatoes need water daily.\n"


def write_notes(folder: Path) -> Path:
    """A folder with one note holding the secret phrase and one ordinary note."""
    (folder / "private").mkdir(parents=True)
    (folder / "private" / "vault.md").write_text(SECRET_NOTE, encoding="utf-8")
    (folder / "garden.md").write_text(GARDEN_NOTE, encoding="utf-8")
    return folder
