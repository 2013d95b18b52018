"""The scheme's cost: in total and by income source, and per inhabitant.

Three tables, each read only here: data/scheme_cost_2019.csv (2019 by item, current prices),
data/scheme_cost_fixed_prices.csv (by year and income source, fixed prices) and
data/cost_per_inhabitant.csv. The income sources (components) have one name in both cost tables:
basis_funding (basistilskudd and other basis funding), refunds (from folketrygden) and
patient_payment; refunds and patient payment are the activity-based part.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fastlege_calc.data import load
from fastlege_calc.growth import growth_share

COMPONENTS = ("basis_funding", "refunds", "patient_payment")
ACTIVITY_BASED = ("refunds", "patient_payment")


# --- 2019, itemised --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CostItem:
    """One item of the 2019 cost table: million kr in current prices, with its income source."""

    item: str
    component: str
    million_nok: float
    source_id: str
    line: int  # line in data/scheme_cost_2019.csv (the header is line 1)


def cost_2019_items() -> tuple[CostItem, ...]:
    """Every item of data/scheme_cost_2019.csv, in file order."""
    return tuple(
        CostItem(row.item, row.component, float(row.million_nok), row.source_id, line)
        for line, row in enumerate(load("scheme_cost_2019").itertuples(index=False), start=2)
    )


def cost_2019_million_nok() -> pd.Series:
    """Cost of the scheme in 2019 by component (index 'component'), million kr in current prices (item sums)."""
    table = load("scheme_cost_2019")
    return table.groupby("component", sort=False)["million_nok"].sum()


def cost_2019_total_million_nok() -> float:
    """Total cost of the scheme in 2019, million kr in current prices."""
    return float(cost_2019_million_nok().sum())


def income_shares_2019() -> pd.Series:
    """Each component's share (0–1) of the scheme's cost in 2019."""
    components = cost_2019_million_nok()
    return components / components.sum()


def activity_based_share_2019() -> float:
    """Share (0–1) of the 2019 cost that is activity-based: refunds plus patient payment."""
    return float(income_shares_2019()[list(ACTIVITY_BASED)].sum())


# --- by year, fixed prices -------------------------------------------------------------------------
@dataclass(frozen=True)
class CostYear:
    """The scheme's cost in one year by income source, million kr in fixed prices, with the published total."""

    year: int
    basis_funding: float
    refunds: float
    patient_payment: float
    scheme_total: float
    source_ids: tuple[str, ...]

    @property
    def other(self) -> float:
        """The published total minus the three income sources (items not itemised): 11 966 − (3 222 + 6 319 + 2 246)."""
        return self.scheme_total - (self.basis_funding + self.refunds + self.patient_payment)

    @property
    def activity_based_share(self) -> float:
        """Share (0–1) of the three income sources that is activity-based: (7 291 + 2 232) / 14 039 in 2023."""
        return (self.refunds + self.patient_payment) / (self.basis_funding + self.refunds + self.patient_payment)


def cost_fixed_prices() -> pd.DataFrame:
    """Cost by year (index) and component (columns) in million kr, fixed prices, with 'other' and 'scheme_total'.

    ValueError naming the file when a year lacks a component.
    """
    table = load("scheme_cost_fixed_prices")
    wide = table.pivot(index="year", columns="component", values="million_nok_fixed_prices")
    missing = [c for c in (*COMPONENTS, "scheme_total") if c not in wide.columns or wide[c].isna().any()]
    if missing:
        raise ValueError(f"data/scheme_cost_fixed_prices.csv: a year lacks component(s) {missing}")
    wide["other"] = wide["scheme_total"] - wide[list(COMPONENTS)].sum(axis=1)
    return wide


def cost_years() -> tuple[CostYear, ...]:
    """Every year of data/scheme_cost_fixed_prices.csv as a CostYear, oldest first."""
    wide = cost_fixed_prices()
    table = load("scheme_cost_fixed_prices")
    return tuple(
        CostYear(
            year=int(year),
            **{c: float(wide.loc[year, c]) for c in (*COMPONENTS, "scheme_total")},
            source_ids=tuple(dict.fromkeys(table[table.year == year].source_id)),
        )
        for year in sorted(wide.index)
    )


def cost_year(year: int) -> CostYear:
    """The cost in one year (fixed prices); ValueError naming the file when the year is not there."""
    found = [c for c in cost_years() if c.year == year]
    if not found:
        raise ValueError(f"no cost data for {year} in data/scheme_cost_fixed_prices.csv")
    return found[0]


def activity_based_share(year: int) -> float:
    """Share (0–1) of the three income sources that is activity-based in a year (fixed-price table)."""
    return cost_year(year).activity_based_share


def basis_share_of_income(year: int) -> float:
    """Basis funding's share (0–1) of the three income sources in a year (fixed prices)."""
    return 1 - activity_based_share(year)


def basis_increase_to_half_of_income_million_nok(year: int) -> float:
    """Million kr more basis funding for it to be half of the three income sources, activity income unchanged.

    Basis B, activity A: B' = A makes B' / (B' + A) = 50 %, so the increase is A − B
    (2023: 7 291 + 2 232 − 4 516 = 5 007).
    """
    cost = cost_year(year)
    return (cost.refunds + cost.patient_payment) - cost.basis_funding


def income_mix_long() -> pd.DataFrame:
    """Cost by year and component (incl. 'other') as long rows for charts: year, component, million_nok."""
    wide = cost_fixed_prices()[[*COMPONENTS, "other"]]
    return wide.reset_index().melt(id_vars="year", var_name="component", value_name="million_nok")


# --- per inhabitant ----------------------------------------------------------------------------------
def cost_per_inhabitant() -> pd.DataFrame:
    """The scheme's cost per inhabitant by year, kr in current prices (columns as in data/cost_per_inhabitant.csv)."""
    return load("cost_per_inhabitant").sort_values("year").reset_index(drop=True)


def cost_per_inhabitant_nok(year: int) -> float:
    """Cost per inhabitant in one year, kr in current prices; ValueError naming the file for a missing year."""
    table = cost_per_inhabitant()
    rows = table[table.year == year]
    if rows.empty:
        raise ValueError(f"no row for {year} in data/cost_per_inhabitant.csv")
    return float(rows.nok_per_inhabitant.iloc[0])


def cost_per_inhabitant_growth_share(first: int, last: int) -> float:
    """Relative change (0–1) in cost per inhabitant between two years, current prices (2 765 / 1 946 − 1)."""
    return growth_share(cost_per_inhabitant_nok(first), cost_per_inhabitant_nok(last))
