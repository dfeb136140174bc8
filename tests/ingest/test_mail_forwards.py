"""Forwards are content: each forwarded message is a section of its own, headed by its
original sender and date, and its origin is listed in `forwarded`."""

from __future__ import annotations

from datetime import datetime

from ingest.mail_body import read_body
from ingest.mail_forwards import is_forward_subject

GMAIL = (
    "FYI, see below.\n\n---------- Forwarded message ---------\n"
    "From: Bank <info@bank.example>\nDate: Mon, 5 Feb 2024 10:00:00 +0100\n"
    "Subject: Kontoauszug\nTo: Alice <alice@example.org>\n\nIhr Kontoauszug ist da.\n"
)


def test_gmail_forward_is_a_section_with_its_origin() -> None:
    read = read_body("Fwd: Kontoauszug", GMAIL)
    own, forwarded = read.sections
    assert own.text == "FYI, see below."
    assert forwarded.text == "Ihr Kontoauszug ist da."
    assert forwarded.heading.startswith("Forwarded message from Bank <info@bank.example>")
    assert "Kontoauszug" in forwarded.heading
    (origin,) = read.forwarded
    assert origin.sender == "Bank <info@bank.example>"
    assert origin.date == datetime.fromisoformat("2024-02-05T10:00:00+01:00")
    assert read.reply_origin is None


def test_the_forward_header_block_is_not_cut_as_quoted_history() -> None:
    """The bug this fixes: a forward without a marker line under a "Fwd:" subject."""
    body = (
        "Siehe unten.\n\nFrom: Bank <info@bank.example>\nSent: Monday, February 5, 2024 "
        "10:00 AM\nTo: Alice\nSubject: Kontoauszug\n\nIhr Kontoauszug ist da.\n"
    )
    read = read_body("WG: Kontoauszug", body)
    assert [s.text for s in read.sections] == ["Siehe unten.", "Ihr Kontoauszug ist da."]
    assert read.forwarded[0].sender == "Bank <info@bank.example>"


def test_apple_begin_forwarded_message() -> None:
    body = (
        "Look at this.\n\nBegin forwarded message:\n\nFrom: Bob <bob@example.org>\n"
        "Subject: Garden\nDate: 6 February 2024 at 10:15:00 CET\nTo: Alice\n\n"
        "The roses need cutting in March.\n"
    )
    read = read_body("Fwd: Garden", body)
    assert read.sections[1].text == "The roses need cutting in March."
    assert read.forwarded[0].sender == "Bob <bob@example.org>"
    assert read.forwarded[0].date is not None and read.forwarded[0].date.day == 6


def test_german_weitergeleitete_nachricht() -> None:
    body = (
        "Zur Info.\n\n-------- Weitergeleitete Nachricht --------\nBetreff: Heizung\n"
        "Datum: Mon, 5 Feb 2024 10:00:00 +0100\nVon: Herr Meier <meier@example.de>\n"
        "An: Alice\n\nDie Heizung wird am Dienstag gewartet.\n"
    )
    read = read_body("WG: Heizung", body)
    assert read.sections[1].text == "Die Heizung wird am Dienstag gewartet."
    assert read.forwarded[0].sender == "Herr Meier <meier@example.de>"
    assert read.forwarded[0].subject == "Heizung"


def test_outlook_original_message_under_a_forward_subject_is_content() -> None:
    body = (
        "FYI\n\n-------- Original Message --------\nFrom: Bob <bob@example.org>\n"
        "Sent: Monday, February 5, 2024 10:00 AM\nTo: Alice\nSubject: Budget\n\n"
        "The budget is 12,000 EUR.\n"
    )
    forward = read_body("FW: Budget", body)
    assert forward.sections[1].text == "The budget is 12,000 EUR."
    assert forward.reply_origin is None
    reply = read_body("RE: Budget", body)
    assert [s.text for s in reply.sections] == ["FYI"]
    assert reply.reply_origin is not None and reply.forwarded == ()


