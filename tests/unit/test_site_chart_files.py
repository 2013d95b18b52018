"""The website's chart files (fastlege_book.downloads): written after a build, kept when their inputs are the same.

A fake Sphinx application shows one chapter with one chart (book/modeller, fig-driftsform, drawn from
the GP register); the real writing runs on a copy of the data.
"""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from docutils import nodes

from fastlege_book import downloads
from fastlege_calc.charts import REGISTRY
from fastlege_calc.charts.registry import ChartEntry
from tests.helpers import APPENDED_ROW

CHAPTER, NAME, NUMBER = "book/modeller", "fig-driftsform", "8.1"
STEM = "figur-8-1-driftsform"


def fake_app(tmp_path: Path, caption: str = "Lister etter driftsform.") -> SimpleNamespace:
    """What _write_files reads of Sphinx: the found pages, the chart's number and caption, the folders."""
    figure = nodes.figure(ids=[NAME])
    figure += nodes.caption(text=caption)
    page = nodes.section()
    page += figure
    env = SimpleNamespace(
        found_docs={CHAPTER},
        toc_fignumbers={CHAPTER: {"figure": {NAME: (8, 1)}}},
        get_doctree=lambda docname: page,
    )
    return SimpleNamespace(
        env=env,
        config=SimpleNamespace(ogp_site_url="https://example.org/boka/"),
        builder=SimpleNamespace(format="html"),
        outdir=str(tmp_path / "html"),
        doctreedir=str(tmp_path / "doctrees"),
    )


@pytest.fixture
def site(tmp_path, data_copy, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796124729")
    return tmp_path


def folder(site: Path) -> Path:
    return site / "html" / "figurer"


def drawn(monkeypatch) -> list[str]:
    """The charts drawn from here on, by name."""
    names: list[str] = []
    build = ChartEntry.build

    def counting(entry):
        names.append(entry.name)
        return build(entry)

    monkeypatch.setattr(ChartEntry, "build", counting)
    return names


def test_a_build_writes_the_charts_files_and_the_workbook_of_all_charts(site, monkeypatch):
    names = drawn(monkeypatch)
    downloads._write_files(fake_app(site), None)
    assert names == [NAME]
    expected = {f"{STEM}.{ext}" for ext in downloads.FORMATS} | {downloads.ALL_FIGURES_XLSX}
    assert {p.name for p in folder(site).iterdir()} == expected
    assert (site / "doctrees" / downloads.RECORD).is_file()


def test_a_rebuild_from_the_same_inputs_keeps_the_files_without_drawing(site, monkeypatch):
    downloads._write_files(fake_app(site), None)
    before = {p.name: p.read_bytes() for p in folder(site).iterdir()}
    names = drawn(monkeypatch)
    downloads._write_files(fake_app(site), None)
    assert names == []
    assert {p.name: p.read_bytes() for p in folder(site).iterdir()} == before


def test_an_appended_data_row_draws_the_files_again_from_the_new_data(site, data_copy, monkeypatch):
    downloads._write_files(fake_app(site), None)
    csv_before = (folder(site) / f"{STEM}.csv").read_text(encoding="utf-8")
    with (data_copy / "gp_register.csv").open("a", encoding="utf-8") as register:
        register.write(APPENDED_ROW)
    names = drawn(monkeypatch)
    downloads._write_files(fake_app(site), None)
    assert names == [NAME]
    csv_after = (folder(site) / f"{STEM}.csv").read_text(encoding="utf-8")
    assert csv_after != csv_before  # the new year-end is in the chart's numbers
    assert csv_after == REGISTRY[NAME].build().csv()  # as drawn from the data now, not as cached


def test_a_new_caption_or_a_file_changed_by_hand_writes_the_files_again(site, monkeypatch):
    downloads._write_files(fake_app(site), None)
    downloads._write_files(fake_app(site, caption="Lister etter driftsform, ny tekst."), None)
    sheet = openpyxl.load_workbook(io.BytesIO((folder(site) / f"{STEM}.xlsx").read_bytes())).active
    assert sheet["A1"].value == f"Figur {NUMBER} Lister etter driftsform, ny tekst."
    csv = folder(site) / f"{STEM}.csv"
    right = csv.read_bytes()
    csv.write_bytes(b"edited by hand")
    (folder(site) / f"{STEM}.png").unlink()
    names = drawn(monkeypatch)
    downloads._write_files(fake_app(site, caption="Lister etter driftsform, ny tekst."), None)
    assert names == [NAME]
    assert csv.read_bytes() == right and (folder(site) / f"{STEM}.png").is_file()


def read_page(app: SimpleNamespace, draws: bool = True) -> None:
    """What reading the chart's page does: its code cell draws the chart (charts.show) while Sphinx reads it."""
    from fastlege_calc import charts

    app.env.docname = CHAPTER
    downloads._start_reading(app, CHAPTER, [""])
    if draws:
        charts.show(NAME)
    downloads._keep_drawn(app, None)


def test_the_files_come_from_the_chart_its_page_drew_without_drawing_it_again(site, monkeypatch):
    app = fake_app(site)
    read_page(app)
    names = drawn(monkeypatch)
    downloads._write_files(app, None)
    assert names == []  # drawn once, by the page
    figure = REGISTRY[NAME].build()
    assert (folder(site) / f"{STEM}.csv").read_text(encoding="utf-8") == figure.csv()
    assert (folder(site) / f"{STEM}.svg").read_text(encoding="utf-8") == figure.svg()
    assert (folder(site) / f"{STEM}.png").read_bytes() == figure.png()


def test_a_page_read_again_after_a_data_change_gives_the_files_its_new_drawing(site, data_copy, monkeypatch):
    app = fake_app(site)
    read_page(app)
    downloads._write_files(app, None)
    before = (folder(site) / f"{STEM}.csv").read_text(encoding="utf-8")
    with (data_copy / "gp_register.csv").open("a", encoding="utf-8") as register:
        register.write(APPENDED_ROW)
    read_page(app)  # the incremental build reads the page again: it loaded gp_register
    downloads._write_files(app, None)
    after = (folder(site) / f"{STEM}.csv").read_text(encoding="utf-8")
    assert after != before and after == REGISTRY[NAME].build().csv()


def test_a_kept_drawing_that_is_not_the_one_the_page_noted_is_not_used(site, monkeypatch):
    app = fake_app(site)
    read_page(app)
    kept = downloads._drawn_path(app, CHAPTER, NAME)
    kept.write_bytes(kept.read_bytes() + b"\0")  # not the file the environment noted with the page
    names = drawn(monkeypatch)
    downloads._write_files(app, None)
    assert names == [NAME]  # drawn again instead
    read_page(app, draws=False)  # read again, the page no longer draws it
    assert downloads.drawn_chart(app, REGISTRY[NAME]) is None


def test_a_drawing_kept_from_other_library_versions_is_not_used(site, monkeypatch):
    app = fake_app(site)
    read_page(app)
    assert downloads.drawn_chart(app, REGISTRY[NAME]) is not None
    monkeypatch.setattr(downloads, "library_versions", lambda: {"vl-convert-python": "0.0 (another)"})
    assert downloads.drawn_chart(app, REGISTRY[NAME]) is None
