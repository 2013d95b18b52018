"""Rules Table Schema cannot say, declared per resource in data/datapackage.json under "x-rules".

Frictionless checks what Table Schema can say: types, ranges, patterns, keys and foreign keys. A few
rules look at more than one cell or more than one row, and each resource declares them beside its
schema, for example::

    "x-rules": [
      {"ascending": "valid_from"},
      {"required-when": {"when": {"scheme": "kneepoint"}, "fields": ["kneepoint_patients"]}},
      {"range-when": {"field": "value", "when": {"unit": "share"}, "minimum": 0, "maximum": 1}},
      {"complete-years": {"year": "year", "parts": "component"}},
      {"period": {"field": "period", "when": {"key": ["patients_without_gp_text"]}, "forms": ["year"]}},
      {"together": {"fields": ["lists_salaried", "patients_without_gp"]}}
    ]

Each entry is an object with one key: the rule's name, which is also its id in the error message
(`[ascending]`), and the rule's arguments. `when` selects rows by the text of their cells
(`{"scheme": "kneepoint"}`, or a list of allowed texts); every rule with a `when` or a `year` may add
a `reason`, a short English sentence shown in the message. One class per rule type reads its
arguments (a `RuleError` says what is wrong with them) and finds the first row that breaks it (a
`Breach`). `fastlege_calc.data.validate` turns a breach into a `DataError` naming the file, line,
column and rule, in the same form as a schema error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from fastlege_calc import fmt

#: The resource property in datapackage.json that lists a resource's rules.
PROPERTY = "x-rules"


class RuleError(ValueError):
    """A declared rule that cannot be checked: unknown name, wrong arguments or a column the schema lacks.

    `rule` is the id for the message (`unknown-rule` or `rule-invalid`); `needle` the text that finds
    the fault among the resource's rules in datapackage.json (the rule's name, an argument or a column).
    """

    def __init__(self, text: str, rule: str, needle: str):
        self.text, self.rule, self.needle = text, rule, needle
        super().__init__(text)


@dataclass(frozen=True)
class Breach:
    """The first row that breaks a rule.

    `line` is the line in the CSV file (the header is line 1), `column` the column at fault and
    `text` what was found and what the rule expects, without the rule id.
    """

    line: int
    column: str
    text: str


def _line(index) -> int:
    """The file line of a data frame row read with a header (row 0 is line 2)."""
    return int(index) + 2


def _sort_key(cell: str, field_type: str):
    """A cell as a value that sorts in the order of its Table Schema type (dates, numbers, text)."""
    if field_type == "date":
        return dt.date.fromisoformat(cell)
    if field_type in {"integer", "year"}:
        return int(cell)
    if field_type == "number":
        return float(cell)
    return cell


class Rule:
    """One declared rule: its arguments read and checked against the resource's fields.

    Subclasses set `name` and `arguments` (argument name → True when required) and implement
    `first_breach`. `columns` lists every column the declaration names.
    """

    name: ClassVar[str]
    arguments: ClassVar[dict[str, bool]]

    def __init__(self, args, fields: dict[str, str]):
        """Read the declared arguments; `fields` maps the resource's column names to their types.

        Raises RuleError when an argument is missing, unknown or of the wrong kind, or names a column
        that `fields` lacks.
        """
        self.fields = fields
        self.columns: list[str] = []
        if not isinstance(args, dict):
            raise self._invalid(f"takes an object with {', '.join(repr(a) for a in self.arguments)}")
        unknown = sorted(set(args) - set(self.arguments))
        missing = [a for a, required in self.arguments.items() if required and a not in args]
        if unknown or missing:
            wrong = [f"has an unknown argument '{a}'" for a in unknown] + [f"lacks its argument '{a}'" for a in missing]
            raise self._invalid(" and ".join(wrong), unknown[0] if unknown else None)
        self.args = args
        self.reason = args.get("reason")
        if self.reason is not None and not isinstance(self.reason, str):
            raise self._invalid("'reason' is a sentence in quotes")

    def _invalid(self, text: str, needle: str | None = None) -> RuleError:
        """A RuleError for this rule's declaration, found in datapackage.json by `needle` (default: the name)."""
        return RuleError(f"rule '{self.name}' {text}", "rule-invalid", needle or self.name)

    def _column(self, name, types: set[str] | None = None) -> str:
        """A column the declaration names: it must be in the schema (and of one of `types`)."""
        if not isinstance(name, str) or name not in self.fields:
            raise self._invalid(f"names column '{name}', which is not in the resource's schema", str(name))
        if types and self.fields[name] not in types:
            raise self._invalid(
                f"needs a column of type {' or '.join(sorted(types))}, but '{name}' is {self.fields[name]}"
            )
        self.columns.append(name)
        return name

    def _when(self, when) -> dict[str, tuple[str, ...]]:
        """The row selector: column → the cell texts that select a row (all columns must match)."""
        if not isinstance(when, dict) or not when:
            raise self._invalid('needs \'when\', an object such as {"scheme": "kneepoint"}')
        selector = {}
        for column, texts in when.items():
            texts = texts if isinstance(texts, list) else [texts]
            selector[self._column(column)] = tuple(str(t) for t in texts)
        return selector

    @staticmethod
    def _selected(frame: pd.DataFrame, selector: dict[str, tuple[str, ...]]) -> pd.DataFrame:
        """The rows whose cells match the selector."""
        chosen = pd.Series(True, index=frame.index)
        for column, texts in selector.items():
            chosen &= frame[column].isin(texts)
        return frame[chosen]

    @staticmethod
    def _which(row: pd.Series, selector: dict[str, tuple[str, ...]]) -> str:
        """The selected row described by its own cells, for example "a row with scheme 'flat'"."""
        return "a row with " + " and ".join(f"{column} '{row[column]}'" for column in selector)

    def _explained(self, text: str) -> str:
        """The message text with the declared reason, if any, in brackets."""
        return f"{text} ({self.reason})" if self.reason else text

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first row of `frame` (every cell as text, empty cells as '') that breaks the rule, or None."""
        raise NotImplementedError


class Ascending(Rule):
    """`{"ascending": "valid_from"}`: each row's value comes after the one above (a time series in order).

    Values compare by the column's type (dates as dates, numbers as numbers); empty cells are skipped
    (whether a value is required is the schema's rule).
    """

    name = "ascending"
    arguments: ClassVar[dict[str, bool]] = {}

    def __init__(self, args, fields: dict[str, str]):
        """`args` is the column name."""
        self.fields, self.columns, self.reason = fields, [], None
        self.column = self._column(args)

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first row whose value does not come after the value above it."""
        cells = [(index, cell) for index, cell in frame[self.column].items() if cell]
        try:
            keys = [_sort_key(cell, self.fields[self.column]) for _, cell in cells]
        except ValueError:  # a date format of the schema's own: compare the cells as written
            keys = [cell for _, cell in cells]
        for n in range(1, len(cells)):
            if keys[n] <= keys[n - 1]:
                (index, cell), previous = cells[n], cells[n - 1][1]
                text = f"out of order: {cell} follows {previous}; each row's {self.column} comes after the one above"
                return Breach(_line(index), self.column, text)
        return None


class _FieldsWhen(Rule):
    """A rule on some fields of the rows a `when` selects: `{"when": {...}, "fields": [...]}`."""

    arguments: ClassVar[dict[str, bool]] = {"when": True, "fields": True, "reason": False}

    def __init__(self, args, fields: dict[str, str]):
        """Read `when` (the row selector) and `fields` (a list of column names)."""
        super().__init__(args, fields)
        self.when = self._when(args["when"])
        if not isinstance(args["fields"], list) or not args["fields"]:
            raise self._invalid("needs 'fields', a list of column names")
        self.targets = [self._column(c) for c in args["fields"]]

    def _problem(self, cell: str, which: str) -> str | None:
        """What is wrong with a cell of a selected row (`which` describes the row), or None."""
        raise NotImplementedError

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first cell at fault, row by row, in the declared order of the fields."""
        for index, row in self._selected(frame, self.when).iterrows():
            for column in self.targets:
                problem = self._problem(row[column], self._which(row, self.when))
                if problem:
                    return Breach(_line(index), column, self._explained(problem))
        return None


class RequiredWhen(_FieldsWhen):
    """`{"required-when": {"when": {...}, "fields": [...]}}`: the selected rows have a value in each field."""

    name = "required-when"

    def _problem(self, cell: str, which: str) -> str | None:
        """An empty cell is at fault."""
        return f"the cell is empty, but {which} needs a value here" if cell == "" else None


class EmptyWhen(_FieldsWhen):
    """`{"empty-when": {"when": {...}, "fields": [...]}}`: the selected rows leave each field empty."""

    name = "empty-when"

    def _problem(self, cell: str, which: str) -> str | None:
        """A filled cell is at fault."""
        return f"{which} leaves this cell empty, but it holds '{cell}'" if cell != "" else None


class RangeWhen(Rule):
    """`{"range-when": {"field": ..., "when": {...}, "minimum": 0, "maximum": 1}}`: a range for some rows.

    For a range that holds for every row, use the schema's own `minimum` and `maximum` constraints.
    """

    name = "range-when"
    arguments: ClassVar[dict[str, bool]] = {
        "field": True,
        "when": True,
        "minimum": False,
        "maximum": False,
        "reason": False,
    }

    def __init__(self, args, fields: dict[str, str]):
        """Read `field` (a number or integer column), `when`, and at least one of `minimum` and `maximum`."""
        super().__init__(args, fields)
        self.column = self._column(args["field"], {"number", "integer"})
        self.when = self._when(args["when"])
        self.minimum, self.maximum = args.get("minimum"), args.get("maximum")
        limits = [x for x in (self.minimum, self.maximum) if x is not None]
        if not limits or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in limits):
            raise self._invalid("needs a number for 'minimum', 'maximum' or both")

    def _outside(self, value: float) -> str | None:
        """What is wrong with a value, or None when it is within the range."""
        low = self.minimum is not None and value < self.minimum
        high = self.maximum is not None and value > self.maximum
        if not (low or high):
            return None
        if self.minimum is not None and self.maximum is not None:
            return f"is outside {self.minimum}–{self.maximum}"
        return f"is below the minimum {self.minimum}" if low else f"is above the maximum {self.maximum}"

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first selected row whose value is outside the range."""
        for index, row in self._selected(frame, self.when).iterrows():
            cell = row[self.column]
            outside = self._outside(float(cell)) if cell else None
            if outside:
                text = self._explained(f"{cell} {outside}, the range for {self._which(row, self.when)}")
                return Breach(_line(index), self.column, text)
        return None


class CompleteYears(Rule):
    """`{"complete-years": {"year": "year", "parts": "component"}}`: a yearly series without gaps.

    Every year from the first to the last has a row; with `parts`, every year has a row for each value
    of that column that appears anywhere in the file (the parts a chart stacks).
    """

    name = "complete-years"
    arguments: ClassVar[dict[str, bool]] = {"year": True, "parts": False, "reason": False}

    def __init__(self, args, fields: dict[str, str]):
        """Read `year` (an integer column) and the optional `parts` column."""
        super().__init__(args, fields)
        self.year = self._column(args["year"], {"integer", "year"})
        self.parts = self._column(args["parts"]) if "parts" in args else None

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first missing year (at the row after the gap), else the first year without one of the parts."""
        years = frame[self.year].astype(int)
        seen = sorted(set(years))
        for year in range(seen[0], seen[-1] + 1):
            if year not in seen:
                text = f"year {year} has no data, but every year from {seen[0]} to {seen[-1]} is needed"
                return Breach(_line(years[years > year].index[0]), self.year, self._explained(text))
        if self.parts is None:
            return None
        parts = sorted(set(frame[self.parts]))
        for year in seen:
            rows = frame[years == year]
            missing = sorted(set(parts) - set(rows[self.parts]))
            if missing:
                text = f"year {year} has no '{missing[0]}' row, but every year needs one of each: {', '.join(parts)}"
                return Breach(_line(rows.index[-1]), self.parts, self._explained(text))
        return None


#: The forms of a period (fastlege_calc.fmt.PERIOD_FORMS) as a message names them.
PERIOD_FORMS = {
    "year": "a year (YYYY)",
    "month": "a month (YYYY-MM)",
    "date": "a day (YYYY-MM-DD)",
    "years": "a span of years (YYYY–YYYY)",
}


class Period(Rule):
    """`{"period": {"field": "period"}}`: each cell is a period the book can write in words.

    A period is a year (2024), a month (2024-05), a day (2024-05-01) or a span of years (2020–2024);
    the month and the day must exist and a span must end after it starts. With `when` and `forms`
    (a list of those form names), the selected rows must have one of the forms: the rows whose
    period a calculation reads as a year, say. Empty cells are the schema's `required` to refuse.
    """

    name = "period"
    arguments: ClassVar[dict[str, bool]] = {"field": True, "when": False, "forms": False, "reason": False}

    def __init__(self, args, fields: dict[str, str]):
        """Read `field` (a string column), and `when` with `forms` when given (both, or neither)."""
        super().__init__(args, fields)
        self.column = self._column(args["field"], {"string"})
        if ("when" in args) != ("forms" in args):
            raise self._invalid("needs 'when' and 'forms' together")
        self.when = self._when(args["when"]) if "when" in args else None
        self.forms = args.get("forms", list(PERIOD_FORMS))
        if not isinstance(self.forms, list) or not self.forms or not set(self.forms) <= set(PERIOD_FORMS):
            raise self._invalid(f"needs 'forms', a list of {', '.join(repr(f) for f in PERIOD_FORMS)}", "forms")

    @staticmethod
    def _problem(cell: str) -> str | None:
        """What makes a cell no period at all, or None when it is one."""
        form = fmt.period_form(cell)
        if form is None:
            return (
                f"'{cell}' is not a period: write a year (2024), a month (2024-05), a day (2024-05-01) or a span "
                "of years (2020–2024)"
            )
        try:
            fmt.period(cell)
        except ValueError:
            return f"'{cell}' is not a period: that month or day does not exist"
        if form == "years" and int(cell[-4:]) <= int(cell[:4]):
            return f"'{cell}' is not a period: a span of years ends after it starts"
        return None

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first cell that is no period, or (with `when`) the first selected row of another form."""
        rows = frame if self.when is None else self._selected(frame, self.when)
        for index, cell in rows[self.column].items():
            if not cell:
                continue
            problem = self._problem(cell)
            if problem is None and fmt.period_form(cell) not in self.forms:
                problem = self._explained(f"'{cell}' is not {' or '.join(PERIOD_FORMS[f] for f in self.forms)}")
            if problem:
                return Breach(_line(index), self.column, problem)
        return None


class Together(Rule):
    """`{"together": {"fields": [...]}}`: in each row the fields are either all filled or all empty.

    For a table with optional groups of columns, such as the register rows that publish only GPs and
    lists: a row with part of the group is a row a calculation cannot use.
    """

    name = "together"
    arguments: ClassVar[dict[str, bool]] = {"fields": True, "reason": False}

    def __init__(self, args, fields: dict[str, str]):
        """Read `fields`, a list of at least two column names."""
        super().__init__(args, fields)
        if not isinstance(args["fields"], list) or len(args["fields"]) < 2:
            raise self._invalid("needs 'fields', a list of at least two column names")
        self.targets = [self._column(c) for c in args["fields"]]

    def first_breach(self, frame: pd.DataFrame) -> Breach | None:
        """The first empty cell of a row that fills some of the fields."""
        for index, row in frame[self.targets].iterrows():
            filled = [c for c in self.targets if row[c] != ""]
            if filled and len(filled) < len(self.targets):
                empty = next(c for c in self.targets if row[c] == "")
                text = (
                    f"the cell is empty, but the row fills '{filled[0]}' and the other columns kept together with "
                    "it; fill every one of them or none"
                )
                return Breach(_line(index), empty, self._explained(text))
        return None


#: Every rule type by the name a declaration uses.
RULES: dict[str, type[Rule]] = {
    rule.name: rule for rule in (Ascending, RequiredWhen, EmptyWhen, RangeWhen, CompleteYears, Period, Together)
}


def declared(resource: dict) -> list[Rule]:
    """The rules a resource declares under "x-rules" (a data package resource as a dict), read and checked.

    Returns them in declared order (an empty list when there are none). Raises RuleError for a
    property that is not a list of one-key objects, an unknown rule name (`unknown-rule`) or
    arguments the rule cannot use (`rule-invalid`).
    """
    fields = {f["name"]: f.get("type", "string") for f in resource.get("schema", {}).get("fields", [])}
    entries = resource.get(PROPERTY, [])
    shape = RuleError(f'"{PROPERTY}" is a list of one-key objects: {{rule name: arguments}}', "rule-invalid", PROPERTY)
    if not isinstance(entries, list):
        raise shape
    rules = []
    for entry in entries:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise shape
        ((name, args),) = entry.items()
        if name not in RULES:
            known = ", ".join(sorted(RULES))
            raise RuleError(f"unknown rule '{name}' (the known rules are {known})", "unknown-rule", name)
        rules.append(RULES[name](args, fields))
    return rules
