"""Picking a message's readable body and its indexable attachments out of the MIME tree.

Real mail nests alternatives in mixed parts in signed parts, labels charsets wrongly,
marks bodies as attachments and the other way round. The rules here: the body is the first
non-attachment text/plain (text/html converted when plain is missing or blank); other inline
text parts without a file name (list footers) are appended to it; alternatives of the body
are skipped; text and PDF attachments are kept with their names for the attachment reader.
S/MIME opaque-signed bodies are unwrapped (see `smime`); encrypted parts only mark the
message as unreadable; a text part whose bytes are binary is left out with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

from ingest.decoding import decode_bytes, normalize_text, undo_surrogateescape
from ingest.heif import HEIF_TYPES
from ingest.html_text import html_to_text
from ingest.mail_encoded import is_binary_payload
from ingest.mail_headers import decode_header_value
from ingest.smime import signed_content

PGP_MESSAGE = "-----BEGIN PGP MESSAGE-----"  # the armour line of an OpenPGP-encrypted body
_SMIME_TYPES = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
# Pictures OCR reads (ingest.images); an attached photo of a receipt is often the mail's point.
_SCAN_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/tiff"}) | HEIF_TYPES
_INDEXABLE_SUFFIXES = (".pdf", ".txt", ".md", ".markdown", ".org", ".csv", ".log", ".patch")


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    payload: bytes
    charset: str | None
    message: Message | None = None  # the parsed inner message of a message/rfc822 part


@dataclass
class MailParts:
    body: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    encryption: str | None = None  # "PGP/MIME", "S/MIME", "inline PGP" when unreadable
    notes: list[str] = field(default_factory=list)  # text parts left out, and why


def split_message(message: Message) -> MailParts:
    parts = MailParts()
    bodies: list[str] = []
    for part, parent_type in _leaves(message, ""):
        _classify(part, parent_type, parts, bodies)
    parts.body = "\n\n".join(b for b in bodies if b.strip())
    if PGP_MESSAGE in parts.body and parts.encryption is None:
        parts.encryption = "inline PGP"
    return parts


def part_text(part: Message) -> str:
    """A text part's content decoded with its declared charset (or a guess); HTML -> text."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    text = normalize_text(decode_bytes(data, part.get_content_charset()).text)
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _leaves(part: Message, parent_type: str) -> Iterator[tuple[Message, str]]:
    """Leaf parts with their parent's content type; encrypted containers are leaves too."""
    content_type = part.get_content_type()
    inner = _opaque_signed_entity(part) if content_type in _SMIME_TYPES else None
    if inner is not None:
        yield from _leaves(inner, parent_type)
        return
    if part.is_multipart() and content_type != "multipart/encrypted":
        if content_type == "message/rfc822":
            yield part, parent_type
            return
        children = part.get_payload()
        if content_type == "multipart/alternative":
            children = _preferred_alternative(children)
        for child in children if isinstance(children, list) else []:
            if isinstance(child, Message):
                yield from _leaves(child, content_type)
    else:
        yield part, parent_type


def _opaque_signed_entity(part: Message) -> Message | None:
    """The MIME entity inside S/MIME signed-data (readable without a key), else None."""
    payload = part.get_payload(decode=True)
    content = signed_content(payload) if isinstance(payload, bytes) else None
    return message_from_bytes(content) if content else None


def _preferred_alternative(children: object) -> list[Message]:
    """Of a multipart/alternative, the plain part if it has words, else the HTML part."""
    options = [c for c in children if isinstance(c, Message)] if isinstance(children, list) else []
    for wanted in ("text/plain", "text/html"):
        for child in options:
            if child.get_content_type() == wanted and part_text(child).strip():
                return [child]
    nested = [c for c in options if c.is_multipart()]
    return nested[-1:] or options[:1]


def _classify(part: Message, parent_type: str, parts: MailParts, bodies: list[str]) -> None:
    content_type = part.get_content_type()
    if content_type in ("multipart/encrypted", "application/pgp-encrypted"):
        parts.encryption = parts.encryption or "PGP/MIME"
    elif content_type in _SMIME_TYPES:
        parts.encryption = parts.encryption or _smime_kind(part)
    elif content_type in ("application/pgp-signature", "application/pkcs7-signature"):
        return
    elif _is_body_text(part, parent_type):
        if _binary_text(part):
            name = _filename(part) or content_type
            parts.notes.append(f"attachment: {name}: binary data in a text part, not indexed")
        else:
            bodies.append(part_text(part))
    elif _is_indexable_attachment(part):
        parts.attachments.append(_attachment(part))


def _binary_text(part: Message) -> bool:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    return is_binary_payload(data, part.get_content_charset())


def _smime_kind(part: Message) -> str:
    smime_type = str(part.get_param("smime-type") or "").lower()
    return "S/MIME signed-data" if smime_type == "signed-data" else "S/MIME"


def _is_body_text(part: Message, parent_type: str) -> bool:
    """Inline text without a file name; a single-part text message is its own body."""
    if part.get_content_maintype() != "text" or part.get_content_disposition() == "attachment":
        return False
    if parent_type == "":
        return True
    return part.get_content_subtype() in ("plain", "html") and not _filename(part)


def _is_indexable_attachment(part: Message) -> bool:
    name = _filename(part).lower()
    content_type = part.get_content_type()
    if content_type in ("message/rfc822", "application/pdf") or content_type.startswith("text/"):
        return True
    if content_type in _SCAN_TYPES:
        return _is_attached_picture(part)
    return name.endswith(_INDEXABLE_SUFFIXES)


def _is_attached_picture(part: Message) -> bool:
    """A photo or scan someone attached, not a picture of the mail's own layout: an HTML
    mail's logos and icons are inline parts the HTML names by Content-ID."""
    if part.get_content_disposition() == "attachment":
        return True
    return bool(_filename(part)) and part.get("Content-ID") is None


def _attachment(part: Message) -> Attachment:
    content_type = part.get_content_type()
    name = _filename(part) or _default_name(content_type)
    if content_type == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if isinstance(inner, Message):
            return Attachment(name, content_type, b"", None, inner)
    raw = part.get_payload(decode=True)
    data = raw if isinstance(raw, bytes) else b""
    return Attachment(name, content_type, data, part.get_content_charset())


def _filename(part: Message) -> str:
    """The attachment's name; RFC 2231 and (non-standard but common) RFC 2047 decoded."""
    try:
        raw = part.get_filename() or ""
    except Exception:  # malformed RFC 2231 parameters
        return ""
    name = undo_surrogateescape(decode_header_value(raw))
    return " ".join(normalize_text(name).split())


def _default_name(content_type: str) -> str:
    return "forwarded message" if content_type == "message/rfc822" else content_type
