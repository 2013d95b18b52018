"""The municipal chapter (book/kommunene.md): comparable sets, the worst year, the words it types, its tables.

Counts are recomputed here from the raw SSB snapshot (snapshots/ssb-12005/…json), independently of the
import and of fastlege_calc.municipal_compare; the hand figures are the issue's (82, 240, 351) or were
read in the raw JSON before they were written here. The chapter's words about the figures ("færre",
"høyest", "små kommuner står oftere uten lege", "nesten ingen sammenheng") are checked against the
figures they stand beside, so a data release that makes one false fails here.
"""

import json
import math
import re

import pandas as pd
import pytest

from fastlege_calc import charts, finn_kommune, fmt, municipal, municipal_compare, municipal_tables, register
from fastlege_calc.charts import kommunene
from fastlege_calc.registry import phrases, prose_figures
from tests.helpers import ROOT

SSB_FILE = ROOT / "snapshots" / "ssb-12005" / "fastlege-kommuner-2015-2025.json"
RAW = json.loads(SSB_FILE.read_text(encoding="utf-8"))["kommuner"]
SHARE_CODE = "KOSandelpasiente0000"  # SSB: share of listed inhabitants on lists without a GP, percent
CHAPTER = (ROOT / "book" / "kommunene.md").read_text(encoding="utf-8")


def raw_shares() -> dict[str, dict[int, float]]:
    """Kommunenummer → {year: share in percent} from the raw snapshot, years without a value left out."""
    return {
        code: {int(p["year"]): float(p["value"]) for p in entry["trend"].get(SHARE_CODE, []) if p["value"] is not None}
        for code, entry in RAW.items()
    }


def raw_set(first: int, last: int = 2025) -> set[str]:
    """Municipalities with a share in every year first…last in the raw snapshot."""
    return {code for code, years in raw_shares().items() if set(range(first, last + 1)) <= set(years)}


def figure(key: str) -> float:
    return prose_figures()[key].value


# --- comparable sets ---------------------------------------------------------------------------------------
def test_the_three_comparable_sets_are_the_issues():
    spans = municipal_compare.spans()
    # The issue: 82 municipalities have 2015–2025, 240 have 2020–2025, all 351 with values have 2024–2025.
    expected = {"long": (2015, 82), "majority": (2020, 240), "recent": (2024, 351)}
    assert {name: (s.first_year, s.size) for name, s in spans.items()} == expected
    for span in spans.values():
        assert set(span.municipalities) == raw_set(span.first_year)


def test_counts_above_a_threshold_count_only_the_sets_municipalities():
    span = municipal_compare.spans()["majority"]
    counts = municipal_compare.counts_above(span)
    shares = raw_shares()
    for year in span.years:
        for threshold in municipal_compare.THRESHOLDS_PCT:
            by_hand = sum(1 for code in span.municipalities if shares[code][year] > threshold)
            assert counts.loc[year, threshold] == by_hand, (year, threshold)
    # A municipality with values 2020–2025 but outside the long set never enters the long set's 2015 count:
    long = municipal_compare.counts_above(municipal_compare.spans()["long"])
    assert long.loc[2015].max() <= 82


def test_the_worst_year_has_most_municipalities_above_ten_percent_in_the_majority_set():
    span = municipal_compare.spans()["majority"]
    shares = raw_shares()
    by_year = {y: sum(1 for c in span.municipalities if shares[c][y] > 10.0) for y in span.years}
    worst = municipal_compare.worst_year()
    assert by_year[worst] == max(by_year.values())
    assert (worst, by_year[worst]) == (2023, 73)  # read in the raw snapshot: 73 of the 240 above 10 % in 2023


