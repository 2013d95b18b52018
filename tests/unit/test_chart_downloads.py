"""Every chart's files as a reader gets them: PNG and SVG pictures, its numbers in Excel and as CSV.

One run per chart of the registry; the workbook is opened with openpyxl as a spreadsheet program would.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct

import openpyxl
import pandas as pd
import pytest

from fastlege_calc import charts, tables
from fastlege_calc.charts import downloads, theme
from fastlege_calc.charts.render import shown_decimals
from fastlege_calc.sources import source_line

BUILT = dt.date(2026, 12, 1)


@pytest.fixture(scope="module", params=list(charts.REGISTRY))
def chart(request) -> downloads.NumberedChart:
    figure = charts.REGISTRY[request.param].build()
    url = f"https://example.org/{charts.REGISTRY[request.param].chapter}.html#{request.param}"
    return downloads.NumberedChart("5.1", "Tittel fra kapitlet.", url, figure)


@pytest.fixture(scope="module")
def files(chart) -> dict[str, bytes]:
    return downloads.chart_files(chart, BUILT)


def test_file_names_carry_the_figure_number_and_a_short_slug(chart, files):
    stem = "figur-5-1-" + chart.figure.name.removeprefix("fig-")
    assert sorted(files) == sorted(f"{stem}.{ext}" for ext in ("png", "svg", "xlsx", "csv"))
    assert downloads.file_stem("fig-kostnader", "") == "figur-kostnader"


def test_the_png_is_a_sharp_picture_of_the_chart(chart, files):
    png = files[f"{chart.stem}.png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 2 * theme.WIDTH_PX and height > 300  # drawn at twice the size, for slides


def test_the_svg_is_vector_graphics_with_norwegian_numbers_and_the_source(chart, files):
    svg = files[f"{chart.stem}.svg"].decode("utf-8")
    assert svg.startswith("<svg") and "<image" not in svg
    assert source_line(chart.figure.source_ids).split(";")[0].split(" (")[0] in svg
    assert not any(f">{n}.{d}" in svg for n in range(10) for d in range(10)), "a decimal point in a number"


def test_the_workbook_has_norwegian_headers_numbers_with_their_formats_and_the_source(chart, files):
    book = openpyxl.load_workbook(io.BytesIO(files[f"{chart.stem}.xlsx"]))
    sheet = book["Figur 5.1"]
    assert sheet["A1"].value == "Figur 5.1 Tittel fra kapitlet."
    table = chart.figure.data_table
    headers = [c.value for c in sheet[downloads.HEADER_ROW]]
    assert headers == [c.title for c in table.columns]
    assert not [h for h in headers if tables.code_names(h)]
    rows = list(sheet.iter_rows(min_row=downloads.HEADER_ROW + 1, max_row=downloads.HEADER_ROW + len(table.frame)))
    for column_index, column in enumerate(table.columns):
        for row, raw in zip(rows, table.frame[column.field], strict=True):
            cell = row[column_index]
            if column.type == "quantitative" and pd.isna(raw):
                assert cell.value is None, (column.title, cell.value)  # a missing figure stays an empty cell
            elif column.type == "quantitative":
                assert isinstance(cell.value, int | float), (column.title, cell.value)  # a number, not text
                assert cell.value == pytest.approx(raw, abs=0.5 * 10 ** -shown_decimals(raw, column.format))
                if column.format and "%" in column.format:
                    assert cell.number_format.endswith("%")  # 0.269 shows as 26,9 % in a Norwegian Excel
                else:
                    assert cell.number_format.startswith("#,##0")
    after = [r[0].value for r in sheet.iter_rows(min_row=downloads.HEADER_ROW + len(table.frame) + 1)]
    assert source_line(chart.figure.source_ids) in after
    assert any(str(v).endswith(chart.url) for v in after) and any("CC BY 4.0" in str(v) for v in after)


def test_the_csv_is_for_programs_with_numbers_rounded_as_the_chart_shows_them(chart, files):
    text = files[f"{chart.stem}.csv"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    table = chart.figure.data_table
    assert rows[0] == [c.title for c in table.columns]
    assert len(rows) - 1 == len(table.frame)
    for column_index, column in enumerate(table.columns):
        if column.type != "quantitative":
            continue
        for row, raw in zip(rows[1:], table.frame[column.field], strict=True):
            written = row[column_index]
            if pd.isna(raw):
                assert written == "", (column.title, written)  # a missing figure is an empty cell, never 0
                continue
            assert "," not in written
            decimals = len(written.split(".")[1]) if "." in written else 0
            assert decimals <= shown_decimals(raw, column.format), (column.title, written)
            assert float(written) == pytest.approx(raw, abs=0.5 * 10 ** -shown_decimals(raw, column.format) + 1e-12)


def test_one_workbook_holds_every_charts_numbers_with_a_contents_sheet():
    numbered = [
        downloads.NumberedChart(f"1.{i}", f"Figur nummer {i}.", f"https://example.org/#{name}", entry.build())
        for i, (name, entry) in enumerate(charts.REGISTRY.items(), start=1)
    ]
    book = openpyxl.load_workbook(io.BytesIO(downloads.workbook(numbered, BUILT, title="Alle figurene")))
    assert book.sheetnames == ["Innhold", *(f"Figur 1.{i}" for i in range(1, len(numbered) + 1))]
    contents = book["Innhold"]
    listed = [row[0].value for row in contents.iter_rows(min_row=downloads.HEADER_ROW + 1) if row[0].value]
    assert listed[: len(numbered)] == [f"Figur 1.{i}" for i in range(1, len(numbered) + 1)]
    assert contents.cell(downloads.HEADER_ROW + 1, 1).hyperlink.location == "'Figur 1.1'!A1"


def test_a_workbook_is_the_same_bytes_whenever_it_is_written_for_one_build_date(monkeypatch):
    """Two builds of one commit give the same downloads: no clock time in the file or its zip members."""
    import time
    import zipfile

    numbered = [
        downloads.NumberedChart(
            "2.1", "Figur.", "https://example.org/#f", charts.REGISTRY["fig-inntektskilder"].build()
        )
    ]
    first = downloads.workbook(numbered, BUILT)
    later = time.time() + 3 * 24 * 3600  # three days later, by the clock zipfile and openpyxl would read
    monkeypatch.setattr(time, "time", lambda: later)
    assert downloads.workbook(numbered, BUILT) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        members = {member.filename: member.date_time for member in archive.infolist()}
    assert "xl/worksheets/sheet1.xml" in members  # openpyxl writes sheets from a file, the rest from memory
    assert set(members.values()) == {(BUILT.year, BUILT.month, BUILT.day, 0, 0, 0)}, members
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.modified.date() == book.properties.created.date() == BUILT
    assert book["Figur 2.1"].max_row > 1  # the numbers are there


def test_the_workbooks_name_the_document_by_its_one_name():
    """'Figuren i kunnskapsgrunnlaget: …' and the contents' column 'I kunnskapsgrunnlaget', never 'boken'."""
    numbered = [
        downloads.NumberedChart(f"1.{i}", f"Figur nummer {i}.", f"https://example.org/#{name}", entry.build())
        for i, (name, entry) in enumerate(list(charts.REGISTRY.items())[:2], start=1)
    ]
    book = openpyxl.load_workbook(io.BytesIO(downloads.workbook(numbered, BUILT, title="Alle figurene")))
    words = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert not [w for w in words if "boken" in w.lower().split() or "i boken" in w.lower()], words
    assert any("kunnskapsgrunnlaget" in w for w in words)
