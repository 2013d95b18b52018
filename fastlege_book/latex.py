"""The PDF editions: report layout, title page, colophon and the two-page kortversjon.

Build facts (edition, data version, git commit, build date) are computed here when Sphinx reads
its configuration and written into the LaTeX style files in the book's `latex/` folder, which are
Jinja templates with Sphinx's LaTeX delimiters (`<%= value %>`). Two LaTeX documents are built:

- the full report, `fastlegeordningen.tex`, from the book's root page;
- the kortversjon, `fastlegeordningen-kortversjon.tex`, from the summary chapter plus key charts.

Called from `fastlege_book.sphinx_ext` (`setup`). Only the LaTeX builder is affected.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from fastlege_book.layout import REPORT, SHORT, Layout
from fastlege_calc import __version__, charts, data, fmt

SHORT_DOC = "book/sammendrag"
TEMPLATES = ("fl-common.sty", "fl-rapport.sty", "fl-kortversjon.sty")

#: The charts of the kortversjon: (builder in fastlege_calc.charts, caption without numbers).
SHORT_CHARTS = (
    (
        "action_plan_vs_salaried_gp",
        "Handlingsplanens økning i basistilskuddet mot kostnaden ved en fastlønnet fastlege.",
    ),
    ("basistilskudd_by_list_length", "Basistilskudd i året etter listelengde, nasjonale regler og Tromsø-modellen."),
)


@dataclass(frozen=True)
class Edition:
    """What the title page and colophon say about this build of the report."""

    title: str
    publisher: str
    abstract: str
    keywords: tuple[str, ...]
    url: str
    license: str
    version: str
    date: dt.date
    data_version: str
    commit: str

    @property
    def date_text(self) -> str:
        """The build date in words: 23. november 2026."""
        return fmt.date_long(self.date)

    def citation(self) -> str:
        """How to cite the report: the same fields as CITATION.cff, with the build year."""
        return (
            f"{self.publisher} ({self.date.year}). {self.title}. Kunnskapsgrunnlag, versjon {self.version}. {self.url}"
        )


def build_date() -> dt.date:
    """The build date: SOURCE_DATE_EPOCH (reproducible builds) when set, else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def git_commit(root: Path) -> str:
    """The commit the book is built from (12 hex digits, "+ lokale endringer" when the tree is dirty).

    FASTLEGE_GIT_COMMIT overrides it (for builds in a copy without .git); "ukjent" outside git.
    """
    override = os.environ.get("FASTLEGE_GIT_COMMIT", "").strip()
    if override:
        return override

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else ""

    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != root.resolve():
        return "ukjent"
    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "ukjent"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} + lokale endringer" if dirty else commit


def last_commit_epoch(root: Path) -> str:
    """Seconds since 1970 of the last commit in root ("" outside git): the reproducible build date."""
    result = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def reproducible_env(root: Path) -> dict[str, str]:
    """Environment for building a copy of root (without .git) that says what a build of root says."""
    env = {"FASTLEGE_GIT_COMMIT": git_commit(root), "SOURCE_DATE_EPOCH": last_commit_epoch(root)}
    return {key: value for key, value in env.items() if value and key not in os.environ}


def citation_file(root: Path) -> dict:
    """CITATION.cff at the top of the repository, checked for the fields the PDF prints."""
    path = root / "CITATION.cff"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in ("title", "authors", "version", "abstract", "keywords", "url", "license") if k not in meta]
    if missing:
        raise ValueError(f"CITATION.cff: missing field(s) {', '.join(missing)}")
    if str(meta["version"]) != __version__:
        raise ValueError(
            f"CITATION.cff: version {meta['version']} differs from fastlege_calc.__version__ {__version__}"
        )
    return meta


def edition(root: Path) -> Edition:
    """The facts of this build, from CITATION.cff, the package, data/, git and the clock."""
    meta = citation_file(root)
    return Edition(
        title=meta["title"],
        publisher=meta["authors"][0]["name"],
        abstract=meta["abstract"],
        keywords=tuple(meta["keywords"]),
        url=meta["url"],
        license=meta["license"],
        version=__version__,
        date=build_date(),
        data_version=data.data_version(),
        commit=git_commit(root),
    )


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
}


def tex_escape(text: str) -> str:
    """Plain text as LaTeX source: special characters escaped."""
    return re.sub(r"[\\{}$&#^_~%]", lambda m: _TEX_SPECIAL[m.group()], str(text))


