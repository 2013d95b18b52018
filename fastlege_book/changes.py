"""Sphinx side of editions: write the figure registry with every build, and the page "Endringer i tallene"."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from fastlege_book import editions, incremental
from fastlege_book.layout import FIGURES_JSON, Layout
from fastlege_calc import fmt


def _table(header: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    """A plain docutils table with a header row."""
    table = nodes.table(classes=["fl-changes", "colwidths-given"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head, body = nodes.thead(), nodes.tbody()
    for cells, part in [(header, head)] + [(r, body) for r in rows]:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=cell)
            row += entry
        part += row
    group += head
    group += body
    return table


class ChangesDirective(SphinxDirective):
    """``{fastlege-endringer}``: every figure that changed since the latest recorded edition, and why.

    The sources' years of publication (used only to attribute claims) are summed up in one sentence after the table.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Compare the figures now with the latest edition in editions/."""
        root = Path(self.env.srcdir)
        incremental.note_file(self.env, Layout.here(root).editions)
        incremental.note_package(self.env)
        recorded = editions.editions(root)
        current = editions.registry_document(root)
        if not recorded:
            return [nodes.paragraph(text="Ingen utgave er registrert ennå, så det er ingenting å sammenligne med.")]
        latest = recorded[-1]
        released = fmt.date_long(editions.dt.date.fromisoformat(latest["released"]))
        changed = editions.changes(latest, current)
        # A source's year of publication only attributes a claim: one sentence after the table, not a row each.
        listed, years = editions.split_source_years(changed)
        intro = nodes.paragraph(
            text=f"Tallene sammenlignes med utgave {latest['edition']}, utgitt {released}. "
            + editions.count_sentence(listed)
        )
        out: list[nodes.Node] = [intro]
        # The link to the site's copy (the PDF, made from the HTML, prints it as a web address).
        uri = "../" * self.env.docname.count("/") + "_static/" + FIGURES_JSON
        link = nodes.reference(text=FIGURES_JSON, refuri=uri)
        only_html = addnodes.only(expr="html")
        only_html += nodes.paragraph("", "", nodes.Text("Registeret for denne byggingen: "), link)
        out.append(only_html)
        if listed:
            rows = [
                [
                    c.description,
                    c.before or "(nytt tall)",
                    c.after or "(fjernet)",
                    editions.describe_rows(c.why) or "Endret beregning i programkoden (ingen dataendring)",
                ]
                for c in listed
            ]
            out.append(_table(["Tall", "Før", "Nå", "Hvorfor"], rows, [28, 15, 15, 42]))
        if years:
            out.append(nodes.paragraph(text=editions.source_years_sentence(years)))
        return out


def _write_registry(app: Sphinx, exception: Exception | None) -> None:
    """Every build writes the registry of every figure: _static/figures.json (site; the PDF step copies it)."""
    if exception is not None:
        return
    out = Path(app.outdir)
    target = out / "_static" / FIGURES_JSON if app.builder.format == "html" else out / FIGURES_JSON
    editions.write_registry(target, Path(app.srcdir))


def setup(app: Sphinx) -> None:
    """Register the directive and the registry writer (called from fastlege_book.sphinx_ext.setup)."""
    app.add_directive("fastlege-endringer", ChangesDirective)
    app.connect("build-finished", _write_registry)
