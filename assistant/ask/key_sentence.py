"""The sentence of a source that best answers the question, found without a model.

Without an answer model (search-only mode) a person reads the evidence themselves; marking
in each source the one sentence that answers ("Rufen Sie mich an: 0152 28817364.") saves
reading a whole mail per source. The choice must be deterministic and cheap (it runs for every
hit, in microseconds), so it is a score, not a model: each of the question's informative
words found in a sentence (by a crude stem, so "fixed" finds "fix" and "Heizungswartung"
finds "Heizung"; Chinese by characters and bigrams) counts, and so does an answer of the
kind the question asks for (assistant.ask.answer_cues): a name for "who", a phone number for
"his number", a date for "wann", an amount for "多少钱", and for "what did he fix" the first
sentence after the greeting (a report says first what was done). The cues carry a question
whose words the source does not share (an English question, a German mail). Words naming the
sender say which source it is, not which sentence, so they do not count. The highest score
wins; a tie goes to the earlier sentence; a source where nothing scores has no key sentence.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.ask.answer_cues import (
    Wanted,
    asks_deadline,
    cue_words,
    currency,
    deadline_in,
    holds,
    measured,
    money_in,
    quantity,
    wanted,
)
from assistant.ask.cues import stopwords
from assistant.ask.sentence_names import is_greeting, name_pattern, names_someone, sender_names
from assistant.ask.sentences import Span, sentence_spans
from store import Hit
from store.cjk import HAN

if TYPE_CHECKING:
    from assistant.ask.retrieval import Retrieval

# What an answer of each kind is worth against one shared word: a phone number or an amount
# is rarely in a sentence by chance, a bare number often is.
WEIGHTS = {
    Wanted.PHONE: 3.0,
    Wanted.MONEY: 3.0,
    Wanted.DEED: 2.5,
    Wanted.CODE: 2.0,
    Wanted.DATE: 2.0,
    Wanted.TIME: 2.0,
    Wanted.PERSON: 2.0,
    Wanted.PLACE: 2.0,
    Wanted.NUMBER: 1.0,
}
QUANTITY_BONUS = 0.5  # "how many": "125 g Zucker" answers more than "Springform 26 cm"
MEASURED_BONUS = 1.0  # "how many bananas": the number beside "bananas"
DEADLINE_BONUS = 0.5  # "bis wann": the date beside "by" / "bis"
CURRENCY_BONUS = 1.0  # "how many yuan": the amount in yuan, not the one in euros
LABEL_BONUS = 0.5  # "Passwort: Holunderbluete-Sirup-19": the question's word labels a value
HAN_CHAR_WEIGHT = 0.5  # a lone Chinese keyword character ("炖") says less than a bigram
SIGN_OFF_SHARE = 0.5  # of a name's worth, for a line that only signs off
RECENT_BONUS = 1.5  # "last time", a note's list by year: the latest year's line
GREETING_PENALTY = 1.0  # "Hallo Herr Taylor," names the addressee and answers nothing
_WORD = re.compile(r"[^\W_]+")
_HAN_RUN = re.compile(f"[{HAN}]+")
# Chinese question words the analysis keeps in its keywords; what remains are the terms.
_HAN_QUESTION = re.compile(
    "多久|多长|几点|哪天|哪一天|几号|什么时候|多少钱|多少|是谁|哪家|哪位|怎么样|怎么|什么|哪里|"
    "在哪|几个|几次|几月|哪年|要|是"
)
_HAN_FUNCTION = re.compile("[的了是在有和与或吗呢吧啊也都就还把被给对从到我你他她它们这那谁哪个几]")
_SUFFIXES = ("ing", "ed", "es", "en", "er", "e", "s", "n")
_ATTRIBUTION = re.compile(r"(?i:wrote|schrieb|écrit|a écrit):$|写道[:：]$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_LABEL = re.compile(r"[:：]\s*\S")


@dataclass(frozen=True)
class Asked:
    """What a key sentence is looked for with: the question's stems, its Chinese terms (a
    character or bigram, with its weight), the kinds of answer it wants and the currency it
    names ("how many yuan")."""

    stems: frozenset[str]
    han: tuple[tuple[str, float], ...]
    wants: frozenset[Wanted]
    currency: str | None = None
    measured: frozenset[str] = frozenset()  # stems or Chinese words of what is counted
    deadline: bool = False  # "bis wann": a due date
    recency: bool = False  # "last time": of sentences with years, the latest year's


def asked(question: str, keywords: str, recency: bool = False) -> Asked:
    """`question` read for picking sentences; `keywords` are its informative words
    (`Analysis.keywords`: function words and time phrases already taken out), `recency` that it
    asks for the latest ("last time": `Analysis.recency`). The question's numbers count even
    where the analysis made a filter of them ("2023", "3b")."""
    cues = cue_words(question)
    latin = [w for w in _WORD.findall(_HAN_RUN.sub(" ", keywords)) if not w.isdigit()]
    latin = [w for w in latin if w.casefold() not in stopwords() and w.casefold() not in cues]
    numbers = [w for w in _WORD.findall(question) if any(c.isdigit() for c in w)]
    stems = frozenset(stem(w) for w in [*latin, *numbers])
    counted = frozenset(w if _HAN_RUN.fullmatch(w) else stem(w) for w in measured(question))
    return Asked(
        stems, tuple(_han_terms(question, keywords).items()), wanted(question),
        currency(question), counted, asks_deadline(question), recency,
    )  # fmt: skip


def _han_terms(question: str, keywords: str) -> dict[str, float]:
    """Chinese terms: the bigrams of the keywords' runs and their lone characters (weighed
    less), and the question's own bigrams without a function character (the keywords cut
    "过敏" in "对什么药过敏" at 过, a function character elsewhere)."""
    han: dict[str, float] = {}
    for run in _HAN_RUN.findall(keywords):
        for part in _HAN_QUESTION.split(run):
            if len(part) == 1:
                han.setdefault(part, HAN_CHAR_WEIGHT)
            for i in range(len(part) - 1):
                han[part[i : i + 2]] = 1.0
    for run in _HAN_RUN.findall(question):
        for part in _HAN_QUESTION.split(run):
            for i in range(len(part) - 1):
                pair = part[i : i + 2]
                if not _HAN_FUNCTION.search(pair):
                    han[pair] = 1.0
    return han


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem for English and German: casefolded, up to two endings off, five letters
    at most. Wrong for many words, but the same wrong for the question and the source."""
    folded = word.casefold()
    if any(c.isdigit() for c in folded):
        return folded
    for _ in range(2):
        for suffix in _SUFFIXES:
            if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
                folded = folded[: -len(suffix)]
                break
        else:
            break
    return folded[:5]


