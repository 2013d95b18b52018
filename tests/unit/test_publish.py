"""The atomic swap of fastlege_book.publish on a fake build: what is published, and when nothing is."""

from __future__ import annotations

import pytest

from fastlege_book import publish
from fastlege_book.layout import FIGURES_JSON, Layout


@pytest.fixture
def fake_build(tmp_path) -> Layout:
    """A _build with a published site and a finished build in the work folder."""
    layout = Layout.here(tmp_path)
    layout.site.mkdir(parents=True)
    (layout.site / "index.html").write_text("old", encoding="utf-8")
    layout.pdf().write_text("old pdf", encoding="utf-8")
    layout.work_html.mkdir(parents=True)
    (layout.work_html / "index.html").write_text("new", encoding="utf-8")
    layout.work_pdf.mkdir()
    (layout.work_pdf / "fastlegeordningen.pdf").write_text("new pdf", encoding="utf-8")
    (layout.work_pdf / "fastlegeordningen-kortversjon.pdf").write_text("new short", encoding="utf-8")
    return layout


def test_publish_swaps_site_and_both_pdfs_and_keeps_the_work_folder(fake_build):
    build = fake_build.build
    assert publish.publish(fake_build) == 0
    assert (build / "html" / "index.html").read_text(encoding="utf-8") == "new"
    assert (build / "fastlegeordningen.pdf").read_text(encoding="utf-8") == "new pdf"
    assert (build / "fastlegeordningen-kortversjon.pdf").read_text(encoding="utf-8") == "new short"
    assert (build / ".work" / "_build" / "html" / "index.html").is_file()  # kept for incremental builds
    assert sorted(p.name for p in build.iterdir()) == [
        ".work",
        "fastlegeordningen-kortversjon.pdf",
        "fastlegeordningen.pdf",
        "html",
    ]


def test_publish_replaces_nothing_when_an_output_is_missing(fake_build):
    (fake_build.work_pdf / "fastlegeordningen.pdf").unlink()
    assert publish.publish(fake_build, ["html", "pdf"]) == 1
    assert (fake_build.site / "index.html").read_text(encoding="utf-8") == "old"
    assert fake_build.pdf().read_text(encoding="utf-8") == "old pdf"


def test_publish_refuses_an_unknown_part(fake_build, capsys):
    assert publish.publish(fake_build, ["epub"]) == 1
    assert "unknown part ['epub']" in capsys.readouterr().err
    assert (fake_build.site / "index.html").read_text(encoding="utf-8") == "old"


def test_publish_cleans_up_after_a_publish_that_was_killed(fake_build):
    (fake_build.build / ".publish-html").mkdir()
    (fake_build.build / ".publish-fastlegeordningen.pdf").write_text("half", encoding="utf-8")
    assert publish.publish(fake_build, ["html"]) == 0
    assert not list(fake_build.build.glob(".publish-*"))
    assert fake_build.pdf().read_text(encoding="utf-8") == "old pdf"  # html only


def test_publish_puts_the_pdfs_into_the_site(fake_build):
    assert publish.publish(fake_build) == 0
    assert (fake_build.site / "fastlegeordningen.pdf").read_text(encoding="utf-8") == "new pdf"
    assert (fake_build.site / "fastlegeordningen-kortversjon.pdf").read_text(encoding="utf-8") == "new short"


def test_publish_publishes_the_figure_registry_beside_the_pdfs(fake_build):
    (fake_build.work_pdf / FIGURES_JSON).write_text('{"figures": []}', encoding="utf-8")
    assert publish.publish(fake_build, ["pdf"]) == 0
    assert fake_build.figures_json.read_text(encoding="utf-8") == '{"figures": []}'


def test_publish_completes_jupyter_books_bare_root_redirect(fake_build):
    bare = '<meta http-equiv="Refresh" content="0; url=book/index.html" />\n'
    (fake_build.work_html / "index.html").write_text(bare, encoding="utf-8")
    assert publish.publish(fake_build, ["html"]) == 0
    page = (fake_build.site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in page and "<title>" in page
    assert '<meta http-equiv="Refresh" content="0; url=book/index.html">' in page


def test_publish_skips_what_was_already_published_from_the_same_inputs(fake_build):
    fake_build.cache.mkdir()
    for part in ("html", "pdf"):
        fake_build.stamp(part).write_text("digest-1\n", encoding="utf-8")
    assert publish.publish(fake_build) == 0
    before = (fake_build.site / "index.html").stat().st_mtime_ns
    (fake_build.work_html / "index.html").write_text("newer", encoding="utf-8")
    assert publish.publish(fake_build) == 0  # same inputs digest: nothing is copied again
    assert (fake_build.site / "index.html").stat().st_mtime_ns == before
    fake_build.stamp("html").write_text("digest-2\n", encoding="utf-8")
    assert publish.publish(fake_build) == 0  # the work folder was rebuilt from new inputs: publish again
    assert (fake_build.site / "index.html").read_text(encoding="utf-8") == "newer"
