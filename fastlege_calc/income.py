"""The scheme's cost: in total and by income source, and per inhabitant.

Three tables, each read only here: data/scheme_cost_2019.csv (2019 by item, current prices),
data/scheme_cost_fixed_prices.csv (by year and income source, fixed prices) and
data/cost_per_inhabitant.csv. The income sources (components) have one name in both cost tables:
basis_funding (basistilskudd and other basis funding), refunds (from folketrygden) and
patient_payment; refunds and patient payment are the activity-based part.

Each accessor that hands out rows notes them in the open trace (fastlege_calc.trace): a year of the
fixed-price table its four rows, a year of the cost per inhabitant its one row; the sums and shares
of the 2019 table read it whole. The cost figures the prose shows are declared here with `@shown`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

from fastlege_calc import phrases, trace, units
from fastlege_calc.data import load, load_unnoted, per_data_version, row_lines, with_lines
from fastlege_calc.figures import value
from fastlege_calc.registry import said, shown

COMPONENTS = ("basis_funding", "refunds", "patient_payment")
ACTIVITY_BASED = ("refunds", "patient_payment")
#: The period of data/scheme_cost_2019.csv, the cost table by item (its figures' descriptions and caption write it).
COST_TABLE_PERIOD = "2019"


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
        for line, row in with_lines(load("scheme_cost_2019"))
    )


def cost_2019_million_nok() -> pd.Series:
    """Cost of the scheme in 2019 by component (index 'component'), million kr in current prices (item sums)."""
    table = load("scheme_cost_2019")
    return table.groupby("component", sort=False)["million_nok"].sum()


@shown("cost_2019_total", unit="million_nok", about="Samlet kostnad, løpende priser", period=COST_TABLE_PERIOD)
@shown(
    "cost_2019_items_sum_exact",
    unit="million_nok",
    about="Summen av postene i kostnadstabellen, millioner kroner med én desimal",
    period=COST_TABLE_PERIOD,
    decimals=1,
    compact=False,
)
def cost_2019_total_million_nok() -> float:
    """Total cost of the scheme in 2019, million kr in current prices."""
    return float(cost_2019_million_nok().sum())


@shown(
    "cost_2019_published_exact",
    unit="million_nok",
    about="Publisert total, millioner kroner med én desimal",
    period=COST_TABLE_PERIOD,
    decimals=1,
    compact=False,
)
def _cost_2019_published_exact() -> float:
    return value("scheme_cost_2019_total_published")


def income_shares_2019() -> pd.Series:
    """Each component's share (0–1) of the scheme's cost in 2019."""
    components = cost_2019_million_nok()
    return components / components.sum()


@shown("share_2019_basis", unit="share", about="Basisfinansieringens andel", period=COST_TABLE_PERIOD)
def _share_2019_basis() -> float:
    return income_shares_2019()["basis_funding"]


@shown("share_2019_refunds", unit="share", about="Refusjonenes andel", period=COST_TABLE_PERIOD)
def _share_2019_refunds() -> float:
    return income_shares_2019()["refunds"]


@shown("share_2019_patient", unit="share", about="Pasientbetalingens andel", period=COST_TABLE_PERIOD)
def _share_2019_patient() -> float:
    return income_shares_2019()["patient_payment"]


@shown("activity_share_2019", unit="share", about="Aktivitetsbasert andel", period=COST_TABLE_PERIOD, decimals=1)
def activity_based_share_2019() -> float:
    """Share (0–1) of the 2019 cost that is activity-based: refunds plus patient payment."""
    return float(income_shares_2019()[list(ACTIVITY_BASED)].sum())


@said("activity_share_2019_comparison", about="Helsedirektoratets aktivitetsbaserte andel mot notatets anslag")
def _activity_share_2019_comparison() -> str:
    """Whether the cost table's activity-based share is higher or lower than the note's estimate, as written."""
    official = units.shown_number(activity_based_share_2019(), "share", 1)
    estimate = value("activity_based_share_text")
    if official == estimate:
        return "Helsedirektoratets kostnadstall for hele ordningen gir det samme"
    gap = abs(official - estimate)
    size = "et litt" if gap < 0.05 else "et"
    return (
        f"Helsedirektoratets kostnadstall for hele ordningen gir {size} "
        f"{phrases.more_or_less(official - estimate, 'høyere', 'lavere', '')} tall"
    )


# --- by year, fixed prices -------------------------------------------------------------------------
FIXED_PRICES_FILE = "scheme_cost_fixed_prices.csv"


@dataclass(frozen=True)
class CostYear:
    """The scheme's cost in one year by income source, million kr in fixed prices, with the published total.

    `rows` are the year's rows in data/scheme_cost_fixed_prices.csv (file, line, source, confidence).
    """

    year: int
    basis_funding: float
    refunds: float
    patient_payment: float
    scheme_total: float
    source_ids: tuple[str, ...]
    rows: tuple[trace.Read, ...] = ()

    @property
    def other(self) -> float:
        """The published total minus the three income sources (items not itemised): 11 966 − (3 222 + 6 319 + 2 246)."""
        return self.scheme_total - (self.basis_funding + self.refunds + self.patient_payment)

    @property
    def activity_based_share(self) -> float:
        """Share (0–1) of the three income sources that is activity-based: (7 291 + 2 232) / 14 039 in 2023."""
        return (self.refunds + self.patient_payment) / (self.basis_funding + self.refunds + self.patient_payment)


def _wide(table: pd.DataFrame) -> pd.DataFrame:
    """The fixed-price table by year (index) and component (columns), with 'other'; ValueError for a missing part."""
    wide = table.pivot(index="year", columns="component", values="million_nok_fixed_prices")
    missing = [c for c in (*COMPONENTS, "scheme_total") if c not in wide.columns or wide[c].isna().any()]
    if missing:
        raise ValueError(f"data/scheme_cost_fixed_prices.csv: a year lacks component(s) {missing}")
    wide["other"] = wide["scheme_total"] - wide[list(COMPONENTS)].sum(axis=1)
    return wide


def cost_fixed_prices() -> pd.DataFrame:
    """Cost by year (index) and component (columns) in million kr, fixed prices, with 'other' and 'scheme_total'.

    A whole-table read. ValueError naming the file when a year lacks a component.
    """
    return _wide(load("scheme_cost_fixed_prices"))


@per_data_version("scheme_cost_fixed_prices")
def _cost_years() -> tuple[CostYear, ...]:
    """Every year as a CostYear, oldest first, noting no row (the accessors note what they hand out)."""
    table = load_unnoted("scheme_cost_fixed_prices")
    table["line"] = row_lines(table)
    wide = _wide(table)
    years = []
    for year in sorted(wide.index):
        rows = table[table.year == year]
        years.append(
            CostYear(
                year=int(year),
                **{c: float(wide.loc[year, c]) for c in (*COMPONENTS, "scheme_total")},
                source_ids=tuple(dict.fromkeys(rows.source_id)),
                rows=tuple(
                    trace.Read(FIXED_PRICES_FILE, int(r.line), r.source_id, _optional_text(r.confidence), str(year))
                    for r in rows.itertuples(index=False)
                ),
            )
        )
    return tuple(years)


def _noted(cost: CostYear) -> CostYear:
    """Hand out one year, noting its rows in the open trace (fastlege_calc.trace)."""
    for row in cost.rows:
        trace.note(row.file, row.line, row.source_id, row.confidence, row.period)
    return cost


def _optional_text(cell) -> str | None:
    """A cell as text, or None when it is empty."""
    return None if pd.isna(cell) else str(cell)


def cost_years() -> tuple[CostYear, ...]:
    """Every year of data/scheme_cost_fixed_prices.csv as a CostYear, oldest first (a whole-table read)."""
    return tuple(_noted(c) for c in _cost_years())


def cost_year(year: int) -> CostYear:
    """The cost in one year (fixed prices); ValueError naming the file when the year is not there."""
    found = [c for c in _cost_years() if c.year == year]
    if not found:
        raise ValueError(f"no cost data for {year} in data/scheme_cost_fixed_prices.csv")
    return _noted(found[0])


def first_cost_year() -> CostYear:
    """The oldest year of the fixed-price table (2019 now); ValueError naming the file when it has none."""
    years = _cost_years()
    if not years:
        raise ValueError("no year in data/scheme_cost_fixed_prices.csv")
    return _noted(years[0])


def latest_cost_year() -> CostYear:
    """The newest year of the fixed-price table (2023 now); ValueError naming the file when it has none."""
    years = _cost_years()
    if not years:
        raise ValueError("no year in data/scheme_cost_fixed_prices.csv")
    return _noted(years[-1])


def activity_based_share(year: int) -> float:
    """Share (0–1) of the three income sources that is activity-based in a year (fixed-price table)."""
    return cost_year(year).activity_based_share


@shown("mix_first_year", unit="year", about="Første år i kostnadsserien")
def _mix_first_year() -> int:
    return first_cost_year().year


@shown("mix_last_year", unit="year", about="Siste år i kostnadsserien")
def _mix_last_year() -> int:
    return latest_cost_year().year


@shown("activity_share_first", unit="share", about="Aktivitetsbasert andel, første år")
def _activity_share_first() -> float:
    return first_cost_year().activity_based_share


@shown("activity_share_last", unit="share", about="Aktivitetsbasert andel, siste år")
def _activity_share_last() -> float:
    return latest_cost_year().activity_based_share


@shown("basis_fixed_first", unit="million_nok", about="Basisfinansiering første år, faste priser")
def _basis_fixed_first() -> float:
    return first_cost_year().basis_funding


@shown("basis_fixed_last", unit="million_nok", about="Basisfinansiering siste år, faste priser")
def _basis_fixed_last() -> float:
    return latest_cost_year().basis_funding


@shown("total_fixed_last", unit="million_nok", about="Samlet kostnad siste år, faste priser")
def _total_fixed_last() -> float:
    return latest_cost_year().scheme_total


def basis_share_of_income(year: int) -> float:
    """Basis funding's share (0–1) of the three income sources in a year (fixed prices)."""
    return 1 - activity_based_share(year)


