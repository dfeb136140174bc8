"""Reflowing mail for the viewer: format=flowed with and without DelSp, hard-wrapped
paragraphs joined, quotes, lists, patches, trailers and signatures kept; on real LKML and
notmuch mail from the shared corpora, and on English, German and Chinese text."""

from __future__ import annotations

from pathlib import Path

import ingest
from assistant.ask.mail_flow import flowed_of
from assistant.ask.passage import find_passage, paragraph_span
from assistant.ask.reflow import Flowed, reflow, reflow_page
from tests.support import CORPORA, needs_corpora

LKML = CORPORA / "mail" / "lkml" / "cur"


def _body(path: Path) -> str:
    return ingest.read(path).documents[0].sections[0].display_text


def test_flowed_soft_breaks_join_and_hard_breaks_stay() -> None:
    sent = "Der Handwerker kommt am \nDienstag um neun.\nBitte Kaffee.\n\nGruß\n-- \nAnna"
    assert reflow(sent, Flowed()) == (
        "Der Handwerker kommt am Dienstag um neun.\nBitte Kaffee.\n\nGruß\n-- \nAnna"
    )


def test_flowed_delsp_removes_the_senders_space_only() -> None:
    sent = "The boiler is sched \nuled for  \nTuesday.\n我们下周二 \n来检查。"
    assert reflow(sent, Flowed(delete_space=True)) == (
        "The boiler is scheduled for Tuesday.\n我们下周二来检查。"
    )
    assert reflow(sent, Flowed()) == "The boiler is sched uled for  Tuesday.\n我们下周二 来检查。"


def test_flowed_quotes_join_within_their_depth_and_lose_stuffing() -> None:
    sent = "> Wann kommt \n> der Monteur?\n>> Nächste \n>> Woche.\n  stuffed line"
    assert reflow(sent, Flowed()) == (
        "> Wann kommt der Monteur?\n> > Nächste Woche.\n stuffed line"
    )


WRAPPED = (
    "Hi Bob,\n\n"
    "the plumber came on Tuesday and replaced the valve under the kitchen sink,\n"
    "which had been leaking since the spring; he also checked the pressure and\n"
    "said everything is fine now.\n\n"
    "> Did he say anything about the boiler in the basement, which was making\n"
    "> that noise again?\n\n"
    "- new valve: 45 EUR\n"
    "- labour: 60 EUR, paid in cash on the day he came to do the work here\n"
    "    indented code stays\n"
    "Thanks\n"
)


def test_hard_wrapped_paragraphs_join_and_the_rest_stays() -> None:
    shown = reflow(WRAPPED).split("\n")
    assert shown[2] == (
        "the plumber came on Tuesday and replaced the valve under the kitchen sink, which had "
        "been leaking since the spring; he also checked the pressure and said everything is "
        "fine now."
    )
    assert shown[0] == "Hi Bob,", "a short line is not joined to what follows"
    assert "> that noise again?" in shown, "quotes are kept as sent"
    assert "- labour: 60 EUR, paid in cash on the day he came to do the work here" in shown
    assert "    indented code stays" in shown and shown[-2:] == ["Thanks", ""]


def test_hard_wrapped_german_and_chinese() -> None:
    german = (
        "Der Schornsteinfeger war am Montag da und hat die Heizung im Keller geprüft,\n"
        "alles in Ordnung.\nViele Grüße\n"
    )
    assert reflow(german) == (
        "Der Schornsteinfeger war am Montag da und hat die Heizung im Keller geprüft, "
        "alles in Ordnung.\nViele Grüße\n"
    )
    first = "上周水管工来修理了厨房水槽下面的阀门，他还检查了水压，说一切正常。我们付"
    chinese = f"{first}\n了一百零五欧元。\n谢谢\n"
    assert reflow(chinese) == f"{first}了一百零五欧元。\n谢谢\n", "no space between characters"


def test_short_lines_alone_are_not_joined() -> None:
    poem = "Roses are red\nViolets are blue\n天很蓝\nDie Sonne scheint\n"
    assert reflow(poem) == poem


def test_a_patch_and_trailers_stay_as_sent() -> None:
    sent = (
        "This patch makes the driver probe the second controller as well, which the\n"
        "board in question has.\n\n"
        "Signed-off-by: Anna Schmidt <anna@example.org>\n"
        "Reviewed-by: Jan Brenner <jan@example.org>\n"
        "---\n drivers/x.c | 2 +-\n"
        "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-old line of code here\n"
        "+new line of code that is long enough to have been wrapped in prose, yes\n"
        "continuing context line\n"
    )
    shown = reflow(sent)
    assert shown.startswith("This patch makes the driver probe the second controller as well, "
                            "which the board in question has.\n\n")  # fmt: skip
    assert shown.split("\n\n", 1)[1] == sent.split("\n\n", 1)[1], "trailers and patch kept"


@needs_corpora
def test_real_flowed_delsp_lkml_mail() -> None:
    path = LKML / "1382298805.004551:2,"
    flowed = flowed_of(path)
    assert flowed == Flowed(delete_space=True)
    shown = reflow(_body(path), flowed)
    assert "Listening for HCI events on hci0\n" in shown
    assert "Unable to find matching adapter\n" in shown
    assert "let me know if there is something I can test\n" in shown
    assert "\nJustin P. Mattock" in shown


