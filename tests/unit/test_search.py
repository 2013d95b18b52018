"""The search index finds figures as the book prints them and as readers type them."""

from fastlege_book.search import SearchNorwegianNumbers

NBSP = "\u00a0"


def test_grouped_numbers_are_indexed_as_one_word_too():
    words = SearchNorwegianNumbers({}).split(f"Registeret talte 212{NBSP}289 i 2022 og 1{NBSP}600{NBSP}000 kr")
    assert {"212", "289", "212289", "2022", "1600000"} <= set(words)


def test_numbers_next_to_each_other_are_not_joined():
    words = SearchNorwegianNumbers({}).split(f"fra 2019 2020 og 10,4{NBSP}000 og 12{NBSP}34")
    assert "20192020" not in words and "1234" not in words and "4000" not in words


def test_norwegian_stemming_stays():
    language = SearchNorwegianNumbers({})
    assert language.lang == "no"
    assert language.stem("basistilskuddet") == language.stem("basistilskudd")
