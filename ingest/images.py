"""Image files (a photo of a receipt, a screenshot, a scan saved as PNG) as documents of kind
`image`, whose text is what OCR reads on them.

The date is the photo's own: EXIF DateTimeOriginal (with its OffsetTimeOriginal when the
camera wrote one; a camera's local time otherwise, read as this machine's), falling back to
the file's modification time, recorded as such ("modified ..."), as for notes. Only the
header is parsed here: the pixels are decoded in the OCR worker, under its limits.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from io import BytesIO
from pathlib import Path

from identity import FailureKind, ReadFailure
from ingest.documents import IMAGE, Metadata, ReadResult, Section, failed, make_document, succeeded
from ingest.heif import HEIF_SUFFIXES, NO_HEIF, heif_readable
from ingest.limits import DEFAULT_LIMITS, ReadLimits
from ingest.note_dates import MODIFIED
from ingest.ocr import engine_installed, read_image
from ingest.opening import open_regular
from ingest.scans import clean

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff"}) | HEIF_SUFFIXES
_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL, _OFFSET_TIME_ORIGINAL, _DATE_TIME = 36867, 36881, 306
OCR_OFF = 'an image: not read, OCR is off (index.ocr = "off")'
NO_ENGINE = "an image: not read, the OCR engine (rapidocr, onnxruntime) is not installed"
NO_TEXT_FOUND = "no text found in the image (OCR)"
_TOO_MANY = "the pixel limit (index.ocr_max_megapixels)"
NOT_AN_IMAGE = "not a readable image: damaged, or not the format its name says"


def read_image_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """The image's text as one section, or why there is none."""
    if limits.ocr.mode == "off":
        return failed(IMAGE, ReadFailure(FailureKind.NO_TEXT, OCR_OFF))
    if not engine_installed():
        return failed(IMAGE, ReadFailure(FailureKind.UNSUPPORTED, NO_ENGINE))
    if path.suffix.lower() in HEIF_SUFFIXES and not heif_readable():
        return failed(IMAGE, ReadFailure(FailureKind.UNSUPPORTED, NO_HEIF))
    with open_regular(path) as stream:
        data = stream.read()
        modified = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    problem = picture_problem(data, limits.ocr.max_pixels)
    if problem is not None:
        return failed(IMAGE, problem)
    if limits.between_pages is not None:
        limits.between_pages()
    outcome = read_image(data, limits.ocr)
    if outcome.failure:
        detail = f"image not read by OCR: {outcome.failure}"
        return failed(IMAGE, ReadFailure(FailureKind(outcome.kind), detail))
    text = clean(outcome.text)
    if not text:
        return failed(IMAGE, ReadFailure(FailureKind.NO_TEXT, NO_TEXT_FOUND))
    taken = exif_date(data)
    meta = Metadata(
        kind=IMAGE,
        title=path.stem,
        date=taken or modified,
        date_source=None if taken else MODIFIED,
    )
    section = Section("", text, text, None, ocr=True)
    return succeeded(IMAGE, [make_document(str(path.absolute()), meta, [section])])


def picture_problem(data: bytes, max_pixels: int) -> ReadFailure | None:
    """Why the bytes are not an image OCR should get, from the header alone (cheap: nothing
    is decoded, and no worker is started for a damaged file)."""
    from PIL import Image, UnidentifiedImageError

    heif_readable()  # a HEIC photo (from its bytes alone: mail attachments have no suffix)
    try:
        with Image.open(BytesIO(data)) as picture:
            width, height = picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return ReadFailure(FailureKind.MALFORMED, NOT_AN_IMAGE)
    except Image.DecompressionBombError:  # Pillow's own bound (~180 megapixels) fired first
        return ReadFailure(FailureKind.TOO_LARGE, f"the image has more than {_TOO_MANY}")
    if width * height > max_pixels:
        detail = f"the image is {width}x{height} pixels, more than {_TOO_MANY}"
        return ReadFailure(FailureKind.TOO_LARGE, detail)
    return None


def exif_date(data: bytes) -> datetime | None:
    """When the photo was taken, from its EXIF block; None without one or when unparsable."""
    from PIL import Image

    heif_readable()
    # Broken EXIF blocks are common; the date is optional.
    with contextlib.suppress(Exception), Image.open(BytesIO(data)) as picture:
        exif = picture.getexif()
        details = exif.get_ifd(_EXIF_IFD)
        stamp = details.get(_DATE_TIME_ORIGINAL) or exif.get(_DATE_TIME)
        if not stamp:
            return None
        taken = datetime.strptime(str(stamp).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
        offset = str(details.get(_OFFSET_TIME_ORIGINAL) or "").strip("\x00 ")
        if offset:
            return datetime.strptime(f"{taken.isoformat()}{offset}", "%Y-%m-%dT%H:%M:%S%z")
        return taken.astimezone()
    return None