def render(template: Path, context: dict) -> str:
    """A template from latex/ with Sphinx's LaTeX delimiters; an unknown name is an error."""
    env = jinja2.Environment(
        variable_start_string="<%=",
        variable_end_string="%>",
        block_start_string="<%",
        block_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["tex"] = tex_escape
    return env.from_string(template.read_text(encoding="utf-8")).render(context)


def template_context(ed: Edition) -> dict:
    """What the templates may use."""
    return {
        "ed": ed,
        "keywords": ", ".join(ed.keywords),
        "citation": ed.citation(),
        "report_pdf": REPORT.name,
    }


def write_styles(root: Path, out_dir: Path, ed: Edition) -> list[Path]:
    """Render the style files in latex/ into out_dir (only rewriting changed files)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    context = template_context(ed)
    written = []
    for name in TEMPLATES:
        text = render(root / "latex" / name, context)
        target = out_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


# --- Sphinx hooks ---------------------------------------------------------------------------------
def _configure(app: Sphinx, config) -> None:
    """Two LaTeX documents, the report styles and the build facts (config-inited)."""
    layout = Layout.here(app.confdir)
    ed = edition(layout.root)
    styles = write_styles(layout.root, layout.latex_styles, ed)
    config.latex_additional_files = [*config.latex_additional_files, *map(str, styles)]
    config.latex_elements = {
        **(config.latex_elements or {}),
        "papersize": "a4paper",
        "babel": "",
        # Options hyperref takes only when it is loaded (the rest is in latex/fl-common.sty).
        "passoptionstopackages": "\\PassOptionsToPackage{pdflang=nb,pdfdisplaydoctitle=true,colorlinks=true}{hyperref}",
        "fncychap": "",
        "fontpkg": "",
        "preamble": "\\usepackage{fl-common}",
        "maketitle": "\\flmaketitle",
        "tableofcontents": "\\fltableofcontents",
        "printindex": "",
        "makeindex": "",
    }
    app.fastlege_edition = ed


def _documents(app: Sphinx, env) -> None:
    """The two LaTeX documents (env-updated: Jupyter Book resets latex_documents after config-inited)."""
    ed = app.fastlege_edition
    app.config.latex_documents = [
        (app.config.root_doc, REPORT.tex, ed.title, ed.publisher, "manual", False),
        (SHORT_DOC, SHORT.tex, ed.title + " – kortversjon", ed.publisher, "howto", False),
    ]


def _chapter_numbers(app: Sphinx) -> dict[str, str]:
    """Each chapter's number in the PDF: 1, 2, … for the numbered part, A, B, … for the appendices."""
    numbers = {}
    for docname in _toc_docs(app, numbered=True):
        secnum = app.env.toc_secnumbers.get(docname, {}).get("")
        if secnum:
            numbers[docname] = ".".join(map(str, secnum))
    for i, docname in enumerate(_toc_docs(app, numbered=False)):
        numbers[docname] = chr(ord("A") + i)
    return numbers


def _toc_docs(app: Sphinx, numbered: bool) -> list[str]:
    """The chapters of the root page's numbered (or unnumbered: appendix) toctrees, in order."""
    docs = []
    for toctree in app.env.get_doctree(app.config.root_doc).findall(addnodes.toctree):
        if bool(toctree.get("numbered")) == numbered:
            docs.extend(ref for _title, ref in toctree["entries"] if ref)
    return docs


def _is_latex(app: Sphinx) -> bool:
    return app.builder.format == "latex"


class MarkBibliography(SphinxPostTransform):
    """Remember where the bibliography stands before Sphinx moves it to the end of the document."""

    default_priority = 740  # Sphinx's BibliographyTransform (750) moves the citations
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        """Mark the parent of the first citation."""
        for citation in self.document.findall(nodes.citation):
            citation.parent["fl_bibliography"] = True
            break


class PlaceBibliography(SphinxPostTransform):
    """Put the bibliography back into the Kilder chapter (report); leave it out of the kortversjon."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        """Move the collected thebibliography node into the marked place."""
        from sphinx.builders.latex.nodes import thebibliography

        bibliography = next(iter(self.document.findall(thebibliography)), None)
        if bibliography is None:
            return
        bibliography.parent.remove(bibliography)
        if self.document.get("docname") == SHORT_DOC:
            return
        marked = self.document.findall(lambda n: isinstance(n, nodes.Element) and n.get("fl_bibliography"))
        place = next(iter(marked), None)
        (place if place is not None else self.document).append(bibliography)


class ShortCrossReferences(SphinxPostTransform):
    """In the kortversjon, a link to a chapter or figure of the report names its number there.

    The kortversjon holds one chapter, so Sphinx could not link to the others (it would print the
    bare title, and "Figur ??" for a figure).
    """

    default_priority = 9  # before Sphinx resolves references (10)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        """Replace std references to other chapters by plain text."""
        if self.document.get("docname") != SHORT_DOC:
            return
        std = self.env.get_domain("std")
        numbers = _chapter_numbers(self.app)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") != "std" or xref.get("reftype") not in ("ref", "numref", "doc"):
                continue
            target = xref["reftarget"]
            if xref["reftype"] == "doc":
                docname, title = target, self.env.titles.get(target)
                title = title.astext() if title else xref.astext()
            else:
                docname, labelid, title = std.labels.get(target, ("", "", ""))
                if not docname:
                    docname, labelid = std.anonlabels.get(target, ("", ""))
                if not docname or docname == SHORT_DOC:
                    continue
            if xref["reftype"] == "numref":
                number = self.env.toc_fignumbers.get(docname, {}).get("figure", {}).get(labelid)
                text = f"Figur {'.'.join(map(str, number))} i rapporten" if number else xref.astext()
            elif docname in numbers:
                kind = "kapittel" if numbers[docname][0].isdigit() else "vedlegg"
                text = f"«{title}» ({kind} {numbers[docname]})"
            else:
                text = title or xref.astext()
            xref.replace_self(nodes.inline("", text))


def _raw(tex: str) -> nodes.raw:
    return nodes.raw("", tex, format="latex")


def _report(app: Sphinx, doctree: nodes.document) -> None:
    """The report: an introduction heading for the root page's text, lettered appendices."""
    root = next(iter(doctree.findall(nodes.section)), None)
    if root is not None:
        root.insert(1, _raw("\\flintroduction\n"))
    appendices = _toc_docs(app, numbered=False)
    for start in doctree.findall(addnodes.start_of_file):
        if appendices and start["docname"] == appendices[0]:
            start.parent.insert(start.parent.index(start), _raw("\\flappendix\n"))
            break


def _short(app: Sphinx, doctree: nodes.document) -> None:
    """The kortversjon: the chapter title as headline, then key charts and the closing box."""
    outdir = Path(app.outdir)
    body = [_raw("\\flshortstart\n")]
    # Two charts in all: fewer of ours when the summary chapter shows charts of its own.
    own = sum(1 for _ in doctree.findall(nodes.figure))
    chosen = SHORT_CHARTS[: max(0, len(SHORT_CHARTS) - own)]
    for i, (builder, caption) in enumerate(chosen, start=1):
        name = f"fl-kort-figur-{i}.pdf"
        pdf = getattr(charts, builder)().pdf()
        target = outdir / name
        if not target.is_file() or target.read_bytes() != pdf:
            target.write_bytes(pdf)
        left = len(chosen) - i + 1
        body.append(_raw(f"\\flshortchart{{{name}}}{{{tex_escape(caption)}}}{{{left}}}\n"))
    body.append(_raw("\\flshortend\n"))
    section = next(iter(doctree.findall(nodes.section)), doctree)
    section.insert(1, _raw(f"\\flshortheadline{{{tex_escape(app.env.titles[SHORT_DOC].astext())}}}\n"))
    section.extend(body)


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Shape the two LaTeX documents (the LaTeX builder resolves each document as one tree)."""
    if not _is_latex(app):
        return
    if docname == SHORT_DOC:
        _short(app, doctree)
    elif docname == app.config.root_doc:
        _report(app, doctree)


def setup(app: Sphinx) -> None:
    """Register the PDF hooks (called from fastlege_book.sphinx_ext.setup)."""
    app.connect("config-inited", _configure)
    app.connect("env-updated", _documents)
    app.add_post_transform(MarkBibliography)
    app.add_post_transform(PlaceBibliography)
    app.add_post_transform(ShortCrossReferences)
    app.connect("doctree-resolved", _doctree_resolved)
