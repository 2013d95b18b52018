"""Embedded fonts with only the glyphs the PDF uses.

WeasyPrint subsets each font but keeps every glyph id up to the highest one it uses (HarfBuzz's
"retain gids"): the text refers to glyphs by their ids. FreeSerif's ligatures and punctuation sit
near the end of its 6 000 glyphs, so each subset kept thousands of empty glyphs, and their names
made up most of the fonts' bytes (FreeSerif: 51 kB for 86 glyphs drawn).

`compact_fonts` re-embeds each such font as a bare CID-keyed CFF (PDF 1.7 §9.9, FontFile3 with
Subtype CIDFontType0C) that holds only the glyphs the PDF uses. Its charset maps each glyph to the
CID the text already uses (the old glyph id, Adobe-Identity-0), so no content stream, width or
Unicode map changes. fontTools (the library WeasyPrint itself subsets with) reads and writes the CFF.
"""

from __future__ import annotations

import io

import pikepdf
from fontTools.cffLib import CharStrings, FDArrayIndex, FDSelect, FontDict
from fontTools.misc.psCharStrings import T2CharString
from fontTools.ttLib import TTFont


def compact_fonts(pdf: pikepdf.Pdf) -> int:
    """Re-embed every OpenType-CFF CIDFontType0 font with only its used glyphs; return bytes saved.

    A font is used by CID through the widths array /W (WeasyPrint lists every glyph it sets there);
    glyphs with an outline are kept as well. Fonts in other formats are left as they are.
    """
    saved = 0
    for font in pdf.objects:
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") != "/CIDFontType0":
            continue
        descriptor = font.get("/FontDescriptor")
        file = descriptor.get("/FontFile3") if descriptor is not None else None
        if file is None or file.get("/Subtype") != "/OpenType":
            continue
        original = file.read_bytes()
        compact = cid_keyed_cff(original, used_cids(font.get("/W")))
        descriptor.FontFile3 = pdf.make_stream(compact, Subtype=pikepdf.Name("/CIDFontType0C"))
        saved += len(original) - len(compact)
    return saved


def used_cids(widths) -> set[int]:
    """The CIDs a /W array gives widths for (`c [w1 w2 …]` and `c_first c_last w` entries)."""
    cids: set[int] = set()
    if not isinstance(widths, pikepdf.Array):
        return cids
    items = list(widths)
    i = 0
    while i < len(items):
        first = int(items[i])
        if i + 1 < len(items) and isinstance(items[i + 1], pikepdf.Array):
            cids.update(range(first, first + len(items[i + 1])))
            i += 2
        else:
            cids.update(range(first, int(items[i + 1]) + 1))
            i += 3
    return cids


def cid_keyed_cff(otf: bytes, used: set[int]) -> bytes:
    """A bare CID-keyed CFF from an OpenType-CFF font: glyph 0 and the used or drawn glyphs, CID = old glyph id.

    Raises fontTools' errors (ValueError, KeyError, TTLibError) when the font cannot be read.
    """
    font = TTFont(io.BytesIO(otf))
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    order = font.getGlyphOrder()
    old = top.CharStrings
    keep = [0]
    for gid, name in enumerate(order[1:], start=1):
        charstring = old[name]
        charstring.decompile()
        if gid in used or len(charstring.program) > 1:
            keep.append(gid)
    private = top.Private
    names = [".notdef"] + [f"cid{gid:05d}" for gid in keep[1:]]
    programs = {}
    for gid, name in zip(keep, names, strict=True):
        charstring = old[order[gid]]
        charstring.compile()
        programs[name] = T2CharString(bytecode=charstring.bytecode, private=private)

    font_dict = FontDict()
    font_dict.Private = private
    font_dict.FontMatrix = [0.001, 0, 0, 0.001, 0, 0]
    top.FDArray = FDArrayIndex()
    top.FDArray.append(font_dict)
    select = FDSelect()
    select.format = 3
    select.gidArray = [0] * len(keep)
    top.FDSelect = select
    top.ROS = ("Adobe", "Identity", 0)
    top.CIDCount = keep[-1] + 1
    top.charset = names
    top.CharStrings = CharStrings(None, None, None, private, None, None)
    top.CharStrings.charStringsIndex = None
    top.CharStrings.charStrings = programs
    top.rawDict.pop("Private", None)
    if hasattr(top, "Private"):
        del top.Private
    cff.strings = type(cff.strings)()
    out = io.BytesIO()
    font.recalcBBoxes = False
    cff.compile(out, font)
    return out.getvalue()