@shown("measures_basis_share_last", unit="share", about="Basisfinansieringens andel siste år")
def _measures_basis_share_last() -> float:
    return basis_share_of_income(latest_cost_year().year)


def basis_increase_to_share_of_income_million_nok(year: int, share: float) -> float:
    """Million kr more basis funding for it to be a share (0–1) of the three income sources, activity income unchanged.

    Basis B, activity A: B' / (B' + A) = s gives B' = s × A / (1 − s), so the increase is B' − B
    (half, 2023: 0,5 × 9 523 / 0,5 − 4 516 = 5 007). ValueError for a share outside 0 ≤ s < 1.
    """
    if not 0 <= share < 1:
        raise ValueError(f"a share of income must be at least 0 and below 1, got {share}")
    cost = cost_year(year)
    activity = cost.refunds + cost.patient_payment
    return share * activity / (1 - share) - cost.basis_funding


def basis_increase_to_half_of_income_million_nok(year: int) -> float:
    """Million kr more basis funding for it to be half of the three income sources, activity income unchanged.

    Basis B, activity A: B' = A makes B' / (B' + A) = 50 %, so the increase is A − B
    (2023: 7 291 + 2 232 − 4 516 = 5 007).
    """
    return basis_increase_to_share_of_income_million_nok(year, 0.5)


