"""Bad data through a real `make book`: refused with the catalogue's message, the last build kept as it was.

Every case of the catalogue (tests/bad_input.yaml) is checked without a build in
tests/unit/test_bad_input.py; `make book` runs the same `python -m fastlege_calc validate` first, so
one case, the one flagged `book`, is enough here.
"""

from __future__ import annotations

from tests.bad_input import cases

from .bookutil import make_book, snapshot


def test_make_book_stops_on_bad_data_and_keeps_the_last_build(built_copy):
    (case,) = [c for c in cases() if c.book]
    data_dir = built_copy / "data"
    saved = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}  # data/geo/ is left alone
    before = snapshot(built_copy / "_build")
    case.apply(data_dir)
    try:
        result = make_book(built_copy)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, result.stderr
        case.check_message(errors[0].removeprefix("error: "), data_dir)
    finally:
        for p in data_dir.iterdir():
            if p.is_file():
                p.unlink()
        for name, content in saved.items():
            (data_dir / name).write_bytes(content)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert snapshot(built_copy / "_build") == before
