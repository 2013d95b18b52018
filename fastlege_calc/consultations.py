"""GP consultations a year (the official counts) and the share of contacts GPs refer on.

The counts are rows of data/figures.csv; data/labels.csv (domain 'consultation_count') names which,
in the order the book shows them, and how each was counted. The share referred on is declared here
as a figure the prose shows.
"""

from __future__ import annotations

import pandas as pd

from fastlege_calc.figures import figure, figure_year, value
from fastlege_calc.growth import growth_share
from fastlege_calc.labels import labels_nb
from fastlege_calc.registry import shown


def consultations() -> pd.DataFrame:
    """Official counts of GP consultations a year, oldest first: year, consultations, counted_as, source_id."""
    rows = []
    for key, counted_as in labels_nb("consultation_count").items():
        f = figure(key)
        rows.append(
            {"year": figure_year(key), "consultations": f.value, "counted_as": counted_as, "source_id": f.source_id}
        )
    return pd.DataFrame(rows).sort_values("year").reset_index(drop=True)


def consultations_growth_share() -> float:
    """Relative change (0–1) from the first to the last official count (16 884 831 / 14 292 722 − 1)."""
    table = consultations()
    return growth_share(float(table.consultations.iloc[0]), float(table.consultations.iloc[-1]))


def referred_share(handled_without_referral_share: float) -> float:
    """Share (0–1) of contacts the GP refers on: the rest of those handled without referral (1 − 0,9).

    ValueError for a share outside 0–1.
    """
    if not 0 <= handled_without_referral_share <= 1:
        raise ValueError(f"a share must be between 0 and 1, got {handled_without_referral_share}")
    return 1 - handled_without_referral_share


@shown("referred_share", unit="share", about="Andel kontakter fastlegen henviser videre (resten av kontaktene)")
def _referred_share() -> float:
    return referred_share(value("handled_without_referral_share"))