# --- the chapter's words, checked against its figures ----------------------------------------------------
def test_the_words_of_over_time_are_true():
    worst, latest = municipal_compare.worst_year(), municipal.latest_year()
    spans = municipal_compare.spans()
    # "viser at toppen er ny": the long set had fewer above 10 % in its first year than in the worst year.
    long = municipal_compare.counts_above(spans["long"])
    assert long.loc[spans["long"].first_year, 10.0] < long.loc[worst, 10.0]
    # "I de to lengste settene var det færre kommuner over hver terskel i <latest> enn i <worst>"
    for name in ("long", "majority"):
        counts = municipal_compare.counts_above(spans[name])
        assert (counts.loc[latest] < counts.loc[worst]).all(), name
    # "… og blant alle 351 færre i <latest> enn i <first of the recent set>" (the worst year is not in that set)
    recent = municipal_compare.counts_above(spans["recent"])
    assert worst not in recent.index
    assert (recent.loc[latest] < recent.loc[spans["recent"].first_year]).all()
    # "SSBs egne tall … viser den samme vendingen": a rise to the worst year and a fall after it.
    majority = municipal_compare.counts_above(spans["majority"])[10.0]
    assert majority.index[0] < worst < majority.index[-1]
    assert majority[worst] > majority.iloc[0] and majority[worst] > majority.iloc[-1]


def test_the_sum_of_the_municipalities_lies_under_the_registers_peak():
    # "Summen av kommunetallene for <latest> ligger <gap> under toppen i registerets årstall"
    peak = register.peak("patients_without_gp").patients_without_gp
    assert figure("muni_register_peak_gap") == peak - 117_899 > 0


def test_small_municipalities_are_more_often_without_a_gp():
    # The heading "Små kommuner står oftere uten lege" and the paragraph under it.
    groups = municipal_compare.size_groups()
    small, large = groups.iloc[0], groups.iloc[-1]
    assert small.municipalities + groups.iloc[1].municipalities + large.municipalities == 351
    assert small["above_10"] / small.municipalities > large["above_10"] / large.municipalities
    assert small.share_without_gp_pct > large.share_without_gp_pct
    assert small.largest < large.smallest


def test_list_length_and_the_share_without_a_gp_are_almost_unrelated():
    # "rangkorrelasjonen … var <rho>, altså nesten ingen sammenheng": |rho| under 0.1.
    table = municipal.year_table()[["avg_list_length_patients", municipal.SHARE_WITHOUT_GP]].dropna()
    by_hand = table.rank().corr(method="pearson").iloc[0, 1]
    assert figure("muni_rank_corr_list_length") == pytest.approx(by_hand)
    assert abs(by_hand) < 0.1


def test_the_worst_municipalities_are_the_highest_shares_of_the_worst_year():
    worst = municipal_compare.worst_year()
    table = municipal_compare.worst_municipalities()
    shares = raw_shares()
    of_worst_year = sorted((v[worst] for v in shares.values() if worst in v), reverse=True)
    assert list(table.share_worst_pct) == of_worst_year[: len(table)]
    # "… mens <n> fortsatt lå over 20 %": each was above 20 % in the worst year, so "fortsatt" holds.
    assert (table.share_worst_pct > 20.0).all()
    for row in table.itertuples():
        assert row.share_latest_pct == pytest.approx(shares[row.kommunenummer][2025])


def test_the_chapter_shows_only_figures_the_registry_computes():
    keys = set(prose_figures()) | set(phrases())
    used = {k.strip() for k in pd.Series(CHAPTER.split("{{")[1:]).str.split("}}").str[0]}
    assert used <= keys, used - keys


# --- the tables: the same numbers on the map, in its table, in the download and in print ----------------
def test_the_table_under_the_map_has_every_municipality_with_the_maps_numbers():
    figure_ = charts.REGISTRY["fig-kommunekart"].build()
    values = {row["kommunenummer"]: row for row in kommunene.map_values().to_dict("records")}
    table = figure_.data_table.frame
    assert len(table) == len(values) == 357
    latest = municipal.latest_year()
    shares = raw_shares()
    for row in table.itertuples(index=False):
        code, share = row[0], row[4]
        expected = shares.get(code, {}).get(latest)  # the six without figures are not in the snapshot
        assert (math.isnan(share) and expected is None) or share == pytest.approx(expected / 100), code
        drawn = values[code][f"a{latest}"]  # the map's data set (the finder reads the same rows)
        assert (expected is None and pd.isna(drawn)) or drawn == pytest.approx(share), code
    # Counts written the Norwegian way in every row: Oslo's 780 384 listed inhabitants (FACTS-2026, SSB 2025).
    page_table = figure_.data_table.html()
    assert '<td class="fl-num" data-sort="780384">780\u00a0384</td>' in page_table
    assert not re.search(r'<td class="fl-num"[^>]*>\d{4,}</td>', page_table)


