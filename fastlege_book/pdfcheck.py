"""A check of the PDFs against the parts of PDF/UA-1 that matter most to readers (pikepdf, pdftotext).

`check(path, chapters, figures)` returns a list of problems (empty when the PDF passes):

- structure: a StructTreeRoot and /MarkInfo /Marked true;
- every Figure structure element has a non-empty /Alt;
- every Table has header cells (TH), and every TH a /Scope;
- the catalog's /Lang, the title in the XMP metadata and /DisplayDocTitle true;
- the PDF/UA identifier (pdfuaid:part 1) in the XMP metadata;
- a bookmark for every chapter title given;
- every page's content is tagged or an artifact: nothing is painted outside marked content, and
  every marked-content id (MCID) belongs to a structure element that the tree reaches;
- link annotations are in the structure tree (/StructParent) and say where they lead (/Contents);
- every font is embedded and has a /ToUnicode map;
- every figure text given (the registry's `text`) that occurs in the extracted text is followed by
  a non-digit: no footnote mark or other number glued to it.

What a full validator (veraPDF with the PDF/UA-1 profile, PAC 2024) checks and this does not: the
structure types against the standard role map and their nesting (TR only in Table, LI in L, Caption
placement, headings not skipping levels), table regularity (row and column counts, /Headers ids
that exist), that the reading order of the tags matches the content, that every glyph maps to
Unicode (not only that a /ToUnicode exists) and that fonts are legally embeddable, metadata
consistency (XMP against /Info, dc:title languages), annotations other than links, /Tabs on every
page with annotations, optional content, colour contrast and text in images (PAC's human checks).
Command line: `python -m fastlege_book.pdfcheck FILE.pdf [REGISTRY.json]` (exit 1 on problems).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf

#: Operators that paint something on the page (text, paths, images, shadings, XObjects).
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI", "EI"}
#: The operators _content_tagged reads: pikepdf skips every other one while parsing (in C++), which
#: halves the time of reading the report's pages.
_TAGGING_OPERATORS = " ".join(sorted(PAINTING | {"BDC", "BMC", "EMC"}))
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def normalise(text: str) -> str:
    """Every kind of space (no-break, narrow no-break, thin) as one plain space."""
    return SPACES.sub(" ", text)


def check(
    path: Path, chapters: list[str] | None = None, figures: list[str] | None = None, lang: str = "nb"
) -> list[str]:
    """Problems of the PDF at path (an empty list when it passes). See the module docstring for the rules.

    chapters: titles that must each have a bookmark; figures: texts of figures as the registry gives them.
    """
    name = Path(path).name
    problems: list[str] = []
    extraction = _TextExtraction(Path(path))  # pdftotext runs while the structure is checked
    try:
        with pikepdf.open(path) as pdf:
            problems += _structure(pdf)
            elements = list(_elements(pdf))
            problems += _figures_have_alt(elements)
            problems += _tables_have_headers(elements)
            problems += _language_and_title(pdf, lang)
            problems += _bookmarks(pdf, chapters or [])
            problems += _content_tagged(pdf, elements)
            problems += _links(pdf)
            problems += _fonts(pdf)
    except BaseException:
        extraction.cancel()
        raise
    problems += numbers_followed_by_non_digit(extraction.text(), figures or [])
    return [f"{name}: {p}" for p in problems]


def _structure(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if "/StructTreeRoot" not in pdf.Root:
        problems.append("no structure tree (StructTreeRoot): the PDF is not tagged")
    mark = pdf.Root.get("/MarkInfo")
    if not isinstance(mark, pikepdf.Dictionary) or not bool(mark.get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    return problems


def _elements(pdf: pikepdf.Pdf):
    """Every structure element the tree reaches, in reading order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack, seen = [root.get("/K")], set()
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            key = kid.objgen if kid.is_indirect else id(kid)
            if key not in seen:
                seen.add(key)
                yield kid
                stack.append(kid.get("/K"))


def _descendants(element: pikepdf.Dictionary):
    stack = [element.get("/K")]
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(kid)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            stack.append(kid.get("/K"))


def _figures_have_alt(elements) -> list[str]:
    missing = [e for e in elements if e.S == "/Figure" and not str(e.get("/Alt", "")).strip()]
    return [f"{len(missing)} Figure element(s) without alternative text (/Alt)"] if missing else []


