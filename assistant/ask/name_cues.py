"""Who said it, to whom: the people a question names without a title.

"What did Linus say about the scheduler?", "was schrieb Jani zu den Treibern?", "Jani关于
驱动说了什么" name the sender; "what did I send to Ina", "was habe ich Ina geschickt",
"我发给Ina的邮件" the recipient (and the user as sender). A name is any word in the slot a
pattern gives it (a capitalised name, a lower-case handle, an address), unless it is a
function word ("what did *the* list say"): the verbs around it carry the meaning, so no list
of known people is needed. "I", "ich", "我" become `ME`, resolved against the configured
``[mail] me`` by the analysis. "What did X reply" also marks a reply (a thread position).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from assistant.ask.cues import stopwords
from store.cjk import HAN_BASIC

ME = "\x00me"  # the user, whatever their configured addresses and names are
_SUBJECT_ME = frozenset({"i", "ich", "我"})
_OBJECT_ME = frozenset({"me", "mir", "mich", "我"})
# Han characters no name is made of: question and function words ("谁先回复", "大家").
_NOT_IN_HAN_NAMES = re.compile(
    "[谁哪什怎先最第有这那的了是在和与或吗呢吧啊也都就还把被给对从到过很又要会能请您你我他她它们大家]"
)
_NOT_NAMES = frozenset(
    {"herr", "herrn", "frau", "mr", "mrs", "ms", "dr", "people", "team", "list", "thread"}
)

_ADDRESS = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_TITLE = r"(?:(?:Herrn?|Frau|Mr|Mrs|Ms|Dr)\.?\s+)?"
_ONE = rf"{_TITLE}(?:{_ADDRESS}|[^\W\d_][\w'’-]*)"  # one word (German slots come in pairs)
_TWO = rf"{_ONE}(?:\s+[A-ZÄÖÜ][\w'’-]+)?"  # "Linus Torvalds"
_LATIN = rf"(?:{_ADDRESS}|[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.-]*)"  # beside Han, no \b
_HAN_NAME = rf"(?<![{HAN_BASIC}])[{HAN_BASIC}]{{2,3}}"  # a run's start: "王伟关于..."
_ZH = rf"(?:{_LATIN}|{_HAN_NAME})"
_GAP = r"(?:\s+\S+){0,5}?\s+"  # a few words between a name and its verb

_SAID = (
    rf"(?i:\bwhat did) (?P<s>{_TWO}) (?i:say|write|think|suggest|propose|mention|report|claim|"
    r"argue|ask|send|post|object|complain|explain)\b",
    rf"(?i:\bdid) (?P<s>{_TWO}) (?i:say|write|mention|suggest|agree|object|complain)\b",
    rf"(?i:\bwhat (?:was|were)) (?P<s>{_TWO})['’]s (?i:view|opinion|point|objection|argument|"
    r"comment|suggestion|proposal|concern|position|take)",
    rf"(?i:\b(?:said by|written by|posted by|sent by)) (?P<s>{_TWO})",
    rf"\b(?P<s>{_TWO})['’]s (?i:final|last|first) (?i:message|mail|e-?mail|reply|answer|word|post)",
    rf"(?i:\bwas (?:hat|hatte)) (?P<s>{_ONE}){_GAP}(?i:gesagt|geschrieben|gemeint|vorgeschlagen|"
    r"gefragt|geschickt|gepostet|berichtet|erwähnt|eingewandt|kritisiert|angemerkt)\b",
    rf"(?i:\bwas (?:schrieb|sagte|meinte|schlug|fragte|berichtete|schickte|postete)) (?P<s>{_ONE})",
    # Not "laut X" / "according to X": X is as often a document ("laut Steuererklärung").
    rf"(?i:\b(?:geschrieben von|gesendet von|geschickt von)) (?P<s>{_TWO})",
    rf"(?P<s>{_ZH})\s*(?:关于|对于|对|在)[^？?。！!]*?(?:说|写|讲|提到|认为|建议|表示|评论)",
    rf"(?P<s>{_ZH})\s*(?:说|写|讲)了(?:什么|啥)",
    rf"(?P<s>{_ZH})\s*(?:的)?(?:看法|意见|观点|评论)",
    rf"(?P<s>{_ZH})\s*怎么(?:说|看|评价)",
)
_REPLIED = (
    rf"(?i:\bwhat did) (?P<s>{_TWO}) (?i:reply|answer|respond|write back)\b",
    rf"(?i:\bhow did) (?P<s>{_TWO}) (?i:reply|answer|respond|react)\b",
    rf"(?i:\bwhat was) (?P<s>{_TWO})['’]s (?i:reply|answer|response)\b",
    rf"\b(?P<s>{_TWO})['’]s (?i:reply|answer|response)\b",
    rf"(?i:\bwas (?:hat|hatte)) (?P<s>{_ONE})(?:\s+(?P<r>{_ONE}))?{_GAP}(?i:geantwortet|erwidert|"
    r"zurückgeschrieben|entgegnet)\b",
    rf"(?i:\bwas antwortete) (?P<s>{_ONE})",
    rf"(?i:\bwie hat) (?P<s>{_ONE}){_GAP}(?i:geantwortet|reagiert)\b",
    rf"(?P<s>{_ZH})\s*(?:是)?怎么(?:回复|回答|答复|回应)(?P<r>{_LATIN})?",
    rf"(?P<s>{_ZH})\s*(?:回复|回答|答复)了(?:什么|啥)",
    rf"(?P<s>{_ZH})\s*的(?:回复|回答|答复)",
    rf"(?P<s>{_ZH})\s*(?:回复|回答|答复)(?P<r>{_LATIN})",
)
_ADDRESSED = (
    rf"(?i:\bfrom) (?P<s>{_TWO}) (?i:to) (?P<r>{_TWO})",
    rf"(?i:\b(?:send|sent|wrote|write|written|mail|mailed|forward|forwarded|reply|replied|answer|"
    rf"answered|respond|responded|message|messages|e-?mails?|mails|letter))\b(?:\s+\S+){{0,3}}?"
    rf"\s+(?i:to) (?P<r>{_TWO})",
    rf"(?i:\bvon) (?P<s>{_ONE}) (?i:an) (?P<r>{_ONE})",
    rf"(?i:\b(?:habe|hat|hast|hatte)) (?P<s>{_ONE}) (?P<r>{_ONE})(?:\s+\S+){{0,3}}?\s+"
    r"(?i:geschickt|geschrieben|gesendet|gemailt|weitergeleitet)\b",
    rf"(?i:\b(?:mail|e-mail|nachricht|brief|antwort|mails|nachrichten|geschickt|geschrieben|"
    rf"gesendet|gemailt|weitergeleitet)) (?i:an) (?P<r>{_ONE})",
    rf"(?i:\ban) (?P<r>{_ONE})(?:\s+\S+){{0,2}}?\s+(?i:geschickt|geschrieben|gesendet|gemailt|"
    r"weitergeleitet)\b",
    rf"(?P<s>我|{_ZH})?\s*(?:发给|寄给|转发给|写给|回复给)\s*"
    rf"(?P<r>{_LATIN}|我|[{HAN_BASIC}]{{2,3}}(?=的|了|什么|？|\?|$))",
    rf"(?P<s>我|{_ZH})?\s*给\s*(?P<r>{_LATIN})\s*(?:发|写|回)",
)
# "when Jonathan posted ...": the person who started the thread a question is about.
_POSTED = (
    rf"(?i:\b(?:when|after)) (?P<p>{_TWO}) (?i:posted|sent|wrote|asked|proposed|submitted|"
    r"reported|raised|announced|said|complained|mentioned|noted|claimed|shared)\b",
    rf"\b(?P<p>{_TWO})['’]s (?i:patch|post|question|proposal|thread|announcement|report|rfc|"
    r"series)\b",
    rf"(?i:\b(?:als|nachdem)) (?P<p>{_ONE}){_GAP}(?i:gepostet|geschickt|gefragt|vorgeschlagen|"
    r"geschrieben|eingereicht|gemeldet|schrieb|sagte|meldete|berichtete|fragte|postete)\b",
    rf"(?:回复|回答)\s*(?P<p>{_LATIN})\s*的",
    rf"(?P<p>{_LATIN}(?:\s+{_LATIN})?|{_HAN_NAME})\s*(?:说|发出|发布|贴出|提到|报告|提出)"
    r"[^，,。？?]*之后",
)
_ME_SENDS = re.compile(
    r"(?i:\b(?:did|have|had) I (?:send|write|reply|answer|say|tell|mail|forward|ask))\b"
    r"|(?i:\bI (?:sent|wrote|replied|answered|said|told|mailed|forwarded|asked))\b"
    r"|(?i:\bmy (?:mail|e-?mail|message|reply|answer)s?)\b"
    r"|(?i:\b(?:habe|hatte) ich\b[^?.!]*\b(?:geschickt|geschrieben|gesendet|geantwortet|gesagt|"
    r"weitergeleitet|gefragt))|(?i:\bich (?:schrieb|schickte|sendete|antwortete|fragte))\b"
    r"|(?i:\bmeine[nr]? (?:mail|e-mail|nachricht|antwort))"
    r"|我(?:发给|寄给|写给|发的|写的|回复|回的|说的)"
)
_ME_RECEIVES = re.compile(
    r"(?i:\bto me\b|\b(?:sent|wrote|mailed|forwarded|told|asked|answered|emailed) me\b)"
    r"|(?i:\bmir\b(?:\s+\S+){0,3}?\s+(?:geschickt|geschrieben|gesendet|gemailt|weitergeleitet|"
    r"geantwortet)\b|\b(?:schrieb|schickte|sandte|antwortete) mir\b|\ban mich\b)"
    r"|(?:发给|寄给|写给|回复|回)我|给我(?:发|写|回)|我收到"
)


@dataclass(frozen=True)
class Parties:
    """The people a question names: `ME` stands for the user."""

    sender: str | None = None
    recipient: str | None = None
    replied: bool = False  # "what did X reply": the sender's reply in a thread
    poster: str | None = None  # "when X posted": who started the thread
    names: tuple[str, ...] = ()  # the words that named them, kept out of the keywords


def parties(question: str) -> Parties:
    """Sender, recipient and thread starter named in `question`; `ME` for the user."""
    sender, recipient, names = None, None, []
    replied = False
    for patterns, is_reply in ((_REPLIED, True), (_ADDRESSED, False), (_SAID, False)):
        for found in _matches(question, patterns):
            new_sender = _person(found.get("s"), _SUBJECT_ME)
            new_recipient = _person(found.get("r"), _OBJECT_ME)
            if sender is None and new_sender is not None:
                sender, replied = new_sender, replied or is_reply
                names.append(new_sender)
            if recipient is None and new_recipient is not None:
                recipient = new_recipient
                names.append(new_recipient)
    if sender is None and _ME_SENDS.search(question):
        sender = ME
    if recipient is None and _ME_RECEIVES.search(question) and sender != ME:
        recipient = ME
    poster = next(
        (p for f in _matches(question, _POSTED) if (p := _person(f.get("p"), frozenset()))), None
    )
    if poster is not None and recipient == poster:  # "谁先回复Jonathan的补丁": his thread
        recipient = None
    return Parties(sender, recipient, replied, poster, tuple(n for n in names if n != ME))


def _matches(question: str, patterns: tuple[str, ...]) -> list[dict[str, str]]:
    return [
        {key: value for key, value in match.groupdict().items() if value}
        for pattern in _compiled(patterns)
        for match in pattern.finditer(question)
    ]


@functools.cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def plausible_han_name(text: str) -> bool:
    """Whether a run of Han characters can be a name ("件是谁" in "邮件是谁发的" cannot)."""
    return not _NOT_IN_HAN_NAMES.search(text)


def _person(word: str | None, me_words: frozenset[str]) -> str | None:
    """The name in a pattern's slot: `ME`, a name, or None for a function word."""
    if not word:
        return None
    name = re.sub(rf"^{_TITLE}", "", word.strip()).removesuffix("'s").removesuffix("’s")
    folded = name.casefold()
    if folded in me_words:
        return ME
    if folded in _SUBJECT_ME | _OBJECT_ME or folded in _NOT_NAMES:
        return None
    if _NOT_IN_HAN_NAMES.search(name):
        return None
    if any(part in stopwords() for part in folded.split()):
        return None
    return name
