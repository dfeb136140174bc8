"""Question analysis: what a question says about *when*, *who* and *what kind* of document.

"Who fixed the floor last time?" is not answered by the most similar mail but by the most
recent of the similar ones; "im März 2024" should only look at March 2024; "from Anna" only
at Anna's mail. Dates in many languages come from `dateparser` (a well-kept library, far
better than hand-written rules), with a few patterns it misses in running text (``2024年3月``,
``letzte Woche``). Recency, sender and kind cues are short keyword lists per language, kept
in plain sight (assistant.ask.cues); who said what to whom (assistant.ask.name_cues) and the
thread position a question asks for (assistant.ask.thread_cues) have modules of their own.
Everything found is listed in `Analysis.explanation` for ``--explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from assistant.ask.cues import (
    FULL_NAME,
    KIND_CUES,
    PERSON,
    PLAN_CUES,
    RECENCY_CUES,
    SENDER,
    has_word,
    stopwords,
)
from assistant.ask.name_cues import ME, Parties, parties, plausible_han_name
from assistant.ask.thread_cues import THREAD_WORDS, ThreadCue, thread_cue
from store.cjk import HAN

_CJK_DATE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?")
_EXTRA_DATES = re.compile(
    r"(?:letzte[nrs]?|vorige[nrs]?|diese[nrs]?)\s+(?:Woche|Monat|Jahr)", re.IGNORECASE
)
_NOT_A_DATE = re.compile(r"\d{1,2}(?:st|nd|rd|th|\.)?|[^\W\d_]{1,3}")
_PART_OF_NUMBER = re.compile(r"[\d./-]")
_PATCH_NUMBER = re.compile(r"\d{1,3}/\d{1,3}")
_PATCH_WORDS = re.compile(r"(?i:\bpatch|\bseries\b|\bserie\b)|补丁")
# Dotted numbers: a German short date ("3.5.24") or a version ("2.6.35"); read as a date
# before 1970, it was a version.
_VERSION = re.compile(r"\d{1,2}\.\d{1,2}\.\d{1,3}(?:\.\d+)*")


@dataclass(frozen=True)
class Analysis:
    """What retrieval should do with a question."""

    question: str
    # The informative words, for the full-text side of the search: without function words
    # ("who", "the", "hat", "的") and without the time and recency phrases, which become
    # filters instead. Vector search always sees the whole question.
    keywords: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    recency: bool = False
    # A name or address in From; a tuple is the user's own names ("what did I send").
    sender: str | tuple[str, ...] | None = None
    kinds: tuple[str, ...] = ()
    # People named with a title ("Herr Doyle", "张师傅") or as a thread's starter ("when
    # Jonathan posted"): their own mail is preferred.
    people: tuple[str, ...] = ()
    # "Last time" asks for the last thing that happened: quotes and bookings rank after
    # reports of finished work, unless the question is itself about a quote.
    prefer_done: bool = False
    explanation: tuple[str, ...] = field(default_factory=tuple)
    # A name or address in To/Cc ("what did I send to Ina"); a tuple is the user's names.
    recipient: str | tuple[str, ...] | None = None
    # The member of a thread the question asks for ("who answered first"), if any.
    thread: ThreadCue | None = None
    # Who posted the mail a thread question is about ("when Lars said ..."): its anchor.
    posters: tuple[str, ...] = ()


def analyze(question: str, now: datetime, me: tuple[str, ...] = ()) -> Analysis:
    """Time window, recency preference, sender, recipient, thread position and kind hints
    found in `question`; "I"/"me" in it stand for `me` (the configured ``[mail] me``)."""
    notes: list[str] = []
    phrases: list[str] = []
    window = _date_window(question, now, notes, phrases)
    lowered = question.casefold()
    named = parties(question)
    thread = _thread(question, named, notes, phrases)
    cues = [cue for cue in RECENCY_CUES if cue in lowered]
    # "Who had the last word": the last of the thread (assistant.ask.threads), not the newest
    # of all relevant mail.
    recency = bool(cues) and thread is not ThreadCue.LAST_WORD
    if recency:
        notes.append("asks for the most recent: newest of the relevant documents first")
    sender, recipient, people = _people(question, named, me, notes, phrases)
    prefer_done = recency and not any(cue in lowered for cue in PLAN_CUES)
    if prefer_done:
        notes.append("quotes, requests and bookings after reports of finished work")
    kinds = tuple(k for k, cues in KIND_CUES.items() if any(has_word(lowered, c) for c in cues))
    if kinds:
        notes.append(f"kind: {', '.join(kinds)}")
    words = keywords(question, [*phrases, *cues], THREAD_WORDS if thread else frozenset())
    notes.append(f"keywords: {words}")
    return Analysis(
        question, words, *window, recency, sender, kinds, people, prefer_done, tuple(notes),
        recipient, thread, tuple(_poster(named)),
    )  # fmt: skip


def _thread(
    question: str, named: Parties, notes: list[str], phrases: list[str]
) -> ThreadCue | None:
    """The thread position asked for: a cue phrase, else "what did X reply" (a named reply)."""
    found = thread_cue(question)
    if found is not None:
        phrases.append(found.phrase)
        notes.append(f"thread: {found.cue.value} ({found.phrase!r})")
        return found.cue
    if named.replied and named.sender is not None:
        notes.append(f"thread: {ThreadCue.REPLY_BY.value}")
        return ThreadCue.REPLY_BY
    return None


def _people(
    question: str, named: Parties, me: tuple[str, ...], notes: list[str], phrases: list[str]
) -> tuple[str | tuple[str, ...] | None, str | tuple[str, ...] | None, tuple[str, ...]]:
    """Sender and recipient filters, and the people whose mail comes first."""
    titled = _sender(question)
    sender = titled or _resolve(named.sender, me, "sender", notes)
    recipient = _resolve(named.recipient, me, "recipient", notes)
    if titled:
        notes.append(f"sender: {titled}")
    else:  # a filter now, so no longer a word the text must contain
        phrases += named.names
    with_title = [a or b for a, b in PERSON.findall(question)]
    people = tuple(dict.fromkeys([*with_title, *_poster(named), *_full_names(question)]))
    if people:
        notes.append(f"about: {', '.join(people)} (their mail first)")
    return sender, recipient, people


def _full_names(question: str) -> list[str]:
    """ "Carl Worth", "Markus Multrus": two capitalised words, neither a function word. A soft
    hint only: it reorders nothing unless some hit's sender carries both words (German nouns
    are capitalised too, and "Stadtwerke Mainz" as a sender is then fine to prefer)."""
    return [
        f"{first} {last}"
        for first, last in FULL_NAME.findall(question)
        if not {first.casefold(), last.casefold()} & (stopwords() | _TITLES)
    ]


_TITLES = frozenset({"herr", "herrn", "frau", "mr", "mrs", "ms", "dr", "prof"})


def _resolve(
    person: str | None, me: tuple[str, ...], role: str, notes: list[str]
) -> str | tuple[str, ...] | None:
    """A named person as a filter value; `ME` becomes the configured names, or no filter."""
    if person is None:
        return None
    if person != ME:
        notes.append(f"{role}: {person}")
        return person
    if not me:
        notes.append(
            f"{role}: you, but [mail] me is not set (your addresses and names): no {role} filter"
        )
        return None
    notes.append(f"{role}: you ({', '.join(me)})")
    return me


def _poster(named: Parties) -> list[str]:
    return [named.poster] if named.poster and named.poster != ME else []


def keywords(question: str, drop: list[str], words: frozenset[str] = frozenset()) -> str:
    """The question's informative words (see `Analysis.keywords`); the question if none.
    `drop` are phrases taken out first, `words` more words that say nothing here."""
    text = question
    for phrase in sorted(drop, key=len, reverse=True):
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    for word in (w for w in words if not w.isascii()):
        text = text.replace(word, " ")
    kept = []
    for token in _TOKEN.findall(text):
        if _CJK_RUN.fullmatch(token):
            kept += [part for part in _CJK_STOP.split(token) if part]
        elif token.casefold() not in stopwords() and token.casefold() not in words:
            kept.append(token)
    return " ".join(kept) or question


_CJK_RUN = re.compile(f"[{HAN}]+")
_TOKEN = re.compile(rf"[{HAN}]+|[^\W_]+(?:['’][^\W_]+)*")
# Chinese function words and question words; what remains of a run is searched as bigrams.
_CJK_STOP = re.compile(
    "什么|怎么|哪里|哪个|多少|为什么|是不是|有没有|上次|上一次|最近|最后一次|关于|对于|"
    "[的了是在有和与或吗呢吧啊谁哪几个这那我你他她它们也都就还把被给对从到过很又要会能]"
)


def _sender(question: str) -> str | None:
    match = SENDER.search(question)
    name = (match.group(1) or match.group(2)) if match else None
    return name if name and plausible_han_name(name) else None


def _date_window(
    question: str, now: datetime, notes: list[str], phrases: list[str]
) -> tuple[datetime | None, datetime | None]:
    """The first date expression in the question, as an inclusive [start, end] window."""
    for phrase in _date_phrases(question, now):
        parsed = _parse(phrase, now)
        if parsed is None or (_VERSION.fullmatch(phrase) and parsed[0].year < 1970):
            continue  # "2.6.35" is a kernel version, not 2 June 1935
        start, end, period = parsed
        phrases.append(phrase)
        notes.append(f"time: {phrase!r} -> {period} {start:%Y-%m-%d} .. {end:%Y-%m-%d}")
        return start, end
    return None, None


def _date_phrases(question: str, now: datetime) -> list[str]:
    from dateparser.search import search_dates

    phrases = [m.group() for m in _CJK_DATE.finditer(question)]
    phrases += [m.group() for m in _EXTRA_DATES.finditer(question)]
    found = search_dates(question, languages=["en", "de", "zh"], settings=_settings(now)) or []
    for text, _ in found:
        start = question.find(text)
        before = question[start - 1 : start] if start > 0 else ""
        after = question[start + len(text) : start + len(text) + 1]
        if _PART_OF_NUMBER.match(before) or _PART_OF_NUMBER.match(after):
            continue  # "Rechnung 2024-0917", "v2.2023": numbers, not dates
        if _NOT_A_DATE.fullmatch(text.strip()) and text.strip().isascii():
            continue  # "8th", "die", "mar": read as dates by some language, rarely meant so
        if _PATCH_NUMBER.fullmatch(text.strip()) and _PATCH_WORDS.search(question):
            continue  # "patch 05/10" is the fifth of ten patches, not the 10th of May
        phrases.append(text.strip())
    return phrases


def _settings(now: datetime) -> dict:
    return {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": [],
    }


def _parse(phrase: str, now: datetime) -> tuple[datetime, datetime, str] | None:
    from dateparser.date import DateDataParser

    cjk = _CJK_DATE.fullmatch(phrase.strip())
    if cjk:
        year, month = int(cjk.group(1)), int(cjk.group(2) or 0)
        if not 1 <= month <= 12:
            return _window(datetime(year, 1, 1, tzinfo=now.tzinfo), "year")
        return _window(datetime(year, month, 1, tzinfo=now.tzinfo), "month")
    parser = DateDataParser(languages=["en", "de", "zh"], settings=_settings(now))
    phrase = re.sub(r"^(in|im|am|on|of)\s+", "", phrase, flags=re.I)
    # dateparser knows "letzte Woche" but not the inflected "letzter Woche" / "vorige Woche".
    phrase = re.sub(r"\b(?:letzte[nrs]?|vorige[nrs]?)\s+Woche", "letzte Woche", phrase, flags=re.I)
    data = parser.get_date_data(phrase)
    if data.date_obj is None:
        return None
    day = data.date_obj.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=now.tzinfo)
    return _window(day, data.period or "day")


def _window(day: datetime, period: str) -> tuple[datetime, datetime, str]:
    """The whole day, week, month or year around `day`."""
    if period == "year":
        start, end = day.replace(month=1, day=1), day.replace(month=12, day=31)
    elif period == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif period == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
    else:
        start = end = day
    return start, end.replace(hour=23, minute=59, second=59), period
