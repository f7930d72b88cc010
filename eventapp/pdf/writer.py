"""A PDF written as it is made: each page leaves as bytes as soon as it is drawn.

The document's objects are numbered as they come; a page's content and its page object are
written at once, and only what the end needs is kept: the byte offset of every object, the
page numbers, and the glyphs each font used. The fonts go last, each cut down to the glyphs
the pages drew (fontTools' subsetter keeps the glyph ids the pages refer to), as CID fonts
with a ToUnicode map, so the text can be searched and copied in any script. Memory therefore
stays flat however many pages there are, and a web response can send the pages as they come.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from fontTools import subset
from fontTools.ttLib import TTFont

from eventapp.pdf.text import Font, Glyph

MM = 72 / 25.4  # points per millimetre


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


@dataclass
class _EmbeddedFont:
    font: Font
    number: int  # the Type0 font's object; the next four are its parts
    resource: str
    # glyph id -> the text it stands for (the first one seen)
    glyphs: dict[int, str] = field(default_factory=dict)


class PdfWriter:
    """Call `header()`, then `page()` for each page, then `end()`; each returns bytes to send."""

    def __init__(self, title: str = "") -> None:
        self.title = title
        self._offsets: dict[int, int] = {}
        self._position = 0
        self._next_number = 3  # 1 is the catalog, 2 the page tree
        self._pages: list[int] = []
        self._fonts: dict[str, _EmbeddedFont] = {}

    def _reserve(self, count: int = 1) -> int:
        first = self._next_number
        self._next_number += count
        return first

    def _object(self, number: int, body: bytes) -> bytes:
        chunk = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        self._offsets[number] = self._position
        self._position += len(chunk)
        return chunk

    def _stream(self, number: int, data: bytes, extra: str = "", compress: bool = True) -> bytes:
        if compress:
            data = zlib.compress(data, 6)
            extra += " /Filter /FlateDecode"
        head = f"<< /Length {len(data)}{extra} >>\nstream\n".encode()
        return self._object(number, head + data + b"\nendstream")

    def header(self) -> bytes:
        chunk = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        self._position += len(chunk)
        return chunk

    def use_font(self, font: Font, glyphs: tuple[Glyph, ...]) -> str:
        """The resource name of `font` on pages, remembering the glyphs drawn with it."""
        embedded = self._fonts.get(font.name)
        if embedded is None:
            embedded = _EmbeddedFont(font, self._reserve(5), f"F{len(self._fonts) + 1}")
            self._fonts[font.name] = embedded
        for glyph in glyphs:
            if glyph.gid not in embedded.glyphs or not embedded.glyphs[glyph.gid]:
                embedded.glyphs[glyph.gid] = glyph.text
        return embedded.resource

    def page(self, width: float, height: float, content: bytes, fonts: set[str]) -> bytes:
        """One page of `width` x `height` points; `fonts` are the resource names it uses."""
        content_number = self._reserve(2)
        page_number = content_number + 1
        self._pages.append(page_number)
        by_resource = {f.resource: f.number for f in self._fonts.values()}
        font_dict = " ".join(f"/{name} {by_resource[name]} 0 R" for name in sorted(fonts))
        page = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
                f"/Resources << /Font << {font_dict} >> >> /Contents {content_number} 0 R >>")
        return self._stream(content_number, content) + self._object(page_number, page.encode())

    def end(self) -> Iterator[bytes]:
        """The fonts, the page tree, the catalog and the cross-reference table."""
        for embedded in self._fonts.values():
            yield self._font_objects(embedded)
        kids = " ".join(f"{number} 0 R" for number in self._pages)
        yield self._object(2, f"<< /Type /Pages /Kids [{kids}] /Count {len(self._pages)} >>"
                           .encode())
        yield self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        info = self._reserve()
        yield self._object(info, f"<< /Title <FEFF{_utf16_hex(self.title)}> "
                                 f"/Producer (eventapp) >>".encode())
        xref_at = self._position
        lines = [f"xref\n0 {self._next_number}\n", "0000000000 65535 f \n"]
        lines += [f"{self._offsets[n]:010d} 00000 n \n" for n in range(1, self._next_number)]
        lines.append(f"trailer\n<< /Size {self._next_number} /Root 1 0 R /Info {info} 0 R >>\n"
                     f"startxref\n{xref_at}\n%%EOF\n")
        yield "".join(lines).encode()

    def _font_objects(self, embedded: _EmbeddedFont) -> bytes:
        font, number = embedded.font, embedded.number
        gids = sorted(embedded.glyphs)
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha1(
            repr(gids).encode(), usedforsecurity=False).digest()[:6])
        base_name = f"{tag}+{font.name}"
        scale = 1000 / font.units_per_em
        widths = " ".join(f"{gid} [{round(font.advances[gid] * scale)}]" for gid in gids)
        x_min, y_min, x_max, y_max = (round(v * scale) for v in font.bbox)
        chunks = [
            self._object(number, (
                f"<< /Type /Font /Subtype /Type0 /BaseFont /{base_name} /Encoding /Identity-H "
                f"/DescendantFonts [{number + 1} 0 R] /ToUnicode {number + 4} 0 R >>").encode()),
            self._object(number + 1, (
                f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base_name} "
                f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                f"/FontDescriptor {number + 2} 0 R /CIDToGIDMap /Identity "
                f"/W [{widths}] >>").encode()),
            self._object(number + 2, (
                f"<< /Type /FontDescriptor /FontName /{base_name} /Flags 4 "
                f"/FontBBox [{x_min} {y_min} {x_max} {y_max}] /ItalicAngle 0 "
                f"/Ascent {round(font.ascent * scale)} /Descent {round(font.descent * scale)} "
                f"/CapHeight {round(font.ascent * scale)} /StemV 80 "
                f"/FontFile2 {number + 3} 0 R >>").encode()),
        ]
        data = _subset(font, gids)
        chunks.append(self._stream(number + 3, data, f" /Length1 {len(data)}"))
        chunks.append(self._stream(number + 4, _to_unicode(embedded.glyphs)))
        return b"".join(chunks)


def _subset(font: Font, gids: list[int]) -> bytes:
    """The font file with only these glyphs, each keeping its id."""
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    tables = TTFont(str(font.path), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(tables)
    out = io.BytesIO()
    tables.save(out)
    tables.close()
    return out.getvalue()


def _to_unicode(glyphs: dict[int, str]) -> bytes:
    mapped = [(gid, text) for gid, text in sorted(glyphs.items()) if text]
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for start in range(0, len(mapped), 100):
        block = mapped[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{gid:04X}> <{_utf16_hex(text)}>" for gid, text in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()
