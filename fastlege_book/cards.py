"""The preview cards' typeface: Roboto Flex, sphinxext-opengraph's own, with a real bold face for the page title.

sphinxext-opengraph draws each page's Open Graph card with matplotlib in Roboto Flex and asks for bold for
the page title. Roboto Flex ships as one variable font (weights 100–1000 in one file), and matplotlib cannot
choose a variable font's weight: it registers the file as weight 400 only and warns "findfont: Failed to find
font weight bold for Roboto Flex, now using 400". `register_fonts` registers the file and a static bold
instance of it (wght 700, every other axis at its default) made with fontTools' instancer, so the title is
set in Roboto Flex Bold. The instance depends only on the font file and fontTools: it is made once per
environment (about 3 s) and kept under a name holding the SHA-256 of both (`bold_instance`).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

import fontTools
import matplotlib.font_manager
import sphinxext.opengraph
from fontTools.ttLib import TTFont
from sphinx.application import Sphinx

from fastlege_calc.charts import vlcache

#: The variable font sphinxext-opengraph bundles and draws its cards in (its default when no font is set).
ROBOTO_FLEX = Path(sphinxext.opengraph.__file__).parent / "_static" / "Roboto-Flex.ttf"
#: The family name matplotlib registers both files under; _config.yml names it in `ogp_social_cards`.
FAMILY = "Roboto Flex"
#: matplotlib's "bold" (CSS and OpenType weight 700).
BOLD_WEIGHT = 700


def instance_name(font_bytes: bytes) -> str:
    """The file name of the bold instance of a font: SHA-256 of the font's bytes, fontTools' version and the weight.

    A different font file or fontTools version gives a different name, so a kept instance is never stale.
    """
    material = font_bytes + f"|fontTools {fontTools.version}|wght {BOLD_WEIGHT}".encode()
    return f"bold-{BOLD_WEIGHT}-{hashlib.sha256(material).hexdigest()[:16]}.ttf"


def _instantiate(font_bytes: bytes) -> bytes:
    """A static instance of a variable font at weight BOLD_WEIGHT, every other axis at its default (TrueType bytes)."""
    from fontTools.varLib import instancer  # only when an instance is made (once per environment)

    font = TTFont(io.BytesIO(font_bytes))
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes} | {"wght": BOLD_WEIGHT}
    out = io.BytesIO()
    instancer.instantiateVariableFont(font, axes).save(out)
    return out.getvalue()


def bold_instance(font: Path, folder: Path) -> Path:
    """The bold instance of the variable font file `font`, kept in `folder` by content (made there when missing).

    Where `folder` cannot be written (a read-only environment) the instance is made into a temporary file.
    Raises what fontTools raises for a file that is not a variable font with a weight axis.
    """
    font_bytes = font.read_bytes()
    name = instance_name(font_bytes)
    content = vlcache.cached(folder, name, lambda: _instantiate(font_bytes))
    if (folder / name).is_file():
        return folder / name
    with tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as handle:
        handle.write(content)
    return Path(handle.name)


def register_fonts(app: Sphinx) -> None:
    """builder-inited: register Roboto Flex and its bold instance with matplotlib before any card is drawn.

    Runs in the main process, so the processes that write pages in parallel (forked from it) have both.
    """
    if app.builder.format != "html":
        return
    manager = matplotlib.font_manager.fontManager
    manager.addfont(ROBOTO_FLEX)
    manager.addfont(bold_instance(ROBOTO_FLEX, vlcache.environment_cache()))
