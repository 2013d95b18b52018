"""Practice models, the Tromsø model and the four measures: shares, worked examples and rough costs.

Units are in the names: `_nok` kroner, `_million_nok` million kroner, `_patients` listed patients,
`share` a fraction 0–1. Every input comes from data/ through the package.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from fastlege_calc import basistilskudd, capacity, income
from fastlege_calc.figures import figure, value

#: Practice models in the GP register (8.2 agreements count as self-employed there).
MODEL_COLUMNS = {"self_employed": "lists_self_employed", "salaried": "lists_salaried"}
#: Norwegian names of the cases in tromso_cut_example.
CUT_LABELS = {
    "before_national": "Før: nasjonale satser",
    "after_national": "Etter kutt: nasjonale satser",
    "after_tromso": "Etter kutt: Tromsø-modellen",
}


# --- models of practice --------------------------------------------------------------------------
def lists_by_model() -> pd.DataFrame:
    """Lists by practice model per period end: period_end, model, lists, share (0–1 of all lists)."""
    table = capacity.register()
    rows = []
    for row in table.itertuples(index=False):
        for model, column in MODEL_COLUMNS.items():
            lists = int(getattr(row, column))
            rows.append(
                {"period_end": row.period_end, "model": model, "lists": lists, "share": lists / row.lists_total}
            )
    return pd.DataFrame(rows)


def lists_of_model(period_end: dt.date, model: str) -> int:
    """Lists held by GPs of one practice model (self_employed | salaried) at a period end."""
    if model not in MODEL_COLUMNS:
        raise ValueError(f"unknown practice model '{model}'; expected one of {sorted(MODEL_COLUMNS)}")
    table = capacity.register()
    rows = table[table.period_end == period_end]
    if rows.empty:
        raise ValueError(f"no row for {period_end} in data/gp_register.csv")
    return int(rows.iloc[0][MODEL_COLUMNS[model]])


def first_period() -> dt.date:
    """The first period end with lists split by practice model."""
    return capacity.register().period_end.min()


def growth_share(before: float, after: float) -> float:
    """Relative change from before to after (0,5 = 50 % more)."""
    if before <= 0:
        raise ValueError(f"cannot compute growth from {before}")
    return after / before - 1


# --- the Tromsø model ----------------------------------------------------------------------------
def tromso_list_after_cut_patients(list_before_patients: int) -> int:
    """List length after the largest cut the Tromsø model pays for (20 %: 1 000 → 800 patients)."""
    return round(list_before_patients * (1 - value("tromso_list_cut_max_share")))


def tromso_supplement_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year the Tromsø model adds for a list: supplement per patient × patients up to its break point."""
    kneepoint = int(value("tromso_kneepoint_patients"))
    return basistilskudd.tromso_supplement_nok_per_patient(on) * min(list_length_patients, kneepoint)


def tromso_cut_example(list_before_patients: int, on: dt.date) -> pd.DataFrame:
    """A GP who cuts the list by 20 %: basistilskudd (kr per year) before, after, and after with Tromsø's supplement."""
    after = tromso_list_after_cut_patients(list_before_patients)
    return pd.DataFrame(
        [
            {
                "case": "before_national",
                "list_length_patients": list_before_patients,
                "nok_per_year": basistilskudd.annual_basistilskudd_nok(list_before_patients, on),
            },
            {
                "case": "after_national",
                "list_length_patients": after,
                "nok_per_year": basistilskudd.annual_basistilskudd_nok(after, on),
            },
            {
                "case": "after_tromso",
                "list_length_patients": after,
                "nok_per_year": basistilskudd.tromso_annual_basistilskudd_nok(after, on),
            },
        ]
    )


def tromso_seeking_other_job_share() -> float:
    """Share (0–1) of Tromsø's GPs who looked for another job in autumn 2020 (63 / 80)."""
    return value("tromso_gps_seeking_other_job") / value("tromso_gps_total_2020")


def tromso_budget_per_year_million_nok() -> float:
    """Tromsø's budget for the model per year, million kr (about 100 million over 2021–2025: four years)."""
    return value("tromso_budget") / tromso_budget_years()


def tromso_budget_years() -> int:
    """Years the Tromsø budget covers, from the period of its row in data/figures.csv ('2021–2025' → 4)."""
    start, end = (int(y) for y in re.findall(r"\d{4}", figure("tromso_budget").period))
    return end - start


# --- the four measures ---------------------------------------------------------------------------
def gps_needed_by_list_length(period_end: dt.date, list_lengths_patients: list[int]) -> pd.DataFrame:
    """GPs needed for every listed patient at each average list length, and how many more than today."""
    listed = capacity.listed_patients(period_end)
    gps_now = int(capacity.register().set_index("period_end").loc[period_end, "gps"])
    rows = []
    for n in list_lengths_patients:
        needed = capacity.gps_needed(listed, n)
        rows.append(
            {"avg_list_length_patients": n, "gps_needed": needed, "gps_now": gps_now, "additional": needed - gps_now}
        )
    return pd.DataFrame(rows)


def avg_list_length_patients(period_end: dt.date) -> float:
    """Average list length (lists with a GP) at a period end, patients."""
    return float(capacity.register().set_index("period_end").loc[period_end, "avg_list_length_patients"])


def additional_gps_after_cut(period_end: dt.date, cut_share: float) -> int:
    """More GPs needed if the average list fell by a share (0–1) from its level at a period end."""
    return capacity.additional_gps_needed(period_end, avg_list_length_patients(period_end) * (1 - cut_share))


def tromso_supplement_for_all_self_employed_nok(period_end: dt.date, on: dt.date) -> float:
    """Upper bound, kr per year: Tromsø's supplement on every self-employed list at the average list length.

    Each list is paid up to the break point; using the average list length (capped at the break
    point) for every list overstates the cost when some lists are longer than the break point.
    """
    lists = lists_of_model(period_end, "self_employed")
    return lists * tromso_supplement_nok(math.floor(avg_list_length_patients(period_end)), on)


def basis_increase_to_half_of_income_million_nok(year: int) -> float:
    """Million kr more basis funding for it to be half of the three income sources, activity income unchanged.

    Basis B, activity A: B' = A makes B' / (B' + A) = 50 %, so the increase is A − B.
    """
    row = income.cost_fixed_prices().loc[year]
    activity = float(row[list(income.ACTIVITY_BASED)].sum())
    return activity - float(row["basis_funding"])


def basis_share_of_income(year: int) -> float:
    """Basis funding's share (0–1) of the three income sources in a year (fixed prices)."""
    return 1 - income.activity_based_share(year)


def specialist_share(period_end: dt.date) -> float:
    """Share (0–1) of GPs who are specialists in general practice at a period end (register in per cent)."""
    return float(capacity.register().set_index("period_end").loc[period_end, "specialist_share_pct"]) / 100


def dated_figures(keys: tuple[str, ...]) -> dict[str, dt.date]:
    """The date in the period of stored figures whose period is one day ('2023-07-01'), by key."""
    return {key: dt.date.fromisoformat(figure(key).period) for key in keys}
