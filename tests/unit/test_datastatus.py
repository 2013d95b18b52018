"""Datastatus: the table of data series is computed from data/, and the age rule holds at its boundary.

Every data CSV belongs to a series, and the note on a chapter names exactly the old series it uses.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fastlege_book import datastatus as book_status
from fastlege_calc import datastatus, fmt

BUILD = dt.date(2026, 12, 1)


def _row(title: str, build: dt.date = BUILD) -> dict[str, str]:
    return next(r for r in datastatus.rows(build) if r["Serie"] == title)


def _series(series_id: str) -> datastatus.Series:
    return next(s for s in datastatus.series() if s.series_id == series_id)


def test_latest_period_is_the_newest_row_of_the_register():
    register = pd.read_csv(datastatus.data_dir() / "gp_register.csv")
    expected = max(register.period_end)  # ISO dates sort as text
    assert _series("fastlegeregisteret").latest == expected


def test_table_follows_a_changed_date_in_a_copy_of_the_data(data_copy):
    """Change the register's last period in a copy: the table's 'Nyeste periode' changes with it."""
    path = data_copy / "gp_register.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    old_last = frame.period_end.iloc[-1]
    before = _row(_series("fastlegeregisteret").title)["Nyeste periode"]
    assert before == fmt.period(old_last)
    frame.loc[frame.index[-1], "period_end"] = "2026-06-30"  # still after the row before it (ascending rule)
    frame.to_csv(path, index=False)
    after = _row(_series("fastlegeregisteret").title)
    assert after["Nyeste periode"] == "30. juni 2026"
    # 2026-06-30 + 18 months = 2027-12-30: no longer old on BUILD
    assert after[f"Eldre enn {datastatus.MAX_AGE_WORDS}"] == "nei"


def test_fixed_period_of_a_file_without_dates_is_the_survey_year():
    """working_hours_2018.csv has no date column: series.csv gives 2018, and it is still the newest survey."""
    survey = _series("tidsbruk_2018")
    assert survey.latest == "2018"
    assert survey.is_old(BUILD)
    assert "working_hours_2018.csv" in survey.files


@pytest.mark.parametrize(
    ("end", "build", "old"),
    [
        (dt.date(2024, 5, 1), dt.date(2025, 11, 1), False),  # 2024-05-01 + 18 months = 2025-11-01: not yet older
        (dt.date(2024, 5, 1), dt.date(2025, 11, 2), True),  # one day after
        (dt.date(2018, 12, 31), dt.date(2020, 6, 30), False),  # 31 Dec + 18 months = 30 June (no 31 June)
        (dt.date(2018, 12, 31), dt.date(2020, 7, 1), True),
        (dt.date(2023, 8, 31), dt.date(2025, 2, 28), False),  # 31 Aug + 18 months = 28 Feb 2025
        (dt.date(2023, 8, 31), dt.date(2025, 3, 1), True),
    ],
)
def test_age_rule_at_its_boundary(end, build, old):
    assert datastatus.is_older_than(end, build, datastatus.MAX_AGE_MONTHS) is old


def test_age_rule_is_eighteen_months_and_its_words_agree():
    assert datastatus.MAX_AGE_MONTHS == 18  # issue 16
    assert datastatus.add_months(dt.date(2024, 1, 1), datastatus.MAX_AGE_MONTHS) == dt.date(2025, 7, 1)
    assert datastatus.MAX_AGE_WORDS == "halvannet år"


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2018", dt.date(2018, 12, 31)),
        ("2023-10", dt.date(2023, 10, 31)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("2024-05-01", dt.date(2024, 5, 1)),
        ("2020–2024", dt.date(2024, 12, 31)),
    ],
)
def test_period_end(text, end):
    assert datastatus.period_end(text) == end


def test_source_texts_and_single_figures_are_not_aged():
    texts = _series("kildetekster")
    assert texts.kind == "kildetekst" and not texts.is_old(dt.date(2100, 1, 1))
    assert texts.latest == "2022"  # dated by publication: both texts are from 2022 (sources.csv)


def test_every_data_csv_belongs_to_a_series():
    assert datastatus.uncovered_files() == []


def test_a_new_csv_without_a_series_is_reported(data_copy):
    (data_copy / "new_series.csv").write_text("year,value\n2025,1\n", encoding="utf-8")
    assert datastatus.uncovered_files() == ["new_series.csv"]


def test_every_figure_row_is_in_exactly_one_series():
    figures = pd.read_csv(datastatus.data_dir() / "figures.csv")
    lines = [line for s in datastatus.series() for line in s.files.get("figures.csv", ())]
    assert sorted(lines) == list(range(2, len(figures) + 2))  # the header is line 1


def test_survey_figures_go_to_the_survey_not_to_the_source_texts():
    """p75_share cites the union's note but is a figure of the survey: a key pattern wins over a source."""
    figures = pd.read_csv(datastatus.data_dir() / "figures.csv")
    line = int(figures.index[figures.key == "p75_share"][0]) + 2
    assert ("figures.csv", line) in _series("tidsbruk_2018").rows()
    assert ("figures.csv", line) not in _series("kildetekster").rows()


