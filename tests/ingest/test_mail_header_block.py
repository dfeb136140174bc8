"""The header blocks clients write into bodies, in the languages real mail uses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.mail_header_block import header_block_at, normalized_subject, parse_written_date


def test_an_outlook_block_with_a_swedish_date_and_a_wrapped_to_line() -> None:
    lines = [
        "-----Original Message-----",
        "From: Hans Müller <h@x.example>",
        "Sent: den 12 mars 2020 10:15",
        "To: a@x.example; c@x.example;",
        "  e@x.example",
        "Subject: RE: [NR-MIMO] Draft LS",
        "",
        "Body",
    ]
    block = header_block_at(lines, 1)
    assert block is not None
    assert (block.sender, block.subject, block.end) == (
        "Hans Müller <h@x.example>",
        "RE: [NR-MIMO] Draft LS",
        7,
    )
    assert block.to == "a@x.example; c@x.example; e@x.example"
    assert block.date == datetime(2020, 3, 12, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lines", "sender", "day"),
    [
        (["Von: Ina", "Gesendet: Montag, 3. Mai 2021 10:15", "Betreff: AW: Boiler"], "Ina", 3),
        (["发件人: 王伟", "发送时间: 2020年3月12日 10:15", "主题: 回复: 测试"], "王伟", 12),
        (["*From:* Jo", "*Date:* Tue, 4 May 2021 09:00 +0200", "*To:* me"], "Jo", 4),
    ],
)
def test_german_chinese_and_gmail_bold_blocks(lines: list[str], sender: str, day: int) -> None:
    block = header_block_at(lines, 0)
    assert block is not None and block.sender.startswith(sender)
    assert block.date is not None and block.date.day == day


def test_one_from_line_in_running_text_is_not_a_block() -> None:
    assert header_block_at(["From: the start I said", "we would go"], 0) is None
    assert header_block_at(["Subject: x", "From: y"], 0) is None  # must open with From


def test_subjects_lose_reply_and_forward_prefixes_and_list_tags() -> None:
    assert normalized_subject("RE: AW: [3GPP] Fwd:  Draft   LS") == "draft ls"
    assert normalized_subject("回复：测试") == "测试"
    assert normalized_subject("SV: WG: Re[2]: Boiler") == "boiler"
    assert normalized_subject("Reply to all") == "reply to all"  # a word, not a prefix


def test_unparseable_dates_are_unknown() -> None:
    assert parse_written_date("") is None
    assert parse_written_date("soon, probably") is None