def test_chinese_forward_with_zhuanfa_subject_and_marker() -> None:
    body = (
        "请看下面。\n\n------- 转发的邮件 -------\n发件人: 李雷 <li@example.cn>\n"
        "发送时间: 2024年2月5日 10:00\n收件人: 韩梅梅\n主题: 报价\n\n报价是三万元。\n"
    )
    read = read_body("转发: 报价", body)
    assert read.sections[1].text == "报价是三万元。"
    assert read.forwarded[0].sender == "李雷 <li@example.cn>"
    assert read.forwarded[0].date == datetime.fromisoformat("2024-02-05T10:00:00+00:00")


def test_lotus_notes_forwarded_by() -> None:
    body = (
        "Vince,\n\nplease look at this.\n\n---------------------- Forwarded by Stinson "
        "Gibner/HOU/ECT on 01/10/2000 08:14 AM ---------------------------\n\n\n"
        '"Jane Doe" <jane@example.com> on 01/09/2000 05:12:45 PM\n'
        "To: Stinson Gibner/HOU/ECT@ECT\ncc:\nSubject: Gas storage model\n\n"
        "The storage model is ready for review.\n"
    )
    read = read_body("Gas storage model", body)
    assert read.sections[0].text == "Vince,\n\nplease look at this."
    assert read.sections[1].text == "The storage model is ready for review."
    (origin,) = read.forwarded
    assert origin.sender == "Jane Doe <jane@example.com>"
    assert origin.date == datetime.fromisoformat("2000-01-09T17:12:45+00:00")
    assert origin.subject == "Gas storage model"


def test_a_forward_inside_a_reply_is_content_and_its_quotes_are_not() -> None:
    body = (
        "Thanks, forwarding what the bank said.\n\n> Did the bank answer?\n\n"
        "---------- Forwarded message ---------\nFrom: Bank <info@bank.example>\n"
        "Date: Mon, 5 Feb 2024 10:00:00 +0100\nSubject: Kredit\n\nDer Kredit ist bewilligt.\n\n"
        "Am 01.02.2024 um 09:00 schrieb Alice <alice@example.org>:\n> Wie steht es?\n"
    )
    read = read_body("Re: Kredit", body)
    own, forwarded = read.sections
    assert own.text == "Thanks, forwarding what the bank said."
    assert forwarded.text == "Der Kredit ist bewilligt."
    assert read.forwarded[0].sender == "Bank <info@bank.example>"


def test_a_forward_in_quoted_history_stays_history() -> None:
    body = (
        "Noted.\n\n-----Original Message-----\nFrom: Bob <bob@example.org>\n"
        "Sent: Monday, February 5, 2024 10:00 AM\nTo: Alice\nSubject: FW: x\n\nold\n\n"
        "---------- Forwarded message ---------\nFrom: C <c@x>\nDate: Mon, 5 Feb 2024\n"
        "Subject: x\n\nolder\n"
    )
    read = read_body("RE: FW: x", body)
    assert [s.text for s in read.sections] == ["Noted."]
    assert read.forwarded == ()


def test_nested_forwards_are_each_a_section() -> None:
    body = (
        "FYI\n\n---------- Forwarded message ---------\nFrom: B <b@x.org>\n"
        "Date: Tue, 6 Feb 2024 10:00:00 +0000\nSubject: Fwd: plan\n\nSee Carl's plan.\n\n"
        "---------- Forwarded message ---------\nFrom: C <c@x.org>\n"
        "Date: Mon, 5 Feb 2024 10:00:00 +0000\nSubject: plan\n\nThe plan: ship on Friday.\n"
    )
    read = read_body("Fwd: Fwd: plan", body)
    assert [s.text for s in read.sections] == [
        "FYI",
        "See Carl's plan.",
        "The plan: ship on Friday.",
    ]
    assert [o.sender for o in read.forwarded] == ["B <b@x.org>", "C <c@x.org>"]


def test_forward_subjects_in_three_languages() -> None:
    assert all(map(is_forward_subject, ["Fwd: x", "FW: x", "WG: x", "TR: x", "转发: x"]))
    assert not any(map(is_forward_subject, ["Re: Fwd: x", "AW: WG: x", "回复: 转发: x", "x"]))
