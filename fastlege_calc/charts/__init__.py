"""Chart builders for the book: each returns a ChartFigure with a text alternative and its sources."""

from fastlege_calc.charts.builders import (
    action_plan_vs_salaried_gp,
    basistilskudd_by_list_length,
    basistilskudd_history,
    income_mix,
)
from fastlege_calc.charts.practice import gps_needed_by_list_length, lists_by_model, tromso_list_cut
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.service import (
    consultations,
    cost_per_inhabitant,
    lists_without_gp,
    patients_without_gp,
    working_hours_distribution,
    working_week,
)

__all__ = [
    "ChartFigure",
    "action_plan_vs_salaried_gp",
    "basistilskudd_by_list_length",
    "basistilskudd_history",
    "consultations",
    "cost_per_inhabitant",
    "gps_needed_by_list_length",
    "income_mix",
    "lists_by_model",
    "lists_without_gp",
    "patients_without_gp",
    "tromso_list_cut",
    "working_hours_distribution",
    "working_week",
]
