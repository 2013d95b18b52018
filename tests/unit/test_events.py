"""The chapter Hva har skjedd etter 2022: the events of data/events.csv, their timeline chart and tables."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fastlege_calc import charts, data, events, registry
from fastlege_calc.data import DataError
from tests.helpers import ROOT, replace_in

CHAPTER = ROOT / "book" / "etter-2022.md"


def _table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the pipe table in a MyST table directive, as cells."""
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("| ").split(" | ")] for line in lines[1:]]


def test_every_event_and_measure_has_a_source_that_exists():
    known = set(data.load("sources").source_id)
    found = events.events()
    assert found, "data/events.csv has no event"
    for event in found:
        assert event.source_id in known, f"{event.id}: {event.source_id}"
    for measure in events.measures():
        assert measure.source_id in known, f"{measure.id}: {measure.source_id}"
        assert measure.proposed_by in known, measure.id


def test_every_event_is_dated_and_the_table_shows_them_in_date_order():
    found = events.events()
    days = [e.first_day for e in found]
    assert all(isinstance(d, dt.date) for d in days)
    assert days == sorted(days)
    rows = _table_rows(events.events_table().data)
    assert [row[0] for row in rows] == [e.when for e in found]
    # each row cites its own event's source at the end of its text
    for row, event in zip(rows, found, strict=True):
        assert row[1].endswith("{cite:p}`" + event.source_id + "`"), row


def test_a_month_and_a_year_are_placed_at_their_first_day():
    assert events.first_day("2023-08") == dt.date(2023, 8, 1)
    assert events.first_day("2025") == dt.date(2025, 1, 1)
    assert events.first_day("2025-10-22") == dt.date(2025, 10, 22)
    with pytest.raises(ValueError):
        events.first_day("2021–2025")


def test_an_event_moved_to_the_end_of_the_file_is_still_shown_in_date_order(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("budsjett_2023,"))
    moved = lines.pop(first)
    path.write_text("\n".join([*lines, moved]) + "\n", encoding="utf-8")
    found = events.events()
    assert found[0].id == "budsjett_2023"  # 6 October 2022, the earliest, whatever its line
    assert [e.first_day for e in found] == sorted(e.first_day for e in found)


def test_the_timeline_chart_has_one_mark_per_event():
    figure = charts.show("fig-tidslinje")
    spec = figure.spec()
    assert spec["mark"]["type"] == "point"
    rows = next(iter(spec["datasets"].values()))
    found = events.events()
    assert len(rows) == len(found)
    assert [row["title"] for row in rows] == [e.title for e in found]
    assert figure.data_table.csv().count("\n") == len(found) + 1  # header and one line per event
    # the text alternative counts the events as the data does
    assert f"{len(found)} hendelser" in figure.alt_text.replace("\u00a0", " ")
    assert figure.svg().count("<path") >= len(found)


def test_a_changed_row_changes_the_table(data_copy):
    replace_in(data_copy / "events.csv", "Stortinget behandlet stortingsmeldingen", "Stortinget vedtok meldingen")
    replace_in(data_copy / "events.csv", "innstilling,2025,", "innstilling,2025-06,")
    rows = _table_rows(events.events_table().data)
    row = next(r for r in rows if "Stortinget vedtok meldingen" in r[1])
    assert row[0] == "juni 2025"


def test_an_unknown_figure_key_is_refused_with_file_line_and_column(data_copy):
    replace_in(data_copy / "events.csv", "gps_entered_2023 gps_left_2023", "gps_entered_2023 gps_left_1999")
    with pytest.raises(DataError) as error:
        events.events()
    message = str(error.value)
    line = next(
        n
        for n, text in enumerate((data_copy / "events.csv").read_text(encoding="utf-8").splitlines(), start=1)
        if "gps_left_1999" in text
    )
    assert "events.csv" in message and f"line {line}" in message and "'figures'" in message
    assert "gps_left_1999" in message


def test_digits_in_the_words_of_an_event_are_refused(data_copy):
    replace_in(
        data_copy / "events.csv", "revidert nasjonalbudsjett mer penger", "revidert nasjonalbudsjett 50 millioner"
    )
    with pytest.raises(DataError) as error:
        data.validate(data_copy)
    assert "events.csv" in str(error.value) and "'what'" in str(error.value)


