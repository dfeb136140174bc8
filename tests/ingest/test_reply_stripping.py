"""What the embedder sees of a reply: the new words, not the quoted thread, the footer or the
signature; and which message the reply answers (its `reply_origin`)."""

from __future__ import annotations

from datetime import datetime

from ingest.mail_body import MailBody, read_body
from ingest.spans import offset_mapper


def own_text(body: str, subject: str = "Re: Termin") -> str:
    return read_body(subject, body).sections[0].text


def assert_whole_lines_removed(read: MailBody, body: str) -> None:
    """Every section's text is its display text minus whole lines, and the displays in
    order are the whole body."""
    for section in read.sections:
        offset_mapper(section.text, section.display_text)  # raises when not
    assert "\n".join(section.display_text for section in read.sections) == body


def test_bottom_quote_with_wrapped_english_attribution() -> None:
    body = (
        "Sounds good, see you at 5.\n\n"
        "On Tue, Feb 6, 2024 at 10:15 AM Bob Example\n<bob@example.org> wrote:\n"
        "> Shall we meet at 5?\n> \n> Bob\n"
    )
    read = read_body("Re: meeting", body)
    assert read.sections[0].text == "Sounds good, see you at 5."
    assert read.reply_origin is not None
    assert read.reply_origin.sender == "Bob Example <bob@example.org>"
    assert read.reply_origin.date == datetime.fromisoformat("2024-02-06T10:15:00+00:00")


def test_interleaved_replies_keep_every_answer() -> None:
    body = "Hi,\n\n> Who tiled the floor?\nHerr Meier.\n\n> His number?\n0171 555 1234\n\nCheers\n"
    kept = own_text(body)
    assert "Herr Meier." in kept and "0171 555 1234" in kept and "Cheers" in kept
    assert "Who tiled" not in kept and "His number?" not in kept


def test_bottom_posting_on_a_list_keeps_the_answers_below_each_quote() -> None:
    body = (
        "On 2021-08-26 12:10, Tomas Toftgård wrote:\n> Is the skeleton agreed?\n\n"
        "Yes, it was agreed at the meeting.\n\n> And the brackets?\n\nThey go.\n"
    )
    read = read_body("Re: Draft EVS-8a", body)
    assert read.sections[0].text == "Yes, it was agreed at the meeting.\n\nThey go."
    assert read.reply_origin is not None and read.reply_origin.sender == "Tomas Toftgård"


def test_german_attribution_am_schrieb() -> None:
    body = (
        "Passt mir gut.\n\nAm 05.02.2024 um 10:00 schrieb Bob Meier <bob@example.de>:\n"
        "> Geht Montag?\n"
    )
    read = read_body("AW: Termin", body)
    assert read.sections[0].text == "Passt mir gut."
    assert read.reply_origin is not None and read.reply_origin.sender.startswith("Bob Meier")
    assert read.reply_origin.date == datetime.fromisoformat("2024-02-05T10:00:00+00:00")


def test_german_outlook_block_ursprungliche_nachricht() -> None:
    body = (
        "Passt, danke!\n\n-----Ursprüngliche Nachricht-----\nVon: Bob Meier <bob@example.de>\n"
        "Gesendet: Montag, 5. Februar 2024 10:00\nAn: Alice\nBetreff: Termin\n\nAlter Text.\n"
    )
    read = read_body("AW: Termin", body)
    assert read.sections[0].text == "Passt, danke!"
    assert read.sections[0].display_text == body
    assert read.reply_origin is not None
    assert read.reply_origin.sender == "Bob Meier <bob@example.de>"
    assert read.reply_origin.date == datetime.fromisoformat("2024-02-05T10:00:00+00:00")
    assert read.reply_origin.subject == "Termin"


def test_bare_english_header_block_without_separator() -> None:
    body = (
        "Yes, will do.\n\nFrom: Bob <bob@example.org>\nSent: Monday, February 5, 2024 4:11 PM\n"
        "To: Alice\nSubject: Plans\n\nOld text.\n"
    )
    read = read_body("RE: Plans", body)
    assert read.sections[0].text == "Yes, will do."
    assert read.reply_origin is not None
    assert read.reply_origin.date == datetime.fromisoformat("2024-02-05T16:11:00+00:00")


