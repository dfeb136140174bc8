"""The key sentence: which sentence of a source answers the question, in en/de/zh, no model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.ask.analysis import analyze
from assistant.ask.answer_cues import Wanted, holds, wanted
from assistant.ask.key_sentence import asked, key_sentence, key_spans, stem
from tests.fakes import make_hit

NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)

# A mail where the name and the number stand in one sentence, the number alone in another
# and the name alone in a third (and the greeting names someone else).
FLOOR_DE = (
    "Hallo Herr Taylor,\n\n"
    "den Boden im Flur haben wir heute repariert, zwei Dielen sind neu.\n"
    "Bei Fragen zum Boden erreichen Sie unser Büro unter 06131 578420.\n"
    "Die Arbeiten hat Dr. Meier ausgeführt, seine Nummer ist +49 30 1234567.\n"
    "Ab 14.30 Uhr ist Herr Meier wieder unterwegs.\n\n"
    "Viele Grüße\nThomas Becker"
)
FLOOR_ZH = (
    "Taylor 先生您好，\n\n"
    "客厅的木地板已经修好了。王师傅修的地板，他的电话是 138 0013 8000。"
    "办公室电话 0571-8702 5519。以后地板再有问题，找王师傅就行。\n\n王伟"
)


def pick(question: str, text: str, sender: str = "") -> str | None:
    analysis = analyze(question, NOW)
    span = key_sentence(asked(question, analysis.keywords), text, sender)
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    "question",
    [
        "who fixed the floor last time, and what's his number?",
        "Wer hat den Boden repariert und wie ist seine Nummer?",
    ],
)
def test_who_and_number_picks_the_sentence_with_the_name_and_the_number(question):
    chosen = pick(question, FLOOR_DE, "Thomas Becker <t@becker.example>")
    assert chosen == "Die Arbeiten hat Dr. Meier ausgeführt, seine Nummer ist +49 30 1234567."


def test_the_chinese_question_picks_the_sentence_with_the_name_and_the_number():
    chosen = pick("谁修的地板？他的电话是多少？", FLOOR_ZH, "王伟 <w@wang.example>")
    assert chosen == "王师傅修的地板，他的电话是 138 0013 8000。"


def test_the_samples_floor_mail_answers_with_its_phone_sentence():
    text = (
        "Hallo Herr Taylor,\n\ndie Dielen im Flur sind abgeschliffen, die zwei gebrochenen "
        "Bretter ersetzt und alles\nzweimal geölt. Bitte zwei Tage nur mit Socken betreten. "
        "Die Rechnung (Nr. 2024-0917)\nhängt an.\n\nFalls etwas knarzt: Handy 0171 2345678.\n\n"
        "Viele Grüße\nThomas Becker\nParkett Becker"
    )
    chosen = pick("who fixed the floor last time, and what's his number?", text, "Thomas Becker")
    assert chosen == "Falls etwas knarzt: Handy 0171 2345678."


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When is the parents' evening?", "Dienstag, 19. November 2024, 19:30 Uhr, Raum 104."),
        ("Wann ist der Elternabend?", "Dienstag, 19. November 2024, 19:30 Uhr, Raum 104."),
        ("家长会什么时候开？", "Dienstag, 19. November 2024, 19:30 Uhr, Raum 104."),
        ("How much does the class trip cost?", "Die Kosten betragen 148 € pro Kind."),
        ("Wie viel kostet die Klassenfahrt?", "Die Kosten betragen 148 € pro Kind."),
        ("班级旅行要交多少钱？", "Die Kosten betragen 148 € pro Kind."),
    ],
)
def test_date_and_amount_questions_pick_the_date_and_the_amount(question, expected):
    text = (
        "Liebe Eltern,\n\nich lade Sie zum Elternabend ein.\n\n"
        "Dienstag, 19. November 2024, 19:30 Uhr, Raum 104.\n\n"
        "Wir sprechen auch über die Klassenfahrt. Die Kosten betragen 148 € pro Kind.\n\n"
        "Viele Grüße\nK. Okonkwo-Meier"
    )
    assert pick(question, text, "Grundschule <s@gs.example>") == expected


def test_shared_words_decide_when_no_cue_applies_and_ties_go_to_the_earlier_sentence():
    text = "The router is in the cupboard. The password is on the sticker. The password changes."
    assert pick("Where is the password?", text) == "The password is on the sticker."
    assert pick("router password", "Router here. Password there.") == "Router here."


def test_a_source_that_shares_nothing_with_the_question_has_no_key_sentence():
    assert pick("What did Karl recommend instead of echo?", "Völlig anderes Thema hier.") is None
    assert pick("anything", "") is None


def test_a_greeting_is_never_the_answer_to_who():
    text = "Hallo Herr Taylor,\n\ndie Heizung ist gewartet.\n\nAnna Schmidt"
    assert pick("Wer hat die Heizung gewartet?", text, "Anna Schmidt <a@s.example>") == (
        "die Heizung ist gewartet."
    )


def test_key_spans_maps_chunk_ids_to_spans_in_each_hit_and_leaves_out_the_unanswered():
    hits = [
        make_hit("Kein Treffer hier.", chunk_id=1),
        make_hit("Hallo. Rufen Sie an: 0152 28817364.", chunk_id=2),
    ]
    spans = key_spans("What's his number?", "number", hits)
    assert spans == {2: (7, 35)}
    assert hits[1].text[7:35] == "Rufen Sie an: 0152 28817364."


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("who fixed the floor last time, and what's his number?", {Wanted.PERSON, Wanted.PHONE}),
        ("Wer hat 2022 die Heizung gewartet?", {Wanted.PERSON}),
        ("谁修的地板？他的电话是多少？", {Wanted.PERSON, Wanted.PHONE}),
        ("Wie viel kostet das Girokonto?", {Wanted.MONEY}),
        ("2023年的税退了多少钱？", {Wanted.MONEY}),
        ("How many bananas go into the banana bread?", {Wanted.NUMBER}),
        ("Um wie viel Uhr war mein Termin?", {Wanted.TIME}),
        ("张师傅哪天开工？", {Wanted.DATE}),
        ("Julia 的新地址是什么？", {Wanted.PLACE}),
        ("What did Karl recommend instead of echo?", set()),
    ],
)
def test_what_a_question_asks_for(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize(
    ("kind", "sentence", "found"),
    [
        (Wanted.PHONE, "Rufen Sie an: 0152 28817364.", True),
        (Wanted.PHONE, "Call +44 7700 900461 today", True),
        (Wanted.PHONE, "直接打我电话 138 0013 8000。", True),
        (Wanted.PHONE, "Die Rechnung (Nr. 2024-0917) hängt an.", False),
        (Wanted.PHONE, "Restschuld zum 31.12.2022: 312.480,17 €", False),
        (Wanted.PHONE, "Kundennummer beim Anbieter: 50 7712 9043", False),
        (Wanted.DATE, "am Dienstag, 12.03.2024", True),
        (Wanted.DATE, "on Saturday 7 September", True),
        (Wanted.DATE, "定在2月17日（星期一）开工", True),
        (Wanted.DATE, "Die Rechnung kommt per Post.", False),
        (Wanted.TIME, "um 8:40 Uhr", True),
        (Wanted.TIME, "你们那边是中午一点", True),
        (Wanted.TIME, "im Jahr 2024", False),
        (Wanted.MONEY, "Gesamtpreis: 2.340,00 € inkl. MwSt.", True),
        (Wanted.MONEY, "Total: €26,400 incl. VAT", True),
        (Wanted.MONEY, "一共1180欧。", True),
        (Wanted.MONEY, "alle 14 Stufen abgeschliffen", False),
        (Wanted.PLACE, "Kohlgartenstraße 31, 04315 Leipzig", True),
        (Wanted.PLACE, "浙江省杭州市西湖区桂语路36号3幢402室", True),
    ],
)
def test_what_a_sentence_holds(kind, sentence, found):
    assert holds(kind, sentence) is found


def test_stems_join_inflections_and_compounds_but_keep_numbers():
    assert stem("fixed") == stem("fix")
    assert stem("floors") == stem("floor")
    assert stem("repariert") == stem("reparieren")
    assert stem("Heizungswartung") == stem("Heizung")
    assert stem("2024") == "2024"


def test_what_did_he_fix_picks_the_report_after_the_greeting_not_the_signature():
    text = (
        "Hallo Frau Lin,\n\ndas Treppengeländer wackelt nicht mehr, der Pfosten ist neu "
        "verankert.\n\nDie Rechnung über 265,00 € kommt per Post.\n\nFreundliche Grüße\nPetra Bauer"
    )
    chosen = pick("When was Petra Bauer here last, and what did she fix?", text, "Petra Bauer")
    assert chosen == "das Treppengeländer wackelt nicht mehr, der Pfosten ist neu verankert."


def test_who_alone_prefers_a_sentence_naming_the_worker_to_the_sign_off():
    text = "Sehr geehrte Frau Lin,\n\nheute hat Herr Yilmaz Ihre Therme gewartet:\n\nJürgen Kaiser"
    assert pick("Wer hat zuletzt die Heizung gewartet?", text, "Jürgen Kaiser <s@k.example>") == (
        "heute hat Herr Yilmaz Ihre Therme gewartet:"
    )


def test_a_deadline_question_picks_the_date_beside_by():
    text = "Invoice date: 30 September 2024\nPlease transfer € 468.50 by 15 October 2024 to:"
    assert pick("Bis wann muss die Rechnung bezahlt werden?", text) == (
        "Please transfer € 468.50 by 15 October 2024 to:"
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wie viel Zucker kommt in den Kuchen?", "- 125 g Zucker"),
        ("How many bananas go into the bread?", "- 3 very ripe bananas, mashed"),
        ("包饺子的馅要多少猪肉？", "- 猪肉馅 500克"),
    ],
)
def test_how_many_picks_the_number_beside_what_is_counted(question, expected):
    text = (
        "- 200 g Mehl\n- 125 g Zucker\n- 3 very ripe bananas, mashed\n"
        "- 饺子皮：500克面粉 + 250毫升温水\n- 猪肉馅 500克"
    )
    assert pick(question, text) == expected


def test_an_amount_in_the_currency_asked_for_wins():
    text = "You sent: €1,500.00\nOur fee: €6.21\nRecipient got: ¥11,640.51 CNY"
    assert pick("How many yuan did my mum get?", text) == "Recipient got: ¥11,640.51 CNY"


def test_a_chinese_word_the_keywords_cut_is_still_found():
    """The analysis drops 过 as a function character, cutting 过敏 (allergic) in two."""
    text = "- 妈妈 王秀兰：手机 139 5718 2046\n- 妈妈对青霉素过敏！"
    assert pick("妈妈对什么药过敏？", text) == "- 妈妈对青霉素过敏！"


def test_a_code_question_picks_the_code():
    text = (
        "中秋快乐！今天去邮局给你们寄了一个包裹，EMS，单号 EE482019375CN。邮局说大概三个星期能到。"
    )
    assert pick("Wie lautet die Sendungsnummer?", text) == (
        "今天去邮局给你们寄了一个包裹，EMS，单号 EE482019375CN。"
    )


def test_last_time_takes_the_latest_year_of_a_list():
    text = (
        "- 2021: Mike O'Brien (O'Brien Floors) hat die Dielen im Flur ersetzt.\n"
        "- 2024: Thomas Becker (Parkett Becker) hat den Flur abgeschliffen."
    )
    question = "who fixed the floor last time?"
    analysis = analyze(question, NOW)
    assert analysis.recency
    span = key_sentence(asked(question, analysis.keywords, analysis.recency), text)
    assert span is not None and text[span[0] : span[1]].startswith("- 2024: Thomas Becker")
    older = key_sentence(asked(question, analysis.keywords), text)
    assert older is not None and text[older[0] : older[1]].startswith("- 2021")
