"""Provenance for readers: every number in the prose links to its row in the appendix "Tall og kilder".

A chapter writes {{ key }}; fastlege_book.sphinx_ext makes that substitution the role {tall}`key`
(a generated phrase, registry.phrases, becomes its words with each figure in it as such a role).
In HTML the role renders the formatted number as a link to the appendix with a tooltip (source,
description, confidence) shown on hover and on keyboard focus; other builders get the plain number.
The PDFs are made from the HTML (fastlege_book.pdf): there the number is plain text with nothing
after it, and the summary's key figures get their sources in a list after the summary.
The directive {tall-og-kilder} writes the appendix table from registry.records().
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from fastlege_book import incremental
from fastlege_calc import data, datastatus, registry, units
from fastlege_calc.labels import labels_nb
from fastlege_calc.sources import short_label

#: The appendix page and the prefix of each figure's anchor on it.
APPENDIX = "book/tall-og-kilder"
ANCHOR = "tall-"


class tall(nodes.inline):
    """One prose number with its key and tooltip; builders without a visitor treat it as inline text.

    Its text is the figure in digits; `prose` is how running text writes it ("fire", "15 millioner"). The
    writers choose by use: digits inside a table, the running-text form anywhere else (`shown_text`).
    """


def shown_text(node: tall) -> str:
    """The number as this use shows it: in digits inside a table, else as running text writes it.

    A number written in words that opens a sentence (or a paragraph) starts with a capital: "Fire år".
    """
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.table):
            return node.astext()
        parent = parent.parent
    prose = node.get("prose") or node.astext()
    text_before = _text_before(node).rstrip()
    if not text_before or text_before[-1] in ".!?":
        prose = prose[:1].upper() + prose[1:]
    return prose


def _text_before(node: nodes.Node) -> str:
    """The text of the node's paragraph (or other text block) before it."""
    block = node.parent
    while block is not None and isinstance(block, nodes.Inline):
        block = block.parent
    if block is None:
        return ""
    before = []
    for found in block.findall():
        if found is node:
            break
        if isinstance(found, nodes.Text):
            before.append(found.astext())
    return "".join(before)


#: In place of a confidence for a figure of the source texts: a party's input (EDITORIAL-REVIEW §2.5).
PARTY_INPUT = "partsinnspill, ikke kontrollert mot offisiell kilde"


def confidence_text(shown: registry.Shown) -> str:
    """'høy', 'middels', 'lav' for a stored figure or rate with a confidence; else how the confidence follows.

    A computed figure's confidence follows from its sources ('beregnet fra kildene'); a stored figure of
    the source texts (datastatus.source_text_ids) is a party's input (PARTY_INPUT); any other stored
    figure or rate without one is 'ikke angitt'.
    """
    if shown.confidence:
        return labels_nb("confidence").get(shown.confidence, shown.confidence)
    if shown.origin == "computed":
        return "beregnet fra kildene"
    texts = datastatus.source_text_ids()
    return PARTY_INPUT if shown.sources and set(shown.sources) <= texts else "ikke angitt"


def _source_labels(shown: registry.Shown) -> str:
    """'Publisher (year); …': each source of a figure once, in the order it was read."""
    return "; ".join(dict.fromkeys(short_label(s) for s in shown.sources))


@registry.derived
def _tooltips() -> dict[str, str]:
    """Every figure's tooltip, computed with the registry (once per data version).

    sphinx_ext computes them before the pages are read, so a page using a number does not load (and so,
    for incremental builds, depend on) the tables behind every tooltip.
    """
    tips = {}
    for key, shown in registry.prose_figures().items():
        labels = _source_labels(shown)
        kilde = "Kilder" if len(shown.sources) > 1 and ";" in labels else "Kilde"
        tips[key] = f"{kilde}: {labels}. {shown.description}. Sikkerhet: {confidence_text(shown)}."
    return tips


def tooltip(key: str) -> str:
    """The tooltip of one number: source, description and confidence, in one line of plain text.

    KeyError for a key the registry does not know.
    """
    return _tooltips()[key]


def tall_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{tall}`key`: the formatted number of a registry key, with its provenance."""
    key = text.strip()
    shown = registry.prose_figures()
    if key not in shown:
        hint = "see python -m fastlege_calc figures"
        message = inliner.reporter.error(f"unknown figure key '{key}' ({hint})", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    node = tall(rawtext, shown[key].text, key=key, tip=tooltip(key), prose=shown[key].prose or shown[key].text)
    return [node], []


# --- HTML: a link to the appendix with a tooltip --------------------------------------------------
def _plain_only(node: nodes.Node) -> bool:
    """Inside a link (table of contents, references) a number must not become a second link."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.reference):
            return True
        parent = parent.parent
    return False


