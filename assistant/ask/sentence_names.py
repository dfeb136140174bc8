"""Which sentences of a source name a person, and which only greet: for "who" questions.

"Who fixed the floor?" is answered by the sentence that names the one who did it: the
sender signing off ("Thomas Becker"), someone with a title ("Herr Yilmaz hat ... gewartet",
"王师傅修的"), a company, or a first name and a surname. A greeting names someone too, but
the addressee ("Hallo Herr Taylor,"), so a greeting never counts and never answers.
"""

from __future__ import annotations

import re

from assistant.ask.cues import FULL_NAME, stopwords
from store.cjk import HAN_BASIC

_WORD = re.compile(r"[^\W_]+")
_GREETING = re.compile(
    r"(?i:^(?:hi|hello|hallo|hey|dear|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen|abend)|"
    r"moin|servus|good (?:morning|afternoon|evening)|greetings)\b)|您好|你好|大家好"
)
_TITLED = re.compile(
    r"\b(?:Herrn?|Frau|Mr|Mrs|Ms|Dr|Prof)\.?\s+[A-ZÄÖÜ][\w'’-]+"
    rf"|[{HAN_BASIC}](?:师傅|先生|女士|老师|经理|医生)|\b(?:GmbH|Ltd|Inc|AG|KG|eG)\b"
)
_ADDRESS = re.compile(r"<[^>]*>|\([^)]*@[^)]*\)|\S+@\S+|\"")


def is_greeting(sentence: str) -> bool:
    """ "Hallo Herr Taylor,", "Dear Milan, all,", "晓雨你好，": a salutation, not an answer."""
    return _GREETING.search(sentence[:40]) is not None


def sender_names(sender: str) -> tuple[str, ...]:
    """The words of a From value's display name ("Stefan", "Wolter", "王伟"), without the
    address and function words."""
    display = _ADDRESS.sub(" ", sender)
    words = [w for w in _WORD.findall(display) if len(w) >= 2 and not w.isdigit()]
    return tuple(w for w in words if w.casefold() not in stopwords())


def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the sender's names: Latin ones as whole words, any case; Han anywhere."""
    if not names:
        return None
    parts = [rf"(?<![\w-]){re.escape(n)}(?![\w-])" if n.isascii() else re.escape(n) for n in names]
    return re.compile("|".join(parts), re.IGNORECASE)


def names_someone(sentence: str, sender: re.Pattern[str] | None) -> bool:
    """Whether `sentence` names a person (see the module); greetings never do."""
    if is_greeting(sentence):
        return False
    if sender is not None and sender.search(sentence):
        return True
    if _TITLED.search(sentence):
        return True
    return any(
        not {first.casefold(), last.casefold()} & stopwords()
        for first, last in FULL_NAME.findall(sentence)
    )
