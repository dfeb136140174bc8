"""The word lists question analysis and retrieval look for, per language, in plain sight.

Short lists beat a classifier here: they are explainable (``--explain`` names the cue that
fired), cheap, and a reviewer can extend them for a language in one line. English, German and
Chinese are covered; a cue missing for another language only loses the hint, not the answer.
"""

from __future__ import annotations

import functools
import re

from store.cjk import HAN_BASIC

RECENCY_CUES = (
    "last time",
    "most recent",
    "latest",
    "the last",
    "recently",
    "last one",
    # "When did I last see the dentist?": "last" after the subject, not before a noun.
    "did i last",
    "did we last",
    "was i last",
    "were we last",
    "have i last",
    "zuletzt",
    "letzte mal",
    "letztes mal",
    "letzten mal",
    "neueste",
    "jüngste",
    "上次",
    "上一次",
    "最近",
    "最后一次",
    "最近一次",
    "最新",
)
KIND_CUES = {
    "mail": ("mail", "e-mail", "email", "邮件", "电邮", "nachricht"),
    "pdf": ("pdf",),
    "note": ("note", "notiz", "notizen", "笔记", "备忘"),
}
# Titles of documents about work still to come: a quote, a request, a booking. "Who fixed the
# floor last time?" asks for the last job done, and the newest floor mail is often the next
# quote; with these cues such mails rank after reports of finished work.
PLAN_CUES = (
    "quote",
    "estimate",
    "offer",
    "proposal",
    "inquiry",
    "enquiry",
    "request",
    "booking",
    "appointment",
    "angebot",
    "kostenvoranschlag",
    "anfrage",
    "terminbestätigung",
    "terminvorschlag",
    "报价",
    "询价",
    "估价",
    "预约",
    "开工",
)
# "from Anna", "von Becker", "王伟发来的": the sender filter.
SENDER = re.compile(
    r"(?:\bfrom|\bvon|来自)\s+([A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?)"
    rf"|([{HAN_BASIC}]{{2,3}}|[A-Z][\w'-]+)(?:发来|发的|寄来)"
)
# "Herr Doyle", "Mrs Hughes", "张师傅": a person the question is about, so their mail ranks first.
# In "修地板的师傅" the character before 师傅 is a function word, not a surname.
PERSON = re.compile(
    r"\b(?:Herrn?|Frau|Mr|Mrs|Ms|Dr)\.?\s+([A-ZÄÖÜ][\w'’-]+)"
    rf"|(?![的个位那这哪谁找请叫让给和跟是了])([{HAN_BASIC}])(?:师傅|先生|女士|小姐|老师|经理|医生)"
)


# "Carl Worth", "Jiri Kosina", "Hans-Peter Müller": a first name and a surname (analysis).
FULL_NAME = re.compile(
    r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\s+"
    r"([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?![\w-])"
)


def names_person(sender: str, person: str) -> bool:
    """Whether a From value names `person`: every word of the name, in any order, so
    "Multrus, Markus <m@x>" names "Markus Multrus"."""
    folded = sender.casefold()
    return all(word in folded for word in person.casefold().split())


def has_word(text: str, word: str) -> bool:
    """`word` in `text` as a whole word (Latin script) or anywhere (CJK, no spaces)."""
    if not word.isascii():
        return word in text
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def is_plan(title: str) -> bool:
    """Whether a document's title marks it as a quote, request or booking (see PLAN_CUES)."""
    folded = title.casefold()
    return any(cue in folded for cue in PLAN_CUES)


@functools.cache
def stopwords() -> frozenset[str]:
    """English and German function words ("who", "the", "hat"), case-folded."""
    import stopwordsiso

    return frozenset(w.casefold() for lang in ("en", "de") for w in stopwordsiso.stopwords(lang))
