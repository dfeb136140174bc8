"""Choose the wording of each status-line part so the whole line fits its width.

Every part offers wordings from the fullest to the shortest; the line starts with the fullest
of each and, while it is too wide, gives way in rounds: in each round every part, least
important first, takes its next shorter wording (after its shortest it is hidden), until the
line fits. So a transient file name goes before a model name loses a word, and the most
important part is never hidden. Nothing is cut mid-word or mid-number: a part shows one of
its wordings whole, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

PADDING = 2  # each part is padded by one cell on either side


@dataclass(frozen=True)
class Part:
    name: str
    wordings: tuple[str, ...]  # fullest first; an empty tuple: nothing to show
    rank: int  # lower is more important: shortened and hidden last


def fit(parts: list[Part], width: int, reserved: int = 0) -> dict[str, str | None]:
    """{part name: the wording shown, or None when the part is hidden}."""
    choice = {p.name: 0 for p in parts}
    shown = {p.name for p in parts if p.wordings}

    def used() -> int:
        return reserved + sum(
            cell_len(p.wordings[choice[p.name]]) + PADDING for p in parts if p.name in shown
        )

    by_rank = sorted(parts, key=lambda p: -p.rank)
    while used() > width:
        steps = 0
        for part in [p for p in by_rank if p.name in shown]:
            if used() <= width:
                break
            if choice[part.name] + 1 < len(part.wordings):
                choice[part.name] += 1
            elif len(shown) > 1:
                shown.discard(part.name)
            else:
                continue
            steps += 1
        if not steps:
            break
    return {p.name: p.wordings[choice[p.name]] if p.name in shown else None for p in parts}
