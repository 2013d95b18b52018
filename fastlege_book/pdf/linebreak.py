"""Keep a line's text when only its trailing space passes the right margin (WeasyPrint 70.0 line breaking).

The report printed "Thorsen, Johnsen og Figen-" / "schou   skrev   i   2022   at   ordnin-" / "gen
skapte …": a line with six words spread over the full width. The text before an inline element (here
"at ordningen skapte … omtrent ", before the figure "ti") fitted the rest of the line, all but its
trailing space. Pango lets a trailing space hang past the wrap width, so it laid the text out as one
line, 0,2 px wider than the room left. WeasyPrint 70.0's split_first_line then takes that line to be
too wide as a whole, treats it as if nothing fitted, and breaks at the first point its hyphenation
finds: after "ordnin-".

In CSS a collapsible space at the end of a line hangs (CSS Text 3, §4.1.3), and WeasyPrint's own
caller (layout.inline.split_inline_box) already measures a text box without its trailing space when
deciding whether it overflows. `install()` makes the text layout agree: when split_first_line breaks
a text ending in collapsible spaces, and the same text without them is no wider than the room left,
the whole text is returned as fitting (split_first_line called with room for the spaces). Every other
call returns what WeasyPrint returns. With a WeasyPrint other than 70.0 nothing is replaced.
"""

from __future__ import annotations

import functools

#: The WeasyPrint version whose split_first_line this corrects.
WEASYPRINT_VERSION = "70.0"
#: white-space values whose spaces collapse, so that a space at the end of a line hangs.
COLLAPSING = ("normal", "nowrap", "pre-line")


def install() -> bool:
    """Use `split_first_line` below for WeasyPrint 70.0's text boxes; True when done (idempotent).

    Changes nothing, and returns False, with another WeasyPrint version.
    """
    import weasyprint
    from weasyprint.layout import inline

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return False
    if not getattr(inline.split_first_line, "fastlege_hanging_space", False):
        inline.split_first_line = _hanging_space(inline.split_first_line)
    return True


def _hanging_space(split_first_line):
    """split_first_line, but a text that fits without its trailing collapsible spaces fits (see the module)."""

    @functools.wraps(split_first_line)
    def split(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        result = split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        resume_index = result[2]
        if resume_index is None or max_width is None or not text.endswith(" "):
            return result
        if style["white_space"] not in COLLAPSING or not text.strip(" "):
            return result
        width, trailing = _widths(text, style, context, justification_spacing)
        if width - trailing > max_width:
            return result  # the words themselves do not fit: WeasyPrint's break stands
        whole = split_first_line(text, style, context, width + 1, justification_spacing, is_line_start, minimum)
        return whole if whole[2] is None else result

    split.fastlege_hanging_space = True
    return split


def _widths(text: str, style, context, justification_spacing) -> tuple[float, float]:
    """The width of text on one line (CSS px) and of its trailing spaces, as Pango sets them in style."""
    from weasyprint.text.line_break import create_layout, line_size

    def width(part: str) -> float:
        layout = create_layout(part, style, context, None, justification_spacing)
        line, _ = layout.get_first_line()
        return line_size(line, style)[0]

    full = width(text)
    return full, full - width(text.rstrip(" "))
