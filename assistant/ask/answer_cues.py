"""What kind of answer a question asks for, and whether a sentence holds one.

"Who ... and what's his number?" wants a name and a phone number; "wann", "什么时候" a date;
"how much", "多少钱" an amount. The key-sentence picker (assistant.ask.key_sentence) prefers
the sentence of a source that holds what is asked for, which matters most when the question
and the source are in different languages and share no word. Like assistant.ask.cues these
are short lists per language (English, German, Chinese) in plain sight, and a missing cue
only loses a hint.
"""

from __future__ import annotations

import re
from enum import Enum

from store.cjk import HAN_BASIC


class Wanted(Enum):
    PERSON = "person"
    PHONE = "phone"
    DATE = "date"
    TIME = "time"
    MONEY = "money"
    NUMBER = "number"
    PLACE = "place"
    CODE = "code"  # a tracking number, a password, an ID
    DEED = "deed"  # "what did he fix": what was done, which a report says first


# Money is asked for by "how much / was kostet / 多少钱"; words that only name a sum
# ("Nachzahlung", "Rechnung", "quote") ask for it only when nothing else is asked: "bis wann
# muss die Nachzahlung überwiesen werden" wants a date.
_MONEY_NOUNS = re.compile(
    r"(?i:\b(?:total|amount|paid|pay|quote|refund|deposit|bezahlt|nachzahlung|restschuld|"
    r"erstattung|rechnung|miete|kaution|betrag|zahlen)\b)|费用|价格|学费|房租"
)
_CURRENCIES = {
    "cny": re.compile(r"(?i:\b(?:yuan|cny|rmb|renminbi)\b)|元|人民币|块钱|¥"),
    "eur": re.compile(r"(?i:\b(?:euros?|eur)\b)|€|欧元|欧"),
    "gbp": re.compile(r"(?i:\b(?:pounds?|gbp|quid)\b)|£|英镑"),
    "usd": re.compile(r"(?i:\b(?:dollars?|usd)\b)|\$|美元"),
}
# "Bis wann muss ... bezahlt werden": the date with "by" / "bis" / "之前" beside it.
_DEADLINE_ASK = re.compile(
    r"(?i:\bbis wann\b|\bby when\b|\buntil when\b|\bdeadline\b|\bdue\b|\bfällig\w*|"
    r"\bspätestens\b)|截止|最晚|之前"
)
_DEADLINE = re.compile(
    r"(?i:\b(?:by|until|till|before|due|bis|spätestens|fällig|deadline)\b)|之前|以前|截止|前"
)
# "How many bananas", "wie viel Zucker", "多少猪肉": the thing counted.
_MEASURED = re.compile(
    r"(?i:\b(?:how (?:many|much)|wie viele?|wieviele?)\s+(?:of\s+)?(?:the\s+|der\s+|die\s+|"
    rf"das\s+)?([^\W\d_]+))|多少([{HAN_BASIC}]{{1,2}})"
)