def test_underscore_rule_above_a_header_block() -> None:
    body = (
        "Agreed.\n\n________________________________\nFrom: Bob <bob@example.org>\n"
        "Sent: Monday, February 5, 2024 10:00 AM\nTo: Alice\nSubject: Plans\n\nOld text.\n"
    )
    assert own_text(body, "RE: Plans") == "Agreed."


def test_swedish_outlook_block_with_sent_date_in_swedish() -> None:
    body = (
        "Tack!\n\n-----Original Message-----\n"
        "From: 3GPP_TSG_SA_WG4_EVS <3GPP_TSG_SA_WG4_EVS@LIST.ETSI.ORG> On \n"
        "Behalf Of Imre Varga\nSent: den 25 augusti 2021 15:07\n"
        "To: 3GPP_TSG_SA_WG4_EVS@LIST.ETSI.ORG\nSubject: Re: Draft EVS-8a\n\nHi Milan,\n"
    )
    read = read_body("RE: Draft EVS-8a", body)
    assert read.sections[0].text == "Tack!"
    assert read.reply_origin is not None and read.reply_origin.sender == "Imre Varga"
    assert read.reply_origin.date == datetime.fromisoformat("2021-08-25T15:07:00+00:00")


def test_swedish_fran_skickat_block() -> None:
    body = (
        "Ja.\n\nFrån: Anna Svensson <anna@example.se>\nSkickat: den 12 mars 2020 10:15\n"
        "Till: Bo\nÄmne: Möte\n\nGamla ord.\n"
    )
    read = read_body("SV: Möte", body)
    assert read.sections[0].text == "Ja."
    assert read.reply_origin is not None
    assert read.reply_origin.date == datetime.fromisoformat("2020-03-12T10:15:00+00:00")


def test_chinese_attribution_and_signature() -> None:
    body = (
        "好的，明天见。\n\n在 2024年2月5日 10:00，王师傅 写道：\n> 明天上午可以吗？\n\n"
        "-- \n王师傅\n138 0013 8000\n"
    )
    read = read_body("回复: 明天", body)
    assert read.sections[0].text == "好的，明天见。"
    assert read.reply_origin is not None and read.reply_origin.sender == "王师傅"


def test_chinese_attribution_name_yu_date_xiedao() -> None:
    body = "收到。\n\n王师傅 <wang@example.cn> 于2024年2月5日周一 下午3:05写道：\n> 请确认。\n"
    read = read_body("回复: 确认", body)
    assert read.sections[0].text == "收到。"
    assert read.reply_origin is not None
    assert read.reply_origin.date == datetime.fromisoformat("2024-02-05T15:05:00+00:00")


def test_chinese_outlook_block_original_mail() -> None:
    body = (
        "已处理。\n\n----- 原始邮件 -----\n发件人: 李雷 <li@example.cn>\n"
        "发送时间: 2019-08-29 11:35\n收件人: 韩梅梅\n主题: 报价\n\n旧内容。\n"
    )
    read = read_body("答复: 报价", body)
    assert read.sections[0].text == "已处理。"
    assert read.reply_origin is not None and read.reply_origin.sender == "李雷 <li@example.cn>"
    assert read.reply_origin.subject == "报价"


def test_lotus_notes_reply_header() -> None:
    body = (
        'I can make it.\n\n"Jane Doe" <jane@example.com> on 01/09/2000 05:12:45 PM\n'
        "To: John Smith/HOU/ECT@ECT\ncc:\nSubject: Friday\n\nCan you make Friday?\n"
    )
    read = read_body("Re: Friday", body)
    assert read.sections[0].text == "I can make it."
    assert (
        read.reply_origin is not None and read.reply_origin.sender == "Jane Doe <jane@example.com>"
    )
    assert read.reply_origin.date == datetime.fromisoformat("2000-01-09T17:12:45+00:00")