def visit_tall_html(self, node: tall) -> None:
    """<span><a href=appendix#tall-key aria-describedby=tip>text</a><span role=tooltip>…</span></span>."""
    if _plain_only(node):
        self.body.append(self.encode(shown_text(node)))
        raise nodes.SkipNode
    self._fl_tall_count = getattr(self, "_fl_tall_count", 0) + 1
    tip_id = f"fl-tall-tip-{self._fl_tall_count}"
    uri = self.builder.get_relative_uri(self.builder.current_docname, APPENDIX) + "#" + ANCHOR + node["key"]
    self.body.append(
        f'<span class="fl-tall"><a class="fl-tall-link" href="{self.attval(uri)}" '
        f'aria-describedby="{tip_id}">{self.encode(shown_text(node))}</a>'
        f'<span class="fl-tall-tip" role="tooltip" id="{tip_id}">{self.encode(node["tip"])}</span></span>'
    )
    raise nodes.SkipNode


def visit_tall_text(self, node: tall) -> None:
    """Text-like builders: the number only."""
    self.add_text(shown_text(node))
    raise nodes.SkipNode


def _skip(self, node) -> None:  # never called: every visitor above raises SkipNode
    pass


# --- the appendix ---------------------------------------------------------------------------------
class FigureTable(SphinxDirective):
    """The appendix table: every figure with its text, value and unit, source, confidence and pages."""

    has_content = False

    def _inline(self, markdown: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(markdown, self.lineno)
        return parsed + messages

    def run(self) -> list[nodes.Node]:
        """The table, one row per registry record, sorted by key."""
        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "data" / "figures.csv"))
        # Every figure is computed from data/ by the package: the table depends on both.
        incremental.note_file(self.env, data.data_dir())
        incremental.note_package(self.env)
        headings = ["Tall", "Verdi", "Kilde og sikkerhet", "Brukt på"]
        widths = [36, 20, 26, 18]
        table = nodes.table(classes=["fl-tall-table", "longtable", "colwidths-given"])
        group = nodes.tgroup(cols=len(headings))
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in widths)
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", nodes.paragraph("", h)) for h in headings))
        body = nodes.tbody()
        figures = registry.prose_figures()
        for record in registry.records(root):
            key = record["key"]
            cite = "{cite:p}`" + ",".join(record["sources"]) + "`"
            pages = ", ".join("{doc}`/" + page + "`" for page in record["pages"]) or "–"
            # Readers see the description; the key (a code name) is only in the row's anchor, #tall-<key>.
            label = nodes.paragraph("", record["description"], ids=[ANCHOR + key])
            value = nodes.paragraph("", "", nodes.strong("", record["text"]))
            raw = units.value_text(figures[key].value, record["unit"])
            stored = nodes.paragraph("", f"Verdi: {raw}", classes=["fl-tall-raw"])
            source = nodes.paragraph("", "", *self._inline(cite))
            confidence = nodes.paragraph("", f"Sikkerhet: {confidence_text(figures[key])}")
            body += nodes.row(
                "",
                nodes.entry("", label),
                nodes.entry("", value, stored),
                nodes.entry("", source, confidence),
                nodes.entry("", nodes.paragraph("", "", *self._inline(pages))),
            )
        group += head
        group += body
        return [table]


def _appendix_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the appendix when a page starts or stops using a figure (its 'Brukt på' column)."""
    current = repr(sorted(registry.usage(Path(app.srcdir)).items()))
    previous = getattr(env, "fastlege_usage", None)
    env.fastlege_usage = current
    if previous is not None and previous != current and APPENDIX in env.found_docs:
        return [APPENDIX]
    return []


def substitution(key: str) -> str:
    """The MyST substitution value for one key: the role, parsed as inline Markdown where it is used."""
    return "{tall}`" + key + "`"


def phrase_substitution(phrase: registry.Said) -> str:
    """The MyST substitution value for a generated phrase: its words, each figure in it as the role {tall}`key`."""
    return registry.SUBSTITUTION.sub(lambda match: substitution(match.group(1)), phrase.markdown)


def setup(app: Sphinx) -> None:
    """Register the role, its node, the appendix directive, the tooltip style and script."""
    app.add_node(
        tall,
        html=(visit_tall_html, _skip),
        text=(visit_tall_text, _skip),
    )
    app.add_role("tall", tall_role)
    app.add_directive("tall-og-kilder", FigureTable)
    app.connect("env-get-outdated", _appendix_outdated)
    app.add_css_file("fastlege-tall.css")
    app.add_js_file("fastlege-tall.js", loading_method="defer")
