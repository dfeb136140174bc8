"""The shared header-block parser: the blocks Outlook, Lotus Notes, Thunderbird and Foxmail
write into bodies, read the same way for quotes, forwards and threading."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.mail_header_block import (
    HeaderBlock,
    header_block_at,
    is_from_line,
    normalized_subject,
    parse_written_date,
)


def block_of(text: str) -> HeaderBlock | None:
    return header_block_at(text.split("\n"), 0)


def test_outlook_block_with_reply_to_and_a_12_hour_date() -> None:
    block = block_of(
        'From: "List" <list@x.org> on behalf of Nikolai Leung <nl@x.org>\n'
        "Reply-To: Nikolai Leung <nl@x.org>\nDate: Monday, February 1, 2021 at 9:35 PM\n"
        "To: List\nSubject: Agenda\n\nBody"
    )
    assert block is not None
    assert block.author == "Nikolai Leung <nl@x.org>"
    assert block.date == datetime(2021, 2, 1, 21, 35, tzinfo=UTC)
    assert block.subject == "Agenda"


def test_from_value_wrapped_over_unlabelled_lines() -> None:
    block = block_of(
        "From: owner-list@x.org\n[mailto:owner-list@x.org] On Behalf Of\nRuixin Wang\n"
        "Sent: Friday, August 30, 2019 10:39 AM\nTo: list@x.org\nSubject: WF\n\nHi"
    )
    assert block is not None and block.author == "Ruixin Wang"
    assert block.date == datetime(2019, 8, 30, 10, 39, tzinfo=UTC)


def test_mailto_copies_are_dropped_from_the_author() -> None:
    block = block_of(
        "From: Thorsten Hertel [mailto:th@example.com]\nSent: Thursday, April 25, 2019 6:45 PM"
        "\nSubject: x"
    )
    assert block is not None and block.author == "Thorsten Hertel <th@example.com>"
    assert block.date == datetime(2019, 4, 25, 18, 45, tzinfo=UTC)


def test_german_swedish_and_chinese_blocks() -> None:
    german = block_of("Von: Bob <b@x.de>\nGesendet: Montag, 5. Februar 2024 10:00\nBetreff: T")
    swedish = block_of("Från: Anna <a@x.se>\nSkickat: den 26 augusti 2021 20:42\nÄmne: M")
    chinese = block_of("发件人： 李雷\n发送时间： 2019-08-29 11:35\n主题： 报价")
    assert german and german.date == datetime(2024, 2, 5, 10, 0, tzinfo=UTC)
    assert swedish and swedish.date == datetime(2021, 8, 26, 20, 42, tzinfo=UTC)
    assert chinese and chinese.author == "李雷" and chinese.subject == "报价"


def test_thunderbird_block_opens_with_the_subject() -> None:
    block = block_of("Betreff: Heizung\nDatum: Mon, 5 Feb 2024 10:00:00 +0100\nVon: Meier\n")
    assert block is not None and block.sender == "Meier" and block.subject == "Heizung"


def test_lotus_notes_origin_on_one_line_and_on_two() -> None:
    one = block_of('"Jane Doe" <jd@x.com> on 01/09/2000 05:12:45 PM\nTo: John\ncc:\nSubject: S')
    two = block_of("Stinson Gibner\n01/07/2000 04:42 PM\nTo: Vince\ncc:\nSubject: Re: model")
    assert one is not None and one.author == "Jane Doe <jd@x.com>"
    assert one.date == datetime(2000, 1, 9, 17, 12, 45, tzinfo=UTC)
    assert two is not None and two.author == "Stinson Gibner" and two.subject == "Re: model"
    assert is_from_line('"Jane Doe" <jd@x.com> on 01/09/2000 05:12:45 PM')


def test_a_from_line_in_running_text_is_not_a_block() -> None:
    assert block_of("From: the start we knew it.\nIt was late.") is None
    assert block_of("Subject: no sender here\nDate: today") is None


def test_dotted_dates_are_day_first() -> None:
    assert parse_written_date("05.02.2024 10:00") == datetime(2024, 2, 5, 10, 0, tzinfo=UTC)
    assert parse_written_date("Friday, April 26, 2019 4:11 PM") == datetime(
        2019, 4, 26, 16, 11, tzinfo=UTC
    )


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


def test_subjects_lose_reply_and_forward_prefixes_and_list_tags() -> None:
    assert normalized_subject("RE: AW: [3GPP] Fwd:  Draft   LS") == "draft ls"
    assert normalized_subject("回复：测试") == "测试"
    assert normalized_subject("SV: WG: Re[2]: Boiler") == "boiler"
    assert normalized_subject("Reply to all") == "reply to all"  # a word, not a prefix


def test_unparseable_dates_are_unknown() -> None:
    assert parse_written_date("") is None
    assert parse_written_date("soon, probably") is None
