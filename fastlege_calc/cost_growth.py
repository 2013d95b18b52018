"""Cost growth in current and in fixed prices, and who pays the scheme's cost: for the chapter Ansvar og penger.

Growth per inhabitant is read from data/cost_per_inhabitant.csv, which gives each year both in current
prices (`nok_per_inhabitant`) and in the fixed prices of one year (`nok_per_inhabitant_fixed_prices`,
`price_base_year`; Helsedirektoratet, *Arbeidet med allmennlegetjenesten*, ch. 4.7, tables 4.9–4.10).
Nominal growth compares current prices, real growth fixed prices: 2019–2024, 2 765 / 1 946 − 1 = 42,1 %
nominal and 2 765 / 2 333 − 1 = 18,5 % real. Who pays what is read from data/scheme_cost_fixed_prices.csv
(fastlege_calc.income): the municipalities the basis funding (basistilskudd and other basis grants),
folketrygden through Helfo the refunds, the patients the egenandeler. The responsibilities of each
party are data/responsibilities.csv, shown as a table.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from fastlege_calc import events, fmt, income, phrases, tables
from fastlege_calc.data import load
from fastlege_calc.growth import growth_share
from fastlege_calc.registry import said, shown

#: Decimals of a percentage change in cost per inhabitant wherever it is shown (prose, chart text, notebook):
#: one, so the nominal 42,1 % and the real 18,5 % are written alike and the two chapters give the same number.
GROWTH_DECIMALS = 1


def _fixed(row: income.CostPerInhabitant) -> float:
    """A row's cost in fixed prices; ValueError naming the file and line when the row has none."""
    if row.nok_per_inhabitant_fixed_prices is None:
        raise ValueError(
            f"data/{income.PER_INHABITANT_FILE}, line {row.line}: no cost in fixed prices for {row.year}, "
            "but the book compares nominal and real growth"
        )
    return row.nok_per_inhabitant_fixed_prices


def price_base_year() -> int:
    """The year whose prices the fixed-price column is in (2024 now); ValueError when the rows disagree or lack it."""
    years = {row.price_base_year for row in (income.first_cost_per_inhabitant(), income.latest_cost_per_inhabitant())}
    if len(years) != 1 or None in years:
        raise ValueError(
            f"data/{income.PER_INHABITANT_FILE}: the fixed prices must be in one year's prices, got {years}"
        )
    return years.pop()


def nominal_growth_share(first_year: int, last_year: int) -> float:
    """Relative change (0–1, negative for a fall) in cost per inhabitant in current prices between two years.

    2019–2024: 2 765 / 1 946 − 1 = 0,4209. ValueError naming the file for a missing year.
    """
    first, last = income.cost_per_inhabitant_row(first_year), income.cost_per_inhabitant_row(last_year)
    return growth_share(first.nok_per_inhabitant, last.nok_per_inhabitant)


def real_growth_share(first_year: int, last_year: int) -> float:
    """Relative change (0–1, negative for a fall) in cost per inhabitant in fixed prices between two years.

    2019–2024 in 2024 prices: 2 765 / 2 333 − 1 = 0,1852. ValueError naming the file for a missing year
    or a year without a fixed price.
    """
    first, last = income.cost_per_inhabitant_row(first_year), income.cost_per_inhabitant_row(last_year)
    return growth_share(_fixed(first), _fixed(last))


def _span() -> tuple[int, int]:
    return income.first_cost_per_inhabitant().year, income.latest_cost_per_inhabitant().year


@shown(
    "cost_growth_nominal",
    unit="share",
    about="Nominell endring i kostnad per innbygger (løpende priser)",
    decimals=GROWTH_DECIMALS,
)
def _growth_nominal() -> float:
    return abs(nominal_growth_share(*_span()))


@shown(
    "cost_growth_real",
    unit="share",
    about="Reell endring i kostnad per innbygger (faste priser)",
    decimals=GROWTH_DECIMALS,
)
def _growth_real() -> float:
    return abs(real_growth_share(*_span()))


@shown("cpi_price_base_year", unit="year", about="Prisåret for kostnad per innbygger i faste priser")
def _price_base_year() -> int:
    return price_base_year()


@shown("cpi_fixed_first", unit="nok", about="Kostnad per innbygger i faste priser, første år")
def _cpi_fixed_first() -> float:
    return _fixed(income.first_cost_per_inhabitant())


@shown("cpi_fixed_last", unit="nok", about="Kostnad per innbygger i faste priser, siste år")
def _cpi_fixed_last() -> float:
    return _fixed(income.latest_cost_per_inhabitant())


def _change_noun(share: float) -> str:
    """'en økning', 'en nedgang' or 'ingen endring' for a relative change."""
    return phrases.more_or_less(share, "en økning", "en nedgang", "ingen endring")


@said("cost_growth_sentence", about="Kostnad per innbygger: nominell og reell endring med prisåret")
def _cost_growth_sentence() -> str:
    """Nominal and real change per inhabitant from the first to the last year, direction and base year computed."""
    first, last = _span()
    nominal, real = nominal_growth_share(first, last), real_growth_share(first, last)
    return (
        "Per innbygger kostet ordningen {{ cpi_first }} i {{ cpi_first_year }} og {{ cpi_last }} i "
        f"{{{{ cpi_last_year }}}} i løpende priser, {_change_noun(nominal)} på {{{{ cost_growth_nominal }}}} "
        "nominelt. Regnet i faste {{ cpi_price_base_year }}-priser kostet ordningen {{ cpi_fixed_first }} per "
        f"innbygger i {{{{ cpi_first_year }}}}, så den reelle endringen var {_change_noun(real)} på "
        "{{ cost_growth_real }}"
    )


