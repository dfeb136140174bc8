"""Whether a mail's body was sent as format=flowed, read from the file's own MIME headers.

The readers keep a body's text, not its Content-Type parameters, and the index has no column
for them; the viewer needs them only to re-join soft line breaks (`assistant.ask.reflow`), so
the file is asked again when it holds one message. A file that cannot be parsed, or an mbox,
gives None: the text is then treated as hard-wrapped, which joins soft breaks all the same
except the DelSp spaces.
"""

from __future__ import annotations

from email import message_from_binary_file, policy
from email.message import Message
from pathlib import Path

from assistant.ask.reflow import Flowed

_LARGEST_PROBED_FILE = 20 * 1024 * 1024


def flowed_of(path: Path) -> Flowed | None:
    """The body's format=flowed parameters, or None (not flowed, or not a one-message file)."""
    try:
        if path.stat().st_size > _LARGEST_PROBED_FILE:
            return None
        with path.open("rb") as file:
            message = message_from_binary_file(file, policy=policy.compat32)
    except (OSError, ValueError):
        return None
    body = _first_plain_part(message)
    if body is None or str(body.get_param("format", "")).lower() != "flowed":
        return None
    return Flowed(delete_space=str(body.get_param("delsp", "")).lower() == "yes")


def _first_plain_part(message: Message) -> Message | None:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part
    return None