def _tables_have_headers(elements) -> list[str]:
    problems = []
    tables = [e for e in elements if e.S == "/Table"]
    without = sum(1 for t in tables if not any(d.S == "/TH" for d in _descendants(t)))
    if without:
        problems.append(f"{without} of {len(tables)} tables without header cells (TH)")
    unscoped = 0
    for element in elements:
        if element.S != "/TH":
            continue
        attributes = element.get("/A")
        candidates = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
        if not any(isinstance(a, pikepdf.Dictionary) and "/Scope" in a for a in candidates):
            unscoped += 1
    if unscoped:
        problems.append(f"{unscoped} header cells (TH) without /Scope")
    return problems


def _xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        return {key: str(meta.get(key, "")) for key in ("dc:title", "pdfuaid:part")}


def _language_and_title(pdf: pikepdf.Pdf, lang: str) -> list[str]:
    problems = []
    found = str(pdf.Root.get("/Lang", "")).strip()
    if not found:
        problems.append("no document language (/Lang)")
    elif found.split("-")[0].lower() != lang:
        problems.append(f"document language is {found!r}, expected {lang!r}")
    xmp = _xmp(pdf)
    if not xmp["dc:title"].strip():
        problems.append("no title in the XMP metadata (dc:title)")
    preferences = pdf.Root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary) or not bool(preferences.get("/DisplayDocTitle", False)):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true (viewers would show the file name)")
    if xmp["pdfuaid:part"] != "1":
        problems.append("no PDF/UA identifier (pdfuaid:part 1) in the XMP metadata")
    return problems


def _bookmarks(pdf: pikepdf.Pdf, chapters: list[str]) -> list[str]:
    titles = []
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            titles.append(normalise(item.title))
            stack.extend(item.children)
    if not titles:
        return ["no bookmarks (outline)"]
    missing = [c for c in chapters if not any(normalise(c) in t for t in titles)]
    return [f"no bookmark for {', '.join(repr(c) for c in missing)}"] if missing else []


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/ParentTree") if root is not None else None
    if not isinstance(tree, pikepdf.Dictionary):
        return {}
    out: dict[int, object] = {}
    stack = [tree]
    while stack:  # a number tree: /Nums in the leaves, /Kids above them
        node = stack.pop()
        nums = node.get("/Nums", pikepdf.Array())
        out.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
        stack.extend(node.get("/Kids", pikepdf.Array()))
    return out


def _content_tagged(pdf: pikepdf.Pdf, elements) -> list[str]:
    """Nothing painted outside marked content; every MCID reaches a structure element of the tree."""
    problems = []
    reachable = {e.objgen for e in elements if e.is_indirect}
    parents = _parent_tree(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        mapping = parents.get(int(key)) if key is not None else None
        untagged, orphans = 0, set()
        depth = 0
        for operands, operator in pikepdf.parse_content_stream(page, _TAGGING_OPERATORS):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    element = mapping[mcid] if isinstance(mapping, pikepdf.Array) and mcid < len(mapping) else None
                    if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reachable:
                        orphans.add(mcid)
            elif op == "EMC":
                depth -= 1
            elif op in PAINTING and depth <= 0:
                untagged += 1
        if untagged:
            problems.append(f"page {number}: {untagged} painting operations neither tagged nor artifact")
        if orphans:
            problems.append(f"page {number}: marked content {sorted(orphans)[:5]} not in the structure tree")
    return problems


def _links(pdf: pikepdf.Pdf) -> list[str]:
    untagged = undescribed = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            untagged += "/StructParent" not in annot
            undescribed += not str(annot.get("/Contents", "")).strip()
    problems = []
    if untagged:
        problems.append(f"{untagged} link annotations not in the structure tree (/StructParent)")
    if undescribed:
        problems.append(f"{undescribed} link annotations without a description (/Contents)")
    return problems


def _fonts(pdf: pikepdf.Pdf) -> list[str]:
    problems: dict[str, str] = {}
    seen = set()

    def visit(resources) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for font in (resources.get("/Font") or {}).values() if "/Font" in resources else []:
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "Type3"))
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            embedded = font.get("/Subtype") == "/Type3" or (
                isinstance(descriptor, pikepdf.Dictionary)
                and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            )
            if not embedded:
                problems[name] = "not embedded"
            elif "/ToUnicode" not in font:
                problems[name] = "no /ToUnicode map"
        for xobject in (resources.get("/XObject") or {}).values() if "/XObject" in resources else []:
            if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
                seen.add(xobject.objgen)
                visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return [f"font {name}: {what}" for name, what in sorted(problems.items())]


