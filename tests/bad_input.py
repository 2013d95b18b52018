"""The catalogue of refused input, tests/bad_input.yaml: its cases, their edits and the message each expects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.helpers import replace_in

CATALOGUE = Path(__file__).with_name("bad_input.yaml")


def _lines(path: Path) -> list[str]:
    """A text file's lines, line endings kept."""
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _write_lines(path: Path, lines: list[str]) -> None:
    """Write lines (with their endings) back to a text file."""
    path.write_text("".join(lines), encoding="utf-8")


def _replace_all(path: Path, pair: list[str]) -> None:
    old, new = pair
    replace_in(path, old, new, count=-1)


def _drop_lines(path: Path, prefix: str) -> None:
    lines = _lines(path)
    kept = [line for line in lines if not line.startswith(prefix)]
    assert len(kept) < len(lines), f"no line starts with {prefix!r} in {path.name}"
    _write_lines(path, kept)


def _swap_lines(path: Path, prefixes: list[str]) -> None:
    lines = _lines(path)
    i, j = (next(n for n, line in enumerate(lines) if line.startswith(p)) for p in prefixes)
    lines[i], lines[j] = lines[j], lines[i]
    _write_lines(path, lines)


def _append_line(path: Path, row: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), f"{path.name} does not end with a line break"
    path.write_text(text + row + "\n", encoding="utf-8")


def _keep_lines(path: Path, count: int) -> None:
    _write_lines(path, _lines(path)[:count])


def _drop_last_column(path: Path, _: bool) -> None:
    _write_lines(path, [line.rstrip("\n").rsplit(",", 1)[0] + "\n" for line in _lines(path)])


def _add_column(path: Path, header_and_cell: list[str]) -> None:
    header, cell = header_and_cell
    lines = [line.rstrip("\n") for line in _lines(path)]
    _write_lines(path, [lines[0] + f",{header}\n"] + [line + f",{cell}\n" for line in lines[1:]])


def _encode(path: Path, codec: str) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode(codec, errors="replace"))


def _delete(path: Path, _: bool) -> None:
    path.unlink()


#: Every kind of edit a case can make: name in the catalogue → function(path, argument).
EDITS: dict[str, Callable[[Path, object], None]] = {
    "replace": lambda path, pair: replace_in(path, *pair),
    "replace_all": _replace_all,
    "drop_lines": _drop_lines,
    "swap_lines": _swap_lines,
    "append_line": _append_line,
    "keep_lines": _keep_lines,
    "drop_last_column": _drop_last_column,
    "add_column": _add_column,
    "write": lambda path, text: path.write_text(text, encoding="utf-8"),
    "encode": _encode,
    "delete": _delete,
}


@dataclass(frozen=True)
class Case:
    """One case of the catalogue: an edit to one file in data/ and the message that must refuse it."""

    id: str
    file: str
    edit: dict
    column: str | None
    rule: str
    says: str
    line: int | None = None
    line_of: str | None = None
    cli: bool = False
    book: bool = False
    caught_by: str = "validate"

    def apply(self, data_dir: Path) -> None:
        """Make the case's edit to `file` in a copy of data/ (fails loudly if the edit finds nothing to change)."""
        ((kind, argument),) = self.edit.items()
        EDITS[kind](data_dir / self.file, argument)

    def expected_line(self, data_dir: Path) -> int | None:
        """The line the message must name, in the edited copy `data_dir`."""
        if self.line_of is None:
            return self.line
        lines = (data_dir / self.file).read_text(encoding="utf-8").splitlines()
        return next(n for n, line in enumerate(lines, start=1) if line.lstrip().startswith(self.line_of))

    def check_message(self, message: str, data_dir: Path) -> None:
        """Assert that a message, as the person who edited the data sees it, is this case's.

        One line, `data/<file>, line <n>, column '<column>': <what>` (line and column only where the
        case names them), containing `says` and ending with the rule id in brackets.
        """
        where = [f"data/{self.file}"]
        line = self.expected_line(data_dir)
        if line is not None:
            where.append(f"line {line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        assert message.startswith(", ".join(where) + ": "), message
        assert self.says in message, message
        assert message.endswith(f"[{self.rule}]"), message
        assert "\n" not in message and "Traceback" not in message, message


def cases() -> list[Case]:
    """Every case of the catalogue, in file order; fails on a repeated id, an unknown field or an unknown edit."""
    entries = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    found = [Case(**entry) for entry in entries]
    ids = [case.id for case in found]
    assert len(ids) == len(set(ids)), f"repeated ids in {CATALOGUE.name}"
    for case in found:
        assert len(case.edit) == 1 and next(iter(case.edit)) in EDITS, f"{case.id}: unknown edit {case.edit}"
        assert (case.line is None) or (case.line_of is None), f"{case.id}: give line or line_of, not both"
        assert case.caught_by in {"validate", "cli"}, f"{case.id}: caught_by is validate or cli"
    return found
