"""The GP register accessor: typed rows, the rows the book asks for, and clear errors for missing ones."""

import datetime as dt
import math

import pytest

from fastlege_calc import data, register
from tests.helpers import replace_in

END_2019, END_2022, END_2023, MAY_2024 = (
    dt.date(2019, 12, 31),
    dt.date(2022, 12, 31),
    dt.date(2023, 12, 31),
    dt.date(2024, 5, 1),
)


def test_a_row_is_typed_and_carries_its_source_and_line():
    row = register.at(END_2022)
    assert row.period_end == END_2022 and isinstance(row.period_end, dt.date)
    assert (row.gps, row.lists_total, row.patients_without_gp, row.patients_with_gp) == (5057, 5395, 212289, 5259147)
    assert isinstance(row.gps, int) and isinstance(row.specialist_share_pct, float)
    assert (row.source_id, row.confidence) == ("hdir_ar_2023", "H")
    assert row.line == 6  # header, 2018, 2019, 2020, 2021, then 2022


def test_derived_values_by_hand():
    row = register.at(END_2022)
    listed = 5_259_147 + 212_289
    assert row.listed_patients == listed == 5_471_436
    assert row.share_without_gp == pytest.approx(212_289 / 5_471_436)
    assert register.at(END_2023).salaried_share == pytest.approx(1233 / 5614)
    assert register.at(MAY_2024).specialist_share == pytest.approx(63.2 / 100)
    assert row.lists_of_model("self_employed") + row.lists_of_model("salaried") == 4342 + 1053


def test_first_skips_a_row_without_the_full_register_table():
    raw = data.load("gp_register")
    assert raw.period_end.iloc[0] == dt.date(2018, 12, 31) and raw.patients_without_gp.isna().iloc[0]
    assert register.first().period_end == END_2019
    assert [r.period_end for r in register.rows()] == list(raw.period_end.iloc[1:])


def test_latest_is_the_newest_row():
    assert register.latest().period_end == max(data.load("gp_register").period_end) == MAY_2024


def test_peak_is_the_row_with_the_highest_value():
    raw = data.load("gp_register")
    assert register.peak("patients_without_gp").patients_without_gp == raw.patients_without_gp.max() == 214_106
    assert register.peak("patients_without_gp").period_end == END_2023
    assert register.peak("lists_without_gp").lists_without_gp == 322
    # a derived value: the share without a GP was highest at the end of 2022 (212 289 / 5 471 436 ≈ 3,88 %)
    shares = {
        r.period_end: r.patients_without_gp / (r.patients_with_gp + r.patients_without_gp) for r in register.rows()
    }
    assert register.peak("share_without_gp").period_end == max(shares, key=shares.get) == END_2022


def test_peak_takes_the_earliest_of_equal_rows(data_copy):
    replace_in(data_copy / "gp_register.csv", ",214106,", ",212289,")  # end of 2023 equal to end of 2022
    assert register.peak("patients_without_gp").period_end == END_2022


def test_year_end_is_31_december():
    assert register.year_end(2022) == register.at(END_2022)
    with pytest.raises(ValueError, match=r"no row for 31 December 2024 in data/gp_register\.csv"):
        register.year_end(2024)  # the 2024 row is a status on 1 May


def test_a_row_without_the_full_table_is_named_as_such():
    with pytest.raises(ValueError, match=r"2018-12-31 in data/gp_register\.csv has no full register table"):
        register.year_end(2018)


def test_missing_rows_and_models_are_refused_clearly():
    with pytest.raises(ValueError, match=r"no row for 2020-06-30 in data/gp_register\.csv"):
        register.at(dt.date(2020, 6, 30))
    with pytest.raises(ValueError, match="unknown practice model 'municipal'"):
        register.at(MAY_2024).lists_of_model("municipal")


def test_the_table_and_the_rows_agree():
    table = register.table()
    for row, record in zip(register.rows(), table.itertuples(index=False), strict=True):
        assert record.period_end == row.period_end
        assert record.listed_patients == row.listed_patients
        assert math.isclose(record.share_without_gp, row.share_without_gp)
        assert math.isclose(record.salaried_share, row.salaried_share)


def test_lists_by_model_split_every_list():
    models = register.lists_by_model().set_index(["period_end", "model"])
    assert models.loc[(MAY_2024, "salaried"), "lists"] == 1270
    assert models.loc[(MAY_2024, "self_employed"), "share"] == pytest.approx(4434 / 5704)
    assert models.groupby("period_end").share.sum().tolist() == pytest.approx([1.0] * len(register.rows()))


def test_source_ids_once_each_in_row_order():
    assert register.source_ids() == ("hdir_ar_2023",)
    assert register.source_ids((register.at(END_2019),)) == ("hdir_ar_2023",)
