"""Chapters 1–4 without a build (summary, why the scheme matters, the GP's tasks, the strain).

Formulas against hand calculations, and the charts' specifications.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from fastlege_calc import charts, registry, service
from tests.helpers import replace_in

SERVICE_CHARTS = [
    charts.consultations,
    charts.cost_per_inhabitant,
    charts.working_week,
    charts.working_hours_distribution,
    charts.patients_without_gp,
    charts.lists_without_gp,
]


Q4_2019, Q4_2022, Q4_2023 = dt.date(2019, 12, 31), dt.date(2022, 12, 31), dt.date(2023, 12, 31)


# --- formulas against hand calculations -----------------------------------------------------------
def test_referred_share_is_the_rest_of_the_contacts():
    assert service.referred_share(0.90) == pytest.approx(1 - 0.90)
    assert registry.prose_figures()["referred_share"].text == "10\u00a0%"
    with pytest.raises(ValueError, match="between 0 and 1"):
        service.referred_share(90)


def test_cost_per_inhabitant_growth():
    # Helsedirektoratet: 1 946 kr in 2019 and 2 765 kr in 2024, current prices.
    expected = 2765 / 1946 - 1
    assert service.cost_per_inhabitant_growth_share(2019, 2024) == pytest.approx(expected)
    assert registry.prose_figures()["cpi_growth"].text == "42\u00a0%"
    with pytest.raises(ValueError, match=r"data/cost_per_inhabitant\.csv"):
        service.cost_per_inhabitant_nok(1999)


def test_the_working_week_splits_into_its_parts():
    # Morken et al. 2019: 55,6 hours in total, 49,0 in regular practice, 54,1 % of it face to face.
    assert service.other_work_hours_per_week() == pytest.approx(55.6 - 49.0)
    assert service.face_to_face_hours_per_week() == pytest.approx(49.0 * 0.541)
    parts = service.working_week_parts().set_index("part").hours_per_week
    assert parts.sum() == pytest.approx(55.6)
    assert parts["other_regular_practice"] == pytest.approx(49.0 - 49.0 * 0.541)


def test_hours_against_a_normal_week():
    figures = registry.prose_figures()
    assert figures["hours_above_normal"].value == pytest.approx(55.6 - 37.5)
    assert figures["hours_above_normal"].text == "18,1\u00a0timer"
    assert figures["hours_extra_days"].value == pytest.approx((55.6 - 37.5) / 7.5)
    assert figures["hours_extra_days"].text == "2,4"
    assert figures["hours_p90_text_ratio"].value == pytest.approx(75 / 37.5)
    # The source text's whole hours stay whole; published figures keep one decimal.
    assert figures["hours_p75_text"].text == "62\u00a0timer"
    assert figures["hours_p75_2018"].text == "62,2\u00a0timer"
    assert figures["hours_mean_2018"].sources == ("morken_2019",)


def test_patients_without_a_gp_in_the_register():
    assert service.without_gp_multiple(Q4_2019, Q4_2022) == pytest.approx(212289 / 75542)
    assert service.share_without_gp(Q4_2022) == pytest.approx(212289 / (5259147 + 212289))
    assert service.peak_period() == Q4_2023  # 214 106 at the end of 2023, the most in the table
    figures = registry.prose_figures()
    assert figures["register_text_gap"].value == 250000 - 212289
    assert figures["register_text_gap"].text == "37\u00a0711"
    assert figures["register_share_without_gp_text_year"].text == "3,9\u00a0%"
    assert figures["register_latest_date"].text == "1. mai 2024"
    assert "ssb_2018" not in figures["register_first_year"].sources  # that row has no register table
    with pytest.raises(ValueError, match=r"data/gp_register\.csv"):
        service.share_without_gp(dt.date(2018, 12, 31))


def test_consultations_come_from_the_stored_figures():
    table = service.consultations()
    assert list(table.year) == [2019, 2023]
    assert list(table.consultations) == [14292722, 16884831]
    assert service.consultations_growth_share() == pytest.approx(16884831 / 14292722 - 1)


def test_a_changed_csv_value_changes_the_computed_figures(data_copy):
    replace_in(data_copy / "cost_per_inhabitant.csv", "2024,2765,", "2024,2919,")
    replace_in(
        data_copy / "gp_register.csv",
        "2022-12-31,5057,5395,4342,1053,310,212289,",
        "2022-12-31,5057,5395,4342,1053,310,200000,",
    )
    figures = registry.prose_figures()
    assert figures["cpi_last"].text == "2\u00a0919\u00a0kr"
    assert figures["cpi_growth"].value == pytest.approx(2919 / 1946 - 1)
    assert figures["register_text_gap"].value == 250000 - 200000


def test_charts_embed_only_aggregated_rows_and_carry_text_and_sources():
    for build in SERVICE_CHARTS:
        figure = build()
        spec = figure.spec()
        datasets = spec.get("datasets", {})
        assert datasets, build.__name__
        assert all(len(rows) <= 10 for rows in datasets.values()), build.__name__
        assert len(figure.alt_text) > 80 and spec["description"] == figure.alt_text, build.__name__
        assert figure.source_ids, build.__name__
        assert not re.search(r"\d\.\d", figure.alt_text), f"{build.__name__}: English decimals in the alt text"
        titles = [part["title"]["text"] for part in [spec, *spec.get("layer", [])] if "title" in part]
        assert titles and " ".join(titles[0]).startswith(("Kilde: ", "Kilder: ")), build.__name__


def test_chart_builders_are_exported():
    import fastlege_calc.charts as package

    for build in SERVICE_CHARTS:
        assert build.__name__ in package.__all__


def test_chart_specs_are_json_with_norwegian_locale():
    spec = charts.working_hours_distribution().spec()
    locale = spec["usermeta"]["embedOptions"]["formatLocale"]
    assert locale["decimal"] == ","
    json.dumps(spec)  # serialisable: no dates or numpy values left in the embedded data