def key_sentence(question: Asked, text: str, sender: str = "") -> Span | None:
    """The (start, end) span in `text` of the sentence that best answers `question`, or None
    when no sentence shares a word with it or holds what it asks for. `sender` is the
    source's From, whose name answers "who"."""
    spans = sentence_spans(text)
    if not spans:
        return None
    sentences = [text[start:end] for start, end in spans]
    words = [{stem(w) for w in _WORD.findall(s)} for s in sentences]
    names = sender_names(sender)
    scorer = _Scorer(question, sentences, words, names)
    best, best_score = None, 0.0
    for index, span in enumerate(spans):
        score = scorer.score(index)
        if score > best_score:
            best, best_score = span, score
    return best


def key_spans(
    question: str, keywords: str, hits: Iterable[Hit], recency: bool = False
) -> dict[int, Span]:
    """Each hit's key sentence as a span in its `text`, by chunk id (hits without one are
    left out); the arguments are those of `asked`."""
    reading = asked(question, keywords, recency)
    found = {hit.chunk_id: key_sentence(reading, hit.text, hit.sender) for hit in hits}
    return {chunk: span for chunk, span in found.items() if span is not None}


def evidence_spans(retrieval: Retrieval) -> dict[int, Span]:
    """`key_spans` of a retrieval's hits, read with the question's analysis."""
    analysis = retrieval.analysis
    return key_spans(analysis.question, analysis.keywords, retrieval.hits, analysis.recency)


