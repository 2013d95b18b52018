"""Finish WeasyPrint's tagged PDF for PDF/UA-1 (pikepdf).

WeasyPrint 70 tags the page's text, but what it draws in the page margins (running heads, page
numbers) is marked content that no structure element holds: PDF/UA-1 wants such page furniture
marked as artifacts. It also writes table header cells without a /Scope and link annotations whose
/Contents is the bare anchor name. Here:

- marked content that the structure tree does not reach becomes `/Artifact <</Type /Pagination>>`;
- plain Spans (WeasyPrint's one per inline box, with nothing but content) merge into their parent;
- each font keeps only the glyphs the PDF uses (fastlege_book.pdf.fonts);
- each TH gets /Scope /Column (in a THead) or /Row (in the body);
- each internal link's /Contents names its target in words (from fastlege_book.pdf.assemble);
- pages with annotations get the tab order of the structure (/Tabs /S).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf

from fastlege_book.pdf import fonts

#: A tagged piece of content as WeasyPrint writes it in a page's content stream (`/Span <</MCID 3>> BDC`),
#: and what page furniture becomes. Rewriting the bytes is faster than parsing every instruction (the
#: report's pages took about 2,5 s that way) and leaves everything else in the stream as it was.
_MARKED_CONTENT = re.compile(rb"/[A-Za-z0-9_.]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
PAGINATION_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def finish(raw: bytes, target: Path, descriptions: dict[str, str]) -> int:
    """Finish the PDF in raw and save it to target; return its number of pages."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        furniture_as_artifacts(pdf)
        plain_spans_merged(pdf)
        fonts.compact_fonts(pdf)
        table_header_scopes(pdf)
        link_descriptions(pdf, descriptions)
        for page in pdf.pages:
            if "/Annots" in page.obj:
                page.obj.Tabs = pikepdf.Name("/S")
        # Flate at its highest level: a tenth smaller than the default for a fraction of a second.
        pikepdf.settings.set_flate_compression_level(9)
        pdf.save(
            target,
            recompress_flate=True,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return len(pdf.pages)


def page_count(path: Path) -> int:
    """Number of pages of a PDF file."""
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def struct_elements(pdf: pikepdf.Pdf):
    """Every structure element reachable from the StructTreeRoot, depth first in reading order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack = [root.get("/K")]
    seen = set()
    while stack:
        kid = stack.pop()
        if kid is None:
            continue
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
            continue
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue  # an MCID, a marked-content or object reference
        key = kid.objgen if kid.is_indirect else id(kid)
        if key in seen:
            continue
        seen.add(key)
        yield kid
        stack.append(kid.get("/K"))


def furniture_as_artifacts(pdf: pikepdf.Pdf) -> int:
    """Marked content the structure tree does not reach becomes a pagination artifact; return how many."""
    reachable = {e.objgen for e in struct_elements(pdf) if e.is_indirect}
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return 0
    nums = root.ParentTree.get("/Nums", pikepdf.Array())
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    changed = 0
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in by_key:
            continue
        elements = by_key[int(key)]
        orphans = {
            mcid
            for mcid, element in enumerate(elements)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
        if not orphans:
            continue
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        data, count = _as_artifacts(b"\n".join(stream.read_bytes() for stream in streams), orphans)
        page.obj.Contents = pdf.make_stream(data)
        changed += count
        for mcid in orphans:
            elements[mcid] = None
    return changed


def _as_artifacts(content: bytes, mcids: set[int]) -> tuple[bytes, int]:
    """A content stream with the marked content of the given MCIDs made pagination artifacts, and how many."""
    count = 0

    def artifact(match: re.Match) -> bytes:
        nonlocal count
        if int(match.group(1)) not in mcids:
            return match.group(0)
        count += 1
        return PAGINATION_ARTIFACT

    return _MARKED_CONTENT.sub(artifact, content), count


#: The keys of a Span that says nothing beyond its content: merging it into its parent loses nothing a
#: reader hears (no attributes, language, alternative, actual or expanded text, title or id).
_PLAIN_SPAN_KEYS = {"/Type", "/S", "/K", "/P", "/Pg"}


def plain_spans_merged(pdf: pikepdf.Pdf) -> int:
    """Merge each plain Span into its parent structure element; return how many were merged.

    WeasyPrint tags every inline box as a Span, most of them with nothing but content (about half of
    the report's structure elements, a third of its bytes). A Span without attributes tells a screen
    reader nothing its parent does not, so its content moves up to the parent, in order: MCIDs on the
    parent's page as they are, on another page as marked-content references; the ParentTree follows.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return 0
    moved: dict[tuple[int, int], pikepdf.Dictionary] = {}  # a merged Span's objgen -> the element it went into
    while True:  # a Span in a Span reaches its parent in the next pass
        merged = 0
        for element in list(struct_elements(pdf)):
            kids = element.get("/K")
            if element.objgen in moved or not isinstance(kids, pikepdf.Array):
                continue
            if not any(_is_plain_span(kid) for kid in kids):
                continue
            new = pikepdf.Array()
            for kid in kids:
                if not _is_plain_span(kid):
                    new.append(kid)
                    continue
                for item in _content(kid):
                    if isinstance(item, pikepdf.Dictionary):
                        if "/S" in item:
                            item.P = element
                        new.append(item)
                    elif "/Pg" in element and element.Pg.objgen == kid.Pg.objgen:
                        new.append(int(item))
                    else:
                        new.append(pikepdf.Dictionary(Type=pikepdf.Name("/MCR"), Pg=kid.Pg, MCID=int(item)))
                moved[kid.objgen] = element
                merged += 1
            element.K = new
        if not merged:
            break
    nums = root.ParentTree.get("/Nums", pikepdf.Array())
    for i in range(1, len(nums), 2):
        owners = nums[i]
        if isinstance(owners, pikepdf.Array):
            for j, owner in enumerate(owners):
                if isinstance(owner, pikepdf.Dictionary) and owner.objgen in moved:
                    owners[j] = _alive(owner, moved)
        elif isinstance(owners, pikepdf.Dictionary) and owners.objgen in moved:
            nums[i] = _alive(owners, moved)
    return len(moved)


def _content(span: pikepdf.Dictionary) -> list:
    own = span.get("/K")
    return list(own) if isinstance(own, pikepdf.Array) else [own]


def _alive(element: pikepdf.Dictionary, moved: dict) -> pikepdf.Dictionary:
    while element.objgen in moved:
        element = moved[element.objgen]
    return element


def _is_plain_span(kid) -> bool:
    """A Span with a page and no key beyond type, role, content, parent and page."""
    return (
        isinstance(kid, pikepdf.Dictionary)
        and kid.is_indirect
        and kid.get("/S") == "/Span"
        and "/Pg" in kid
        and set(kid.keys()) <= _PLAIN_SPAN_KEYS
    )


def _parent_chain(element: pikepdf.Dictionary):
    parent = element.get("/P")
    while isinstance(parent, pikepdf.Dictionary):
        yield parent
        parent = parent.get("/P")


def table_header_scopes(pdf: pikepdf.Pdf) -> int:
    """Give every TH a /Scope: /Column in a THead, /Row elsewhere; return how many."""
    count = 0
    for element in struct_elements(pdf):
        if element.S != "/TH":
            continue
        in_head = any(p.get("/S") == "/THead" for p in _parent_chain(element))
        scope = pikepdf.Name("/Column" if in_head else "/Row")
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary):
            attributes.O = pikepdf.Name("/Table")
            attributes.Scope = scope
        else:
            element.A = pikepdf.Dictionary(O=pikepdf.Name("/Table"), Scope=scope)
        count += 1
    return count


def link_descriptions(pdf: pikepdf.Pdf, descriptions: dict[str, str]) -> None:
    """Each link annotation says where it leads: the target in words, or the web address."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if isinstance(dest, pikepdf.String):
                name = str(dest)
                annot.Contents = pikepdf.String(descriptions.get(name, "Lenke i dokumentet"))
            elif isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                annot.Contents = pikepdf.String("Lenke til " + str(action.URI))
