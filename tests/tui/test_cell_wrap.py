"""Wrapping by cells: breaks between CJK characters but not before closing punctuation,
Latin words kept whole; recipients folded to the first names and a count."""

from __future__ import annotations

from rich.text import Text

from tui.cell_wrap import break_offsets, wrap_cells
from tui.headers import folded_recipients


def test_chinese_breaks_between_characters_not_at_spaces_only() -> None:
    rows = wrap_cells(Text("我们 上周 讨论了 房子的 暖气系统维修问题"), 20).plain.split("\n")
    assert rows == ["我们 上周 讨论了 房", "子的 暖气系统维修问", "题"], "19 of 20 cells each"


def test_no_break_before_closing_punctuation() -> None:
    rows = wrap_cells(Text("锅炉和管道检查好了。明天见"), 18).plain.split("\n")
    assert rows[0] == "锅炉和管道检查好" and rows[1].startswith("了。"), rows


def test_english_and_german_words_stay_whole_and_too_long_ones_fold() -> None:
    assert wrap_cells(Text("the boiler is serviced"), 12).plain == "the boiler\nis serviced"
    assert break_offsets("Heizungswartungsvertrag", 10) == [10, 20]
    assert break_offsets("Die Heizung", 40) == []


def test_recipients_fold_to_two_names_and_a_count() -> None:
    everyone = 'Anna Schmidt <anna@example.org>, "Brenner, Jan" <jan@example.org>, 王芳 <w@x.cn>'
    assert folded_recipients(everyone) == "Anna Schmidt, Brenner, Jan +1"
    assert folded_recipients("list@example.org") == "list@example.org"
    assert folded_recipients("王芳 <w@x.cn>, 李雷 <l@x.cn>") == "王芳, 李雷"
