"""Bytes -> text for files and mail parts whose encoding nobody wrote down reliably.

People's notes are UTF-8 mostly, but also UTF-16 from Windows editors, Latin-1/cp1252 from
old German machines and GBK from old Chinese ones, and sometimes UTF-8 with a few broken
bytes. The order below tries the cheap, certain answers first (BOM, strict UTF-8) and only
then asks charset-normalizer to guess. Decoding never raises: unknown bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A few bad bytes in otherwise valid UTF-8 are corruption, not another encoding.
_MAX_BAD_UTF8_RATIO = 0.02
_SNIFF_BYTES = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Charset names that mail software writes but Python does not know, or knows too narrowly.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-roman": "mac-roman",
    "windows-874": "cp874",
    "unicode-1-1-utf-7": "utf-7",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None  # set when the encoding was guessed or bytes were replaced


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 BOM mean an image, archive or database, not text."""
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode with the BOM, else the declared charset, else UTF-8, else a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, None)
    codec = charset_codec(declared) if declared else None
    if codec and codec not in ("ascii", "utf-8"):
        return _decode(data, codec, None)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if _has_multibyte_utf8(data) and bad <= max(1, len(text) * _MAX_BAD_UTF8_RATIO):
        return Decoded(text, "utf-8", f"{bad} invalid UTF-8 byte sequence(s) replaced")
    return _guess(data)


def charset_codec(name: str | None) -> str | None:
    """The Python codec for a MIME charset name, or None when Python has no such codec."""
    if not name:
        return None
    cleaned = name.strip().strip("\"'").lower()
    cleaned = _CHARSET_ALIASES.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def normalize_text(text: str) -> str:
    """One form for all readers: LF line ends, NFC, no control characters but tab and LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
    return unicodedata.normalize("NFC", text)


def undo_surrogateescape(text: str) -> str:
    """Re-decode raw 8-bit bytes that the email parser smuggled in as surrogates."""
    if not _SURROGATE.search(text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text
    return decode_bytes(raw).text


def _decode(data: bytes, encoding: str, note: str | None) -> Decoded:
    text = data.decode(encoding, "replace")
    if note is None and "\ufffd" in text:
        note = f"undecodable bytes in {encoding} replaced"
    return Decoded(text, encoding, note)


def _has_multibyte_utf8(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None


def _guess(data: bytes) -> Decoded:
    best = from_bytes(data[:_SNIFF_BYTES]).best()
    encoding = charset_codec(best.encoding) if best is not None else None
    if encoding is None or encoding.startswith("utf"):
        encoding = "cp1252"
    return _decode(data, encoding, f"encoding guessed as {encoding}")
