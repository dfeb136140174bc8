"""Pathological PDF pages for the page-time bound: tiny files that keep pypdf busy for minutes.

A page draws a form XObject `fanout` times, that form draws the next one `fanout` times, and so
on `depth` levels down to a form of `leaf_ops` text operators. pypdf stops after 5000 form
invocations per page, but each of those still runs the leaf's operators: depth 4, fanout 10
and 2000 operators make ~10 million text operations from a 2 kB file (measured here: ~1 ms per
invocation plus ~40 us per operator, several minutes in all). Content-size limits do not see
it: the page's own content stream is a few bytes.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)


def _stream(writer: PdfWriter, data: str, **entries: object) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data.encode())
    stream.update({NameObject(k): v for k, v in entries.items()})
    return writer._add_object(stream)


def _font(writer: PdfWriter) -> DictionaryObject:
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })  # fmt: skip
    return DictionaryObject({NameObject("/F1"): writer._add_object(font)})


def _page(writer: PdfWriter, content: IndirectObject, resources: DictionaryObject) -> None:
    page = writer.add_blank_page(200, 200)
    page[NameObject("/Contents")] = content
    page[NameObject("/Resources")] = resources


def write_bomb(
    path: Path, plain_pages: int = 1, depth: int = 4, fanout: int = 10, leaf_ops: int = 2000
) -> Path:
    """`plain_pages` ordinary pages ("page N wordpageN"), then the pathological page."""
    writer = PdfWriter()
    fonts = _font(writer)
    for number in range(1, plain_pages + 1):
        text = f"BT /F1 12 Tf 10 100 Td (plain page {number} wordpage{number}) Tj ET"
        _page(writer, _stream(writer, text), DictionaryObject({NameObject("/Font"): fonts}))
    form = _stream(writer, "BT /F1 1 Tf " + "(x) Tj " * leaf_ops + "ET\n")
    box = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(200), NumberObject(200)])
    resources = DictionaryObject({NameObject("/Font"): fonts})
    for _ in range(depth):
        form.get_object().update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): box, NameObject("/Resources"): resources,
        })  # fmt: skip
        resources = DictionaryObject({
            NameObject("/Font"): fonts,
            NameObject("/XObject"): DictionaryObject({NameObject("/X"): form}),
        })  # fmt: skip
        form = _stream(writer, "/X Do\n" * fanout)
    _page(writer, form, resources)
    with path.open("wb") as stream:
        writer.write(stream)
    return path
