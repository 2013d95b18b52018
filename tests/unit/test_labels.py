"""Norwegian labels as data: every code the book shows has one, in the order the book shows them."""

import pytest

from fastlege_calc import basistilskudd, consultations, data, hours, income, register, tromso
from fastlege_calc.data import DataError
from fastlege_calc.figures import all_figures
from fastlege_calc.labels import label_nb, labels_nb
from tests.helpers import replace_in


def test_labels_keep_the_files_order():
    assert list(labels_nb("practice_model")) == ["self_employed", "salaried"]
    assert list(labels_nb("hours_statistic")) == ["median", "mean", "p75", "p90"]
    assert label_nb("basistilskudd_model", "tromso") == "Tromsø-modellen"


@pytest.mark.parametrize(
    ("domain", "codes"),
    [
        ("cost_item", lambda: {i.item for i in income.cost_2019_items()}),
        ("income_component", lambda: {i.component for i in income.cost_2019_items()}),
        ("income_component", lambda: set(data.load("scheme_cost_fixed_prices").component) - {"scheme_total"}),
        ("income_component_legend", lambda: set(income.income_mix_long().component)),
        ("rate_scheme", lambda: {r.scheme for r in basistilskudd.rates()}),
        ("rate_tier", lambda: set(basistilskudd.rate_history().tier)),
        ("basistilskudd_model", lambda: set(tromso.income_by_list_length(tromso.start(), range(0, 10, 5)).model)),
        ("tromso_cut_case", lambda: set(tromso.cut_example(1000, tromso.start()).case)),
        ("practice_model", lambda: set(register.MODEL_COLUMNS)),
        ("practice_model_short", lambda: set(register.MODEL_COLUMNS)),
        ("hours_statistic", lambda: {r.statistic for r in hours.rows()}),
        ("hours_statistic_description", lambda: {r.statistic for r in hours.rows()}),
        ("hours_kind", lambda: {r.kind for r in hours.rows()}),
        ("week_part", lambda: set(hours.working_week_parts().part)),
        ("confidence", lambda: {f.confidence for f in all_figures().values()} - {None}),
    ],
)
def test_every_code_in_the_data_has_a_label(domain, codes):
    assert codes() <= set(labels_nb(domain))


def test_the_consultation_counts_are_figures():
    keys = list(labels_nb("consultation_count"))
    assert set(keys) <= set(all_figures())
    assert list(consultations.consultations().consultations) == [all_figures()[k].value for k in keys]


def test_both_cost_tables_name_their_income_sources_alike():
    fixed = set(data.load("scheme_cost_fixed_prices").component) - {"scheme_total"}
    assert fixed == {i.component for i in income.cost_2019_items()} == set(income.COMPONENTS)


def test_a_missing_label_names_the_labels_file():
    with pytest.raises(DataError, match=r"data/labels\.csv.*'municipal'.*'practice_model'"):
        label_nb("practice_model", "municipal")
    with pytest.raises(DataError, match=r"data/labels\.csv.*no labels for the domain 'nowhere'"):
        labels_nb("nowhere")


def test_a_label_given_twice_is_refused_by_the_schema(data_copy):
    replace_in(data_copy / "labels.csv", "practice_model,salaried,", "practice_model,self_employed,")
    with pytest.raises(DataError, match=r"labels\.csv.*duplicate key \(domain, code\)"):
        data.validate(data_copy)
