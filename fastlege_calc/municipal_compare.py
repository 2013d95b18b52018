"""Comparing municipalities: comparable sets of years, counts above thresholds, the worst year, counties, size.

Everything here reads data/municipal_register.csv and data/municipalities.csv through
`fastlege_calc.municipal` and follows its rules: values are SSB's (table 12005, per 31 December),
shares are percent 0–100 as SSB publishes them, missing stays missing, and municipalities are
compared across years only on a set that has every year of the span (a *comparable set*, see
`spans`), because a municipality's trend is kept under today's code only. Shares of a sum are
recomputed from summed counts, never averaged.

The figures the chapter book/kommunene.md shows are declared at the end with `@shown`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from fastlege_calc import data, municipal, phrases, register, trace
from fastlege_calc.registry import Declaration, said, shown, shown_each

#: Thresholds for the share of listed inhabitants on lists without a GP, percent (0–100): a municipality
#: counts as above a threshold when its share is strictly greater. Chosen for the book (issue 13: "how many
#: municipalities are above 5, 10 and 20 %"); the map's colour classes use the same limits.
THRESHOLDS_PCT = (5.0, 10.0, 20.0)
#: The threshold that defines the worst year (the year most municipalities of the comparable set were above it).
WORST_YEAR_THRESHOLD_PCT = 10.0
#: How many of the worst municipalities of the worst year the chapter follows to the latest year.
WORST_MUNICIPALITIES = 10
#: Size groups: municipalities split into this many groups of (nearly) equal count by listed inhabitants.
SIZE_GROUPS = 3

SHARE = municipal.SHARE_WITHOUT_GP
REGISTER, NAMES = "municipal_register", "municipalities"


def _reads(*tables: str):
    """Decorator: computed once per data version and arguments; every call notes every row of `tables`.

    The comparisons here read whole tables, so their sources are those tables' rows, noted in the open
    trace on each call (fastlege_calc.trace); the computation itself runs once, unnoted. A table or
    frame returned is a copy the caller may change.
    """

    def decorate(function):
        cache: dict[tuple, object] = {}

        @functools.wraps(function)
        def wrapper(*args):
            for table in tables:
                data.load(table) if trace.active() else data.load_unnoted(table)  # noted; the build records it
            directory = data.data_dir()
            key = (str(directory), data.data_version(directory), args)
            if key not in cache:
                if len(cache) >= 64:
                    cache.clear()
                with trace.unnoted():
                    cache[key] = function(*args)
            result = cache[key]
            return result.copy() if isinstance(result, pd.DataFrame | pd.Series) else result

        return wrapper

    return decorate


@dataclass(frozen=True)
class Span:
    """A comparable set: the municipalities with a share for every year first_year…last_year (kommunenummer, sorted)."""

    name: str
    first_year: int
    last_year: int
    municipalities: tuple[str, ...]

    @property
    def years(self) -> list[int]:
        """Every year of the span, ascending."""
        return list(range(self.first_year, self.last_year + 1))

    @property
    def size(self) -> int:
        """How many municipalities the set holds."""
        return len(self.municipalities)


@_reads(REGISTER)
def shares() -> pd.DataFrame:
    """The share without a GP by municipality and year, percent 0–100: index kommunenummer, one column per year.

    Only municipalities with at least one value; a year without a value is NaN.
    """
    table = municipal.register()
    table = table[table[SHARE].notna()]
    return table.pivot(index="kommunenummer", columns="year", values=SHARE).sort_index().astype(float)


def years() -> list[int]:
    """The years with a share for at least one municipality, ascending (2015–2025 in the 2026 snapshot)."""
    return sorted(int(y) for y in shares().columns)


@_reads(REGISTER)
def spans() -> dict[str, Span]:
    """The three comparable sets the chapter uses, by name, each ending in the latest year.

    - "long": from the first year of the register (82 municipalities for 2015–2025 in the 2026 snapshot);
    - "majority": from the earliest year whose comparable set holds at least half of the municipalities
      with values in the latest year (240 for 2020–2025: the 2020 reform changed most codes);
    - "recent": the last two years (all 351 municipalities with values, 2024–2025).
    Raises ValueError when the register has fewer than two years.
    """
    found = years()
    if len(found) < 2:
        raise ValueError("data/municipal_register.csv: at least two years are needed to compare municipalities")
    last = found[-1]
    with_values = len(municipal.complete_span(last, last))
    majority = next(y for y in found if 2 * len(municipal.complete_span(y, last)) >= with_values)
    firsts = {"long": found[0], "majority": majority, "recent": found[-2]}
    return {
        name: Span(name, first, last, tuple(municipal.complete_span(first, last))) for name, first in firsts.items()
    }


@_reads(REGISTER)
def counts_above(span: Span, thresholds: tuple[float, ...] = THRESHOLDS_PCT) -> pd.DataFrame:
    """Municipalities of a comparable set with a share strictly above each threshold, by year.

    Index: year (the span's years); columns: the thresholds (percent); values: counts (int).
    """
    table = shares().loc[list(span.municipalities), span.years]
    return pd.DataFrame({t: (table > t).sum() for t in thresholds}).rename_axis("year").astype(int)


@_reads(REGISTER)
def worst_year() -> int:
    """The year most municipalities of the "majority" comparable set had a share above WORST_YEAR_THRESHOLD_PCT.

    The earliest such year when two are tied (2023 in the 2026 snapshot: 73 of 240 above 10 %).
    """
    counts = counts_above(spans()["majority"])[WORST_YEAR_THRESHOLD_PCT]
    return int(counts.idxmax())


@_reads(REGISTER)
def listed_patients(year: int | None = None) -> pd.Series:
    """Listed inhabitants (on lists with and without a GP) by kommunenummer in one year, where counts exist."""
    table = municipal.year_table(year)
    table = table[table.patients_with_gp.notna()]
    return pd.Series(
        (table.patients_with_gp + table.patients_without_gp).astype(int).to_numpy(),
        index=table.kommunenummer,
        name="listed_patients",
    )


@_reads(REGISTER, NAMES)
def worst_municipalities(n: int = WORST_MUNICIPALITIES) -> pd.DataFrame:
    """The n municipalities with the highest share in the worst year, and where they are in the latest year.

    Among every municipality with a share that year (ties: lower kommunenummer first). Columns:
    kommunenummer, kommunenavn, fylkesnavn_kort, share_worst_pct, share_latest_pct (NaN if none),
    listed_latest (listed inhabitants in the latest year, <NA> if none); highest share first.
    """
    table = shares()
    worst, latest = worst_year(), years()[-1]
    have = table[table[worst].notna()].reset_index()
    have = have.sort_values([worst, "kommunenummer"], ascending=[False, True]).head(n)
    names = municipal.municipalities().set_index("kommunenummer")
    listed = listed_patients(latest)
    return pd.DataFrame(
        {
            "kommunenummer": have.kommunenummer.to_numpy(),
            "kommunenavn": names.loc[have.kommunenummer, "kommunenavn"].to_numpy(),
            "fylkesnavn_kort": names.loc[have.kommunenummer, "fylkesnavn_kort"].to_numpy(),
            "share_worst_pct": have[worst].to_numpy(),
            "share_latest_pct": have[latest].to_numpy(),
            "listed_latest": pd.array([listed.get(k, pd.NA) for k in have.kommunenummer], dtype="Int64"),
        }
    )


@_reads(REGISTER, NAMES)
def counties(year: int | None = None) -> pd.DataFrame:
    """The counties in one year (default the latest): `municipal.county_aggregates` plus counts above thresholds.

    Adds `above_<t>` columns (municipalities of the county with a share strictly above t percent, for each
    of THRESHOLDS_PCT, as int). Sorted by fylkesnummer.
    """
    year = municipal.latest_year() if year is None else year
    table = municipal.county_aggregates(year)
    values = municipal.year_table(year)
    for threshold in THRESHOLDS_PCT:
        above = values[values[SHARE] > threshold].groupby("fylkesnummer").size()
        table[f"above_{threshold:g}"] = table.fylkesnummer.map(above).fillna(0).astype(int)
    return table


@_reads(REGISTER, NAMES)
def counties_above(year: int, threshold: float = WORST_YEAR_THRESHOLD_PCT) -> pd.Series:
    """Municipalities with a share strictly above `threshold` by county short name in one year, most first.

    Any year (counts of municipalities, not of patients, so also before counts exist); ties by county number.
    """
    values = municipal.year_table(year)
    above = values[values[SHARE] > threshold]
    counts = above.groupby(["fylkesnummer", "fylkesnavn_kort"]).size().reset_index(name="n")
    counts = counts.sort_values(["n", "fylkesnummer"], ascending=[False, True])
    return pd.Series(counts.n.to_numpy(), index=counts.fylkesnavn_kort.to_numpy(), name="municipalities")


@_reads(REGISTER, NAMES)
def size_groups(year: int | None = None) -> pd.DataFrame:
    """Municipalities in SIZE_GROUPS groups of (nearly) equal count by listed inhabitants in one year.

    One row per group, smallest first: group (1…), municipalities, smallest and largest (listed
    inhabitants), above_<t> (municipalities strictly above each threshold), patients_without_gp,
    listed_patients and share_without_gp_pct (recomputed from the group's sums, percent 0–100).
    Municipalities are ranked by size, ties by kommunenummer.
    """
    year = municipal.latest_year() if year is None else year
    table = municipal.year_table(year)
    table = table[table.patients_with_gp.notna()].copy()
    table["listed"] = (table.patients_with_gp + table.patients_without_gp).astype(int)
    table = table.sort_values(["listed", "kommunenummer"]).reset_index(drop=True)
    table["group"] = (table.index * SIZE_GROUPS // len(table)) + 1
    rows = []
    for group, part in table.groupby("group"):
        row = {
            "group": int(group),
            "municipalities": len(part),
            "smallest": int(part.listed.min()),
            "largest": int(part.listed.max()),
            "patients_without_gp": int(part.patients_without_gp.sum()),
            "listed_patients": int(part.listed.sum()),
        }
        for threshold in THRESHOLDS_PCT:
            row[f"above_{threshold:g}"] = int((part[SHARE] > threshold).sum())
        row["share_without_gp_pct"] = 100 * row["patients_without_gp"] / row["listed_patients"]
        rows.append(row)
    return pd.DataFrame(rows)


@_reads(REGISTER)
def rank_correlation(column: str, year: int | None = None) -> float:
    """Spearman's rank correlation (−1…1) between a register column and the share without a GP in one year.

    Over the municipalities with both values: Pearson's correlation of the ranks, ties given their average rank.
    """
    ranks = municipal.year_table(year)[[column, SHARE]].dropna().astype(float).rank()
    return float(ranks[column].corr(ranks[SHARE]))


@_reads(REGISTER, NAMES)
def map_table(year: int | None = None) -> pd.DataFrame:
    """Every municipality (357 rows, by kommunenummer) with its share in every year and its counts in `year`.

    Columns: kommunenummer, kommunenavn, fylkesnavn_kort, share_<year> for every year of `years()` (share
    0–1, NaN where none), and for `year` (default the latest): listed_patients, patients_without_gp,
    lists_without_gp, open_lists, agreements_with_gp, avg_list_length_patients (<NA> where none).
    """
    year = municipal.latest_year() if year is None else year
    table = municipal.year_table(year)
    out = table[["kommunenummer", "kommunenavn", "fylkesnavn_kort"]].copy()
    wide = shares()
    for y in years():
        out[f"share_{y}"] = out.kommunenummer.map((wide[y] / 100).round(4)).astype(float)
    out["listed_patients"] = (table.patients_with_gp + table.patients_without_gp).astype("Int64")
    for column in ("patients_without_gp", "lists_without_gp", "open_lists", "agreements_with_gp"):
        out[column] = table[column].astype("Int64")
    out["avg_list_length_patients"] = table.avg_list_length_patients.astype("Int64")
    return out


# --- the figures the chapter shows ------------------------------------------------------------------------
def _latest_sums() -> dict:
    return municipal.national_sums()


@shown("muni_latest_year", unit="year", about="Siste år med kommunetall fra SSB")
def _latest_year() -> int:
    return municipal.latest_year()


@shown("muni_latest_date", unit="date", about="Tidspunktet kommunetallene gjelder (31. desember i siste år)")
def _latest_date() -> dt.date:
    return dt.date(municipal.latest_year(), 12, 31)  # SSB's register figures are per 31 December


@shown("muni_count_total", unit="count", about="Kommuner i Norge (kommuneinndelingen 2024)")
def _count_total() -> int:
    return len(municipal.municipalities())


@shown("muni_count_with_values", unit="count", about="Kommuner med tall fra SSB i siste år")
def _count_with_values() -> int:
    return _latest_sums()["municipalities"]


@shown("muni_count_without_values", unit="count", about="Kommuner uten tall fra SSB i siste år")
def _count_without_values() -> int:
    return len(municipal.municipalities()) - _latest_sums()["municipalities"]


@shown("muni_patients_without_gp", unit="patients", about="Listeinnbyggere uten fastlege, sum av kommunetall")
def _patients_without_gp() -> int:
    return _latest_sums()["patients_without_gp"]


@shown("muni_listed_patients", unit="patients", about="Listeinnbyggere i alt, sum av kommunetall")
def _listed() -> int:
    sums = _latest_sums()
    return sums["patients_with_gp"] + sums["patients_without_gp"]


@shown(
    "muni_share_without_gp", unit="share", about="Andel listeinnbyggere uten fastlege, sum av kommunetall", decimals=1
)
def _share_without_gp() -> float:
    return _latest_sums()["patients_without_gp_pct"] / 100


@shown("muni_lists_without_gp", unit="count", about="Fastlegelister uten lege, sum av kommunetall")
def _lists_without_gp() -> int:
    return _latest_sums()["lists_without_gp"]


@shown("muni_open_lists", unit="count", about="Åpne fastlegelister, sum av kommunetall")
def _open_lists() -> int:
    return _latest_sums()["open_lists"]


@shown("muni_agreements", unit="count", about="Fastlegeavtaler med lege, sum av kommunetall")
def _agreements() -> int:
    return _latest_sums()["agreements_with_gp"]


@shown("muni_avg_list_length", unit="patients", about="Gjennomsnittlig listelengde fra summen av kommunetall")
def _avg_list_length() -> float:
    return _latest_sums()["avg_list_length_patients"]


@shown("muni_zero_count", unit="count", about="Kommuner der ingen sto på en liste uten lege i siste år")
def _zero_count() -> int:
    return int((municipal.year_table()[SHARE] == 0).sum())


def _span(name: str) -> Span:
    return spans()[name]


@shown("muni_span_long_first", unit="year", about="Første år i det lengste sammenlignbare settet")
def _span_long_first() -> int:
    return _span("long").first_year


@shown("muni_span_long_count", unit="count", about="Kommuner med tall for hvert år i det lengste settet")
def _span_long_count() -> int:
    return _span("long").size


@shown("muni_span_majority_first", unit="year", about="Første år i settet med minst halvparten av kommunene")
def _span_majority_first() -> int:
    return _span("majority").first_year


@shown("muni_span_majority_count", unit="count", about="Kommuner i settet med minst halvparten av kommunene")
def _span_majority_count() -> int:
    return _span("majority").size


@shown("muni_span_recent_first", unit="year", about="Første år i settet med alle kommuner (de to siste årene)")
def _span_recent_first() -> int:
    return _span("recent").first_year


@shown("muni_span_recent_count", unit="count", about="Kommuner med tall for begge de to siste årene")
def _span_recent_count() -> int:
    return _span("recent").size


def _threshold_share(index: int) -> float:
    municipal.measure(SHARE)  # the threshold is on SSB's measure: the row that defines it is its source
    return THRESHOLDS_PCT[index] / 100


@shown("muni_threshold_low", unit="share", about="Laveste terskel for andel uten fastlege")
def _threshold_low() -> float:
    return _threshold_share(0)


@shown("muni_threshold_mid", unit="share", about="Midterste terskel for andel uten fastlege (definerer verste år)")
def _threshold_mid() -> float:
    return _threshold_share(1)


@shown("muni_threshold_high", unit="share", about="Høyeste terskel for andel uten fastlege")
def _threshold_high() -> float:
    return _threshold_share(2)


@shown("muni_worst_year", unit="year", about="Året flest kommuner i det sammenlignbare settet lå over terskelen")
def _worst_year() -> int:
    return worst_year()


def above(span_name: str, threshold_pct: float, when: str) -> int:
    """Municipalities of a comparable set strictly above a threshold in its first, worst or latest year."""
    span = spans()[span_name]
    year = {"first": span.first_year, "worst": worst_year(), "latest": span.last_year}[when]
    return int(counts_above(span).loc[year, threshold_pct])


#: The counts above thresholds the chapter shows: (comparable set, threshold level, which year of the set).
_LEVELS = {"low": THRESHOLDS_PCT[0], "mid": THRESHOLDS_PCT[1], "high": THRESHOLDS_PCT[2]}
_SETS = {
    "long": "det lengste sammenlignbare settet",
    "majority": "settet med minst halvparten av kommunene",
    "recent": "settet for de to siste årene",
}
_YEARS = {"first": "første år", "worst": "verste år", "latest": "siste år"}
_ABOVE = (
    [("majority", level, when) for level in _LEVELS for when in ("first", "worst", "latest")]
    + [("long", "mid", when) for when in ("first", "worst", "latest")]
    + [("recent", level, when) for level in _LEVELS for when in ("first", "latest")]
)


@shown_each
def _counts_above() -> Iterator[Declaration]:
    """muni_<set>_above_<level>_<year>: municipalities of a comparable set above a threshold in one of its years."""
    for span_name, level, when in _ABOVE:
        threshold = _LEVELS[level]
        yield Declaration(
            f"muni_{span_name}_above_{level}_{when}",
            "count_compared",  # set beside the same count in other years: in digits (10, 29 og 17), not in words
            f"Kommuner over {threshold:g} % uten fastlege i {_SETS[span_name]}, {_YEARS[when]}",
            functools.partial(above, span_name, threshold, when),
        )


@said("muni_latest_when", about="Når de siste kommunetallene gjelder")
def _latest_when() -> str:
    """'ved utgangen av {{ muni_latest_year }}': SSB's register figures are per 31 December (muni_latest_date)."""
    return phrases.at_period_end(_latest_date(), "{{ muni_latest_year }}")


@said(
    "muni_majority_above_mid_course", about="Kommuner over midterste terskel i settet med minst halvparten, år for år"
)
def _majority_above_mid_course() -> str:
    """How the count above the middle threshold went in the 'majority' set, year by year.

    From its first year to its highest and where it ended ('Antallet steg fra 51 i 2020 til 73 i 2023, det
    høyeste i perioden, og falt deretter til 45 i 2025').
    The first, worst and latest years are written by their figures; other years as plain numbers.
    """
    span = spans()["majority"]
    counts = counts_above(span)[THRESHOLDS_PCT[1]]
    named = {
        span.first_year: ("muni_majority_above_mid_first", "muni_span_majority_first"),
        worst_year(): ("muni_majority_above_mid_worst", "muni_worst_year"),
        span.last_year: ("muni_majority_above_mid_latest", "muni_latest_year"),
    }
    points = []
    for year, count in counts.items():
        figure, year_key = named.get(year, (None, None))
        shown_as = "{{ " + figure + " }}" if figure else str(int(count))
        when = "i {{ " + year_key + " }}" if year_key else f"i {year}"
        points.append(phrases.Point(int(count), shown_as, when, year))
    return phrases.course("Antallet", points, highest="det høyeste i perioden", lowest="det laveste i perioden")


@shown("muni_worst_top_n", unit="count", about="Antall kommuner med høyest andel i verste år som følges")
def _worst_top_n() -> int:
    return len(worst_municipalities())


@shown("muni_worst_share_max", unit="share", about="Høyeste andel uten fastlege i en kommune i verste år", decimals=1)
def _worst_share_max() -> float:
    return float(shares()[worst_year()].max()) / 100


@shown(
    "muni_worst_top_share_min",
    unit="share",
    about="Laveste andel blant kommunene med høyest andel i verste år",
    decimals=1,
)
def _worst_top_share_min() -> float:
    return float(worst_municipalities().share_worst_pct.min()) / 100


@shown(
    "muni_worst_top_now_low", unit="count", about="Av de verste kommunene: på eller under laveste terskel i siste år"
)
def _worst_top_now_low() -> int:
    return int((worst_municipalities().share_latest_pct <= THRESHOLDS_PCT[0]).sum())


@shown(
    "muni_worst_top_now_high", unit="count", about="Av de verste kommunene: fortsatt over høyeste terskel i siste år"
)
def _worst_top_now_high() -> int:
    return int((worst_municipalities().share_latest_pct > THRESHOLDS_PCT[2]).sum())


@shown("muni_county_share_max", unit="share", about="Høyeste andel uten fastlege i et fylke, siste år", decimals=1)
def _county_share_max() -> float:
    return float(counties().patients_without_gp_pct.max()) / 100


@shown("muni_county_share_min", unit="share", about="Laveste andel uten fastlege i et fylke, siste år", decimals=1)
def _county_share_min() -> float:
    return float(counties().patients_without_gp_pct.min()) / 100


def _group(which: str) -> pd.Series:
    groups = size_groups()
    return groups.iloc[0] if which == "small" else groups.iloc[-1]


@shown(
    "muni_size_small_largest", unit="patients", about="Største kommune i den minste størrelsesgruppen (listeinnbyggere)"
)
def _size_small_largest() -> int:
    return int(_group("small").largest)


@shown(
    "muni_size_large_smallest",
    unit="patients",
    about="Minste kommune i den største størrelsesgruppen (listeinnbyggere)",
)
def _size_large_smallest() -> int:
    return int(_group("large").smallest)


@shown("muni_size_small_count", unit="count", about="Kommuner i den minste størrelsesgruppen")
def _size_small_count() -> int:
    return int(_group("small").municipalities)


@shown("muni_size_large_count", unit="count", about="Kommuner i den største størrelsesgruppen")
def _size_large_count() -> int:
    return int(_group("large").municipalities)


@shown(
    "muni_worst_top_small",
    unit="count",
    about="Av de verste kommunene i verste år: i den minste størrelsesgruppen i siste år",
)
def _worst_top_small() -> int:
    largest_small = int(_group("small").largest)
    return int((worst_municipalities().listed_latest <= largest_small).sum())


@shown("muni_size_small_above_mid", unit="count_compared", about="Små kommuner over midterste terskel")
def _size_small_above_mid() -> int:
    return int(_group("small")[f"above_{THRESHOLDS_PCT[1]:g}"])


@shown("muni_size_large_above_mid", unit="count_compared", about="Store kommuner over midterste terskel")
def _size_large_above_mid() -> int:
    return int(_group("large")[f"above_{THRESHOLDS_PCT[1]:g}"])


@shown("muni_size_small_share", unit="share", about="Andel uten fastlege i de små kommunene samlet", decimals=1)
def _size_small_share() -> float:
    return float(_group("small").share_without_gp_pct) / 100


@shown("muni_size_large_share", unit="share", about="Andel uten fastlege i de store kommunene samlet", decimals=1)
def _size_large_share() -> float:
    return float(_group("large").share_without_gp_pct) / 100


@shown(
    "muni_rank_corr_list_length",
    unit="ratio",
    about="Rangkorrelasjon mellom listelengde og andel uten fastlege",
    decimals=2,
)
def _rank_corr_list_length() -> float:
    return rank_correlation("avg_list_length_patients")


@shown(
    "muni_register_peak_gap",
    unit="patients",
    about="Helsedirektoratets høyeste årstall for listeinnbyggere uten fastlege minus summen av kommunetall",
)
def _register_peak_gap() -> int:
    return register.peak("patients_without_gp").patients_without_gp - _latest_sums()["patients_without_gp"]
