"""Unwrapping S/MIME "opaque-signed" mail: the body is readable, just wrapped in a signature.

An `application/pkcs7-mime; smime-type=signed-data` part carries the whole signed MIME
entity inside a CMS SignedData structure. Nothing is encrypted, so the text can be read
without any key: walk the DER/BER encoding down to the encapsulated content octets
(RFC 5652: ContentInfo -> SignedData -> EncapsulatedContentInfo -> eContent). Signatures
are not verified; this is for search, not for trust. Anything unexpected gives None.
"""

from __future__ import annotations

_SIGNED_DATA_OID = bytes.fromhex("2a864886f70d010702")  # 1.2.840.113549.1.7.2
_OID, _OCTETS, _CONSTRUCTED_OCTETS = 0x06, 0x04, 0x24

_Tlv = tuple[int, int, int, int]  # tag, content start, content end, next position


def signed_content(der: bytes) -> bytes | None:
    """The signed MIME entity inside a CMS SignedData blob, or None if it is not one."""
    try:
        _, start, end, _ = _read(der, 0)
        content_type, explicit = _children(der, start, end)[:2]
        if content_type[0] != _OID or der[content_type[1] : content_type[2]] != _SIGNED_DATA_OID:
            return None
        signed_data = _children(der, explicit[1], explicit[2])[0]
        encapsulated = _children(der, signed_data[1], signed_data[2])[2]
        parts = _children(der, encapsulated[1], encapsulated[2])
        if len(parts) < 2:
            return None  # detached signature: no content inside
        return _octets(der, _children(der, parts[1][1], parts[1][2])[0])
    except (IndexError, ValueError, RecursionError):
        return None


def _read(der: bytes, position: int) -> _Tlv:
    tag, first = der[position], der[position + 1]
    position += 2
    if tag & 0x1F == 0x1F:
        raise ValueError("multi-byte tags do not occur in CMS")
    if first == 0x80:  # BER indefinite length: children up to the end-of-contents marker
        end = position
        while der[end : end + 2] != b"\0\0":
            end = _read(der, end)[3]
        return tag, position, end, end + 2
    if first < 0x80:
        length = first
    else:
        size = first & 0x7F
        length = int.from_bytes(der[position : position + size], "big")
        position += size
    if position + length > len(der):
        raise ValueError("length runs past the end of the data")
    return tag, position, position + length, position + length


def _children(der: bytes, start: int, end: int) -> list[_Tlv]:
    children = []
    while start < end and der[start : start + 2] != b"\0\0":
        child = _read(der, start)
        children.append(child)
        start = child[3]
    return children


def _octets(der: bytes, tlv: _Tlv) -> bytes:
    tag, start, end, _ = tlv
    if tag == _OCTETS:
        return der[start:end]
    if tag == _CONSTRUCTED_OCTETS:  # BER: the octets come in pieces
        return b"".join(_octets(der, child) for child in _children(der, start, end))
    raise ValueError("eContent is not an OCTET STRING")
