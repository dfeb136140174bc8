"""`assistant doctor` reads a test line through the real OCR worker, and says when it cannot."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.config import Config
from assistant.doctor import ocr as doctor_ocr
from assistant.doctor.ocr import check_ocr


def test_the_engine_reads_the_test_line(config: Config) -> None:
    finding = check_ocr(config)
    assert (finding.check, finding.status) == ("ocr", "ok"), finding
    assert finding.detail.startswith("rapidocr 3.10")


def test_off_and_missing_engine_are_said_with_the_fix(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    off = check_ocr(replace(config, index=replace(config.index, ocr="off")))
    assert (off.status, off.detail) == (
        "ok",
        'OCR is off (index.ocr = "off"): scans and images are not read',
    )
    monkeypatch.setattr(doctor_ocr, "engine_installed", lambda: False)
    missing = check_ocr(config)
    assert missing.status == "warn" and "pip install" in missing.fix


def test_a_missing_heic_decoder_is_a_warning_with_the_fix(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doctor_ocr, "heif_readable", lambda: False)
    finding = check_ocr(config)
    assert finding.status == "warn" and finding.detail.endswith("HEIC photos are not read")
    assert finding.fix == "pip install pillow-heif"


def test_a_misread_line_fails(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = doctor_ocr._probe_png
    monkeypatch.setattr(doctor_ocr, "_probe_png", lambda _text: shown("Total 9876"))
    finding = check_ocr(config)
    assert finding.status == "fail" and "did not read a test line" in finding.detail
    assert "9876" in finding.detail  # what it did read, so the person sees it works at all
