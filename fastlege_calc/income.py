"""The scheme's income mix (basis funding, refunds, patient payment) and its activity-based share."""

from __future__ import annotations

import pandas as pd

from fastlege_calc.data import load

ACTIVITY_BASED_2019 = ("refunds", "patient_payment")
ACTIVITY_BASED = ("refunds", "patient_charges")
COMPONENTS = ("basis_funding", "refunds", "patient_charges")


def cost_2019_million_nok() -> pd.Series:
    """Cost of the scheme in 2019 by component, million kr in current prices (sum of the itemised table)."""
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
    return float(income_shares_2019()[list(ACTIVITY_BASED_2019)].sum())


def cost_fixed_prices() -> pd.DataFrame:
    """Cost by year and component in million kr (fixed prices), with 'other' = published total − components."""
    table = load("scheme_cost_fixed_prices")
    wide = table.pivot(index="year", columns="component", values="million_nok_fixed_prices")
    missing = [c for c in (*COMPONENTS, "scheme_total") if c not in wide.columns or wide[c].isna().any()]
    if missing:
        raise ValueError(f"data/scheme_cost_fixed_prices.csv: a year lacks component(s) {missing}")
    wide["other"] = wide["scheme_total"] - wide[list(COMPONENTS)].sum(axis=1)
    return wide


def activity_based_share(year: int) -> float:
    """Share (0–1) of the three income sources that is activity-based in a year (fixed-price table)."""
    wide = cost_fixed_prices()
    if year not in wide.index:
        raise ValueError(f"no cost data for {year} in data/scheme_cost_fixed_prices.csv")
    row = wide.loc[year]
    return float(row[list(ACTIVITY_BASED)].sum() / row[list(COMPONENTS)].sum())


def income_mix_long() -> pd.DataFrame:
    """Cost by year and component (incl. 'other') as long rows for charts: year, component, million_nok."""
    wide = cost_fixed_prices()[[*COMPONENTS, "other"]]
    return wide.reset_index().melt(id_vars="year", var_name="component", value_name="million_nok")
