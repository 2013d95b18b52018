"""Each chart as files a reader can take away: the picture (PNG, SVG) and its numbers (Excel, CSV).

A chart's files are named by its number in the book and its figure name without "fig-":
`figur-5-1-inntektskilder.png`, `.svg`, `.xlsx`, `.csv` (`file_stem`). The Excel workbook is for
people: Norwegian headers, numbers as numbers with formats that show their unit (1 600 000,
26,9 %, dates), the figure's title, its source line, its address in the book and the licence. The
CSV is for programs: comma-separated with a decimal point and ISO dates (RFC 4180, UTF-8), numbers
rounded as the chart shows them; a Norwegian Excel, which expects semicolons and decimal commas,
gets the workbook instead. `workbook` puts every chart's numbers in one file, a sheet each.

Nothing here knows Sphinx: fastlege_book.downloads gives each chart its number, caption and web
address from the built book and writes the files into the website.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.writer.excel import ExcelWriter

from fastlege_calc.charts.render import ChartFigure, Column, _d3_decimals, cell_value
from fastlege_calc.sources import source_line

#: The licence of the book's text and data, printed in every workbook.
LICENCE = "Tekst og data: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.no)"
#: The file the workbook with every chart's numbers is written to (in the website's folder of figure files).
ALL_FIGURES_XLSX = "fastlegeordningen-tallene-bak-figurene.xlsx"
#: The file formats of one chart: extension → what the link says (Norwegian).
FORMATS = {
    "png": "bilde (PNG)",
    "svg": "vektorgrafikk (SVG)",
    "xlsx": "tallene i Excel",
    "csv": "tallene som CSV for dataprogrammer",
}
HEADER_ROW = 4  # title, description, blank line, then the column headers
MAX_COLUMN_WIDTH = 60  # characters


@dataclass(frozen=True)
class NumberedChart:
    """A chart as the book shows it: its number ("5.1"), caption, web address and the drawn figure."""

    number: str
    caption: str
    url: str
    figure: ChartFigure

    @property
    def title(self) -> str:
        """'Figur 5.1 Fastlegeordningens kostnader …': number and caption, as the book prints them."""
        return f"Figur {self.number} {self.caption}".strip()

    @property
    def stem(self) -> str:
        """The file name without extension: figur-5-1-inntektskilder."""
        return file_stem(self.figure.name, self.number)


def file_stem(name: str, number: str) -> str:
    """'figur-5-1-inntektskilder' for the chart 'fig-inntektskilder' numbered 5.1 in the book.

    Without a number (a chart the book does not number) only the name: 'figur-inntektskilder'.
    """
    slug = name.removeprefix("fig-")
    return "-".join(["figur", *number.split("."), slug]) if number else f"figur-{slug}"


def chart_files(chart: NumberedChart, built: dt.date) -> dict[str, bytes]:
    """Every file of one chart by file name: the PNG, the SVG, the workbook and the CSV.

    `built` is the build date, printed in the workbook beside the licence.
    """
    figure = chart.figure
    return {
        f"{chart.stem}.png": figure.png(),
        f"{chart.stem}.svg": figure.svg().encode("utf-8"),
        f"{chart.stem}.xlsx": workbook([chart], built),
        f"{chart.stem}.csv": figure.csv().encode("utf-8"),
    }


def workbook(charts: Iterable[NumberedChart], built: dt.date, title: str = "") -> bytes:
    """An Excel workbook (.xlsx bytes) with a sheet of numbers per chart, named 'Figur 5.1'.

    With a `title` the workbook opens with a contents sheet listing every figure with its title and link.
    """
    book = Workbook()
    book.remove(book.active)
    charts = list(charts)
    if title:
        _contents(book.create_sheet("Innhold"), charts, title, built)
    for chart in charts:
        _chart_sheet(book.create_sheet(_sheet_name(chart)), chart, built)
    book.properties.creator = "Fastlegeordningen (fastlege_calc)"
    book.properties.title = title or charts[0].title
    book.properties.language = "nb-NO"
    stamp = dt.datetime.combine(built, dt.time())
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    # openpyxl's save() dates the file and each zip member now; written this way every date is the build
    # date, so two builds of one commit give the same bytes (openpyxl's own ExcelWriter does the writing).
    ExcelWriter(book, _DatedZip(out, stamp)).save()
    return out.getvalue()


class _DatedZip(zipfile.ZipFile):
    """A new deflated zip whose members all carry one date (zipfile dates a member by the clock otherwise)."""

    def __init__(self, file, date: dt.datetime):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._date_time = date.timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            member = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16  # as zipfile gives a member written by name
            zinfo_or_arcname = member
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """A file on disk (openpyxl writes each worksheet to a temporary file first), dated as the others."""
        with open(filename, "rb") as source:
            self.writestr(arcname or os.path.basename(filename), source.read(), compress_type, compresslevel)


def _sheet_name(chart: NumberedChart) -> str:
    """'Figur 5.1' (Excel allows 31 characters and no ':' in a sheet name)."""
    return (f"Figur {chart.number}" if chart.number else chart.figure.name)[:31]


BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
UNDERLINE = Border(bottom=Side(style="thin"))


def _contents(sheet, charts: list[NumberedChart], title: str, built: dt.date) -> None:
    """The first sheet: what the workbook holds, one row per figure with a link to its sheet."""
    sheet["A1"] = title
    sheet["A1"].font = TITLE
    sheet["A2"] = "Én fane per figur: tallene bak figuren, med kilde og nettadresse."
    sheet.append([])
    sheet.append(["Figur", "Tittel", "I kunnskapsgrunnlaget"])
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.border = BOLD, UNDERLINE
    for chart in charts:
        sheet.append([_sheet_name(chart), chart.caption, chart.url])
        row = sheet.max_row
        link = sheet.cell(row, 1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{_sheet_name(chart)}'!A1")  # to its sheet
        sheet.cell(row, 3).hyperlink = chart.url
    sheet.append([])
    sheet.append([f"{LICENCE}. Beregnet {built.isoformat()}."])
    _widths(sheet, [12, MAX_COLUMN_WIDTH, MAX_COLUMN_WIDTH])


def _chart_sheet(sheet, chart: NumberedChart, built: dt.date) -> None:
    """One chart's sheet: title, description, the table (headers, numbers with their formats), source, address."""
    table = chart.figure.data_table
    sheet["A1"] = chart.title
    sheet["A1"].font = TITLE
    sheet["A2"] = chart.figure.alt_text
    sheet.append([])
    sheet.append([c.title for c in table.columns])
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.border = BOLD, UNDERLINE
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    for row in table.frame.itertuples(index=False):
        sheet.append([cell_value(c, v) for c, v in zip(table.columns, row, strict=True)])
        for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
            cell.number_format = excel_format(column, cell.value)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.append([])
    if chart.figure.source_ids:
        sheet.append([source_line(chart.figure.source_ids)])
    sheet.append([f"Figuren i kunnskapsgrunnlaget: {chart.url}"])
    sheet.cell(sheet.max_row, 1).hyperlink = chart.url
    sheet.append([f"{LICENCE}. Beregnet {built.isoformat()}."])
    widths = [max([len(c.title), *(len(table.text(c, v)) for v in table.frame[c.field])]) + 2 for c in table.columns]
    _widths(sheet, widths)


def _widths(sheet, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, 8), MAX_COLUMN_WIDTH)


def excel_format(column: Column, value) -> str:
    """The Excel number format that shows a cell as the chart does; Excel writes it in the reader's locale.

    A share shown as 26,9 % → '0.0%'; a grouped number with one decimal → '#,##0.0'; a date → 'dd.mm.yyyy'.
    """
    if isinstance(value, dt.date):
        return "dd.mm.yyyy"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "General"
    decimals, _trim, kind = _d3_decimals(column.format)
    if kind == "%":
        return "0" + ("." + "0" * decimals if decimals else "") + "%"
    places = decimals if decimals is not None else (0 if float(value).is_integer() else 2)
    return "#,##0" + ("." + "0" * places if places else "")