@shown(
    "measures_half_increase",
    unit="million_nok",
    about="Økning i basisfinansiering for at den skal være halvparten av inntektene",
)
def _measures_half_increase() -> float:
    """The change (without its sign) to the share of income the expert committee's majority proposed (half)."""
    year = latest_cost_year().year
    return abs(basis_increase_to_share_of_income_million_nok(year, value("expert_committee_basis_income_share")))


def _as_shown(number: float, unit: str) -> float:
    """A computed value rounded as the reader sees it in its unit, to compare two values as they are written."""
    return units.shown_number(number, unit)


@said("mix_course", about="Den aktivitetsbaserte delen og basisfinansieringen, første og siste år i kostnadsserien")
def _mix_course() -> str:
    """How the activity-based share and basis funding changed from the first to the last year, verbs from the rows."""
    first, last = first_cost_year(), latest_cost_year()
    if first.year == last.year:
        return (
            "Den aktivitetsbaserte delen var {{ activity_share_last }} og basisfinansieringen "
            "{{ basis_fixed_last }} i faste priser i {{ mix_last_year }}"
        )
    share = phrases.change(
        "Den aktivitetsbaserte delen",
        phrases.Point(
            _as_shown(first.activity_based_share, "share"), "{{ activity_share_first }}", "i {{ mix_first_year }}"
        ),
        phrases.Point(
            _as_shown(last.activity_based_share, "share"), "{{ activity_share_last }}", "i {{ mix_last_year }}"
        ),
    )
    basis = phrases.change(
        "Basisfinansieringen i faste priser",
        phrases.Point(_as_shown(first.basis_funding, "million_nok"), "{{ basis_fixed_first }}", ""),
        phrases.Point(_as_shown(last.basis_funding, "million_nok"), "{{ basis_fixed_last }}", ""),
        same_time=True,
    )
    return f"{share}. {basis}"


