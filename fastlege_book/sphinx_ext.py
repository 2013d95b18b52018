"""Sphinx extension: package numbers into the prose, rebuilds when data or code change, offline charts.

Which pages a change re-reads is decided in fastlege_book.incremental.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from fastlege_book import bibstyle, cards, changes, datastatus, downloads, execute, incremental, provenance, search
from fastlege_book.layout import BUILD, PDFS, Layout
from fastlege_calc import __version__, data, discrepancies, registry, sources
from fastlege_calc.charts import render

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
#: Norwegian strings for the theme and Sphinx (gettext catalogues, .po with the compiled .mo beside it).
#: The catalogue "sphinx" is read through `locale_dirs` in _config.yml (before Sphinx's own, which gets
#: some wrong); sphinx-book-theme's "booktheme" is added here in `setup`.
LOCALE_DIR = PACKAGE_DIR / "locale"
CATALOGUES = ("sphinx", "booktheme")


def compiled_catalogue(po: Path, language: str = "nb_NO") -> bytes:
    """A .po file compiled to .mo bytes, the way Sphinx compiles a catalogue of `locale_dirs` (Babel, no fuzzy)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open(encoding="utf-8") as text:
        catalogue = read_po(text, language)
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=False)
    return out.getvalue()


def write_catalogues(language: str = "nb_NO") -> list[Path]:
    """Compile every catalogue's .po into the .mo beside it (run after editing a .po); the files written."""
    written = []
    for name in CATALOGUES:
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{name}.po"
        mo = po.with_suffix(".mo")
        mo.write_bytes(compiled_catalogue(po, language))
        written.append(mo)
    return written


def _validate_unless_validated() -> None:
    """data.validate(), unless the build validated this very content (VALIDATED_ENV names its data version).

    DataError as data.validate. The version is a hash of every data byte, so an edit made after the
    build's check is validated here.
    """
    try:
        told = os.environ.get(data.VALIDATED_ENV) == f"{data.data_version()}:{data.data_dir()}"
    except (OSError, ValueError, KeyError):
        told = False  # data that cannot even be hashed: data.validate() names the problem
    if not told:
        data.validate()


def _set_substitutions(app: Sphinx, config) -> None:
    """Validate data/ and give every chapter the package's numbers as {{ key }} substitutions.

    Data the build's validation step has just validated (fastlege_calc.data.VALIDATED_ENV names its
    content hash) is not validated again.
    """
    try:
        _validate_unless_validated()
        numbers = registry.substitutions()
        registry.phrases()
        discrepancies.check()
    except data.DataError as exc:
        raise ExtensionError(f"Bad input data, nothing was built: {exc}") from None
    clashes = set(numbers) & set(config.myst_substitutions or {})
    if clashes:
        raise ExtensionError(f"_config.yml defines substitutions the package owns: {sorted(clashes)}")
    # Each number is the role {tall}`key`: its text with a link to its source (fastlege_book.provenance);
    # each phrase its words with its numbers as such roles.
    said = registry.phrases()
    shown = {key: provenance.substitution(key) for key in numbers}
    shown |= {key: provenance.phrase_substitution(phrase) for key, phrase in said.items()}
    config.myst_substitutions = {**(config.myst_substitutions or {}), **shown}
    # What a reader sees of each number (its text and its tooltip): a page is re-read when it changes.
    figures = registry.prose_figures()
    app.fastlege_shown = {
        key: f"{text} | {figures[key].prose} | {provenance.tooltip(key)}" for key, text in numbers.items()
    }
    app.fastlege_shown |= {
        key: " | ".join([phrase.text, *(provenance.tooltip(k) for k in phrase.figures)]) for key, phrase in said.items()
    }


def _add_templates(app: Sphinx, config) -> None:
    """Small theme overrides (Norwegian footer with the PDF links) come before the theme's own templates."""
    config.templates_path = [str(PACKAGE_DIR / "templates"), *config.templates_path]
    # The theme's default mode is empty, which its script reports as a console error on every page.
    config.html_context = {"default_mode": "auto", **(config.html_context or {})}
    # Jupyter Book sets the search field's text in English ("Search this book..."): ours replaces it.
    config.html_theme_options = {
        "toc_title": "Innhold",
        **(config.html_theme_options or {}),
        "search_bar_text": "Søk i kunnskapsgrunnlaget …",
    }


def _write_bibliography(app: Sphinx, config) -> None:
    """Write data/sources.csv as BibTeX for sphinxcontrib-bibtex (only when it changed)."""
    bib = Layout.here(app.confdir).bibliography
    text = sources.bibtex()
    if not bib.is_file() or bib.read_text(encoding="utf-8") != text:
        bib.parent.mkdir(parents=True, exist_ok=True)
        bib.write_text(text, encoding="utf-8")
    config.bibtex_bibfiles = [str(bib)]


