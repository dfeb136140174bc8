"""What the embedder sees of a reply: the new words, not the quoted thread or the signature."""

from __future__ import annotations

from ingest.mail_quotes import strip_replies
from ingest.spans import offset_mapper


def lines_are_a_subsequence(text: str, display: str) -> bool:
    offset_mapper(text, display)  # raises ValueError when they are not
    return True


def test_bottom_quote_with_wrapped_english_attribution() -> None:
    body = (
        "Sounds good, see you at 5.\n\n"
        "On Tue, Feb 6, 2024 at 10:15 AM Bob Example\n<bob@example.org> wrote:\n"
        "> Shall we meet at 5?\n> \n> Bob\n"
    )
    assert strip_replies(body) == "Sounds good, see you at 5."


def test_interleaved_replies_keep_every_answer() -> None:
    body = "Hi,\n\n> Who tiled the floor?\nHerr Meier.\n\n> His number?\n0171 555 1234\n\nCheers\n"
    kept = strip_replies(body)
    assert "Herr Meier." in kept and "0171 555 1234" in kept
    assert "Who tiled" not in kept and "His number?" not in kept


def test_outlook_original_message_block_in_german() -> None:
    body = (
        "Passt, danke!\n\n-----Ursprüngliche Nachricht-----\nVon: Bob\n"
        "Gesendet: Montag, 5. Februar 2024 10:00\nBetreff: Termin\n\nAlter Text.\n"
    )
    assert strip_replies(body) == "Passt, danke!"


def test_outlook_header_block_without_separator() -> None:
    body = (
        "Ja, mache ich.\n\nFrom: Bob <bob@example.org>\nSent: Monday, February 5, 2024\n"
        "To: Alice\nSubject: Termin\n\nOld text.\n"
    )
    assert strip_replies(body) == "Ja, mache ich."


def test_forwarded_message_is_content_not_a_reply() -> None:
    body = (
        "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Bank <info@bank.de>\n"
        "Date: Mon, Feb 5, 2024\nSubject: Kontoauszug\n\nIhr Kontoauszug ist da.\n"
    )
    assert "Ihr Kontoauszug ist da." in strip_replies(body)


def test_chinese_attribution_and_signature() -> None:
    body = (
        "好的，明天见。\n\n在 2024年2月5日 10:00，王师傅 写道：\n> 明天上午可以吗？\n\n"
        "-- \n王师傅\n138 0013 8000\n"
    )
    assert strip_replies(body) == "好的，明天见。"


def test_mailing_list_footer_and_pgp_signature() -> None:
    body = (
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nThe patch looks right.\n"
        "-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n"
        "_______________________________________________\nnotmuch mailing list\n"
        "notmuch@notmuchmail.org\nhttps://notmuchmail.org/mailman/listinfo/notmuch\n"
    )
    assert strip_replies(body) == "The patch looks right."


def test_a_long_text_after_dashes_is_not_a_signature() -> None:
    tail = "\n".join(f"Line {n} of real content." for n in range(30))
    body = f"Intro.\n--\n{tail}\n"
    assert "Line 29 of real content." in strip_replies(body)


def test_a_message_that_is_only_a_quote_keeps_its_text() -> None:
    body = "> only quoted text\n> nothing new\n"
    assert strip_replies(body) == body.rstrip("\n")


def test_result_is_always_the_body_with_whole_lines_removed() -> None:
    bodies = [
        "A\n> b\nC\n-- \nsig",
        "x\n\n\n\n> q\n\ny\n",
        "  indented first line\n> quote\n",
        "Ja.\n\nAm Montag schrieb Bob:\n> Frage\n",
    ]
    for body in bodies:
        assert lines_are_a_subsequence(strip_replies(body), body)
