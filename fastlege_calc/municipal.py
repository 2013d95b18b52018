"""The GP lists per municipality (SSB table 12005) and Norway's municipalities: small accessors.

Tables (validated, see data/datapackage.json): `municipalities` (357 rows), `municipal_register`
(one row per municipality and year with values) and `municipal_measures` (SSB's codes and labels).
Values are SSB's, per 31 December; percentages are 0–100 as SSB publishes them. A value the
snapshot does not have is missing (<NA>), never zero: six municipalities (1853, 3336, 4220, 5514,
5518, 5528) have no figures at all, and a municipality's years start where its code does (the 2020
and 2024 reforms changed codes), so compare municipalities across years only on a set that has
every year (`complete_span`). Sums over municipalities are sums of municipal figures, not
Helsedirektoratet's national register counts; shares of a sum are recomputed from the summed
counts, never averaged.
"""

from __future__ import annotations

import pandas as pd

from fastlege_calc.data import load

#: Columns of municipal_register that are counts and add up over municipalities.
COUNT_COLUMNS = (
    "agreements_with_gp",
    "patients_with_gp",
    "lists_without_gp",
    "patients_without_gp",
    "open_lists",
    "women_gps",
    "capacity_patients",
    "capacity_computed_patients",
    "agreements_total",
)
#: The measure the trend is kept for in every year: share of listed patients on lists without a GP.
SHARE_WITHOUT_GP = "patients_without_gp_pct"


def municipalities() -> pd.DataFrame:
    """All 357 municipalities, sorted by kommunenummer.

    Columns: kommunenummer (4-character string), kommunenavn, fylkesnummer (2 characters),
    fylkesnavn (official, with Sami and Kven forms), fylkesnavn_kort (Norwegian name alone), source_id.
    """
    return load("municipalities")


def register() -> pd.DataFrame:
    """data/municipal_register.csv: one row per municipality and year with values, sorted by both.

    Columns: kommunenummer, year, the measure columns (see `measures()`; counts as Int64, percentages
    as float, <NA>/NaN where the snapshot has no value) and source_id.
    """
    return load("municipal_register")


def measures() -> pd.DataFrame:
    """SSB's measures: measure_code, column (empty when the snapshot has no values), label_nb, unit, unit_ssb."""
    return load("municipal_measures")


def measure(column: str) -> pd.Series:
    """The row of `measures()` for one register column: SSB's code, Norwegian label and unit.

    Raises KeyError for a column that holds no SSB measure.
    """
    table = measures()
    rows = table[table["column"] == column]
    if rows.empty:
        raise KeyError(f"no SSB measure is kept in column '{column}' of data/municipal_register.csv")
    return rows.iloc[0]


def latest_year() -> int:
    """The newest year in the register (2025 in the 2026 snapshot)."""
    return int(register().year.max())


def _check_code(kommunenummer: str) -> None:
    """Raise KeyError unless the municipality is in data/municipalities.csv."""
    if kommunenummer not in set(municipalities().kommunenummer):
        raise KeyError(f"kommunenummer '{kommunenummer}' is not in data/municipalities.csv (4 digits, 2024 codes)")


def year_table(year: int | None = None) -> pd.DataFrame:
    """Every municipality (357 rows) with its values in one year (default the latest), names first.

    Columns: those of `municipalities()` (without source_id) followed by the register's measure
    columns and source_id. A municipality without values that year keeps its row with every value
    missing (<NA>/NaN) and an empty source_id, so a map or table shows it as 'no figures', not as 0.
    """
    year = latest_year() if year is None else year
    values = register()
    values = values[values.year == year].drop(columns="year")
    names = municipalities().drop(columns="source_id")
    return names.merge(values, on="kommunenummer", how="left").reset_index(drop=True)


def municipality(kommunenummer: str) -> pd.Series:
    """One municipality's names: kommunenummer, kommunenavn, fylkesnummer, fylkesnavn, fylkesnavn_kort.

    Raises KeyError for a code that is not a 2024 municipality.
    """
    _check_code(kommunenummer)
    table = municipalities()
    return table[table.kommunenummer == kommunenummer].drop(columns="source_id").iloc[0]


def series(kommunenummer: str, column: str = SHARE_WITHOUT_GP) -> pd.Series:
    """One municipality's values of one measure by year (index: year, ascending), only years with a value.

    Empty for the six municipalities without figures. Raises KeyError for an unknown municipality
    or a column that holds no measure.
    """
    _check_code(kommunenummer)
    measure(column)
    table = register()
    rows = table[(table.kommunenummer == kommunenummer) & table[column].notna()]
    return pd.Series(rows[column].to_numpy(), index=pd.Index(rows.year.astype(int), name="year"), name=column)


