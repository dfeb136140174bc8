"""Pages with known text for OCR: rendered images, image-only PDFs, and scoring of OCR output.

Shared by the OCR tests and benchmarks/ocr_engines.py, so both render the same pages from the
same text and score with the same character error rate, and no test imports a benchmark script.

Fonts: a fresh CI machine has only fonts-dejavu (no CJK font from apt), so the Chinese font
comes first from the `mplfonts` wheel (a dev dependency that ships Noto Sans CJK SC), then from
the system font folders. The module needs only Pillow and numpy: benchmarks/ocr_engines.py
imports it in its worker too, which may run in rapidocr 3's own venv, and rapidocr 3 requires
both.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

TEXTS: dict[str, list[str]] = {
    "en": [
        "INVOICE No. 2024-0117",
        "Acme Supplies Ltd, 42 Harbour Road, Leeds",
        "3 x Printer paper A4 27.00",
        "Subtotal: 1,037.45 EUR",
        "VAT 19%: 197.11 EUR",
        "Total: 1,234.56 EUR",
    ],
    "de": [
        "Rechnung für Herrn Müller",
        "Straße: Hauptstraße 5, 80331 München",
        "Größe: XL, Menge: 2 Stück",
        "Zahlbar bis 15.03.2024 ohne Abzug",
        "Gesamtbetrag: 89,90 €",
    ],
    "zh": [
        "发票",
        "总金额：2400元",
        "客户：王伟",
        "王氏装修有限公司",
        "日期：2024年3月15日",
    ],
}
# How a page can be hard to read: as rendered, turned on its side, a crooked scan, faint ink,
# and a phone photo (blur + noise).
VARIANTS: list[str] = ["clean", "rot90", "skew5", "lowcontrast", "noisy"]

SYSTEM_FONT_DIRS = [
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local" / "share" / "fonts",
]
LATIN_FONTS = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf"]
# Noto Sans CJK SC also has Latin letters, umlauts and ß: the Latin fallback when no system
# font is installed.
MPLFONTS_FONT = "NotoSansCJKsc-Regular.otf"
CJK_FONTS = [
    MPLFONTS_FONT,
    "NotoSansCJK-Regular.ttc",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "SourceHanSansSC-Regular.otf",
    "uming.ttc",
]

FONT_PX = 34  # 16 pt type scanned at 150 dpi
LINE_PX = 56
SCAN_DPI = 150
A4_PX = (1240, 1754)  # 210 x 297 mm at 150 dpi

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881
IMAGE_FORMATS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".webp": "WEBP",
    ".heic": "HEIF",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}


# ---------------------------------------------------------------- fonts


def mplfonts_dir() -> Path | None:
    """The font folder inside the installed `mplfonts` wheel, found without importing it (its
    __init__ imports matplotlib); None when it is not installed."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    return folder if folder.is_dir() else None


def find_font(names: Sequence[str], folders: Sequence[Path]) -> Path | None:
    """First font file called one of `names` (in that order of preference) under `folders`,
    searched recursively: a plain walk, so fontconfig's fc-list is not needed."""
    for name in names:
        for folder in folders:
            if folder.is_dir():
                match = next(folder.rglob(name), None)
                if match is not None:
                    return match
    return None


@functools.cache
def fonts() -> dict[str, Path]:
    """Font per language of TEXTS ("en", "de", "zh"); raises FileNotFoundError saying what to
    install when there is none. Cached: walking the font folders takes a moment.

    CJK looks in mplfonts first, so every machine renders Chinese with the same font; Latin
    prefers the system's DejaVu Sans and falls back to mplfonts' Noto Sans CJK SC."""
    bundled = [folder] if (folder := mplfonts_dir()) else []
    cjk = find_font(CJK_FONTS, [*bundled, *SYSTEM_FONT_DIRS])
    latin = find_font(LATIN_FONTS, SYSTEM_FONT_DIRS) or find_font([MPLFONTS_FONT], bundled)
    if latin is None:
        raise FileNotFoundError(
            f"no Latin font ({', '.join(LATIN_FONTS)}) in {', '.join(map(str, SYSTEM_FONT_DIRS))}"
            " and no mplfonts: apt-get install -y fonts-dejavu-core, or pip install mplfonts"
        )
    if cjk is None:
        raise FileNotFoundError(
            "no CJK font: pip install mplfonts (the dev dependency), or apt-get install -y "
            "fonts-noto-cjk"
        )
    return {"en": latin, "de": latin, "zh": cjk}


# ---------------------------------------------------------------- images


def _draw_lines(
    page: Image.Image, lines: Sequence[str], font: Path, origin: tuple[int, int], ink: int
) -> None:
    """Draw `lines` on `page` from `origin` down, FONT_PX type, LINE_PX apart."""
    face = ImageFont.truetype(str(font), FONT_PX)
    draw = ImageDraw.Draw(page)
    left, top = origin
    for number, line in enumerate(lines):
        draw.text((left, top + number * LINE_PX), line, font=face, fill=ink)


def render_page(lines: Sequence[str], font: Path, ink: int = 0) -> Image.Image:
    """White RGB page just big enough for the lines in 34 px type, like a 150 dpi scan of 16 pt
    text; `ink` is the grey level of the letters (0 black, 255 white)."""
    face = ImageFont.truetype(str(font), FONT_PX)
    margin = 60
    width = max(int(face.getlength(line)) for line in lines) + 2 * margin
    page = Image.new("L", (width, len(lines) * LINE_PX + 2 * margin), 255)
    _draw_lines(page, lines, font, (margin, margin), ink)
    return page.convert("RGB")


