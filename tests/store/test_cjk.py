"""store.cjk: which characters each named set holds, and the full-text rewrite built on CJK."""

from __future__ import annotations

import re

import pytest

from store.cjk import CJK, HAN, HAN_BASIC
from store.fts import index_text, query_terms

SAMPLES = {
    "Han, basic block": "会",
    "Han, Extension A": "㐀",
    "Han, Extension B": "\U00020000",
    "compatibility ideograph": "\uf900",
    "hiragana": "の",
    "katakana": "カ",
    "iteration mark": "々",
    "Hangul syllable": "한",
    "German letter": "ß",
    "full-width Latin": "Ａ",
}
MEMBERS = {
    HAN_BASIC: {"Han, basic block"},
    HAN: {"Han, basic block", "Han, Extension A"},
    CJK: set(SAMPLES) - {"German letter", "full-width Latin"},
}


@pytest.mark.parametrize("chars", [HAN_BASIC, HAN, CJK], ids=["HAN_BASIC", "HAN", "CJK"])
def test_each_set_holds_exactly_its_scripts(chars: str) -> None:
    inside = re.compile(f"[{chars}]")
    assert {name for name, c in SAMPLES.items() if inside.fullmatch(c)} == MEMBERS[chars]


def test_the_sets_nest_but_for_the_yijing_hexagrams() -> None:
    basic, han, cjk = (re.compile(f"[{s}]") for s in (HAN_BASIC, HAN, CJK))
    every = [chr(c) for c in range(0x3000, 0xFB00)]
    assert [c for c in every if basic.match(c) and not han.match(c)] == []
    hexagrams = [chr(c) for c in range(0x4DC0, 0x4E00)]  # between Extension A and the basic block
    assert [c for c in every if han.match(c) and not cjk.match(c)] == hexagrams


@pytest.mark.parametrize(
    ("text", "stored", "terms"),
    [
        ("東京の会議", " 東京 京の の会 会議 議 ", ['"東京"', '"京の"', '"の会"', '"会議"']),
        ("한국어 문장", " 한국 국어 어   문장 장 ", ['"한국"', '"국어"', '"문장"']),
        ("Straße 会议", "strasse  会议 议 ", ['"strasse"', '"会议"']),
        ("々\uf900\U00020000", " 々\u8c48 \u8c48\U00020000 \U00020000 ", None),
        ("Größe", "grösse", ['"grösse"']),
    ],
)
def test_full_text_rewrites_cjk_runs_into_bigrams(
    text: str, stored: str, terms: list[str] | None
) -> None:
    assert index_text(text) == stored  # NFKC folds U+F900 to U+8C48 first
    if terms is not None:
        assert query_terms(text) == terms
