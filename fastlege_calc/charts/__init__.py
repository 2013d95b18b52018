"""Chart builders for the book: each returns a ChartFigure with a text alternative and its sources."""

from fastlege_calc.charts.builders import (
    action_plan_vs_salaried_gp,
    basistilskudd_by_list_length,
    basistilskudd_history,
    income_mix,
)
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
    # chapters 2–4 (fastlege_calc.charts.service)
    "consultations",
    "cost_per_inhabitant",
    "income_mix",
    "lists_without_gp",
    "patients_without_gp",
    "working_hours_distribution",
    "working_week",
]
