"""Norwegian labels for the codes in the data and the package, read from data/labels.csv.

A label belongs to a domain (what the codes are: 'practice_model', 'cost_item', 'rate_tier' …);
within a domain the rows are in the order the book shows them (a chart's legend, a table's rows).
"""

from __future__ import annotations

from fastlege_calc.data import DataError, load

FILE = "labels.csv"


def labels_nb(domain: str) -> dict[str, str]:
    """Every label of a domain, code → Norwegian label, in file order; DataError when the domain has none."""
    table = load("labels")
    rows = table[table.domain == domain]
    if rows.empty:
        raise DataError(
            FILE, f"no labels for the domain '{domain}', but the book needs them [label-missing]", None, "domain"
        )
    return dict(zip(rows.code, rows.label_nb, strict=True))


def label_nb(domain: str, code: str) -> str:
    """The Norwegian label of one code; DataError naming data/labels.csv when the code has none."""
    found = labels_nb(domain)
    if code not in found:
        rule = (
            f"no Norwegian label for '{code}' in the domain '{domain}'; add a row '{domain},{code},…' [label-missing]"
        )
        raise DataError(FILE, rule, None, "code")
    return found[code]