@needs_corpora
def test_real_hard_wrapped_notmuch_reply_keeps_its_quote() -> None:
    path = LKML / "1354585346.000265:2,"
    assert flowed_of(path) is None
    body = _body(path)
    shown = reflow(body)
    assert "> +notmuch_message_get_flags (notmuch_message_t *message)" in shown
    paragraph = next(p for p in shown.split("\n\n") if p.startswith("This function"))
    assert "\n" not in paragraph and "inside the library instead of exposing them." in paragraph
    assert shown.endswith("-- \nkeith.packard@intel.com") or "-- \nkeith" in shown
    assert len(shown.split("\n")) < len(body.split("\n"))


@needs_corpora
def test_real_patch_mail_keeps_the_patch_and_joins_the_log() -> None:
    path = LKML / "1354585346.000260:2,"
    body = _body(path)
    shown = reflow(body)
    patch = body[body.index("Signed-off-by:") :]
    assert shown.endswith(patch), "trailers, diffstat and diff untouched"
    log = shown.split("\n\n")[0]
    assert "\n" not in log and log.startswith("With the new notmuch_message_get_flags()")


def test_find_passage_ignores_line_breaks_and_widens_to_paragraphs() -> None:
    text = reflow(WRAPPED)
    span = find_passage(text, "replaced the valve\nunder the kitchen sink")
    assert (
        span is not None and text[span[0] : span[1]] == "replaced the valve under the kitchen sink"
    )
    start, end = paragraph_span(text, span)
    assert text[start:end].startswith("the plumber came") and text[end:].startswith("\n\n>")
    assert find_passage("我们付了一百", "我们付\n了一百") == (0, 6)
    assert find_passage("Die Heizung", "Der Kessel") is None


def test_pdf_page_lines_join_into_paragraphs_in_three_languages() -> None:
    page = (
        "Rechnung Nr. 2024-0917\n"
        "Für das Schleifen und Ölen des Flurs im Erdgeschoss berechnen wir wie vereinbart\n"
        "den Festpreis; die Arbeiten wurden am 17. September abgeschlossen.\n"
        "The invoice is payable within fourteen days of receipt, without any deduction at all\n"
        "please.\n"
        "地板打磨和上油的费用按照约定的固定价格计算，工作已于九月十七日完成，请在收到发票后十四天内付款，谢谢合作\n"
        "谢谢。\n"
        "- 840 EUR\n"
    )
    lines = reflow_page(page).split("\n")
    assert lines[0] == "Rechnung Nr. 2024-0917", "a short heading line stays"
    assert lines[1].endswith(
        "wie vereinbart den Festpreis; die Arbeiten wurden am 17. September abgeschlossen."
    )
    assert lines[2].endswith("at all please.") and lines[3].endswith("谢谢合作谢谢。")
    assert lines[4] == "- 840 EUR"


@needs_corpora
def test_real_pdf_page_is_joined_but_keeps_its_words() -> None:
    pdf = CORPORA / "pdf" / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"
    page = ingest.read(pdf).documents[0].sections[0].display_text
    shown = reflow_page(page)
    assert shown.split() == page.split(), "only line breaks change"
    assert len(shown.split("\n")) < len(page.split("\n")) / 2


def test_quoted_outlook_header_blocks_are_never_joined() -> None:
    for header in (
        "From: Thorsten Hertel <thorsten.hertel@example.com> On Behalf Of the list archive\n"
        "Sent: Tuesday, November 19, 2019 11:29 AM\nTo: list@example.org\n",
        "Von: Anna Schmidt <anna@example.org> im Auftrag von der Hausverwaltung Brenner\n"
        "Gesendet: Dienstag, 19. November 2019 11:29\nAn: Jan Brenner\n",
        "Från: Erik Lind <erik@example.se> för räkning av listan för alla deltagare här\n"
        "Skickat: den 19 november 2019 11:29\nTill: lista@example.se\n",
        "发件人: 王芳 <wang@example.cn> 代表 物业管理处 发送给全体业主的通知邮件列表的全部成员们\n"
        "发送时间: 2019年11月19日 11:29\n收件人: 全体业主\n",
    ):
        body = (
            "Please find the revised proposal in the drafts folder, as discussed in the call\n"
            "today.\n\n" + header
        )
        shown = reflow(body)
        assert shown.endswith(header), "the header block stays line by line"
        assert shown.startswith("Please find the revised proposal in the drafts folder, as "
                                "discussed in the call today.")  # fmt: skip


def test_mail_sent_as_long_lines_is_left_alone() -> None:
    long = "Der Kostenvoranschlag für die Heizung liegt bei, bitte bis Freitag prüfen. " * 3
    body = (
        f"{long.strip()}\n{long.strip()}\n"
        "This sentence stands on a line of its own and ends close to the edge.\n"
        "这一行是单独的一句话，不应该和上一行合并。\n"
    )
    assert reflow(body) == body