def _chart_assets(app: Sphinx) -> None:
    """Serve plain Vega from the site itself (specs are compiled at build time): one bundle per version, every page."""
    if app.builder.format != "html":
        return
    vendor = Path(app.doctreedir).parent / ".vendor"
    bundle = vendor / render.bundle_name()
    if not bundle.is_file():
        vendor.mkdir(parents=True, exist_ok=True)
        tmp = bundle.with_suffix(".tmp")
        tmp.write_text(render.javascript_bundle(), encoding="utf-8")
        tmp.replace(bundle)
    for stale in vendor.glob("vega-bundle-*.js"):
        if stale != bundle:
            stale.unlink()
    app.config.html_static_path = [*app.config.html_static_path, str(vendor), str(STATIC_DIR)]
    # Sphinx 7.4 does not overwrite a static file that already exists in the output: drop stale copies.
    for source in [*STATIC_DIR.iterdir(), bundle]:
        copied = Path(app.outdir) / "_static" / source.name
        if copied.is_file() and copied.read_bytes() != source.read_bytes():
            copied.unlink()
    app.add_js_file(bundle.name, loading_method="defer")
    app.add_js_file("fastlege-charts.js", loading_method="defer")
    app.add_js_file("fastlege-print.js", loading_method="defer")
    app.add_css_file("fastlege-charts.css")
    # A page printed from the browser: dark on white in any theme, the article alone (not the PDFs' stylesheet).
    app.add_css_file("fastlege-print.css", media="print")


def _exclude_build(app: Sphinx, config) -> None:
    """Sphinx never reads pages from the build folder (published site, work folder, cache)."""
    config.exclude_patterns = [*config.exclude_patterns, BUILD]


def _is_thebe_asset(asset) -> bool:
    """sphinx-thebe's inline config (a CDN address, declared once per read) and its loader; thebe is off."""
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "THEBE_JS_URL" in body or "thebe" in name.rsplit("/", 1)[-1]


def _is_chart_asset(asset) -> bool:
    """The Vega bundle and the scripts that draw and print the charts (only pages with charts need them)."""
    name = str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1]
    return name.startswith("vega-bundle-") or name in ("fastlege-charts.js", "fastlege-print.js")


def _is_design_asset(asset) -> bool:
    """sphinx-design's stylesheet and tab script (Jupyter Book always loads them; only its directives need them)."""
    name = str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1]
    return name.startswith(("sphinx-design.", "design-tabs."))


def _is_code_asset(asset) -> bool:
    """Code highlighting colours: only code blocks use them."""
    name = str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1]
    return name.startswith("pygments.")


def _is_copybutton_asset(asset) -> bool:
    """sphinx-copybutton and its clipboard library (Jupyter Book always loads them).

    Left out on every page: its buttons speak English only ("Copy to clipboard"; it has no Norwegian
    and no setting for its words), and a reader can select a code cell's text as any other.
    """
    name = str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1]
    return name.startswith(("copybutton.", "clipboard."))


#: sphinx-design's markup in a page body: its classes all start with "sd-".
SPHINX_DESIGN_MARKUP = re.compile(r'class="(?:[^"]*\s)?sd-')


def _is_math_node(node) -> bool:
    """A formula in the text (inline or displayed)."""
    return isinstance(node, nodes.math | nodes.math_block)


def _is_mathjax_asset(asset) -> bool:
    """MathJax (from a CDN by default) and its inline configuration."""
    name = str(getattr(asset, "filename", asset) or "").lower()
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "mathjax" in name or "window.MathJax" in body


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Per page: drop thebe's CDN scripts and MathJax, sphinx-design and code assets where unused; add PDF links."""
    has_math = doctree is not None and any(True for _ in doctree.findall(_is_math_node))
    has_charts = 'class="fl-chart"' in context.get("body", "")
    has_design = bool(SPHINX_DESIGN_MARKUP.search(context.get("body", "")))
    has_code = 'class="highlight' in context.get("body", "")
    if "script_files" in context:
        context["script_files"] = [
            a
            for a in context["script_files"]
            if not _is_thebe_asset(a)
            and (has_math or not _is_mathjax_asset(a))
            and (has_charts or not _is_chart_asset(a))
            and (has_design or not _is_design_asset(a))
            and (has_code or not _is_code_asset(a))
            and not _is_copybutton_asset(a)
        ]
    if "css_files" in context:
        context["css_files"] = [
            a
            for a in context["css_files"]
            if not _is_thebe_asset(a)
            and (has_design or not _is_design_asset(a))
            and (has_code or not _is_code_asset(a))
            and not _is_copybutton_asset(a)
        ]
    context["fastlege_pdfs"] = [(pdf.name, pdf.label) for pdf in PDFS]  # the build publishes them with the site
    if "body" in context:
        # docutils marks bibliography entries with the deprecated ARIA role doc-biblioentry inside a role="list";
        # as list items they are announced as the list they are (axe: aria-deprecated-role, aria-required-children).
        context["body"] = table_header_scopes(context["body"].replace('role="doc-biblioentry"', 'role="listitem"'))


