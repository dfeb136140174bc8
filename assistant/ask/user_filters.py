"""The limits a person sets on a search: only mail, only this folder, only from Anna, only 2024.

They come from `--kind/--folder/--from/--since/--until/--sort` on the command line or from
`kind:mail` tokens in the app's question box, and they are hard: unlike the soft cues the
analysis reads from the question's own words (which retrieval relaxes when nothing fits), no
source outside them is ever shown. `restrict` lays them over any `SearchFilters` retrieval
builds (the main search, the relaxed one, the date and person extra searches, the search
inside a thread), so no path into the index can step outside them. When nothing is left,
`why_empty` names the filter that excluded everything, so a person knows what to loosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from store import Hit, SearchFilters


@dataclass(frozen=True)
class UserFilters:
    """Hard filters chosen by the user; the default value filters nothing."""

    kinds: tuple[str, ...] = ()
    # A prefix of documents' index keys: a folder's path ending in a separator, or a file.
    folder: str | None = None
    # A name or address, matched as a case-folded substring of From (as SearchFilters.sender).
    sender: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    # Newest first among the shown sources, instead of best first.
    by_date: bool = False

    @property
    def active(self) -> bool:
        """Whether any filter is set (sorting alone filters nothing)."""
        return bool(self.parts())

    def parts(self) -> list[tuple[str, UserFilters]]:
        """Each filter that is set on its own, with the label a person reads for it."""
        found: list[tuple[str, UserFilters]] = []
        if self.kinds:
            found.append((f"kind {' or '.join(self.kinds)}", UserFilters(kinds=self.kinds)))
        if self.folder:
            found.append((f"folder {self.folder}", UserFilters(folder=self.folder)))
        if self.sender:
            found.append((f"from {self.sender}", UserFilters(sender=self.sender)))
        if self.date_from is not None:
            found.append((f"since {_day(self.date_from)}", UserFilters(date_from=self.date_from)))
        if self.date_to is not None:
            found.append((f"until {_day(self.date_to)}", UserFilters(date_to=self.date_to)))
        return found

    @property
    def labels(self) -> tuple[str, ...]:
        """The filters as a person reads them ("kind mail", "since 2024-03-01", "by date")."""
        return tuple(label for label, _ in self.parts()) + (("by date",) if self.by_date else ())

    def restrict(self, filters: SearchFilters) -> SearchFilters:
        """`filters` narrowed to these limits. A soft kind or sender the question implies
        gives way when it contradicts the user's (it only guessed what the user said)."""
        kinds = tuple(k for k in filters.kinds if k in self.kinds) if self.kinds else filters.kinds
        return replace(
            filters,
            kinds=kinds or self.kinds,
            sender=self.sender or filters.sender,
            path_prefix=self.folder or filters.path_prefix,
            date_from=_later(filters.date_from, self.date_from),
            date_to=_earlier(filters.date_to, self.date_to),
        )


NO_FILTERS = UserFilters()


def why_empty(user: UserFilters, finds_any: Callable[[SearchFilters], bool]) -> str:
    """Which of the user's filters left no source (`finds_any` runs one restricted search)."""
    if not user.active:
        return ""
    excluding = [label for label, part in user.parts() if not finds_any(part.restrict(_ALL))]
    if excluding:
        return "no source matches the filter " + " and ".join(f"'{e}'" for e in excluding)
    together = ", ".join(f"'{label}'" for label, _ in user.parts())
    return f"each filter matches some sources, but none matches all of {together}"


_ALL = SearchFilters()


def filter_notes(user: UserFilters, empty: str) -> tuple[str, ...]:
    """The filters as chips ("filters: kind mail, since 2024-03-01") for the retrieval's
    notes, and what excluded everything (`why_empty`) when nothing is left."""
    chips = (f"filters: {', '.join(user.labels)}",) if user.labels else ()
    return chips + ((f"nothing found: {empty}",) if empty else ())


def shown_order(hits: list[Hit], user: UserFilters) -> list[Hit]:
    """The shown sources as the user wants them ordered: ranked, or newest first."""
    return sort_newest_first(hits) if user.by_date else hits


def sort_newest_first(hits: list[Hit]) -> list[Hit]:
    """Dated sources newest first, then the undated ones in their ranked order."""
    dated = sorted((h for h in hits if h.date is not None), key=_moment, reverse=True)
    return dated + [h for h in hits if h.date is None]


def _moment(hit: Hit) -> float:
    return hit.date.timestamp() if hit.date is not None else 0.0


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a is not None and b is not None else a or b


def _earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    return min(a, b) if a is not None and b is not None else a or b


def _day(moment: datetime) -> str:
    return moment.date().isoformat()
