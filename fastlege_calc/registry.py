"""The figure registry: every number the prose shows, declared once beside its formula, computed once per data version.

A figure is declared in the fastlege_calc module of its concept, on a small function that computes it:

    @shown("ap_annual_rise", unit="nok", about="Økning per år for notatets eksempelliste")
    def _annual_rise_for_example_list() -> float:
        return annual_rise_nok(example_list_length_patients())

The function returns a number, a `datetime.date` (a date figure, written by its unit), or `given(value,
decimals)` for a value written as its source gives it. Figures whose keys come from the data (every row
of data/figures.csv, every basistilskudd rule) are declared by a `@shown_each` function that yields one
`Declaration` per row. The engine here collects the declarations (importing every module of the
package), refuses a key declared twice, and computes each figure inside a trace (fastlege_calc.trace):
its sources are the data rows its function read. `prose_figures`, `substitutions`, `records` and
`usage` give the result; it is computed once per data version (`derived` keeps results computed from
it in the same cache).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib
import numbers
import os
import pickle
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastlege_calc import data, trace, units

#: stored: a row of data/figures.csv; rate: a number of a basistilskudd rule; computed: by a formula.
Origin = Literal["stored", "rate", "computed"]
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Given:
    """A value as its source gives it: written with the decimals it has, or with `decimals` (units.text stored=True)."""

    value: float | dt.date
    decimals: int | None = None


def given(value: float | dt.date, decimals: int | None = None) -> Given:
    """Mark a figure function's result as a value its source gives (a row's number, shown as written there)."""
    return Given(value, decimals)


@dataclass(frozen=True)
class Shown:
    """One figure as the reader sees it, with what it was computed from.

    `value` is a float in the unit's terms (shares 0–1), a date, or an ISO period ('2023-10', unit
    period); `text` is the value written by its unit in digits (tables, charts, the registry), `prose` as
    running text writes it (units.prose_text: "fire", "15 millioner"; else the same as `text`); `sources`
    are the source ids of `rows`, the data rows the figure's function read (each once, in reading order).
    `confidence` is the row's H/M/L for a stored figure or rate (None when computed); `period` the
    declared period, or the one period all rows read share; `where` the declaration.
    """

    key: str
    value: float | dt.date | str
    unit: str
    text: str
    sources: tuple[str, ...]
    description: str
    confidence: str | None = None
    origin: Origin = "computed"
    rows: tuple[trace.Read, ...] = ()
    period: str | None = None
    where: str = ""
    prose: str = ""


@dataclass(frozen=True)
class Declaration:
    """A figure as declared: key, unit (data/units.csv), Norwegian description, and the function computing it.

    `decimals` overrides the unit's; `compact=False` never shortens an amount; `rounded` says the source
    gives a round figure (running text writes it in words from a million on: 15 millioner); `row` is
    (file, line) when a data row declares the figure (a stored figure or a rate), for error messages.
    """

    key: str
    unit: str
    about: str
    compute: Callable[[], object]
    where: str = ""
    decimals: int | None = None
    period: str | None = None
    compact: bool = True
    origin: Origin = "computed"
    row: tuple[str, int] | None = None
    rounded: bool = False

    def described(self) -> str:
        """The description readers see (tooltips, the appendix): `about` with a declared period in words.

        'Gjennomsnittlig arbeidstid per uke, 2018': a figure's time is its period, never typed into `about`.
        """
        return self.about if self.period is None else f"{self.about}, {units.text(self.period, 'period')}"

    def evaluate(self) -> Shown:
        """Compute the figure inside a trace and write it by its unit.

        A DataError passes through; any other error of the function is reported as the error of the
        last data row it read (`data.row_fault`), so the editor of the data sees a row, not Python.
        """
        reads: list[trace.Read] = []
        try:
            with trace.reading() as reads:
                result = self.compute()
        except data.DataError:
            raise
        except Exception as exc:
            raise data.row_fault(reads, f"the figure '{self.key}' ({self.about})", exc) from exc
        as_given = isinstance(result, Given)
        raw = result.value if as_given else result
        expected = units.unit(self.unit).value_type
        is_number = isinstance(raw, numbers.Real) and not isinstance(raw, bool)
        if not (isinstance(raw, expected) if expected is not float else is_number):
            raise TypeError(f"figure '{self.key}' ({self.where}) is in the unit '{self.unit}' but is {raw!r}")
        decimals = result.decimals if as_given and result.decimals is not None else self.decimals
        text = units.text(raw, self.unit, decimals, stored=as_given, compact=self.compact)
        prose = units.prose_text(raw, self.unit, decimals, stored=as_given, compact=self.compact, rounded=self.rounded)
        rows = trace.rows(reads)
        confidence = None
        if self.origin != "computed":
            if len(rows) != 1:
                raise ValueError(f"figure '{self.key}' ({self.where}) shows one data row but read {len(rows)}")
            confidence = rows[0].confidence
        periods = {r.period for r in rows if not r.selects}
        period = self.period or (periods.pop() if len(periods) == 1 else None)
        value = raw if isinstance(raw, dt.date | str) else float(raw)
        return Shown(
            self.key,
            value,
            self.unit,
            text,
            trace.sources(reads),
            self.described(),
            confidence,
            self.origin,
            rows,
            period,
            self.where,
            prose,
        )


@dataclass(frozen=True)
class Said:
    """A generated phrase: words about time, order or comparison chosen from the data, with figures inside.

    `markdown` is the phrase as a chapter would write it, each figure as `{{ key }}` (the Sphinx
    extension makes each a linked number); `text` the same with every figure written out, as a
    reader sees it; `figures` the keys it shows, in order; `rows` the data rows its function read.
    """

    key: str
    markdown: str
    text: str
    figures: tuple[str, ...]
    about: str
    where: str
    rows: tuple[trace.Read, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """A phrase as declared: key, Norwegian description and the function writing it (Markdown with {{ key }})."""

    key: str
    about: str
    compute: Callable[[], str]
    where: str = ""

    def evaluate(self, figures: dict[str, Shown]) -> Said:
        """Write the phrase from the data; ValueError naming the declaration for a figure key that is not declared.

        Errors of the function are reported as for a figure (`Declaration.evaluate`).
        """
        reads: list[trace.Read] = []
        try:
            with trace.reading() as reads:
                markdown = self.compute()
        except data.DataError:
            raise
        except Exception as exc:
            raise data.row_fault(reads, f"the sentence '{self.key}' ({self.about})", exc) from exc
        keys = tuple(SUBSTITUTION.findall(markdown))
        unknown = [key for key in keys if key not in figures]
        if unknown:
            raise ValueError(f"phrase '{self.key}' ({self.where}) shows figures that are not declared: {unknown}")
        text = SUBSTITUTION.sub(lambda m: figures[m.group(1)].text, markdown)
        return Said(self.key, markdown, text, keys, self.about, self.where, trace.rows(reads))


def _where(function: Callable) -> str:
    """'fastlege_calc/action_plan.py:42': where a function is defined, for error messages."""
    while isinstance(function, functools.partial):
        function = function.func
    code = function.__code__
    path = Path(code.co_filename)
    shown_path = path.relative_to(PACKAGE_ROOT).as_posix() if path.is_relative_to(PACKAGE_ROOT) else path.name
    return f"{shown_path}:{code.co_firstlineno}"


def _twice(first: Declaration, second: Declaration) -> Exception:
    """The error for a key declared twice: a DataError naming the data row when one side is a row, else ValueError."""
    row_side, other = (second, first) if second.row else (first, second)
    if row_side.row:
        file, line = row_side.row
        rule = f"figure key '{first.key}' is also declared at {other.where}; choose another key [duplicate-key]"
        return data.DataError(file, rule, line, "key")
    return ValueError(f"figure key '{first.key}' is declared twice: at {first.where} and at {second.where}")


class Registry:
    """Collects figure declarations and computes them once per data version (one cache for all that derives)."""

    def __init__(self, discover: Callable[[], None] | None = None, versions_kept: int = 4):
        self._declared: dict[str, Declaration] = {}
        self._phrases: dict[str, Phrase] = {}
        self._families: dict[str, Callable[[], Iterable[Declaration]]] = {}
        self._discover = discover
        self._cache: dict[tuple[str, str], dict] = {}
        #: The page record file (data.RECORD_ENV) and data version the tables were last recorded for.
        self._recorded_in: tuple[str, tuple[str, str]] | None = None
        self._versions_kept = versions_kept
        self.evaluations = 0  # how often every figure was computed (the tests count)

    def shown(
        self,
        key: str,
        *,
        unit: str,
        about: str,
        decimals: int | None = None,
        period: str | None = None,
        compact: bool = True,
        rounded: bool = False,
    ) -> Callable:
        """Decorator: the function computes the figure `key`. ValueError naming both places for a key declared twice.

        `rounded=True` for a figure computed from round figures of a source (running text writes it in words).
        """

        def declare(function: Callable) -> Callable:
            declaration = Declaration(
                key, unit, about, function, _where(function), decimals, period, compact, rounded=rounded
            )
            previous = self._declared.get(key)
            if previous is not None and previous.where != declaration.where:
                raise _twice(previous, declaration)
            self._declared[key] = declaration
            self._cache.clear()
            return function

        return declare

    def said(self, key: str, *, about: str) -> Callable:
        """Decorator: the function writes the phrase `key` from the data (Markdown; figures as `{{ key }}`).

        ValueError naming both places for a key declared twice (as a phrase or as a figure).
        """

        def declare(function: Callable[[], str]) -> Callable[[], str]:
            phrase = Phrase(key, about, function, _where(function))
            previous = self._phrases.get(key) or self._declared.get(key)
            if previous is not None and previous.where != phrase.where:
                raise ValueError(f"key '{key}' is declared twice: at {previous.where} and at {phrase.where}")
            self._phrases[key] = phrase
            self._cache.clear()
            return function

        return declare

    def shown_each(self, function: Callable[[], Iterable[Declaration]]) -> Callable:
        """Decorator: the function yields one Declaration per figure whose key comes from the data."""
        self._families[f"{function.__module__}.{function.__qualname__}"] = function
        self._cache.clear()
        return function

    def declarations(self) -> list[Declaration]:
        """Every declaration for the data as it is: the families' rows first, then the functions.

        DataError when a data row's key is also declared elsewhere; ValueError for two declarations in code.
        """
        if self._discover is not None:
            self._discover()
            self._discover = None
        found: dict[str, Declaration] = {}
        for family in self._families.values():
            with trace.reading():  # listing the rows is not reading any figure's value
                items = list(family())
            for item in items:
                item = item if item.where else dataclasses.replace(item, where=_where(family))
                if item.key in found:
                    raise _twice(found[item.key], item)
                found[item.key] = item
        for key, declaration in self._declared.items():
            if key in found:
                raise _twice(found[key], declaration)
            found[key] = declaration
        return list(found.values())

    def hand_over(self, path: Path) -> None:
        """Write every figure and phrase of the data in use to path, for the next process of the same build.

        The book's build validates the data (computing every figure) in one process and then builds the
        website in another, which needed the same figures again (about 2,5 s before any page was read).
        The file holds the figures, phrases and tables read, under the key `handover_key` (data version,
        the package's own source, the build date); `_entry` takes them over only under the same key.
        Written atomically (pickle, in the build's cache).
        """
        entry = self._entry()
        content = {"key": handover_key(), **{part: entry[part] for part in ("figures", "phrases", "tables")}}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)

    def _taken_over(self) -> dict | None:
        """The entry HANDOVER_ENV's file holds, when it was written under this process's handover_key; else None."""
        named = os.environ.get(HANDOVER_ENV)
        if not named:
            return None
        try:
            content = pickle.loads(Path(named).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if not isinstance(content, dict) or content.get("key") != handover_key():
            return None
        return {part: content[part] for part in ("figures", "phrases", "tables")}

    def _entry(self) -> dict:
        """The cache entry of the data version in use, with every figure computed (once).

        In a process the build started after validating (HANDOVER_ENV), the validation's figures are
        taken over instead of computed again (`hand_over`).
        """
        directory = data.data_dir()
        version = (str(directory), data.data_version(directory))
        if version not in self._cache and self is REGISTRY:
            taken = self._taken_over()
            if taken is not None:
                self._cache[version] = taken
        if version not in self._cache:
            with data.tables_read() as tables:
                figures = {d.key: d.evaluate() for d in self.declarations()}
                clash = sorted(set(figures) & set(self._phrases))
                if clash:
                    where = "; ".join(f"{k} at {figures[k].where} and {self._phrases[k].where}" for k in clash)
                    raise ValueError(f"keys declared both as a figure and as a phrase: {where}")
                phrases = {key: p.evaluate(figures) for key, p in self._phrases.items()}
            self.evaluations += 1
            while len(self._cache) >= self._versions_kept:
                self._cache.pop(next(iter(self._cache)))
            self._cache[version] = {"figures": figures, "phrases": phrases, "tables": frozenset(tables)}
        entry = self._cache[version]
        # A page's code that gets the figures depends on every table they were computed from, computed now or not.
        record = os.environ.get(data.RECORD_ENV)
        if record and data.in_page_code() and self._recorded_in != (record, version):
            data.record_tables(sorted(entry["tables"]))
            self._recorded_in = (record, version)
        return entry

    def figures(self) -> dict[str, Shown]:
        """Every figure by key (a new dict; the Shown records are shared and frozen)."""
        return dict(self._entry()["figures"])

    def phrases(self) -> dict[str, Said]:
        """Every phrase by key, written from the data in use (a new dict; the Said records are frozen)."""
        return dict(self._entry()["phrases"])

    def derived(self, function: Callable[[], object]) -> Callable[[], object]:
        """Decorator: compute a result derived from the figures once per data version, kept in the same cache."""
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def cached():
            entry = self._entry()
            if name not in entry:
                entry[name] = function()
            return entry[name]

        return cached


def _import_declaring_modules() -> None:
    """Import every module of fastlege_calc (not its subpackages), so that every declaration is made."""
    import fastlege_calc

    for module in pkgutil.iter_modules(fastlege_calc.__path__):
        if not module.ispkg and not module.name.startswith("_"):
            importlib.import_module(f"fastlege_calc.{module.name}")


REGISTRY = Registry(discover=_import_declaring_modules)
#: The file (a path) in which the build's validation hands the book's figures over to the website's build
#: (Registry.hand_over); set by fastlege_book.build to a file in the build's cache, rewritten by every
#: validation that passes.
HANDOVER_ENV = "FASTLEGE_FIGURES_HANDOVER"


def handover_key() -> tuple[str, str, str, str]:
    """What the book's figures are a function of, as a key: data folder, data version, package source, build date.

    The package source is a SHA-256 over the bytes of every .py file of fastlege_calc (sorted by path),
    so figures computed by other code are never taken over; the build date (SOURCE_DATE_EPOCH) because
    phrases about the age of a statistic depend on it.
    """
    directory = data.data_dir()
    return (str(directory), data.data_version(directory), _package_digest(), os.environ.get("SOURCE_DATE_EPOCH", ""))


def _package_digest() -> str:
    """SHA-256 (hex) of fastlege_calc's Python source: each .py file's path and bytes, in path order."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


shown = REGISTRY.shown
shown_each = REGISTRY.shown_each
said = REGISTRY.said
derived = REGISTRY.derived


def prose_figures() -> dict[str, Shown]:
    """Every number available to the prose, by key, computed once per data version.

    DataError for data the figures cannot be computed from (or a data row whose key a declaration
    already uses); the formulas' ValueError naming the file for a row the book needs but lacks.
    """
    return REGISTRY.figures()


def substitutions() -> dict[str, str]:
    """The prose numbers as MyST substitutions: {{ key }} in any chapter gives the formatted text (digits)."""
    return {key: shown.text for key, shown in prose_figures().items()}


def phrases() -> dict[str, Said]:
    """Every generated phrase by key (words about time, order and comparison, computed from the data)."""
    return REGISTRY.phrases()


def texts() -> dict[str, str]:
    """Everything a chapter can write as {{ key }}, as the reader sees it: figures and phrases."""
    return substitutions() | {key: said.text for key, said in phrases().items()}


SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def usage(book_root: Path) -> dict[str, list[str]]:
    """Which pages show which figure: key → sorted page names ('book/finansiering'), from {{ key }}.

    A page showing a phrase shows the figures inside it too.
    """
    inside = {key: said.figures for key, said in phrases().items()}
    pages: dict[str, set[str]] = {}
    for folder in ("book", "notebooks"):
        for path in sorted((book_root / folder).rglob("*.md")):
            page = path.relative_to(book_root).with_suffix("").as_posix()
            for key in SUBSTITUTION.findall(path.read_text(encoding="utf-8")):
                for shown in (key, *inside.get(key, ())):
                    pages.setdefault(shown, set()).add(page)
    return {key: sorted(found) for key, found in pages.items()}


def records(book_root: Path) -> list[dict]:
    """Every figure the book can show, as plain records sorted by key: the machine-readable registry.

    Fields: key, value (a number, or a date as 'YYYY-MM-DD'), unit, text (as printed in tables, in
    digits), prose (as running text writes it: "fire", "15 millioner"), sources (source ids),
    description, pages.
    """
    used = usage(book_root)
    return [
        {
            "key": s.key,
            "value": s.value.isoformat() if isinstance(s.value, dt.date) else s.value,  # a period stays its text
            "unit": s.unit,
            "text": s.text,
            "prose": s.prose or s.text,
            "sources": list(s.sources),
            "description": s.description,
            "pages": used.get(s.key, []),
        }
        for s in sorted(prose_figures().values(), key=lambda s: s.key)
    ]
