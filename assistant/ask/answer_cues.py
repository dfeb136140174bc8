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
    Wanted.DATE: re.compile(
        r"(?i:\b(?:when|date|which day|what day|wann|datum|welche[nm]? tag)\b)"
        "|什么时候|哪天|哪一天|几号|日期|何时|哪年|几月"
    ),
    Wanted.TIME: re.compile(
        r"(?i:\bwhat time\b|\bat what time\b|\bwie viel uhr\b|\bwieviel uhr\b|\buhrzeit\b"
        r"|\bwie spät\b|\bby what time\b)|几点|什么时间"
    ),
    Wanted.MONEY: re.compile(
        r"(?i:\b(?:cost|costs|price|paid|pay|charge|charged|fee|fees|total|amount|quote|quoted|"
        r"spend|spent|refund|kost\w*|preis\w*|betrag|gebühr\w*|bezahlt|verlangt|nachzahlung|"
        r"restschuld|erstattung|rechnung|miete|kaution|zahlen)\b|\bhow much money\b)"
        "|多少钱|花了多少|费用|价格|学费|交多少|退了多少|收费|价钱|多少欧|多少元"
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
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,4}}\b|\b(?:{_WEEKDAYS})s?\b)"
    r"|\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|周[一二三四五六日末]|星期[一二三四五六日天]"
)
_TIME = re.compile(
    r"(?i:\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:\.\d{2})?\s*(?:uhr|h\b|am\b|pm\b|o'clock))"
    r"|(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[点點](?:半|\d|[一二三四五]?十)?|[上下中]午|晚上"
)
_CURRENCY = r"€|\$|£|¥|eur\b|euro\b|usd\b|gbp\b|cny\b|rmb\b|yuan\b|元|欧元|欧|块|美元|英镑"
_AMOUNT = r"\d[\d.,' ]*\d|\d"
_MONEY = re.compile(rf"(?i:(?:{_CURRENCY})\s?(?:{_AMOUNT})|(?:{_AMOUNT})\s?(?:{_CURRENCY}))")
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
    if found & {Wanted.MONEY, Wanted.PHONE, Wanted.TIME}:
        found.discard(Wanted.NUMBER)  # "wie viel kostet": an amount; "um wie viel Uhr": a time
    return frozenset(found)


def holds(kind: Wanted, sentence: str) -> bool:
    """Whether `sentence` holds an answer of `kind` (names: see `assistant.ask.key_sentence`,
    which knows the source's sender)."""
    if kind is Wanted.PHONE:
        return any(_phone_like(m.group()) for m in _PHONE.finditer(sentence))
    pattern = {
        Wanted.DATE: _DATE,
        Wanted.TIME: _TIME,
        Wanted.MONEY: _MONEY,
        Wanted.NUMBER: _NUMBER,
        Wanted.PLACE: _PLACE,
    }.get(kind)
    return pattern is not None and pattern.search(sentence) is not None


def _phone_like(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if candidate.startswith("1"):  # a Chinese mobile, or a year ("1990 2000"): 11 digits only
        return digits == 11
    return 7 <= digits <= 15