def add_noise(image: Image.Image, sigma: float, blur: float, seed: int) -> Image.Image:
    """Gaussian blur of radius `blur`, then gaussian noise of `sigma` grey levels: what a camera
    or a cheap scanner does to a page. The same `seed` gives the same image."""
    blurred = np.asarray(image.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0, sigma, blurred.shape)
    return Image.fromarray(np.clip(blurred + noise, 0, 255).astype(np.uint8))


def make_variant(lines: Sequence[str], font: Path, variant: str, seed: int) -> Image.Image:
    """The page of `lines` as one of VARIANTS; `seed` fixes the noise of "noisy"."""
    if variant == "lowcontrast":
        return render_page(lines, font, ink=190)
    page = render_page(lines, font)
    if variant == "clean":
        return page
    if variant == "rot90":
        return page.rotate(90, expand=True)
    if variant == "skew5":
        return page.rotate(5, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
    if variant == "noisy":
        return add_noise(page, sigma=28, blur=1.3, seed=seed)
    raise ValueError(f"unknown variant {variant!r}: one of {', '.join(VARIANTS)}")


def save_image(image: Image.Image, path: Path, exif_date: datetime | None = None) -> Path:
    """Save `image` in the format its suffix names (.png .jpg/.jpeg .webp .tif/.tiff).

    `exif_date` becomes EXIF DateTimeOriginal (in the Exif IFD; plus OffsetTimeOriginal when
    it has a timezone), the date a camera writes, which tests of photo dates need. JPEG and
    HEIC only: that is where cameras put it."""
    image_format = IMAGE_FORMATS.get(path.suffix.lower())
    if image_format is None:
        raise ValueError(f"{path.name}: suffix not one of {', '.join(IMAGE_FORMATS)}")
    if image_format == "HEIF":
        import pillow_heif  # here, not at the top: the engine benchmark's venv lacks it

        pillow_heif.register_heif_opener()
    if image_format == "JPEG" and image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    options: dict[str, object] = {}
    if exif_date is not None:
        if image_format not in ("JPEG", "HEIF"):
            raise ValueError(f"{path.name}: exif_date is written for JPEG and HEIC only")
        exif = Image.Exif()
        exif_ifd = exif.get_ifd(EXIF_IFD)
        exif_ifd[DATE_TIME_ORIGINAL] = exif_date.strftime("%Y:%m:%d %H:%M:%S")
        if (offset := exif_date.strftime("%z")) != "":
            exif_ifd[OFFSET_TIME_ORIGINAL] = f"{offset[:3]}:{offset[3:5]}"
        options["exif"] = exif.tobytes()
    image.save(path, image_format, **options)
    return path


# ---------------------------------------------------------------- image-only PDFs


def image_pdf(path: Path, pages: Sequence[Image.Image], dpi: int = SCAN_DPI) -> Path:
    """A PDF of one image per page and no text layer at all, like a scanner's output: what the
    OCR path of PDF reading is for. `dpi` sets the page size the images are shown at."""
    if not pages:
        raise ValueError("an image PDF needs at least one page")
    first, *rest = pages
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return path


def scanned_page(lines: Sequence[str], font: Path, seed: int = 0) -> Image.Image:
    """An A4 page at 150 dpi with `lines` at the top left, as a scanner gives it back: paper a
    little off-white, tilted by up to 1.5 degrees, slightly blurred and noisy. Greyscale."""
    page = Image.new("L", A4_PX, 255)
    _draw_lines(page, lines, font, (150, 180), ink=20)
    angle = float(np.random.default_rng(seed).uniform(-1.5, 1.5))
    tilted = page.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC)
    paper = Image.eval(tilted, lambda grey: 20 + grey * 225 // 255)  # ink 20..paper 245
    return add_noise(paper, sigma=8, blur=0.6, seed=seed)


def scanned_invoice_pdf(path: Path, seed: int = 0) -> str:
    """Write a one-page image-only PDF of the English invoice (TEXTS["en"], with its "Total:
    1,234.56 EUR") scanned at 150 dpi, and return the text that is on it, one line per line."""
    lines = TEXTS["en"]
    image_pdf(path, [scanned_page(lines, fonts()["en"], seed)])
    return "\n".join(lines)


def garbled_text_pdf(path: Path, lines: Sequence[str]) -> Path:
    """A one-page PDF whose text is drawn in Helvetica and shows `lines`, but whose font maps
    every character to a private-use code point: what a PDF looks like whose font lost its
    Unicode map. Its text layer extracts as noise; only the pixels hold the text."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    def stream(data: bytes) -> DecodedStreamObject:
        obj = DecodedStreamObject()
        obj.set_data(data)
        return obj

    to_unicode = stream(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Garbled def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <E020> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )
    page = writer.add_blank_page(595, 842)
    fonts_of_page = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts_of_page})
    shown = b" T* ".join(b"(" + line.encode("ascii") + b") Tj" for line in lines)
    content = b"BT /F1 16 Tf 22 TL 60 780 Td " + shown + b" ET"
    page[NameObject("/Contents")] = writer._add_object(stream(content))
    writer.write(path)
    return path


# ---------------------------------------------------------------- scoring


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, two-row dynamic programming: the strings here are short, so no
    dependency is worth it."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]


def normalise(text: str) -> str:
    """NFKC, so a full-width "：" counts as ":", then one space for any run of whitespace: OCR
    engines differ in line breaks and spacing, which a reader does not care about."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def cer(reference: str, hypothesis: str, keep_spaces: bool = True) -> float:
    """Character error rate of `hypothesis` against `reference`, both normalised: edit distance
    over the reference's length. `keep_spaces=False` ignores whitespace, right for Chinese
    (no word spaces) and for scoring letters only."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not keep_spaces:
        ref, hyp = ref.replace(" ", ""), hyp.replace(" ", "")
    return edit_distance(ref, hyp) / max(len(ref), 1)
