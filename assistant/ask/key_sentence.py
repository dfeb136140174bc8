"""The sentence of a source that best answers the question, found without a model.

Without an answer model (search-only mode) a person reads the evidence themselves; marking
in each source the one sentence that answers ("Rufen Sie mich an: 0152 28817364.") saves
reading a whole mail per source. The choice must be deterministic and cheap (it runs for every
hit, in microseconds), so it is a score, not a model: each of the question's informative
words found in a sentence (by a crude stem, so "fixed" finds "fix" and "Heizungswartung"
finds "Heizung"; Chinese by characters and bigrams) counts, and so does an answer of the
kind the question asks for (assistant.ask.answer_cues): a name for "who", a phone number for
"his number", a date for "wann", an amount for "多少钱". The cues carry a question whose
words the source does not share (an English question, a German mail). The highest score
wins; a tie goes to the earlier sentence; a source where nothing scores has no key sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.ask.answer_cues import Wanted, holds, wanted
from assistant.ask.cues import FULL_NAME, stopwords
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
    Wanted.DATE: 2.0,
    Wanted.TIME: 2.0,
    Wanted.PERSON: 2.0,
    Wanted.PLACE: 2.0,
    Wanted.NUMBER: 1.0,
}
HAN_CHAR_WEIGHT = 0.5  # a lone Chinese keyword character ("修") says less than a bigram
GREETING_PENALTY = 1.0  # "Hallo Herr Taylor," names the addressee and answers nothing
_WORD = re.compile(r"[^\W_]+")
_HAN_RUN = re.compile(f"[{HAN}]+")
_SUFFIXES = ("ing", "ed", "es", "en", "er", "e", "s", "n")
_GREETING = re.compile(
    r"(?i:^(?:hi|hello|hallo|hey|dear|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen|abend)|"
    r"moin|servus|good (?:morning|afternoon|evening))\b)|您好|你好|大家好"
)
_TITLED = re.compile(
    r"\b(?:Herrn?|Frau|Mr|Mrs|Ms|Dr|Prof)\.?\s+[A-ZÄÖÜ][\w'’-]+"
    r"|[\u4e00-\u9fff](?:师傅|先生|女士|老师|经理|医生)|\b(?:GmbH|Ltd|Inc|AG|KG)\b|公司"
)
_ADDRESS = re.compile(r"<[^>]*>|\([^)]*@[^)]*\)|\S+@\S+|\"")


@dataclass(frozen=True)
class Asked:
    """What a key sentence is looked for with: the question's stems, its Chinese terms
    (a character or bigram, with its weight) and the kinds of answer it wants."""

    stems: frozenset[str]
    han: tuple[tuple[str, float], ...]
    wants: frozenset[Wanted]


def asked(question: str, keywords: str) -> Asked:
    """`question` read for picking sentences; `keywords` are its informative words
    (`Analysis.keywords`: function words and time phrases already taken out)."""
    latin = _HAN_RUN.sub(" ", keywords)
    stems = frozenset(stem(w) for w in _WORD.findall(latin) if w.casefold() not in stopwords())
    han: dict[str, float] = {}
    for run in _HAN_RUN.findall(keywords):
        if len(run) == 1:
            han.setdefault(run, HAN_CHAR_WEIGHT)
        for i in range(len(run) - 1):
            han[run[i : i + 2]] = 1.0
    return Asked(stems, tuple(han.items()), wanted(question))


def stem(word: str) -> str:
    """A crude stem for English and German: casefolded, up to two endings off, five letters
    at most. Wrong for many words, but the same wrong for the question and the source."""
    folded = word.casefold()
    if folded.isdigit():
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
    weights = _term_weights(question, sentences, words)
    names = sender_names(sender)
    best, best_score = None, 0.0
    for span, sentence, stems in zip(spans, sentences, words, strict=True):
        score = _score(question, sentence, stems, weights, names)
        if score > best_score:
            best, best_score = span, score
    return best


def key_spans(question: str, keywords: str, hits: Iterable[Hit]) -> dict[int, Span]:
    """Each hit's key sentence as a span in its `text`, by chunk id (hits without one are
    left out)."""
    reading = asked(question, keywords)
    found = {hit.chunk_id: key_sentence(reading, hit.text, hit.sender) for hit in hits}
    return {chunk: span for chunk, span in found.items() if span is not None}


def evidence_spans(retrieval: Retrieval) -> dict[int, Span]:
    """`key_spans` of a retrieval's hits, read with the question's analysis."""
    analysis = retrieval.analysis
    return key_spans(analysis.question, analysis.keywords, retrieval.hits)


def _term_weights(question: Asked, sentences: list[str], words: list[set[str]]) -> dict[str, float]:
    """A term found in many sentences of this source tells them apart less: 1/sqrt(count)."""
    weights: dict[str, float] = {}
    for term in question.stems:
        count = sum(term in stems for stems in words)
        if count:
            weights[term] = 1 / math.sqrt(count)
    for term, weight in question.han:
        count = sum(term in sentence for sentence in sentences)
        if count:
            weights[term] = weight / math.sqrt(count)
    return weights


def _score(
    question: Asked,
    sentence: str,
    stems: set[str],
    weights: dict[str, float],
    names: tuple[str, ...],
) -> float:
    score = sum(w for term, w in weights.items() if term in stems or _han_in(term, sentence))
    greeting = _GREETING.search(sentence[:40]) is not None
    for kind in question.wants:
        if kind is Wanted.PERSON:
            found = not greeting and names_someone(sentence, names)
        else:
            found = holds(kind, sentence)
        score += WEIGHTS[kind] if found else 0.0
    return score - GREETING_PENALTY if greeting and score > 0 else score


def _han_in(term: str, sentence: str) -> bool:
    return not term.isascii() and term in sentence


def sender_names(sender: str) -> tuple[str, ...]:
    """The words of a From value's display name that name a person ("Stefan", "Wolter",
    "王伟"), without the address."""
    display = _ADDRESS.sub(" ", sender)
    words = [w for w in _WORD.findall(display) if len(w) >= 2 and not w.isdigit()]
    return tuple(w for w in words if w.casefold() not in stopwords())


def names_someone(sentence: str, names: tuple[str, ...]) -> bool:
    """Whether `sentence` names a person: the sender, someone with a title ("Herr Wolter",
    "张师傅"), a company, or a first name and a surname."""
    for name in names:
        if name.isascii():
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence, re.IGNORECASE):
                return True
        elif name in sentence:
            return True
    if _TITLED.search(sentence):
        return True
    return any(
        not {first.casefold(), last.casefold()} & stopwords()
        for first, last in FULL_NAME.findall(sentence)
    )
