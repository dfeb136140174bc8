"""The CJK character sets, in one place, for the full-text index and for reading questions.

Chinese and Japanese are written without spaces, so every part that splits text into words
must know which characters are Han (and kana, Hangul). The sets live here, in the store, because
the store's full-text index is the lowest layer that needs them: `ingest` needs none, and
everything above (`assistant.ask`, `tui`) may import the store. They are three sets, not one,
on purpose: each is what its readers were built and tested with, and a wider set would change
their results (which characters make a question "Chinese", which become search bigrams).

Each value is the inside of a regular-expression character class: use it as f"[{HAN}]".
"""

from __future__ import annotations

# The basic CJK Unified Ideographs block (U+4E00..U+9FFF), where Chinese names and everyday
# Chinese text live: is a question Chinese (answer.language_of), Chinese names (ask.cues).
HAN_BASIC = "\u4e00-\u9fff"

# The basic block and Extension A before it (U+3400..U+4DBF): runs of Han characters in a
# question, for its keywords (ask.analysis), its length in words (ask.retrieval) and the
# characters the app highlights (tui.highlight). Kana are not in it: they end a run. The range
# also spans the 64 Yijing hexagram symbols (U+4DC0..U+4DFF) between the two blocks.
HAN = "\u3400-\u9fff"

# Every character the full-text index cuts into bigrams (store.fts): Han with all extensions and
# the compatibility ideographs, hiragana and katakana (with their phonetic extensions), the
# iteration marks 々〆〇, and Hangul syllables.
CJK = (
    "\u3005\u3006\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