_ASKS = {
    Wanted.PERSON: re.compile(
        r"(?i:\b(?:who|whom|whose|wer|wem|wen|wessen)\b"
        r"|\b(?:which|welche[rsmn]?)\s+(?:\w+\s+)?(?:plumber|electrician|company|firm|"
        r"maintainer|tradesman|fitter|engineer|carpenter|person|man|woman|handwerker|"
        r"installateur|elektriker|firma|monteur|tischler|schreiner|klempner)\b)"
        "|谁|哪位|哪家|什么人|哪个(?:师傅|公司|电工|人)"
    ),
    Wanted.PHONE: re.compile(
        r"(?i:\b(?:phone|telephone|mobile|cell|call|number|telefon\w*|handy\w*|nummer|"
        r"\w*(?:telefon|handy|notdienst|ruf|mobil)nummer|erreichen|erreichbar)\b)"
        "|电话|号码|手机|联系方式"
    ),
    Wanted.CODE: re.compile(
        r"(?i:\b(?:tracking|password|passwort|kennwort|pin|code|id|\w+nummer|\w+ number)\b)"
        "|单号|编号|密码|订单号|账号|快递号"
    ),
    Wanted.DEED: re.compile(
        r"(?i:\bwhat (?:did|has|have|was|were) (?:he|she|they|it|the \w+|\w+) "
        r"(?:fix|do|did|done|repair|repaired|make|made|find|found|replace|replaced|change)\w*"
        r"|\bwas (?:hat|haben|hatte) (?:er|sie|der \w+|die \w+) (?:\w+ )*?(?:gemacht|repariert|"
        r"getan|gefunden|erneuert|ersetzt|getauscht)|\bwas wurde (?:\w+ )*?(?:gemacht|repariert|"
        r"erneuert|getauscht))|修的是什么|修了什么|做了什么|干了什么|换了什么|修好了什么"
    ),
    Wanted.DATE: re.compile(
        r"(?i:\b(?:when|date|which day|what day|which days|wann|datum|welche[nm]? tag)\b)"
        "|什么时候|哪天|哪一天|几号|日期|何时|哪年|几月"
    ),
    Wanted.TIME: re.compile(
        r"(?i:\bwhat time\b|\bat what time\b|\bwie viel uhr\b|\bwieviel uhr\b|\buhrzeit\b"
        r"|\bwie spät\b|\bby what time\b)|几点|什么时间"
    ),
    Wanted.MONEY: re.compile(
        r"(?i:\b(?:cost|costs|price|prices|charge|charged|fee|fees|quoted|spend|spent|kost\w*|"
        r"gekostet|preis\w*|gebühr\w*|verlangt|how much money|wie teuer)\b)"
        "|多少钱|花了多少|交多少|退了多少|收费|价钱|多少欧|多少元|多贵"
    ),
    Wanted.NUMBER: re.compile(
        r"(?i:\b(?:how (?:many|much|long|often|far)|wie (?:viele?|lange|oft|weit|hoch|groß)|"
        r"wieviele?)\b)|多少|几个|几天|多久|多长|多大|几次"
    ),
    Wanted.PLACE: re.compile(
        r"(?i:\b(?:where|address|wo|wohin|adresse|anschrift|which room)\b)"
        "|哪里|在哪|地址|哪个房间|哪儿"
    ),
}

_MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|"
    r"july?|juli|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?|dez(?:ember)?"
)
_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag"
)
_DATE = re.compile(
    rf"(?i:\b\d{{1,2}}\.\d{{1,2}}\.(?:\d{{2,4}})?|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:\.|st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,4}}\b|\b(?:{_WEEKDAYS})s?\b"
    # the day of the mail itself: the card shows its date
    r"|\b(?:today|tonight|this morning|this afternoon|yesterday|tomorrow|heute|gestern)\b)"
    r"|\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|周[一二三四五六日末]|星期[一二三四五六日天]"
    r"|今天|昨天|明天|今早|今晚"
)
_TIME = re.compile(
    r"(?i:\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:\.\d{2})?\s*(?:uhr|h\b|am\b|pm\b|o'clock))"
    r"|(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[点點](?:半|\d|[一二三四五]?十)?|[上下中]午|晚上"
)
_CURRENCY = r"€|\$|£|¥|eur\b|euro\b|usd\b|gbp\b|cny\b|rmb\b|yuan\b|元|欧元|欧|块|美元|英镑"
_AMOUNT = r"\d[\d.,' ]*\d|\d"
_MONEY = re.compile(rf"(?i:(?:{_CURRENCY})\s?(?:{_AMOUNT})|(?:{_AMOUNT})\s?(?:{_CURRENCY}))")
_UNITS = (
    r"g|kg|mg|ml|l|cl|m|cm|mm|km|m²|m³|qm|kw|kwh|mhz|ghz|°c|%|min|minutes?|minuten|std|h|"
    r"hours?|stunden|tage?n?|days?|wochen|weeks?|jahre?n?|years?|months?|monate?n?|stück|"
    r"pieces?|tl|el|tbsp|tsp|cups?|x"
)
_QUANTITY = re.compile(
    rf"(?i:\b\d+(?:[.,]\d+)?\s?(?:{_UNITS})(?![\w]))"
    r"|\d+\s*(?:克|千克|公斤|毫升|升|分钟|小时|天|周|个月|年|米|厘米|平米|平方米|度|个|次|岁|斤)"
)
_CODE = re.compile(r"(?<![\w-])[\w][\w-]{4,}[\w](?![\w-])")
_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万半]+\s*[个天次克斤块分钟小时公里米岁年月号]")
# Phone numbers: + or 0 first ("+44 7700 900461", "0152 28817364", "030 1234 5678"), or a
# Chinese mobile of 11 digits ("138 0013 8000"); at least seven digits; never a date.
_PHONE = re.compile(
    r"(?<![\w.,/-])(?:\+\d{1,3}[ .-]?(?:\(0\)[ ]?)?\d|0\d|1\d)[\d /-]{5,16}\d(?![\w-]|[.,]\d)"
)
_PLACE = re.compile(
    r"(?i:\b\w+(?:straße|strasse|str\.|weg|gasse|platz|allee|ring)\s+\d+|\b\d{5}\s+[A-ZÄÖÜ]\w+"
    r"|\b\d+\s+\w+\s+(?:street|road|avenue|lane|st\.|rd\.)|\b(?:raum|room|zimmer)\s+\w+)"
    rf"|[{HAN_BASIC}]+(?:路|街|道)\d+号|\d+(?:幢|栋|号楼|室)|[{HAN_BASIC}]{{1,4}}(?:区|市|省)"
)