def test_the_print_table_lists_the_municipalities_above_the_highest_threshold():
    rows = municipal_tables.above_threshold_rows()
    shares = raw_shares()
    by_hand = sorted((c for c, v in shares.items() if v.get(2025, 0) > 20.0), key=lambda c: (-shares[c][2025], c))
    assert list(rows.kommunenummer) == by_hand
    assert len(rows) == figure("muni_recent_above_high_latest") < 357  # the text's count, a compact table
    html = municipal_tables.above_threshold_table().data
    assert html.count("<tr>") == len(rows) + 1
    first = rows.iloc[0]
    assert f"<td>{first.kommunenavn}</td>" in html and fmt.percent(first.share_latest_pct / 100, 1) in html


def test_the_county_table_sums_to_the_country():
    counties = municipal_compare.counties()
    assert counties.patients_without_gp.sum() == 117_899
    assert counties.lists_without_gp.sum() == 197
    assert counties.municipalities.sum() == 351
    text = municipal_tables.county_table().data
    assert text.count("\n| ") == len(counties) + 1  # header and one row per county


# --- Finn din kommune ---------------------------------------------------------------------------------------
def test_the_finder_shows_the_country_and_every_county_as_the_book_writes_them():
    config = finn_kommune.config()
    assert config["year"] == 2025 and config["years"][0] == 2015
    assert config["country"]["uten"] == fmt.number(117_899) and config["country"]["lister"] == fmt.number(197)
    assert config["country"]["avtaler"] == fmt.number(5_747)
    counties = municipal_compare.counties()
    assert set(config["counties"]) == set(counties.fylkesnavn_kort)
    oslo = config["counties"]["Oslo"]
    assert oslo["uten"] == "0" and oslo["andel"] == fmt.percent(0, 1)
    assert "Statistisk sentralbyrå" in config["source"]


@pytest.mark.parametrize("name", ["Herøy", "Våler"])
def test_municipalities_sharing_a_name_get_labels_that_tell_them_apart(name):
    values = kommunene.map_values()
    same = values[values.kommune == name]
    assert len(same) == 2 and same.fylke.nunique() == 2
    labels = values.kommune + " (" + values.fylke + ")"
    assert labels.is_unique  # the finder's option labels


def test_two_letters_bring_every_municipality_into_the_finders_list():
    # The finder shows up to MAX_OPTIONS options, names starting with what was typed first.
    script = finn_kommune.SCRIPT.read_text(encoding="utf-8")
    shown = int(script.split("var MAX_OPTIONS = ")[1].split(";")[0])
    names = municipal.municipalities().kommunenavn.str.lower()
    assert names.str[:2].value_counts().max() <= shown


def test_the_worst_tables_caption_writes_its_count_as_the_chapter_does():
    """'De ti kommunene …' in the caption, as the sentence above the table says 'de ti kommunene' (not 'De 10')."""
    caption = municipal_tables.worst_table().data.splitlines()[0]
    count = prose_figures()["muni_worst_top_n"]
    assert count.value == len(municipal_compare.worst_municipalities())
    assert f"De {count.prose} kommunene med høyest andel" in caption, caption


def test_counts_set_beside_each_other_are_written_in_digits():
    """'Av dem lå 10 over 10 % i 2015, 29 i 2023 og 17 i 2025' and '22 … mot 10', not 'ti … 29'.

    Numbers compared in one sentence are written alike (Språkrådet).
    """
    figures = prose_figures()
    compared = [k for k in figures if re.fullmatch(r"muni_(majority|long|recent)_above_\w+|muni_size_\w+_above_mid", k)]
    assert len(compared) >= 15
    for key in compared:
        assert figures[key].prose == figures[key].text and figures[key].prose.replace("\u00a0", "").isdigit(), key
