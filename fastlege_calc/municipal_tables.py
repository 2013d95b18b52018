"""The municipal chapter's tables: counties, the worst municipalities then and now, in print those above a threshold.

The counties' and the worst municipalities' tables are numbered tables on the website and in the
PDF. On the website every municipality is in the sortable table under the map (the map's
ChartFigure); the PDF cannot carry 357 rows, so it prints instead the municipalities above the
highest threshold in the latest year (`above_threshold_table`, marked fl-print-only).
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from fastlege_calc import fmt, municipal, municipal_compare
from fastlege_calc.charts.render import NO_FIGURE
from fastlege_calc.tables import markdown_table, numbered_table

#: Labels the chapter refers to: {numref}`tab-fylker`, {numref}`tab-verste-kommuner`.
COUNTY_LABEL = "tab-fylker"
WORST_LABEL = "tab-verste-kommuner"


def _share_pct(value: float) -> str:
    """A share given in percent (0–100) as SSB publishes it, with one decimal; «ingen tall» when missing."""
    return NO_FIGURE if pd.isna(value) else fmt.percent(float(value) / 100, 1)


def county_table() -> Markdown:
    """The counties in the latest year: municipalities, listed inhabitants without a GP, share, lists, list length."""
    table = municipal_compare.counties()
    latest = municipal.latest_year()
    mid = municipal_compare.WORST_YEAR_THRESHOLD_PCT
    table["above"] = table[f"above_{mid:g}"]
    rows = markdown_table(
        table,
        {
            "fylkesnavn_kort": ("Fylke", str),
            "municipalities": ("Kommuner med tall", fmt.number),
            "patients_without_gp": ("Uten fastlege", fmt.number),
            "patients_without_gp_pct": ("Andel uten", _share_pct),
            "lists_without_gp": ("Lister uten lege", fmt.number),
            "open_lists": ("Åpne lister", fmt.number),
            "avg_list_length_patients": ("Listelengde", fmt.number),
            "above": (f"Kommuner over {fmt.percent(mid / 100)}", fmt.number),
        },
    )
    caption = (
        f"Fylkene ved utgangen av {latest}: summer av kommunetallene i SSBs tabell 12005. Uten fastlege: "
        "listeinnbyggere på lister uten lege; andelen og den gjennomsnittlige listelengden er regnet av summene."
    )
    return numbered_table(rows, caption, COUNTY_LABEL)


def worst_table() -> Markdown:
    """The municipalities with the highest share in the worst year, with their share and listed inhabitants now."""
    table = municipal_compare.worst_municipalities()
    worst, latest = municipal_compare.worst_year(), municipal.latest_year()
    rows = markdown_table(
        table,
        {
            "kommunenavn": ("Kommune", str),
            "fylkesnavn_kort": ("Fylke", str),
            "share_worst_pct": (f"Andel uten fastlege {worst}", _share_pct),
            "share_latest_pct": (f"Andel uten fastlege {latest}", _share_pct),
            "listed_latest": (f"Listeinnbyggere {latest}", fmt.number),
        },
    )
    count = fmt.count_words(len(table)) if len(table) <= fmt.WORDS_UP_TO else fmt.number(len(table))
    caption = (
        f"De {count} kommunene med høyest andel av listeinnbyggerne på lister uten fastlege i "
        f"{worst}, og andelen i {latest}."
    )
    return numbered_table(rows, caption, WORST_LABEL)


def above_threshold_rows() -> pd.DataFrame:
    """Municipalities above the highest threshold in the latest year, highest share first (ties by kommunenummer).

    Columns: kommunenummer, kommunenavn, fylkesnavn_kort, share_latest_pct, patients_without_gp,
    listed_patients, share_worst_pct (NaN where the municipality has no value in the worst year).
    """
    latest, worst = municipal.latest_year(), municipal_compare.worst_year()
    threshold = municipal_compare.THRESHOLDS_PCT[-1]
    table = municipal.year_table(latest)
    table = table[table[municipal.SHARE_WITHOUT_GP] > threshold]
    table = table.sort_values([municipal.SHARE_WITHOUT_GP, "kommunenummer"], ascending=[False, True])
    shares = municipal_compare.shares()
    return pd.DataFrame(
        {
            "kommunenummer": table.kommunenummer.to_numpy(),
            "kommunenavn": table.kommunenavn.to_numpy(),
            "fylkesnavn_kort": table.fylkesnavn_kort.to_numpy(),
            "share_latest_pct": table[municipal.SHARE_WITHOUT_GP].to_numpy(),
            "patients_without_gp": table.patients_without_gp.astype(int).to_numpy(),
            "listed_patients": (table.patients_with_gp + table.patients_without_gp).astype(int).to_numpy(),
            "share_worst_pct": [shares[worst].get(k) for k in table.kommunenummer],
        }
    )


def above_threshold_table() -> HTML:
    """For print only: the municipalities above the highest threshold in the latest year, as a captioned table."""
    rows = above_threshold_rows()
    latest, worst = municipal.latest_year(), municipal_compare.worst_year()
    threshold = municipal_compare.THRESHOLDS_PCT[-1]
    head = [
        "Kommune",
        "Fylke",
        f"Andel uten fastlege {latest}",
        f"Uten fastlege {latest}",
        f"Listeinnbyggere {latest}",
        f"Andel {worst}",
    ]
    body = "".join(
        "<tr>"
        + f"<td>{html.escape(r.kommunenavn)}</td><td>{html.escape(r.fylkesnavn_kort)}</td>"
        + "".join(
            f'<td class="fl-num">{html.escape(text)}</td>'
            for text in (
                _share_pct(r.share_latest_pct),
                fmt.number(r.patients_without_gp),
                fmt.number(r.listed_patients),
                _share_pct(r.share_worst_pct),
            )
        )
        + "</tr>"
        for r in rows.itertuples()
    )
    caption = (
        f"De {fmt.number(len(rows))} kommunene med over {fmt.percent(threshold / 100)} av listeinnbyggerne på lister "
        f"uten fastlege ved utgangen av {latest}, høyest andel først. Alle kommunene står i tabellen under kartet "
        "i nettutgaven."
    )
    return HTML(
        '<div class="fl-print-only fl-print-table"><table class="fl-chart-table">'
        f"<caption>{html.escape(caption)}</caption><thead><tr>"
        + "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
        + f"</tr></thead><tbody>{body}</tbody></table></div>"
    )