class _Scorer:
    """The score of each sentence of one source (see the module)."""

    def __init__(
        self, question: Asked, sentences: list[str], words: list[set[str]], names: tuple[str, ...]
    ) -> None:
        self.question = question
        self.sentences = sentences
        self.words = words
        self.sender = name_pattern(names)
        own = {stem(name) for name in names}
        self.stems = _rarity(
            dict.fromkeys(question.stems - own, 1.0), lambda t: sum(t in w for w in words)
        )
        self.han = _rarity(dict(question.han), lambda t: sum(t in s for s in sentences))
        self.lead = next((i for i, s in enumerate(sentences) if _leads(s)), -1)
        self.latest = _latest(sentences) if question.recency else set()

    def score(self, index: int) -> float:
        sentence, stems = self.sentences[index], self.words[index]
        score = sum(w for t, w in self.stems.items() if t in stems)
        score += sum(w for t, w in self.han.items() if t in sentence)
        if score and _LABEL.search(sentence):
            label = re.split("[:：]", sentence, maxsplit=1)[0]
            label_stems = {stem(w) for w in _WORD.findall(label)}
            if label_stems & self.stems.keys() or any(t in label for t in self.han):
                score += LABEL_BONUS
        score += sum(self._answer(kind, index) for kind in self.question.wants)
        if score and index in self.latest:
            score += RECENT_BONUS
        greeting = is_greeting(sentence)
        return score - GREETING_PENALTY if greeting and score > 0 else score

    def _answer(self, kind: Wanted, index: int) -> float:
        """What the sentence at `index` is worth as an answer of `kind`."""
        sentence = self.sentences[index]
        if kind is Wanted.PERSON:
            found = names_someone(sentence, self.sender)
        elif kind is Wanted.DEED:
            found = index == self.lead
        else:
            found = holds(kind, sentence)
        if not found:
            return 0.0
        question, bonus = self.question, 0.0
        if kind is Wanted.PERSON and self._signs_off(index):
            return WEIGHTS[kind] * SIGN_OFF_SHARE
        if kind is Wanted.NUMBER and quantity(sentence):
            bonus = QUANTITY_BONUS
        if kind is Wanted.MONEY and question.currency and money_in(sentence, question.currency):
            bonus = CURRENCY_BONUS
        if kind in (Wanted.NUMBER, Wanted.MONEY) and self._counts(index):
            bonus += MEASURED_BONUS
        if kind is Wanted.DATE and question.deadline and deadline_in(sentence):
            bonus = DEADLINE_BONUS
        return WEIGHTS[kind] + bonus

    def _signs_off(self, index: int) -> bool:
        """A line with the sender's name and at most one other word ("Stefan Wolter",
        "-Carl"): the card shows the sender already, so it answers "who" least."""
        if self.sender is None:
            return False
        rest = self.sender.sub(" ", self.sentences[index])
        return len(_WORD.findall(rest)) <= 1

    def _counts(self, index: int) -> bool:
        """Whether the sentence names what a "how many" question counts."""
        counted = self.question.measured
        sentence = self.sentences[index]
        return bool(counted & self.words[index]) or any(t in sentence for t in counted)


def _rarity(terms: dict[str, float], count: Callable[[str], int]) -> dict[str, float]:
    """The terms found at all, each weighted by 1/sqrt(how many sentences hold it): a term
    in many sentences of this source tells them apart less."""
    return {term: base / math.sqrt(n) for term, base in terms.items() if (n := count(term))}


def _latest(sentences: list[str]) -> set[int]:
    """The sentences naming the latest year, when they name more than one year."""
    years = [max(map(int, _YEAR.findall(s)), default=0) for s in sentences]
    named = {y for y in years if y}
    if len(named) < 2:
        return set()
    return {i for i, year in enumerate(years) if year == max(named)}


def _leads(sentence: str) -> bool:
    """Whether a sentence can be the first of a report: not a greeting, not "On ... wrote:",
    and long enough to say something (four words, or eight Chinese characters)."""
    if is_greeting(sentence) or _ATTRIBUTION.search(sentence):
        return False
    han = sum(len(run) for run in _HAN_RUN.findall(sentence))
    return len(sentence.split()) >= 4 or han >= 8
