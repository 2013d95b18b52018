"""Sources the way the book cites them: author and year, 2021a/2021b where two would cite alike, Norwegian order."""

from __future__ import annotations

import re

from fastlege_book import provenance
from fastlege_calc import registry, sources
from fastlege_calc.charts import REGISTRY
from fastlege_calc.data import load


def test_norwegian_collation_puts_ae_o_slash_and_a_ring_last():
    words = ["Østlandet", "Aker", "Ålesund", "Zeta", "Ærø", "Oslo", "Aalborg", "Øvre"]
    # Bokmål: Z < Æ < Ø < Å, and a double a is an Å (Aalborg after Ålesund would be wrong: they tie on Å).
    assert sorted(words, key=sources.sort_key) == [
        "Aker",
        "Oslo",
        "Zeta",
        "Ærø",
        "Østlandet",
        "Øvre",
        "Aalborg",
        "Ålesund",
    ]


def test_no_two_sources_are_cited_alike():
    labels = {source_id: sources.short_label(source_id) for source_id in load("sources").source_id}
    assert len(set(labels.values())) == len(labels), labels


def test_sources_sharing_author_and_year_get_letters_in_title_order():
    rows = load("sources").to_dict("records")
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((sources.cited_author(row), str(row["year"])), []).append(row)
    shared = {key: group for key, group in groups.items() if len(group) > 1}
    assert ("KS", "2021") in shared and ("Statistisk sentralbyrå", "2024") in shared  # as the data has it now
    for (_, year), group in groups.items():
        by_title = sorted(group, key=lambda r: sources.sort_key(r["title"]))
        expected = [year + "abcdefghij"[i] for i in range(len(group))] if len(group) > 1 else [year]
        assert [sources.year_label(r["source_id"]) for r in by_title] == expected
    # KS 2021: "Dette tjente næringsdrivende fastleger i 2020" before "Resultat av takstoppgjøret for legene 2021";
    # KS 2022: "Kommunene har store merkostnader …" before "Resultat av takstoppgjøret for legene 2022".
    assert sources.short_label("ks_inntekt") == "KS (2021a)" and sources.short_label("ks_takst_2021") == "KS (2021b)"
    assert sources.short_label("ks_ipsos_2021") == "KS (2022a)" and sources.short_label("ks_takst_2022") == "KS (2022b)"


def test_the_bibtex_year_is_the_year_label_so_citations_and_list_agree():
    bib = sources.bibtex()
    for source_id in load("sources").source_id:
        entry = bib[bib.index("@misc{" + source_id + ",") :].split("\n}\n")[0]
        assert "year = {" + sources.year_label(source_id) + "}" in entry, source_id


def test_tooltips_name_each_source_with_its_own_label():
    figures = registry.prose_figures()
    for key, shown in figures.items():
        tip = provenance.tooltip(key)
        for source_id in shown.sources:
            assert sources.short_label(source_id) in tip, (key, tip)
    assert "KS (2022a)" in provenance.tooltip("municipal_extra_cost_2021")
    assert "KS (2021a)" in provenance.tooltip("gp_income_2020_ks")


def test_chart_source_lines_name_each_source_with_its_own_label():
    for name, entry in REGISTRY.items():
        figure = entry.function()
        line = sources.source_line(figure.source_ids)
        for source_id in figure.source_ids:
            assert sources.short_label(source_id) in line, (name, line)
        assert not re.search(r"\(\d{4}\)[^;]*\(\d{4}\)", line)  # one label per source
    assert sources.source_line(["ssb_2023", "ssb_kommuner"]) == (
        "Kilder: Statistisk sentralbyrå (2024a); Statistisk sentralbyrå (2024b)"
    )


def test_the_bibliography_order_is_author_year_title_in_norwegian():
    ids = list(load("sources").source_id)
    ordered = sorted(ids, key=sources.bibliography_key)
    firsts = [sources.cited_author(sources.source(i)) for i in ordered]
    assert firsts.index("Allmennlegeforeningen") == 0  # organisations among persons
    assert firsts.index("Kartverket") < firsts.index("Morken mfl.") < firsts.index("NPK")
    ks = ["ks_inntekt", "ks_takst_2021", "ks_ipsos_2021", "ks_takst_2022"]  # KS 2021a, 2021b, 2022a, 2022b
    assert [i for i in ordered if i in ks] == ks


# Sources whose own address has not been found: they still link to the publisher's front page. Each needs a
# stored page with the document's address before it can leave this list (see data/sources.csv, column note).
FRONT_PAGE_ONLY = {"npk_2018", "regj_handlingsplan_2020", "ks_takst_2021", "tv2_2018"}


def _path(url: str) -> str:
    """The part of an address after the host: 'https://www.ks.no/a/b/?x=1' -> '/a/b/?x=1'."""
    return re.sub(r"^https://[^/]+", "", url)


def test_every_source_links_to_its_document_not_to_a_front_page():
    rows = load("sources").set_index("source_id")
    front_pages = {source_id for source_id, url in rows.url.items() if _path(url).strip("/") == ""}
    # A new front-page link fails here; a row that got its own address must leave FRONT_PAGE_ONLY.
    assert front_pages == FRONT_PAGE_ONLY
    for source_id in FRONT_PAGE_ONLY:
        assert "not recorded" in rows.loc[source_id, "note"] or "not found" in rows.loc[source_id, "note"], source_id


def test_a_document_is_linked_as_a_whole_not_by_one_chapter_view():
    # regjeringen.no shows a document's chapters as '?ch=N' views of the document's own address; the
    # bibliography links the document (the note names the chapter that holds the figures).
    urls = load("sources").url
    assert not urls.str.contains(r"[?&]ch=\d", regex=True).any(), list(urls[urls.str.contains("ch=")])


def test_no_source_reports_a_year_after_it_was_published_except_budget_proposals():
    # A source cannot state a figure for a year after its own: the egenandelstak for 2023 (3 040 kr) comes from the
    # circular's 2023 revision, so its year is 2023, not 2022. Budget proposals are the one exception: they are
    # published the year before the budget year (budget_2026_* from regjeringen.no's page of 2025).
    years = load("sources").set_index("source_id").year
    figures = load("figures")
    later = []
    for row in figures.itertuples():
        match = re.match(r"(\d{4})", str(row.period))
        if match and int(match.group(1)) > int(years[row.source_id]):
            later.append(row.key)
    assert later and all(key.startswith("budget_") for key in later), later
    assert int(years["hdir_egenandelstak_2023"]) == 2023  # 2023 >= period 2023 of egenandelstak_2023