@said("measures_half_sentence", about="Hvor mye basisfinansieringen må endres for å være halvparten av inntektene")
def _measures_half_sentence() -> str:
    """What it takes for basis funding to be the share of income the expert committee proposed, in words."""
    target = value("expert_committee_basis_income_share")
    change = basis_increase_to_share_of_income_million_nok(latest_cost_year().year, target)
    if change == 0:
        return "Basisfinansieringen utgjør allerede {{ expert_committee_basis_income_share }} av inntektene"
    must = "må basisfinansieringen økes" if change > 0 else "kan basisfinansieringen reduseres"
    return (
        f"Hvis refusjonene og egenandelene holdes som de er, {must} med om lag "
        "{{ measures_half_increase }} i året, i faste priser, for å utgjøre "
        "{{ expert_committee_basis_income_share }}"
    )


@said("measures_half_against_need", about="Endringen i basisfinansiering mot Legeforeningens anslag på behov")
def _measures_half_against_need() -> str:
    """The change for basis funding to be half of income against Legeforeningen's need, in words.

    The same order of size when each is at most twice the other, else far more or far less.
    """
    from fastlege_calc.action_plan import legeforeningen_need_nok

    target = value("expert_committee_basis_income_share")
    change_nok = abs(basis_increase_to_share_of_income_million_nok(latest_cost_year().year, target)) * 1_000_000
    need_nok = legeforeningen_need_nok()
    if need_nok / 2 <= change_nok <= need_nok * 2:
        size = "samme størrelsesorden som"
    else:
        size = phrases.more_or_less(change_nok - need_nok, "langt mer enn", "langt mindre enn", "")
    # ap_need is our conversion of "nærmere tre ganger" the plan, so a little under it (as in kap-finansiering)
    return (
        f"Det er {size} Legeforeningens anslag fra {{{{ af_123_year }}}}, som vi har regnet om til noe under "
        "{{ ap_need }} i året"
    )


def income_mix_long() -> pd.DataFrame:
    """Cost by year and component (incl. 'other') as long rows for charts: year, component, million_nok."""
    wide = cost_fixed_prices()[[*COMPONENTS, "other"]]
    return wide.reset_index().melt(id_vars="year", var_name="component", value_name="million_nok")


# --- per inhabitant ----------------------------------------------------------------------------------
PER_INHABITANT_FILE = "cost_per_inhabitant.csv"


@dataclass(frozen=True)
class CostPerInhabitant:
    """The scheme's cost per inhabitant in one year, kr in current prices, with its row's source and line.

    `nok_per_inhabitant_fixed_prices` is the same cost in the prices of `price_base_year` (both None
    when the row has no fixed price); fastlege_calc.cost_growth compares the two.
    """

    year: int
    nok_per_inhabitant: float
    source_id: str
    confidence: str | None
    line: int  # line in data/cost_per_inhabitant.csv (the header is line 1)
    nok_per_inhabitant_fixed_prices: float | None = None
    price_base_year: int | None = None


@per_data_version("cost_per_inhabitant")
def _per_inhabitant() -> tuple[CostPerInhabitant, ...]:
    """Every row of data/cost_per_inhabitant.csv, oldest year first, noting none."""
    table = load_unnoted("cost_per_inhabitant")
    found = [
        CostPerInhabitant(
            int(row.year),
            float(row.nok_per_inhabitant),
            row.source_id,
            _optional_text(row.confidence),
            line,
            None if pd.isna(row.nok_per_inhabitant_fixed_prices) else float(row.nok_per_inhabitant_fixed_prices),
            None if pd.isna(row.price_base_year) else int(row.price_base_year),
        )
        for line, row in with_lines(table)
    ]
    if not found:
        raise ValueError(f"no row in data/{PER_INHABITANT_FILE}")
    return tuple(sorted(found, key=lambda r: r.year))


