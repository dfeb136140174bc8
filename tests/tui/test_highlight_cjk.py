"""tui.highlight.terms: every Han character of a question is a highlight term (store.cjk.HAN)."""

from __future__ import annotations

from tui.highlight import terms


def test_han_characters_are_terms_and_kana_and_compatibility_ideographs_are_not() -> None:
    chosen = terms("floor Boden 地板 の㐀 \uf900")  # U+F900: a compatibility ideograph
    assert sorted(chosen) == sorted(["boden", "floor", "地", "㐀", "板"])
    assert sorted(terms("東京の会議")) == sorted(["東京の会議", "東", "京", "会", "議"])
