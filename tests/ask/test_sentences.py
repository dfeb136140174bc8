"""Sentence splitting for the key sentence: where a sentence ends, in English, German, Chinese."""

from __future__ import annotations

import pytest

from assistant.ask.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_periods_question_and_exclamation_marks_end_sentences():
    assert sentences("The floor is done. Call me! Is that fine?") == [
        "The floor is done.",
        "Call me!",
        "Is that fine?",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Boden wurde z. B. von Dr. Meier repariert, Tel. 030 1234567.",
        "Wir kommen um 14.30 Uhr am 19.11.2024 vorbei.",
        "Rufen Sie an: +49 30 1234567 oder 0152 28817364.",
        "Die Rechnung über 2.340,00 € kommt am 17. Juni per Post.",
        "Ausführung wäre ab dem 17. Juni möglich, Dauer ca. 4 Tage.",
        "Mr. Hughes and Mrs. Lin met at 9.30 a.m. on the 3rd.",
        "K. Okonkwo-Meier, Klassenlehrerin 3b.",
        "The price is EUR 26,400.00 incl. VAT for 10.5 kW.",
    ],
)
def test_abbreviations_initials_ordinals_decimals_times_and_phones_end_nothing(sentence):
    assert sentences(f"Hallo.\n\n{sentence} Danach.") == ["Hallo.", sentence, "Danach."]


def test_chinese_sentences_end_at_full_width_marks_without_spaces():
    text = "地板修好了。费用一共2400元！以后有问题吗？直接打我电话 138 0013 8000。"
    assert sentences(text) == [
        "地板修好了。",
        "费用一共2400元！",
        "以后有问题吗？",
        "直接打我电话 138 0013 8000。",
    ]


def test_a_hard_wrapped_sentence_is_one_sentence_and_short_lines_stand_alone():
    text = (
        "Hi Sam,\n\n"
        "thanks for showing me the hallway yesterday. Replacing the six loose oak boards and\n"
        "refinishing the hallway floor comes to 850 GBP including materials. I can start on the\n"
        "22nd of March; it takes two days.\n\n"
        "Mike O'Brien\nO'Brien Floors"
    )
    assert sentences(text) == [
        "Hi Sam,",
        "thanks for showing me the hallway yesterday.",
        "Replacing the six loose oak boards and\nrefinishing the hallway floor comes to 850 GBP "
        "including materials.",
        "I can start on the\n22nd of March; it takes two days.",
        "Mike O'Brien",
        "O'Brien Floors",
    ]


def test_list_items_and_lines_after_a_colon_are_sentences_of_their_own():
    text = (
        "Die wichtigsten Werte der Jahresabrechnung für Ihr Darlehen sind:\n"
        "Restschuld zum 31.12.2022: 312.480,17 €\n"
        "- gezahlte Zinsen 2022: 3.689,42 € und dazu die Tilgung im ganzen Jahr\n"
        "- monatliche Rate: 1.485,00 €"
    )
    assert sentences(text) == [
        "Die wichtigsten Werte der Jahresabrechnung für Ihr Darlehen sind:",
        "Restschuld zum 31.12.2022: 312.480,17 €",
        "- gezahlte Zinsen 2022: 3.689,42 € und dazu die Tilgung im ganzen Jahr",
        "- monatliche Rate: 1.485,00 €",
    ]


def test_a_lower_case_word_after_a_period_continues_the_sentence():
    assert sentences("Sorry ... go ahead. Fine.") == ["Sorry ... go ahead.", "Fine."]


def test_spans_point_into_the_text_and_blank_text_has_none():
    text = "  Erster Satz.   Zweiter Satz.  "
    first, second = text.index("Erster"), text.index("Zweiter")
    assert sentence_spans(text) == [(first, first + 12), (second, second + 13)]
    assert sentence_spans(" \n\n ") == []


def test_a_long_run_without_punctuation_is_cut_at_its_lines():
    lines = ["word " * 20 + str(n) for n in range(10)]
    assert len(sentences("\n".join(lines))) == 10