def _noted_per_inhabitant(row: CostPerInhabitant) -> CostPerInhabitant:
    """Hand out one row, noting it in the open trace."""
    trace.note(PER_INHABITANT_FILE, row.line, row.source_id, row.confidence, row.year)
    return row


def cost_per_inhabitant() -> pd.DataFrame:
    """The scheme's cost per inhabitant by year, kr in current prices (columns as in data/cost_per_inhabitant.csv)."""
    return load("cost_per_inhabitant").sort_values("year").reset_index(drop=True)


def first_cost_per_inhabitant() -> CostPerInhabitant:
    """The row of the oldest year (2019 now); ValueError naming the file when there is none."""
    return _noted_per_inhabitant(_per_inhabitant()[0])


def latest_cost_per_inhabitant() -> CostPerInhabitant:
    """The row of the newest year (2024 now); ValueError naming the file when there is none."""
    return _noted_per_inhabitant(_per_inhabitant()[-1])


def cost_per_inhabitant_row(year: int) -> CostPerInhabitant:
    """The row of one year, noted in the trace; ValueError naming the file for a missing year."""
    found = [r for r in _per_inhabitant() if r.year == year]
    if not found:
        raise ValueError(f"no row for {year} in data/cost_per_inhabitant.csv")
    return _noted_per_inhabitant(found[0])


def cost_per_inhabitant_nok(year: int) -> float:
    """Cost per inhabitant in one year, kr in current prices; ValueError naming the file for a missing year."""
    found = [r for r in _per_inhabitant() if r.year == year]
    if not found:
        raise ValueError(f"no row for {year} in data/cost_per_inhabitant.csv")
    return _noted_per_inhabitant(found[0]).nok_per_inhabitant


@shown("cpi_first_year", unit="year", about="Første år med kostnad per innbygger")
def _cpi_first_year() -> int:
    return first_cost_per_inhabitant().year


@shown("cpi_last_year", unit="year", about="Siste år med kostnad per innbygger")
def _cpi_last_year() -> int:
    return latest_cost_per_inhabitant().year


@shown("cpi_first", unit="nok", about="Kostnad per innbygger, første år")
def _cpi_first() -> float:
    return first_cost_per_inhabitant().nok_per_inhabitant


@shown("cpi_last", unit="nok", about="Kostnad per innbygger, siste år")
def _cpi_last() -> float:
    return latest_cost_per_inhabitant().nok_per_inhabitant


def rose_every_year() -> bool:
    """True when the cost per inhabitant is higher each year than the year before (more than one year)."""
    costs = [row.nok_per_inhabitant for row in _per_inhabitant()]
    return len(costs) > 1 and all(b > a for a, b in itertools.pairwise(costs))


@said("cpi_course", about="Kostnad per innbygger, første og siste år")
def _cpi_course() -> str:
    """The cost per inhabitant from the first to the last year in current prices: 'steg', 'falt' or one year.

    Says "i løpende priser" every time: the real change is cost_growth's, in fixed prices. The change shown is
    cost_growth's `cost_growth_nominal`, the one figure for it (chapter 2 and 3 show the same number).
    """
    first, last = first_cost_per_inhabitant(), latest_cost_per_inhabitant()
    if first.year == last.year:
        return "Per innbygger kostet ordningen {{ cpi_last }} i {{ cpi_last_year }}, i løpende priser"
    verb = phrases.change_verb(first.nok_per_inhabitant, last.nok_per_inhabitant)
    if verb == "var uendret":
        return (
            "Per innbygger kostet ordningen {{ cpi_last }} både i {{ cpi_first_year }} og i {{ cpi_last_year }}, "
            "i løpende priser"
        )
    what = "en økning" if verb == "steg" else "en nedgang"
    return (
        f"Per innbygger {verb} kostnaden i løpende priser fra {{{{ cpi_first }}}} i {{{{ cpi_first_year }}}} til "
        f"{{{{ cpi_last }}}} i {{{{ cpi_last_year }}}}, {what} på {{{{ cost_growth_nominal }}}}"
    )
