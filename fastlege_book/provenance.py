"""Provenance for readers: every number in the prose links to its row in the appendix "Tall og kilder".

A chapter writes {{ key }}; fastlege_book.sphinx_ext makes that substitution the role {tall}`key`.
In HTML the role renders the formatted number as a link to the appendix with a tooltip (source,
description, confidence) shown on hover and on keyboard focus; other builders get the plain number.
The PDFs are made from the HTML (fastlege_book.pdf): there the number is plain text with nothing
after it, and the summary's key figures get their sources in a list after the summary.
The directive {tall-og-kilder} writes the appendix table from registry.records().
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from fastlege_book import incremental
from fastlege_calc import basistilskudd, data, registry, units
from fastlege_calc.figures import all_figures
from fastlege_calc.labels import labels_nb
from fastlege_calc.sources import short_label

#: The appendix page and the prefix of each figure's anchor on it.
APPENDIX = "book/tall-og-kilder"
ANCHOR = "tall-"


class tall(nodes.inline):
    """One prose number with its key and tooltip; builders without a visitor treat it as inline text."""


_CACHE: dict[str, tuple[dict[str, registry.Shown], dict[str, str | None]]] = {}


def _figures() -> tuple[dict[str, registry.Shown], dict[str, str | None]]:
    """The registry and each key's confidence, computed once per data version."""
    version = data.data_version()
    if version not in _CACHE:
        _CACHE.clear()
        shown = registry.prose_figures()
        _CACHE[version] = (shown, _confidences(shown))
    return _CACHE[version]


def _confidences(shown: dict[str, registry.Shown]) -> dict[str, str | None]:
    """Confidence code (H/M/L) of stored figures and rate rows; None for computed figures."""
    stored = {key: f.confidence for key, f in all_figures().items()}
    by_stem = {"bt_" + r.valid_from.strftime("%Y_%m_%d"): r.confidence for r in basistilskudd.rates()}
    out: dict[str, str | None] = {}
    for key in shown:
        stem = re.sub(r"_(above|kneepoint|date)$", "", key)
        out[key] = stored[key] if key in stored else by_stem.get(stem)
    return out


def is_computed(key: str) -> bool:
    """True for figures fastlege_calc computes (not stored as one row in data/)."""
    if key in all_figures():
        return False
    stems = {"bt_" + r.valid_from.strftime("%Y_%m_%d") for r in basistilskudd.rates()}
    return re.sub(r"_(above|kneepoint|date)$", "", key) not in stems


def confidence_text(key: str) -> str:
    """'høy', 'middels', 'lav', or how a computed figure's confidence follows from its sources."""
    code = _figures()[1].get(key)
    if code:
        return labels_nb("confidence").get(code, code)
    return "beregnet fra kildene" if is_computed(key) else "ikke angitt"


_TOOLTIPS: dict[tuple[str, str], str] = {}


def tooltip(key: str) -> str:
    """The tooltip of one number: source, description and confidence, in one line of plain text.

    Memoised per data version: sphinx_ext computes every tooltip before the pages are read, so a
    page using a number does not load (and so, for incremental builds, depend on) the tables behind
    every tooltip.
    """
    memo = (data.data_version(), key)
    if memo not in _TOOLTIPS:
        if len(_TOOLTIPS) > 10_000:
            _TOOLTIPS.clear()
        _TOOLTIPS[memo] = _tooltip(key)
    return _TOOLTIPS[memo]


def _tooltip(key: str) -> str:
    shown = _figures()[0][key]
    labels = "; ".join(dict.fromkeys(short_label(s) for s in shown.sources))
    kilde = "Kilder" if len(shown.sources) > 1 and ";" in labels else "Kilde"
    return f"{kilde}: {labels}. {shown.description}. Sikkerhet: {confidence_text(key)}."


def tall_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{tall}`key`: the formatted number of a registry key, with its provenance."""
    key = text.strip()
    shown = _figures()[0]
    if key not in shown:
        hint = "see python -m fastlege_calc figures"
        message = inliner.reporter.error(f"unknown figure key '{key}' ({hint})", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    node = tall(rawtext, shown[key].text, key=key, tip=tooltip(key))
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
        self.body.append(self.encode(node.astext()))
        raise nodes.SkipNode
    self._fl_tall_count = getattr(self, "_fl_tall_count", 0) + 1
    tip_id = f"fl-tall-tip-{self._fl_tall_count}"
    uri = self.builder.get_relative_uri(self.builder.current_docname, APPENDIX) + "#" + ANCHOR + node["key"]
    self.body.append(
        f'<span class="fl-tall"><a class="fl-tall-link" href="{self.attval(uri)}" '
        f'aria-describedby="{tip_id}">{self.encode(node.astext())}</a>'
        f'<span class="fl-tall-tip" role="tooltip" id="{tip_id}">{self.encode(node["tip"])}</span></span>'
    )
    raise nodes.SkipNode


def visit_tall_text(self, node: tall) -> None:
    """Text-like builders: the number only."""
    self.add_text(node.astext())
    raise nodes.SkipNode


def _skip(self, node) -> None:  # never called: every visitor above raises SkipNode
    pass


# --- the appendix ---------------------------------------------------------------------------------
def _value_text(record: dict) -> str:
    """The value in its unit, in Norwegian form with the decimals it has (0,398 andel); a date as printed."""
    if record["unit"] == "date":  # dates are carried in the text (their value is 0)
        return record["text"]
    return units.value_text(record["value"], record["unit"])


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
        for record in registry.records(root):
            key = record["key"]
            cite = "{cite:p}`" + ",".join(record["sources"]) + "`"
            pages = ", ".join("{doc}`/" + page + "`" for page in record["pages"]) or "–"
            # The key is for analysts on the website; in print long keys would not fit the column.
            key_html = addnodes.only("", nodes.literal("", key), expr="html")
            label = nodes.paragraph("", record["description"] + " ", key_html, ids=[ANCHOR + key])
            value = nodes.paragraph("", "", nodes.strong("", record["text"]))
            stored = nodes.paragraph("", f"Verdi: {_value_text(record)}", classes=["fl-tall-raw"])
            source = nodes.paragraph("", "", *self._inline(cite))
            confidence = nodes.paragraph("", f"Sikkerhet: {confidence_text(key)}")
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
