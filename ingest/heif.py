"""HEIC/HEIF photos (what iPhones save by default) through pillow-heif.

pillow-heif is a Pillow plugin whose wheel carries libheif and its HEVC decoder, so no system
package is needed. Registering it is per process: the parent reads a photo's header and EXIF
date, the OCR worker decodes its pixels, and each calls `heif_readable()` first. Without the
package a HEIC file is named as unread with the fix, and every other image still reads.
"""

from __future__ import annotations

import functools

HEIF_SUFFIXES = frozenset({".heic", ".heif"})
HEIF_TYPES = frozenset({"image/heic", "image/heif"})
NO_HEIF = "a HEIC photo: not read, pillow-heif (the HEIC decoder) is not installed"


@functools.cache
def heif_readable() -> bool:
    """Register the HEIF opener with Pillow in this process; False when pillow-heif is absent."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True