def cost_per_inhabitant_table() -> Markdown:
    """Cost per inhabitant by year in current and in fixed prices, with the price year in the header, as a table."""
    base = price_base_year()
    frame = load("cost_per_inhabitant").sort_values("year")
    body = tables.markdown_table(
        frame,
        {
            "year": ("År", lambda y: fmt.year(int(y))),
            "nok_per_inhabitant": ("Løpende priser", lambda v: fmt.nok(float(v))),
            "nok_per_inhabitant_fixed_prices": (f"Faste {fmt.year(base)}-priser", lambda v: fmt.nok(float(v))),
        },
    )
    return tables.numbered_table(
        body,
        f"Fastlegeordningens kostnad per innbygger, løpende og faste {fmt.year(base)}-priser",
        "tab-kostnad-per-innbygger",
    )


# --- who pays ----------------------------------------------------------------------------------------
#: Who pays each income source of the fixed-price cost table, in the order the chapter gives them.
PAYERS = {"basis_funding": "Kommunene", "refunds": "Folketrygden (Helfo)", "patient_payment": "Pasientene"}


def payer_shares(year: int) -> dict[str, float]:
    """Each payer's share (0–1) of the three income sources in a year (fixed prices), by component code.

    2023: basis 4 516, refunds 7 291, patient payment 2 232 of 14 039 million kr: 32,2 %, 51,9 %, 15,9 %.
    """
    cost = income.cost_year(year)
    parts = {"basis_funding": cost.basis_funding, "refunds": cost.refunds, "patient_payment": cost.patient_payment}
    total = sum(parts.values())
    return {code: amount / total for code, amount in parts.items()}


@shown("payer_refunds_share_last", unit="share", about="Refusjonenes andel av de tre inntektskildene, siste år")
def _refunds_share_last() -> float:
    return payer_shares(income.latest_cost_year().year)["refunds"]


@shown("payer_patient_share_last", unit="share", about="Pasientbetalingens andel av de tre inntektskildene, siste år")
def _patient_share_last() -> float:
    return payer_shares(income.latest_cost_year().year)["patient_payment"]


@shown("refunds_fixed_last", unit="million_nok", about="Refusjoner siste år, faste priser")
def _refunds_fixed_last() -> float:
    return income.latest_cost_year().refunds


@shown("patient_fixed_last", unit="million_nok", about="Pasientbetaling siste år, faste priser")
def _patient_fixed_last() -> float:
    return income.latest_cost_year().patient_payment


def payers_table() -> Markdown:
    """Who paid what in the latest year of the cost table: payer, what, million kr (fixed prices) and share."""
    cost = income.latest_cost_year()
    shares = payer_shares(cost.year)
    amounts = {"basis_funding": cost.basis_funding, "refunds": cost.refunds, "patient_payment": cost.patient_payment}
    what = tables.label("income_component_legend")
    frame = pd.DataFrame(
        [{"payer": PAYERS[code], "what": what(code), "amount": amounts[code], "share": shares[code]} for code in PAYERS]
    )
    body = tables.markdown_table(
        frame,
        {
            "payer": ("Hvem betaler", str),
            "what": ("Hva", str),
            "amount": ("Mill. kr, faste priser", lambda v: fmt.number(float(v))),
            "share": ("Andel", lambda v: fmt.percent(float(v))),
        },
    )
    return tables.numbered_table(body, f"Hvem betalte fastlegeordningen i {fmt.year(cost.year)}", "tab-hvem-betaler")


def responsibilities_table() -> Markdown:
    """Who decides, negotiates, administers and pays what (data/responsibilities.csv), with the source of each row."""
    frame = load("responsibilities")
    frame["cell"] = [
        f"{what} (*{instrument}*) {{cite:p}}`{source}`" if instrument else f"{what} {{cite:p}}`{source}`"
        for what, instrument, source in zip(frame.what, frame.instrument.fillna(""), frame.source_id, strict=True)
    ]
    body = tables.markdown_table(
        frame,
        {
            "actor": ("Hvem", str),
            "role": ("Rolle", tables.label("responsibility_role")),
            "cell": ("Hva (lov, avtale eller dokument; kilde)", str),
        },
    )
    return events.long_table(body, "Hvem bestemmer, forhandler, forvalter og betaler", "tab-ansvar", "24 14 62")


@said("cost_growth_real_sentence", about="Kostnad per innbygger: den reelle endringen i faste priser, med prisåret")
def _cost_growth_real_sentence() -> str:
    """'Regnet i faste 2024-priser var den reelle endringen en økning på 18,5 %', direction computed."""
    real = real_growth_share(*_span())
    return (
        "Regnet i faste {{ cpi_price_base_year }}-priser var den reelle endringen fra {{ cpi_first_year }} til "
        f"{{{{ cpi_last_year }}}} {_change_noun(real)} på {{{{ cost_growth_real }}}}"
    )
