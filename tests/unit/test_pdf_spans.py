"""The report's structure tree without WeasyPrint's plain Spans: the same content, in the same order."""

from __future__ import annotations

import io

import pikepdf
import weasyprint

from fastlege_book.pdf import finish

#: A paragraph long enough to run over two A6 pages, with inline markup, a link and a nested span.
WORDS = " ".join(f"ord{i}" for i in range(400))
HTML = f"""<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Prøve</title>
<style>@page {{ size: A6; }} body {{ font-family: FreeSerif; }}</style></head><body>
<h1>Overskrift</h1>
<p>Først <em>uthevet <span class="x">inni</span></em>, så en <a href="https://example.org">lenke</a>. {WORDS}</p>
</body></html>"""


def _mcids_in_reading_order(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page number, MCID) of every piece of marked content, in the structure tree's order."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    out = []

    def walk(node, page) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, page)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/Type") == "/MCR":
                out.append((pages[node.Pg.objgen], int(node.MCID)))
            elif "/S" in node:
                walk(node.get("/K"), node.get("/Pg", page))
        elif node is not None and not isinstance(node, pikepdf.Dictionary):
            out.append((pages[page.objgen], int(node)))

    walk(pdf.Root.StructTreeRoot.K, None)
    return out


def _owners(pdf: pikepdf.Pdf) -> dict[tuple[int, int], tuple[int, int]]:
    """(page number, MCID) → objgen of the element the ParentTree names as its owner."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    out = {}
    for number, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        if key is not None:
            for mcid, owner in enumerate(by_key[int(key)]):
                if isinstance(owner, pikepdf.Dictionary):
                    out[(number, mcid)] = owner.objgen
    return out


def test_plain_spans_are_merged_and_content_keeps_its_order_and_owner():
    raw = weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(raw)) as before:
        order_before = _mcids_in_reading_order(before)
        spans_before = [e for e in finish.struct_elements(before) if e.S == "/Span"]
        assert len(before.pages) >= 2 and spans_before
        merged = finish.plain_spans_merged(before)
        assert merged == len(spans_before)
        assert not [e for e in finish.struct_elements(before) if e.S == "/Span"]
        assert _mcids_in_reading_order(before) == order_before
        # Each MCID's owner in the ParentTree is the element whose content lists it.
        owners = _owners(before)
        pages = {page.obj.objgen: number for number, page in enumerate(before.pages)}
        for element in finish.struct_elements(before):
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    assert owners[(pages[kid.Pg.objgen], int(kid.MCID))] == element.objgen
                elif kid is not None and not isinstance(kid, pikepdf.Dictionary):
                    assert owners[(pages[element.Pg.objgen], int(kid))] == element.objgen