def test_two_series_claiming_one_figure_is_an_error(data_copy):
    path = data_copy / "series.csv"
    text = path.read_text(encoding="utf-8").replace(
        "consultations_2019 consultations_2023_ssb", "survey_* consultations_2019"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(datastatus.DataError, match=r"data/series.csv, line \d+, column 'figure_keys'.*survey_"):
        datastatus.series()


def test_page_note_names_the_survey_for_a_page_showing_survey_hours():
    old = book_status.old_series_of_page(["hours_mean_2018"], [], BUILD)
    assert [s.series_id for s in old] == ["tidsbruk_2018"]
    assert "Tidsbruksundersøkelsen" in book_status.note_text(old)
    assert "2018" in book_status.note_text(old)


def test_page_note_is_empty_for_a_page_showing_only_fresh_municipal_figures():
    latest = _series("ssb_12005")
    build = datastatus.add_months(latest.latest_end, datastatus.MAX_AGE_MONTHS)  # the last day it is not old
    assert book_status.old_series_of_page([], ["municipal_register"], build) == []
    later = build + dt.timedelta(days=1)
    assert [s.series_id for s in book_status.old_series_of_page([], ["municipal_register"], later)] == ["ssb_12005"]


def test_notes_go_to_the_chapters_not_the_appendices():
    from fastlege_book.layout import Layout
    from tests.helpers import ROOT

    chapters = book_status.chapters(Layout.here(ROOT).toc)
    assert "book/sammendrag" in chapters and "book/under-press" in chapters
    assert not chapters & {"book/index", "book/om-tallene", "book/ordliste", "book/endringer", "book/tall-og-kilder"}


def test_source_texts_are_the_kildetekst_series_sources():
    assert datastatus.source_text_ids() == {"af_123", "thorsen_2022"}


def test_a_source_text_figure_is_called_a_partys_input_not_a_missing_confidence():
    """EDITORIAL-REVIEW §2.5: tooltips and Tall og kilder said «Sikkerhet: ikke angitt» for the union's figures."""
    from fastlege_book import provenance
    from fastlege_calc import registry

    figures = registry.prose_figures()
    assert figures["action_plan_total"].sources == ("af_123",) and figures["action_plan_total"].confidence is None
    assert provenance.confidence_text(figures["action_plan_total"]) == provenance.PARTY_INPUT
    assert f"Sikkerhet: {provenance.PARTY_INPUT}." in provenance.tooltip("patients_without_gp_text")
    assert provenance.confidence_text(figures["muni_patients_without_gp"]) == "beregnet fra kildene"


def test_a_chapter_is_read_again_when_a_series_its_note_names_gets_a_row(data_copy, monkeypatch):
    # The note names the register's latest period (1. mai 2024); two appended rows make it 1. mai 2025,
    # so the chapter must be read again even when none of its figures' text changed.
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.utils import new_document

    from fastlege_book import incremental
    from tests.helpers import APPENDED_ROW, ROOT

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796124729")  # 2026-12-01: the register's latest row is old
    page, keys = "book/sammendrag", {"register_latest_when": "as shown"}
    env = SimpleNamespace(docname=page, fastlege_deps={page: {"keys": dict(keys), "tables": {}}})
    doctree = new_document("sammendrag")
    section = nodes.section()
    section += nodes.title(text="Sammendrag")
    doctree += section
    book_status._doctree_read(SimpleNamespace(env=env, confdir=str(ROOT)), doctree)
    note = doctree.next_node(lambda node: isinstance(node, nodes.Element) and book_status.NOTE_CLASS in node["classes"])
    assert note is not None and "Fastlegeregisteret" in note.astext()
    assert {"series", "gp_register"} <= set(env.fastlege_deps[page]["tables"])
    package = incremental.package_hash()
    assert incremental.why_outdated(env, page, keys, incremental.table_hashes(), package) is None
    with (data_copy / "gp_register.csv").open("a", encoding="utf-8") as register:
        register.write(APPENDED_ROW)
    reason = incremental.why_outdated(env, page, keys, incremental.table_hashes(), package)
    assert reason is not None and "gp_register" in reason
