"""Lay out the report's pages fewer times: page numbers of references without a third layout.

The report's table of contents and its cross-references print page numbers with
`target-counter(attr(href), page)` (print.css). WeasyPrint knows a target's page only once it has
laid it out, so it lays out every page once with 0 for each unknown number, and again each page
whose references got their numbers: layout_document loops over make_all_pages while a page is
marked `content_changed`. In WeasyPrint 70.0 two slips in that bookkeeping made it lay out each
page with a reference three times (166 page layouts for the report's 72 pages, 47 pages three
times):

1. compute_content_list (formatting_structure/build.py) notes the counters missing from a target
   under the name of its anchor token, and for `attr(href)` that name is None: the note never
   matches the target's anchor, so when the target is laid out (TargetCollector.
   cache_target_page_counters) no page that refers to it is marked for another layout.
2. The same function reuses the variable `missing_counters` for that note, so the box is recorded
   as missing the counter `page` itself. make_page marks a page for another layout whenever such a
   box's page counters change, and they always do twice: once when first laid out, and once more
   after the first loop, when layout_document sets the total `pages` in every page's counters. The
   numbers get right only in that third layout (the second re-reads targets laid out after the page).

`install()` corrects the note as the box is recorded (TargetCollector.collect_missing_counters): the
missing counters are filed under the target's anchor, and a box whose content shows no counter of
its own is recorded as missing none. WeasyPrint's own bookkeeping then marks exactly the pages to
lay out again: a page whose reference's target was laid out (later or earlier) with a page number
that differs from the one shown. cache_target_page_counters is replaced too, so that a target laid
out again with the same page (only `pages` changed) marks nothing. Each page with references is
laid out twice instead of three times; its text, numbers and breaks are those of the last layout
before, and the PDFs are the same byte for byte (tests/unit/test_pdf_repagination.py builds a
document whose numbers change its breaks and compares). With a WeasyPrint other than 70.0 nothing
is replaced (its code may differ) and pages are laid out as WeasyPrint does.
"""

from __future__ import annotations

import copy

#: The WeasyPrint version whose TargetCollector methods this replaces.
WEASYPRINT_VERSION = "70.0"

#: WeasyPrint's own TargetCollector.collect_missing_counters, called by the replacement.
_weasyprint_collect_missing_counters = None


def install() -> bool:
    """Correct WeasyPrint 70.0's page-number bookkeeping (see the module docstring); True when done.

    Idempotent; changes nothing (and returns False) with another WeasyPrint version.
    """
    global _weasyprint_collect_missing_counters
    import weasyprint
    from weasyprint.css import targets

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return False
    collector = targets.TargetCollector
    if collector.collect_missing_counters is not collect_missing_counters:
        _weasyprint_collect_missing_counters = collector.collect_missing_counters
        collector.collect_missing_counters = collect_missing_counters
    collector.cache_target_page_counters = cache_target_page_counters
    return True


def collect_missing_counters(
    self, parent_box, css_token, parse_again_function, missing_counters, missing_target_counters
):
    """WeasyPrint's TargetCollector.collect_missing_counters, given the counters a `content` really misses.

    missing_target_counters: {anchor name: [counter names]} as compute_content_list made it, with
    the counters of `attr()` targets under None; they are filed under each target's anchor name.
    missing_counters: the box's own; when it is one of those lists (the reused variable) and the
    content has no counter() or counters() of its own, it is empty.
    """
    if self.collecting and css_token == "content" and None in missing_target_counters:
        content = parent_box.style["content"]
        shadowed = any(missing_counters is names for names in missing_target_counters.values())
        if shadowed and not _shows_own_counters(content):
            missing_counters = []
        missing_target_counters = _by_anchor(self, parent_box, content, missing_target_counters)
    _weasyprint_collect_missing_counters(
        self, parent_box, css_token, parse_again_function, missing_counters, missing_target_counters
    )


