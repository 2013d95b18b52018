"""Embedded fonts hold only the glyphs the PDF uses, and the page looks and reads exactly as before."""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
import weasyprint
from fontTools.cffLib import CFFFontSet

from fastlege_book.pdf import finish, fonts

#: Norwegian letters, a ligature (fi), punctuation far down FreeSerif's glyph list (– ’ → •) and a space.
HTML = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Prøve</title>
<style>@page { size: A6; } body { font-family: FreeSerif; }</style></head><body>
<h1>Æøå – fine tall</h1><p>Første ’sitat’ → 212 289 listeinnbyggere • fi fl.</p></body></html>"""


def _cff_fonts(path) -> dict[str, tuple[str, bytes, set[int]]]:
    out = {}
    with pikepdf.open(path) as pdf:
        for font in pdf.objects:
            if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/CIDFontType0":
                file = font.FontDescriptor.FontFile3
                out[str(font.FontDescriptor.FontName)] = (
                    str(file.get("/Subtype")),
                    file.read_bytes(),
                    fonts.used_cids(font.get("/W")),
                )
    return out


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fonts")
    raw = weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/ua-1")
    before = folder / "before.pdf"
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.save(before)  # as WeasyPrint wrote it, fonts untouched
    after = folder / "after.pdf"
    finish.finish(raw, after, {})
    return before, after


def test_each_font_becomes_a_cid_keyed_cff_with_every_used_glyph(before_and_after):
    before, after = before_and_after
    old, new = _cff_fonts(before), _cff_fonts(after)
    assert set(old) == set(new) and new
    for name, (subtype, data, used) in new.items():
        assert subtype == "/CIDFontType0C", name
        top = CFFFontSet()
        top.decompile(io.BytesIO(data), None)
        font = top[top.fontNames[0]]
        assert font.ROS == ("Adobe", "Identity", 0)
        cids = {int(glyph[3:]) for glyph in font.charset if glyph.startswith("cid")}
        assert used <= cids | {0}, (name, sorted(used - cids))
        assert len(data) < len(old[name][1]), name


def test_the_text_reads_the_same(before_and_after):
    before, after = before_and_after

    def text(path) -> str:
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert text(after) == text(before)
    assert "212 289" in text(after)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_the_page_looks_the_same(before_and_after, tmp_path):
    before, after = before_and_after
    for path, prefix in ((before, "a"), (after, "b")):
        subprocess.run(["pdftoppm", "-r", "72", "-gray", str(path), str(tmp_path / prefix)], check=True)
    pictures_a = sorted(tmp_path.glob("a*.pgm"))
    pictures_b = sorted(tmp_path.glob("b*.pgm"))
    assert pictures_a and len(pictures_a) == len(pictures_b)
    for a, b in zip(pictures_a, pictures_b, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