#: Header cells as Sphinx writes them: column headers (class "head") and row headers (a stub column).
HEADER_CELL = re.compile(r'<th class="(head|stub)\b')


def table_header_scopes(body: str) -> str:
    """Every header cell of the page's tables says what it heads: scope="col" in the header row, "row" in a stub column.

    Sphinx writes <th class="head"> and <th class="stub"> without a scope; a screen reader then has to guess
    which cells a header belongs to (a two-way table's row labels are the stub column).
    """
    scopes = {"head": "col", "stub": "row"}
    return HEADER_CELL.sub(lambda m: f'<th scope="{scopes[m.group(1)]}" class="{m.group(1)}', body)


#: Where sphinxext-opengraph writes each page's preview card (named by a hash of the page's title and description).
SOCIAL_CARDS = "_images/social_previews"
CARD_REFERENCE = re.compile(re.escape(SOCIAL_CARDS) + r"/([^\"'/\s]+\.png)")


def _drop_unused_cards(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build, remove the preview cards no page names any more.

    sphinxext-opengraph draws a new card when a page's title or description changes (a data change can
    change the numbers in it) and leaves the old one, so a rebuild's site would hold cards a clean
    build's does not.
    """
    folder = Path(app.outdir) / SOCIAL_CARDS
    if exception is not None or app.builder.format != "html" or not folder.is_dir():
        return
    named: set[str] = set()
    for page in Path(app.outdir).rglob("*.html"):
        named.update(CARD_REFERENCE.findall(page.read_text(encoding="utf-8", errors="replace")))
    for card in folder.glob("*.png"):
        if card.name not in named:
            card.unlink()


def _mark_external_links(app: Sphinx, doctree, docname: str) -> None:
    """External links whose text is not their address get the class fl-url-print: printed, the address follows."""
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri.startswith(("http://", "https://")) and reference.astext().strip() != uri:
            reference["classes"].append("fl-url-print")


#: Extensions Jupyter Book adds that do not declare parallel reading safe, and why they are. Undeclared,
#: Sphinx reads every page (and executes every notebook) in one process and warns, a failure under -W.
PARALLEL_READ_SAFE = {
    # Replaces TocTreeCollector.assign_section_numbers at setup; Sphinx runs that in the main process
    # after the readers' environments are merged.
    "sphinx_multitoc_numbering": "patches a method run after reading",
    # Its transforms act only for a LaTeX builder; the website's HTML build keeps no state of it.
    "sphinx_jupyterbook_latex": "acts only for LaTeX builders",
}


def _declare_parallel_read(app: Sphinx, config) -> None:
    """Mark the extensions in PARALLEL_READ_SAFE as safe for parallel reading (those that declared nothing)."""
    for name in PARALLEL_READ_SAFE:
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            extension.parallel_read_safe = True


def setup(app: Sphinx) -> dict:
    """Register the hooks and the Norwegian bibliography styles."""
    bibstyle.register()
    execute.install()  # notebooks run in the process that reads their page, not in a Jupyter kernel each
    app.connect("config-inited", _declare_parallel_read)
    app.add_post_transform(bibstyle.AuthorYearEntries)  # the list opens each entry with author and year, no "[1]"
    app.add_message_catalog("booktheme", str(LOCALE_DIR))  # sphinx-book-theme has no nb_NO catalogue of its own
    app.connect("config-inited", _set_substitutions)
    app.connect("config-inited", _write_bibliography)
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _exclude_build)
    incremental.setup(app)  # re-read exactly the pages a data or code change touches
    datastatus.setup(app)  # a note on every page that uses a statistic older than the age rule
    changes.setup(app)  # figures.json with every build; the page Endringer i tallene
    app.connect("builder-inited", _chart_assets)
    app.connect("builder-inited", cards.register_fonts)  # the preview cards' title in Roboto Flex Bold, no warning
    cards.use_page_description()  # link previews read as the page does (spaces as written, no print-only words)
    cards.use_card_text()  # the card's text cut at a whole word, and no Sphinx logo on it
    app.connect("doctree-resolved", _mark_external_links)
    provenance.setup(app)
    downloads.setup(app)  # every chart as PNG, SVG, Excel and CSV, linked under it
    search.setup(app)  # years and figures findable as typed, previews from the article, Norwegian messages
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _drop_unused_cards)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
