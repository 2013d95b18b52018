"""The PDFs' build facts without a build: CITATION.cff, build date, commit (fastlege_book.buildinfo)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from fastlege_book import buildinfo
from fastlege_calc import __version__
from tests.helpers import ROOT

CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_matches_the_book_and_the_package():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["title"] == config["title"]
    assert str(CITATION["version"]) == __version__
    assert CITATION["authors"][0]["name"] == config["author"]
    for field in ("message", "abstract", "keywords", "license", "url"):
        assert CITATION[field], field


def test_build_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(24 * 3600 * 365))  # 365 days after 1 January 1970
    assert buildinfo.build_date() == dt.date(1971, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert buildinfo.build_date() == dt.datetime.now(tz=dt.UTC).date()


def test_commit_can_be_given_for_a_copy_without_git(tmp_path, monkeypatch):
    monkeypatch.delenv("FASTLEGE_GIT_COMMIT", raising=False)
    assert buildinfo.git_commit(tmp_path) == "ukjent"
    monkeypatch.setenv("FASTLEGE_GIT_COMMIT", "0123456789ab")
    assert buildinfo.git_commit(tmp_path) == "0123456789ab"


def test_a_version_mismatch_in_citation_cff_is_refused(tmp_path):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    (tmp_path / "CITATION.cff").write_text(text.replace(f'version: "{__version__}"', 'version: "9.9.9"'))
    with pytest.raises(ValueError, match=r"CITATION\.cff: version 9\.9\.9"):
        buildinfo.citation_file(tmp_path)
