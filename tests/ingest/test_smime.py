"""S/MIME opaque-signed mail is readable without a key; enveloped (encrypted) mail is not."""

from __future__ import annotations

from ingest_helpers import MAIL

import ingest
from ingest.smime import signed_content
from tests.support import needs_corpora

SIGNED_DATA = bytes.fromhex("2a864886f70d010702")
DATA = bytes.fromhex("2a864886f70d010701")
ENTITY = b"Content-Type: text/plain; charset=utf-8\r\n\r\nHallo Welt, Gr\xc3\xbc\xc3\x9fe.\r\n"


def tlv(tag: int, content: bytes) -> bytes:
    if len(content) < 0x80:
        return bytes([tag, len(content)]) + content
    size = len(content).to_bytes(2, "big")
    return bytes([tag, 0x82]) + size + content


def indefinite(tag: int, *children: bytes) -> bytes:
    return bytes([tag, 0x80]) + b"".join(children) + b"\0\0"


def test_definite_length_der() -> None:
    encapsulated = tlv(0x30, tlv(0x06, DATA) + tlv(0xA0, tlv(0x04, ENTITY)))
    signed = tlv(0x30, tlv(0x02, b"\x01") + tlv(0x31, b"") + encapsulated + tlv(0x31, b""))
    blob = tlv(0x30, tlv(0x06, SIGNED_DATA) + tlv(0xA0, signed))
    assert signed_content(blob) == ENTITY


def test_indefinite_length_ber_with_chunked_octets() -> None:
    octets = indefinite(0x24, tlv(0x04, ENTITY[:20]), tlv(0x04, ENTITY[20:]))
    encapsulated = indefinite(0x30, tlv(0x06, DATA), indefinite(0xA0, octets))
    signed = indefinite(0x30, tlv(0x02, b"\x01"), tlv(0x31, b""), encapsulated)
    blob = indefinite(0x30, tlv(0x06, SIGNED_DATA), indefinite(0xA0, signed))
    assert signed_content(blob) == ENTITY


def test_garbage_and_other_cms_types_give_none() -> None:
    assert signed_content(b"") is None
    assert signed_content(b"\x30\x82\xff\xff\x06") is None
    enveloped = tlv(0x30, tlv(0x06, bytes.fromhex("2a864886f70d010703")) + tlv(0xA0, b""))
    assert signed_content(enveloped) is None


@needs_corpora
def test_opaque_signed_corpus_mail_is_readable() -> None:
    (doc,) = ingest.read(MAIL / "pkcs7" / "smime-onepart-signed.eml").documents
    assert doc.notes == ()
    assert doc.sections[0].text.startswith("Bob, we need to cancel this contract.")


@needs_corpora
def test_enveloped_corpus_mail_is_encrypted() -> None:
    (doc,) = ingest.read(MAIL / "protected-headers" / "smime-sign+enc.eml").documents
    assert doc.notes == ("encrypted (S/MIME): the body cannot be read",)