def test_the_figures_in_the_tables_are_linked_registry_figures():
    shown = registry.prose_figures()
    for markdown in (events.events_table().data, events.measures_table().data):
        keys = re.findall(r"\{tall\}`(\w+)`", markdown)
        assert keys and set(keys) <= set(shown)
        body = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", markdown)
        # document names (in italics) and directive options hold digits that are names, not figures
        body = re.sub(r"^:.*$|\*[^*|]*\*", " ", body, flags=re.MULTILINE)
        # no number typed by hand in a row's words: only the registry's figures
        words = [c for row in _table_rows(body) for c in row[1:2]]
        assert not [w for w in words if re.search(r"(?<!\w)\d+(?![\w.]|\. \w)", re.sub(r"\b(?:19|20)\d\d\b", "", w))]


def test_every_status_is_shown_by_its_label_and_nothing_found_is_said():
    rows = _table_rows(events.measures_table().data)
    statuses = [row[1] for row in rows]
    assert "Ikke funnet" in statuses
    assert not {"decided", "partly", "ended", "not_found"} & set(statuses)
    for row, measure in zip(rows, events.measures(), strict=True):
        if measure.status == "not_found":
            assert "ikke funnet" in row[2], row


def test_the_chapter_shows_the_chart_and_both_tables_and_is_in_the_table_of_contents():
    text = CHAPTER.read_text(encoding="utf-8")
    assert 'charts.show("fig-tidslinje")' in text
    assert "events.events_table()" in text and "events.measures_table()" in text
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("book/tiltak") < toc.index("book/etter-2022") < toc.index("caption: Vedlegg")


def test_the_peak_is_called_the_highest_only_when_no_register_count_is_higher(data_copy):
    sentence = registry.phrases()["without_gp_since_peak"].text
    peak = registry.prose_figures()["patients_without_gp_peak"].value
    register_max = max(data.load("gp_register").patients_without_gp.dropna())
    assert ("høyeste" in sentence) == (peak >= register_max)
    # a register count above the month's figure: the sentence no longer calls it the highest
    replace_in(data_copy / "gp_register.csv", "214106", "300000")
    assert "høyeste" not in registry.phrases()["without_gp_since_peak"].text


def test_the_summary_and_the_chapter_open_with_the_same_truthful_peak(data_copy):
    """The summary's peak sentence is the phrase that checks the register (no 'høyest' typed in the summary)."""
    summary = (ROOT / "book" / "sammendrag.md").read_text(encoding="utf-8")
    assert "{{ without_gp_peak_opening }}" in summary
    assert not re.search(r"\bhøyest\b", summary)
    opening = registry.phrases()["without_gp_peak_opening"].text
    assert registry.phrases()["without_gp_since_peak"].text.startswith(opening)
    peak = registry.prose_figures()["patients_without_gp_peak"].value
    register_max = max(data.load("gp_register").patients_without_gp.dropna())
    assert ("høyeste" in opening) == (peak >= register_max)
    replace_in(data_copy / "gp_register.csv", "214106", "300000")
    assert "høyeste" not in registry.phrases()["without_gp_peak_opening"].text


def test_the_registers_course_does_not_call_a_year_end_count_the_registers_highest():
    """NRK reported a monthly count above every count the register table holds (its period ends).

    The course through those counts names its top as the highest of the series, not of the register.
    """
    peak = registry.prose_figures()["patients_without_gp_peak"].value
    rows = data.load("gp_register").patients_without_gp.dropna()
    assert peak > max(rows)  # 229 000 in August 2023 against 214 106 at the end of 2023
    for key in ("register_without_gp_course", "register_lists_without_gp_course"):
        course = registry.phrases()[key].text
        assert "det høyeste i tallrekken" in course and "i registeret" not in course, course


def test_after_a_semicolon_in_a_figures_cell_a_label_starts_lower_case():
    """'Satsing på …: 690 mill. kr; økning i basistilskudd …' — Norwegian writes lower-case after a semicolon."""
    cell = events.figures_cell(("budget_2023_total", "budget_2023_basistilskudd", "budget_2023_alis"))
    parts = cell.split("; ")
    assert parts[0][0].isupper()
    for part in parts[1:]:
        assert part[0].islower() or part[1].isupper() or part[1].isdigit(), cell
