"""Sphinx extension: package numbers into the prose, rebuilds when data or code change, offline charts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from fastlege_calc import __version__, data, provenance, registry, sources
from fastlege_calc.charts import render

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"


def inputs_hash() -> str:
    """A hash of everything the pages are computed from: the data files and the package's source."""
    digest = hashlib.sha256(data.data_version().encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _set_substitutions(app: Sphinx, config) -> None:
    """Validate data/ and give every chapter the package's numbers as {{ key }} substitutions."""
    try:
        data.validate()
        numbers = registry.substitutions()
    except data.DataError as exc:
        raise ExtensionError(f"Bad input data, nothing was built: {exc}") from None
    clashes = set(numbers) & set(config.myst_substitutions or {})
    if clashes:
        raise ExtensionError(f"_config.yml defines substitutions the package owns: {sorted(clashes)}")
    # Each number is the role {tall}`key`: its text with a link to its source (fastlege_calc.provenance).
    shown = {key: provenance.substitution(key) for key in numbers}
    config.myst_substitutions = {**(config.myst_substitutions or {}), **shown}


def _write_bibliography(app: Sphinx, config) -> None:
    """Write data/sources.csv as BibTeX for sphinxcontrib-bibtex (only when it changed)."""
    bib = Path(app.confdir) / "_build" / ".cache" / "references.bib"
    text = sources.bibtex()
    if not bib.is_file() or bib.read_text(encoding="utf-8") != text:
        bib.parent.mkdir(parents=True, exist_ok=True)
        bib.write_text(text, encoding="utf-8")
    config.bibtex_bibfiles = [str(bib)]


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read every page when data or package code changed since the last build.

    Sphinx and the notebook cache only look at the page sources themselves.
    """
    current = inputs_hash()
    previous = getattr(env, "fastlege_inputs_hash", None)
    env.fastlege_inputs_hash = current
    if previous is not None and previous != current:
        return sorted(env.found_docs)
    return []


def _chart_assets(app: Sphinx) -> None:
    """Serve Vega from the site itself: write the bundle once per version and load it on every page."""
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
    app.add_js_file(bundle.name, loading_method="defer")
    app.add_js_file("fastlege-charts.js", loading_method="defer")
    app.add_css_file("fastlege-charts.css")


def _hide_code_in_print(app: Sphinx, doctree, docname: str) -> None:
    """The PDF is for readers, not analysts: drop notebook code cells' source, keep their output."""
    if app.builder.format != "latex":
        return
    for node in list(doctree.findall(nodes.container)):
        if "cell_input" in node.get("classes", []):
            node.parent.remove(node)


def setup(app: Sphinx) -> dict:
    """Register the hooks."""
    app.connect("config-inited", _set_substitutions)
    app.connect("config-inited", _write_bibliography)
    app.connect("env-get-outdated", _outdated)
    app.connect("builder-inited", _chart_assets)
    app.connect("doctree-resolved", _hide_code_in_print)
    provenance.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