def _shows_own_counters(content) -> bool:
    """Whether a computed `content` may show a counter of the box itself (counter() or counters())."""
    if not isinstance(content, (list, tuple)):
        return True
    return any(not isinstance(item, tuple) or item[0] in ("counter()", "counters()") for item in content)


def _by_anchor(collector, box, content, missing_target_counters: dict) -> dict:
    """The missing target counters with those noted under None filed under their target's anchor name.

    A counter is missing for an anchor when the anchor's target is known and its box has no value for
    it (compute_content_list's own rule).
    """
    from weasyprint.css.targets import anchor_name_from_token

    noted = missing_target_counters[None]
    fixed = {name: names for name, names in missing_target_counters.items() if name is not None}
    for item in content if isinstance(content, (list, tuple)) else ():
        if not isinstance(item, tuple) or item[0] not in ("target-counter()", "target-counters()"):
            continue
        anchor_token, counter_name = item[1][:2]
        if anchor_token[0] != "attr()" or counter_name not in noted:
            continue
        anchor = anchor_name_from_token(_resolved(anchor_token, box))
        target = collector.target_lookup_items.get(anchor)
        if target is None or target.state != "up-to-date":
            continue
        if counter_name not in target.target_box.cached_counter_values:
            names = fixed.setdefault(anchor, [])
            if counter_name not in names:
                names.append(counter_name)
    return fixed


def _resolved(anchor_token, box):
    """An `attr()` anchor token as a string or URL token (TargetCollector.lookup_target's rule)."""
    from weasyprint.urls import get_url_tuple

    attr_name, type_, fallback = anchor_token[1]
    value = box.element.get(attr_name, fallback)
    if type_ == "string":
        return ("string", value)
    if type_ == "url":
        return ("url", get_url_tuple(value, box.style.base_url))
    return anchor_token


def cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker):
    """Store a target's page and page counters; mark for layout the pages whose shown numbers changed.

    WeasyPrint 70.0's TargetCollector.cache_target_page_counters (css/targets.py), except that a page
    referring to the target is marked for another layout (remake_state 'content_changed') only when
    a counter its content takes from the target has another value than the one it was laid out with.
    """
    if self.collecting:  # only while paginating
        return
    item = self.target_lookup_items.get(anchor_name)
    if not item or item.state != "up-to-date":
        return
    item.page_maker_index = page_maker_index
    if item.cached_page_counter_values == page_counter_values:
        return
    before = item.cached_page_counter_values
    item.cached_page_counter_values = copy.deepcopy(page_counter_values)
    for (_, css_token), lookup in self.counter_lookup_items.items():
        if css_token != "content":
            continue
        missing_counters = lookup.missing_target_counters.get(anchor_name)
        if missing_counters is None:
            continue
        if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
            lookup.pending = True  # its page is not laid out yet: make_page takes the numbers then
            continue
        if all(before.get(name) == page_counter_values.get(name) for name in missing_counters):
            continue  # the numbers this content shows are the same: its page need not be laid out again
        for counter_name in missing_counters:
            if page_counter_values.get(counter_name) is not None:
                page_maker[lookup.page_maker_index][-1]["content_changed"] = True
                lookup.parse_again(lookup.cached_page_counter_values)
                lookup.pending = _UnlessLaidOutOn(lookup, lookup.page_maker_index)
                break


class _UnlessLaidOutOn:
    """A reference's `pending` mark: true once it is laid out on another page than the one marked.

    cache_target_page_counters marks the page a reference was last laid out on. When the reference
    has moved to the page being laid out now (its target, earlier on that page, moved with it), that
    page was laid out with the old number: make_page reads `pending` after setting the reference's
    page_maker_index to the page it is on, and marks that page for another layout when this is true.
    """

    def __init__(self, lookup, marked_index: int):
        self.lookup = lookup
        self.marked_index = marked_index

    def __bool__(self) -> bool:
        return self.lookup.page_maker_index != self.marked_index