def complete_span(first_year: int, last_year: int, column: str = SHARE_WITHOUT_GP) -> list[str]:
    """Kommunenummer (sorted) of the municipalities with a value of `column` in every year first…last.

    The comparable set for that span: in the 2026 snapshot 82 municipalities for 2015–2025, 240 for
    2020–2025 and 351 for 2024–2025. Raises ValueError when first_year > last_year.
    """
    if first_year > last_year:
        raise ValueError(f"first year {first_year} is after last year {last_year}")
    measure(column)
    table = register()
    span = table[(table.year >= first_year) & (table.year <= last_year) & table[column].notna()]
    years = span.groupby("kommunenummer").year.nunique()
    return sorted(years[years == last_year - first_year + 1].index)


def _add_ratios(sums: pd.DataFrame) -> pd.DataFrame:
    """Shares and list length recomputed from summed counts (SSB's formulas, unrounded).

    patients_without_gp_pct = 100 × patients_without_gp / (patients_with_gp + patients_without_gp);
    avg_list_length_patients = patients_with_gp / agreements_with_gp;
    women_share_pct = 100 × women_gps / agreements_with_gp;
    reserve_capacity_pct = 100 × capacity_patients / patients_with_gp.
    """
    out = sums.copy()
    listed = out.patients_with_gp + out.patients_without_gp
    out["patients_without_gp_pct"] = (100 * out.patients_without_gp / listed).astype("Float64")
    out["avg_list_length_patients"] = (out.patients_with_gp / out.agreements_with_gp).astype("Float64")
    out["women_share_pct"] = (100 * out.women_gps / out.agreements_with_gp).astype("Float64")
    out["reserve_capacity_pct"] = (100 * out.capacity_patients / out.patients_with_gp).astype("Float64")
    return out


def _sums(rows: pd.DataFrame, where: str) -> dict[str, object]:
    """Count columns summed over rows, with the number of municipalities; partial sums are refused."""
    result: dict[str, object] = {"municipalities": int(rows.kommunenummer.nunique())}
    for column in COUNT_COLUMNS:
        have = rows[column].notna()
        if have.any() and not have.all():
            missing = ", ".join(rows.loc[~have, "kommunenummer"])
            raise ValueError(f"{where}: '{column}' is missing for {missing}; a sum would leave them out")
        result[column] = int(rows[column].sum()) if have.any() else pd.NA
    return result


def national_sums(year: int | None = None) -> dict[str, object]:
    """Sums of the municipal figures in one year (default the latest) over the municipalities with values.

    Keys: municipalities (how many have values, int), every count column (listed patients, lists,
    agreements; int, or pd.NA in years the snapshot has no counts, which is every year before 2025)
    and the ratios recomputed from the sums (float or pd.NA): patients_without_gp_pct (percent, 0–100),
    avg_list_length_patients (patients per list with a GP), women_share_pct, reserve_capacity_pct.
    For 2025: 351 municipalities, 117 899 patients without a GP, 197 lists without a GP, 5 747
    agreements with a GP. These are sums of municipal figures at 31 December, not
    Helsedirektoratet's national register counts. Raises ValueError when a count is missing for
    some but not all municipalities (a sum would silently leave them out).
    """
    year = latest_year() if year is None else year
    table = register()
    rows = table[table.year == year]
    if rows.empty:
        raise ValueError(f"no municipal figures for {year} in data/municipal_register.csv")
    sums = pd.DataFrame([_sums(rows, f"year {year}")]).astype({c: "Int64" for c in COUNT_COLUMNS})
    row = _add_ratios(sums).iloc[0]
    return {
        key: value
        if value is pd.NA
        else int(value)
        if key in COUNT_COLUMNS or key == "municipalities"
        else float(value)
        for key, value in row.items()
    }


def county_aggregates(year: int | None = None) -> pd.DataFrame:
    """One row per county (15, sorted by fylkesnummer): sums of municipal counts and recomputed ratios.

    Columns: fylkesnummer, fylkesnavn, fylkesnavn_kort, municipalities_total (in the county),
    municipalities (with values that year), the count columns (Int64) and the ratios of
    `national_sums` recomputed from the county's sums (shares are never averages of municipal
    shares). Raises ValueError as `national_sums` does.
    """
    year = latest_year() if year is None else year
    names = municipalities()
    table = register()
    rows = table[table.year == year].merge(names[["kommunenummer", "fylkesnummer"]], on="kommunenummer")
    counties = names.groupby("fylkesnummer", sort=True).agg(
        fylkesnavn=("fylkesnavn", "first"),
        fylkesnavn_kort=("fylkesnavn_kort", "first"),
        municipalities_total=("kommunenummer", "size"),
    )
    sums = [
        {"fylkesnummer": county, **_sums(rows[rows.fylkesnummer == county], f"county {county}, year {year}")}
        for county in counties.index
    ]
    table = counties.reset_index().merge(pd.DataFrame(sums), on="fylkesnummer")
    return _add_ratios(table.astype({c: "Int64" for c in COUNT_COLUMNS}))