def test_disclaimer_and_list_footer_at_the_end_are_dropped() -> None:
    body = (
        "The draft is in the inbox.\n\nBest regards\nMilan\n\nCONFIDENTIALITY MESSAGE\n"
        "This email message is confidential and is intended for the exclusive use of the "
        "addressee.\n\n" + "#" * 72 + "\n\nTo unsubscribe from the EVS list, click the "
        "following link:\nhttp://list.etsi.org/scripts/wa.exe?SUBED1=EVS&A=1\n\n" + "#" * 72
    )
    assert own_text(body, "Draft") == "The draft is in the inbox.\n\nBest regards\nMilan"


def test_german_and_chinese_disclaimers_are_dropped() -> None:
    german = (
        "Anbei die Zahlen.\n\nDiese E-Mail ist vertraulich. Wenn Sie nicht der richtige "
        "Adressat sind, informieren Sie bitte den Absender.\n"
    )
    chinese = (
        "附件是报价。\n\n本邮件及其附件含有保密信息，仅限于发送给上面地址中列出的个人或群组。\n"
    )
    assert own_text(german, "Zahlen") == "Anbei die Zahlen."
    assert own_text(chinese, "报价") == "附件是报价。"


def test_a_short_sentence_about_confidentiality_is_the_writers() -> None:
    assert own_text("Please keep this confidential.\n", "Plan") == "Please keep this confidential."


def test_external_sender_banner_is_dropped() -> None:
    body = "CAUTION: This email originated from outside of the organization.\nDear all,\nhi\n"
    assert own_text(body, "x") == "Dear all,\nhi"


def test_mailing_list_footer_and_pgp_signature() -> None:
    body = (
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nThe patch looks right.\n"
        "-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n"
        "_______________________________________________\nnotmuch mailing list\n"
        "notmuch@notmuchmail.org\nhttps://notmuchmail.org/mailman/listinfo/notmuch\n"
    )
    assert own_text(body, "Re: patch") == "The patch looks right."


def test_a_patch_from_line_on_top_is_the_mails_own_text() -> None:
    body = (
        "From: Carl Worth <cworth@example.org>\nDate: Tue, 17 Nov 2009 10:00:00 -0800\n"
        "Subject: [PATCH] fix\n\nThe fix.\n"
    )
    read = read_body("[PATCH] fix", body)
    assert "The fix." in read.sections[0].text and read.reply_origin is None


def test_a_long_text_after_dashes_is_not_a_signature() -> None:
    tail = "\n".join(f"Line {n} of real content." for n in range(30))
    assert "Line 29 of real content." in own_text(f"Intro.\n--\n{tail}\n")


def test_a_message_that_is_only_a_quote_keeps_its_text() -> None:
    body = "> only quoted text\n> nothing new"
    assert own_text(body) == body


def test_text_is_always_the_display_with_whole_lines_removed() -> None:
    bodies = [
        "A\n> b\nC\n-- \nsig",
        "x\n\n\n\n> q\n\ny\n",
        "  indented first line\n> quote\n",
        "Ja.\n\nAm Montag schrieb Bob:\n> Frage\n",
        "FYI\n\n---------- Forwarded message ---------\nFrom: A <a@x>\nDate: Mon, 5 Feb 2024"
        " 10:00:00 +0100\nSubject: S\n\nBody\n\nOn Mon, A wrote:\n> old\n",
        "Hi\n\n-----Original Message-----\nFrom: B\nSent: Monday, February 5, 2024\n"
        "To: C\nSubject: x\n\n> nested\n",
    ]
    for body in bodies:
        assert_whole_lines_removed(read_body("Re: x", body), body)


def test_supercite_initials_quote_like_a_bracket() -> None:
    body = (
        "Twas brillig when lars@example.org did gyre and gimble:\n\n"
        " LK> Resulted in 4604 lines of errors\n LK>   Error opening\n\n"
        "Too many open files: raise the ulimit.\n"
    )
    kept = own_text(body, "Re: [notmuch] Working with Maildir storage?")
    assert "Too many open files: raise the ulimit." in kept
    assert "4604" not in kept and "Error opening" not in kept


def test_a_word_before_a_greater_than_sign_in_prose_stays() -> None:
    kept = own_text("The ratio a>b holds.\nx>1 is fine too.\n")
    assert kept == "The ratio a>b holds.\nx>1 is fine too."