def extract_text(path: Path) -> str:
    """The PDF's text as a reader copying it gets it (pdftotext, reading order), spaces normalised.

    Raises subprocess.CalledProcessError when pdftotext fails.
    """
    return _TextExtraction(path).text()


class _TextExtraction:
    """pdftotext started on a PDF, so that it runs while the caller does other work.

    It writes into a temporary file rather than a pipe, so that it runs to the end meanwhile (a pipe
    holds 64 kB, a fifth of the report's text).
    """

    def __init__(self, path: Path):
        self._out = tempfile.TemporaryFile()
        try:
            command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
            self._process = subprocess.Popen(command, stdout=self._out, stderr=subprocess.PIPE)
        except BaseException:
            self._out.close()
            raise

    def text(self) -> str:
        """The extracted text, spaces normalised; CalledProcessError when pdftotext failed."""
        try:
            _, err = self._process.communicate()
            if self._process.returncode:
                raise subprocess.CalledProcessError(self._process.returncode, self._process.args, stderr=err)
            self._out.seek(0)
            return normalise(self._out.read().decode("utf-8"))
        finally:
            self._out.close()

    def cancel(self) -> None:
        """Stop pdftotext and drop its output."""
        self._process.kill()
        self._process.communicate()
        self._out.close()


#: A number as the book writes it: digits grouped by spaces (212 289), or plain (2022), with decimals (55,6).
NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def numbers_followed_by_non_digit(text: str, figures: list[str]) -> list[str]:
    """Problems where a figure's text runs on into a digit ('212 28914', '1,6 mrd. kr3', '1 0001 200').

    An occurrence of a figure counts where it does not continue a number before it. A figure that
    ends in a unit or sign must not be followed by a digit. A figure that ends in a number counts
    only where that number is the whole number the text has there (so '10' is not found in '100'),
    and must not be followed by a digit. What this cannot see: a mark that makes another valid
    number of the figure ('4' and a footnote 4 read as '44').
    """
    problems = []
    text = normalise(text)
    for figure in sorted(set(figures)):
        needle = normalise(figure).strip()
        numbers = list(NUMBER.finditer(needle))
        if not numbers:
            continue
        last_start = numbers[-1].start()
        for start in _occurrences(text, needle):
            end = start + len(needle)
            if end >= len(text) or not text[end].isdigit():
                continue
            if needle[-1].isdigit():
                whole = NUMBER.match(text, start + last_start)
                if whole is None or whole.end() != end:
                    continue  # a longer number that starts like the figure
            context = text[max(0, start - 30) : end + 10]
            problems.append(f"figure {needle!r} is followed by a digit: …{context}…")
            break
    return problems


def _occurrences(text: str, needle: str):
    r"""Start of each occurrence of needle (not empty) in text that does not continue a number before it.

    What `re.finditer(r"(?<![\d,])(?<!\d )" + re.escape(needle), text)` finds (not after a digit or
    a comma, nor after a digit and a space; occurrences do not overlap), found with str.find: the
    look-behind at its start keeps the regular expression from searching for the needle's text
    directly, and the report's 750 figure texts took about a second that way.
    """
    start = text.find(needle)
    while start != -1:
        before = text[start - 1] if start else ""
        after_digit_and_space = before == " " and start > 1 and text[start - 2].isdecimal()
        continues_number = before == "," or before.isdecimal() or after_digit_and_space
        if continues_number:
            start = text.find(needle, start + 1)
        else:
            yield start
            start = text.find(needle, start + len(needle))


def main(argv: list[str]) -> int:
    """Command line: check one PDF, optionally against a figure registry (figures.json)."""
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    figures = []
    if len(argv) == 2:
        figures = [f["text"] for f in json.loads(Path(argv[1]).read_text(encoding="utf-8"))["figures"]]
    problems = check(Path(argv[0]), figures=figures)
    for problem in problems:
        print(problem)
    print(f"{argv[0]}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
