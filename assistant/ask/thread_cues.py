"""Where in a thread a question points: its start, the first reply, any reply, the last word.

"Who answered first when Jonathan posted the patch?" is not answered by the mail most like the
question (that is usually the patch itself, or a reply quoting it) but by a position in the
patch's thread. These patterns name the position in English, German and Chinese; retrieval
(assistant.ask.threads) then finds the thread and picks the member. "What did X reply" is
found with the names (assistant.ask.name_cues), which know who X is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class ThreadCue(StrEnum):
    """The member of a thread a question asks for."""

    START = "the message that started the thread"
    FIRST_REPLY = "the first reply"
    ANY_REPLY = "a reply (the first one not by the thread's starter)"
    LAST_WORD = "the last message of the thread"
    REPLY_BY = "the named person's reply"


# In a question about a thread, the word "thread" itself is in none of its mails' text.
THREAD_WORDS = frozenset(
    {"thread", "threads", "discussion", "conversation", "diskussion", "unterhaltung"}
    | {"讨论", "话题", "线程"}
)

_REPLY = r"(?:reply|response|answer)"
_REPLIED = r"(?:answered|replied|responded|reacted|wrote back)"
# First match wins: the longer, more specific cues come before "who answered".
_PATTERNS: tuple[tuple[ThreadCue, str], ...] = (
    (
        ThreadCue.START,
        r"\b(?:started|start|began|begun|opened|kicked off) (?:the|this|that) "
        r"(?:thread|discussion|conversation)",
    ),
    (ThreadCue.START, r"\b(?:original|opening|first) (?:post|message|mail|e-?mail)\b"),
    (ThreadCue.START, r"\bthread starter\b|\bwho started\b"),
    (
        ThreadCue.START,
        r"\bwer (?:hat|hatte)\b[^?.!]*\b(?P<cue>begonnen|angefangen|gestartet|"
        r"eröffnet|angestoßen)|\bwer (?:begann|eröffnete|startete)\b",
    ),
    (ThreadCue.START, r"\b(?:ursprüngliche|erste)[nr]? (?:nachricht|mail|e-mail|beitrag)"),
    (
        ThreadCue.START,
        r"谁发起|发起(?:了|的)?(?:这个)?(?:讨论|话题|主题|线程)|原帖|楼主|首帖|"
        r"第一封(?:邮件|信)|最初的(?:邮件|帖子)|谁开的头",
    ),
    (
        ThreadCue.FIRST_REPLY,
        rf"\b{_REPLIED} first\b|\bfirst {_REPLY}\b|\bfirst responder\b|"
        r"\bfirst (?:one |person )?to (?:reply|answer|respond)\b",
    ),
    (
        ThreadCue.FIRST_REPLY,
        r"\bzuerst (?:geantwortet|reagiert|zurückgeschrieben)|"
        r"\b(?:antwortete|reagierte) zuerst\b|\bals erste[rs]? (?:geantwortet|reagiert)|"
        r"\berste[nr]? (?:antwort|reaktion)",
    ),
    (
        ThreadCue.FIRST_REPLY,
        r"(?:最先|首先|先)(?:回复|回答|答复|回应)|第一(?:个|条|封)?(?:回复|回答|答复|回应)",
    ),
    (
        ThreadCue.LAST_WORD,
        rf"\b(?:last|final) (?:word|say|{_REPLY})\b|\b{_REPLIED} last\b|"
        r"\b(?:last|final) (?:message|mail|post) (?:in|of) the thread|"
        r"\bfinal (?:message|mail|e-?mail|post)\b",
    ),
    (
        ThreadCue.LAST_WORD,
        r"\bletzte[nrs]? (?:antwort|wort|reaktion)|\bschlusswort|"
        r"\bzuletzt geantwortet|\bantwortete zuletzt\b",
    ),
    (
        ThreadCue.LAST_WORD,
        r"最后(?:一个|一条|一封)?(?:回复|回答|答复|发言|邮件|信)|最后的(?:回复|回答)|最后说话",
    ),
    (
        ThreadCue.ANY_REPLY,
        rf"\bwho {_REPLIED}\b|\bany(?:one|body) (?:answer|reply|respond)|"
        rf"\bwas there (?:a|any) {_REPLY}\b",
    ),
    (
        ThreadCue.ANY_REPLY,
        r"\bwer (?:hat|hatte)\b(?:(?!\bwas\b)[^?.!])*\b(?P<cue>geantwortet|"
        r"reagiert)|"
        r"\bwer antwortete\b|\bhat jemand geantwortet",
    ),
    (ThreadCue.ANY_REPLY, r"谁(?:回复|回答|答复|回应)|有人(?:回复|回答)"),
)
_COMPILED = tuple((cue, re.compile(pattern, re.IGNORECASE)) for cue, pattern in _PATTERNS)


@dataclass(frozen=True)
class ThreadCueMatch:
    """The position a question asks for, and the words that said so (kept out of keywords;
    a cue spread over the sentence, "wer hat den Thread begonnen", keeps only its verb)."""

    cue: ThreadCue
    phrase: str


def thread_cue(question: str) -> ThreadCueMatch | None:
    """The thread position `question` asks for, or None for a question about no position."""
    for cue, pattern in _COMPILED:
        match = pattern.search(question)
        if match:
            return ThreadCueMatch(cue, match.groupdict().get("cue") or match.group())
    return None
