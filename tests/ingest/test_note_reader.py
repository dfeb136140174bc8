"""Notes in German, Chinese, Org syntax and in the encodings people's editors really write."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ingest_helpers import NOTES

import ingest

GERMAN = "Grüße aus Köln: Die Fußbodenheizung im Erdgeschoß läuft wieder. Übermorgen kommt Jörg."


def only_document(path: Path) -> ingest.Document:
    result = ingest.read(path)
    assert result.failure is None, result.failure
    assert len(result.documents) == 1
    return result.documents[0]


def test_german_markdown_front_matter_becomes_metadata() -> None:
    doc = only_document(NOTES / "haus-renovierung.md")
    assert doc.kind == "note"
    assert doc.title == "Renovierung Haus Lindenstraße"
    assert doc.tags == ("haus", "renovierung", "handwerker")
    assert doc.date == datetime(2023, 3, 14, tzinfo=UTC)
    assert doc.source_path == str((NOTES / "haus-renovierung.md").absolute())
    assert doc.locator == ""
    assert all("title:" not in s.text for s in doc.sections)


def test_markdown_headings_become_sections_with_paths() -> None:
    doc = only_document(NOTES / "haus-renovierung.md")
    headings = [s.heading for s in doc.sections]
    assert headings == [
        "Haus",
        "Haus > Boden > Flur",
        "Haus > Boden > Wohnzimmer",
        "Haus > Heizung",
    ]
    flur = doc.sections[1]
    assert "0171 555 1234" in flur.text
    assert flur.text == flur.display_text
    assert flur.page is None
    # A "#" line inside a fenced code block is code, not a heading.
    assert "# Kein Abschnitt" in doc.sections[2].text


def test_chinese_note_title_from_first_h1() -> None:
    doc = only_document(NOTES / "装修笔记.md")
    assert doc.title == "装修笔记"
    assert [s.heading for s in doc.sections] == ["装修笔记 > 厨房", "装修笔记 > 卫生间"]
    assert "王师傅" in doc.sections[0].text


def test_org_keywords_headings_and_blocks() -> None:
    doc = only_document(NOTES / "projekt.org")
    assert doc.title == "Gartenprojekt 2024"
    assert doc.tags == ("garten", "projekt", "bauen")
    assert doc.date == datetime(2024, 4, 2, 9, 30, tzinfo=UTC)
    assert [s.heading for s in doc.sections] == [
        "",
        "Hochbeet",
        "Hochbeet > Erde bestellen",
        "Obstbäume",
    ]
    assert "* keine Überschrift" in doc.sections[2].text
    assert "#+TITLE" not in doc.sections[0].text


def test_plain_text_title_is_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Einkaufsliste.txt"
    path.write_text("Milch\nBrot\n", encoding="utf-8")
    doc = only_document(path)
    assert doc.title == "Einkaufsliste"
    assert [s.text for s in doc.sections] == ["Milch\nBrot"]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(("\r\n".join([GERMAN, "第二行：中文。"])).encode("utf-16"))
    doc = only_document(path)
    assert doc.sections[0].text == f"{GERMAN}\n第二行：中文。"
    assert doc.notes == ()


def test_latin1_note_is_guessed(tmp_path: Path) -> None:
    path = tmp_path / "alt.txt"
    path.write_bytes((GERMAN + "\n").encode("latin-1"))
    doc = only_document(path)
    assert doc.sections[0].text == GERMAN
    assert any("guessed" in note for note in doc.notes)


def test_invalid_utf8_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.md"
    path.write_bytes(f"# Notiz\n\n{GERMAN} kaputt 北京".encode() + b" \xff\xfe Ende")
    doc = only_document(path)
    text = doc.sections[0].text
    assert "Fußbodenheizung" in text and "北京" in text and "Ende" in text
    assert "\ufffd" in text
    assert any("invalid UTF-8" in note for note in doc.notes)


def test_invalid_front_matter_is_a_note_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.md"
    path.write_text("---\ntitle: [unclosed\n---\nText bleibt lesbar.\n", encoding="utf-8")
    doc = only_document(path)
    assert "Text bleibt lesbar." in doc.sections[0].text
    assert doc.title == "kaputt"
    assert "front matter is not valid YAML" in doc.notes


def test_front_matter_tags_as_string_and_german_date(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("---\ntags: '#auto, werkstatt'\ndate: 24.12.2023\n---\nReifenwechsel.\n")
    doc = only_document(path)
    assert doc.tags == ("auto", "werkstatt")
    assert doc.date == datetime(2023, 12, 24, tzinfo=UTC)


def test_empty_and_binary_notes_fail_with_reasons(tmp_path: Path) -> None:
    empty = tmp_path / "leer.md"
    empty.write_text("  \n\n")
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert ingest.read(empty).failure == "empty file"
    assert ingest.read(binary).failure == "not a text file"
    assert ingest.read(binary).kind == "note"


def test_content_hash_is_stable_and_tracks_content(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Titel\n\nInhalt eins.\n", encoding="utf-8")
    first = only_document(path).content_hash
    assert only_document(path).content_hash == first
    copy = tmp_path / "b.md"
    copy.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert only_document(copy).content_hash == first  # same content, other line endings
    path.write_text("# Titel\n\nInhalt zwei.\n", encoding="utf-8")
    assert only_document(path).content_hash != first


def test_a_note_of_only_headings_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "gliederung.md"
    path.write_text("# Umzug\n## Kisten\n## Ummelden\n", encoding="utf-8")
    doc = only_document(path)
    assert doc.title == "Umzug"
    assert "Ummelden" in doc.sections[0].text