def wanted(question: str) -> frozenset[Wanted]:
    """The kinds of answer `question` asks for (none for an open question)."""
    found = {kind for kind, cue in _ASKS.items() if cue.search(question)}
    if Wanted.PHONE in found:
        found.discard(Wanted.CODE)  # "Notdienstnummer" is a phone number
    others = {Wanted.DATE, Wanted.TIME, Wanted.PERSON, Wanted.PLACE, Wanted.PHONE, Wanted.CODE}
    money_named = _MONEY_NOUNS.search(question) or currency(question)
    if money_named and not found & others:
        found.add(Wanted.MONEY)  # "wie hoch war die Nachzahlung", "how many yuan"
    if found & {Wanted.MONEY, Wanted.PHONE, Wanted.TIME, Wanted.CODE}:
        found.discard(Wanted.NUMBER)  # "wie viel kostet": an amount; "um wie viel Uhr": a time
    return frozenset(found)


def asks_deadline(question: str) -> bool:
    """Whether `question` asks by when something is due ("bis wann", "by when", "截止")."""
    return _DEADLINE_ASK.search(question) is not None


def deadline_in(sentence: str) -> bool:
    """Whether `sentence` says "by", "bis", "due", "之前" (a deadline, beside its date)."""
    return _DEADLINE.search(sentence) is not None


def measured(question: str) -> list[str]:
    """The thing a "how many / wie viel / 多少" question counts ("bananas", "Zucker", "猪肉")."""
    return [m.group(1) or m.group(2) for m in _MEASURED.finditer(question)]


def currency(text: str) -> str | None:
    """The currency `text` names ("how many yuan": "cny"), if one."""
    return next((code for code, cue in _CURRENCIES.items() if cue.search(text)), None)


def cue_words(question: str) -> set[str]:
    """The words of `question` that ask for an amount, a date, a time, a number or a deed
    ("kostet", "wann", "gemacht"): they say what to look for, not which words the answer
    shares ("kostet" would find "kostenfrei"). Topic words ("Passwort", "Nummer") stay."""
    words: set[str] = set()
    for kind in (Wanted.MONEY, Wanted.DATE, Wanted.TIME, Wanted.NUMBER, Wanted.DEED):
        for match in _ASKS[kind].finditer(question):
            words.update(match.group().casefold().split())
    return words


def holds(kind: Wanted, sentence: str) -> bool:
    """Whether `sentence` holds an answer of `kind` (names and deeds: see
    `assistant.ask.key_sentence`, which knows the source's sender and its order)."""
    if kind is Wanted.PHONE:
        return any(_phone_like(m.group()) for m in _PHONE.finditer(sentence))
    if kind is Wanted.CODE:
        return any(_code_like(m.group()) for m in _CODE.finditer(sentence))
    pattern = {
        Wanted.DATE: _DATE,
        Wanted.TIME: _TIME,
        Wanted.MONEY: _MONEY,
        Wanted.NUMBER: _NUMBER,
        Wanted.PLACE: _PLACE,
    }.get(kind)
    return pattern is not None and pattern.search(sentence) is not None


def quantity(sentence: str) -> bool:
    """Whether `sentence` holds a number with a unit or an amount ("125 g", "60分钟", "9 kids"
    is not, "€ 12" is): more of an answer to "how many" than a bare number."""
    return _QUANTITY.search(sentence) is not None or _MONEY.search(sentence) is not None


def money_in(sentence: str, code: str) -> bool:
    """Whether `sentence` holds an amount in the currency `code`."""
    return any(_CURRENCIES[code].search(m.group()) for m in _MONEY.finditer(sentence))


def _code_like(token: str) -> bool:
    has_digit = any(c.isdigit() for c in token)
    has_letter = any(c.isalpha() for c in token)
    return (has_digit and has_letter) or sum(c.isdigit() for c in token) >= 8


def _phone_like(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if candidate.startswith("1"):  # a Chinese mobile, or a year ("1990 2000"): 11 digits only
        return digits == 11
    return 7 <= digits <= 15
