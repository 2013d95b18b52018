"""vl-convert's drawings kept by content (fastlege_calc.charts.vlcache): a changed input is never served stale."""

from __future__ import annotations

import json
import subprocess
import sys

import vl_convert as vlc

from fastlege_calc.charts import vlcache

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"aar": "2019", "leger": 4800}, {"aar": "2024", "leger": 5400}]},
    "mark": "bar",
    "encoding": {"x": {"field": "aar", "type": "nominal"}, "y": {"field": "leger", "type": "quantitative"}},
}


class Counting:
    """Counts the calls that reach vl-convert itself."""

    def __init__(self, monkeypatch):
        self.calls: list[str] = []
        for name in ("vegalite_to_svg", "vegalite_to_vega", "vegalite_to_png"):
            real = getattr(vlc, name)

            def counted(*args, _real=real, _name=name, **options):
                self.calls.append(_name)
                return _real(*args, **options)

            monkeypatch.setattr(vlc, name, counted)


def test_a_second_build_draws_nothing_again_and_gets_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setenv(vlcache.CACHE_ENV, str(tmp_path / "cache"))
    counting = Counting(monkeypatch)
    spec = json.dumps(SPEC)
    first = [vlcache.convert(f, spec) for f in ("vegalite_to_svg", "vegalite_to_vega", "vegalite_to_png")]
    again = [vlcache.convert(f, spec) for f in ("vegalite_to_svg", "vegalite_to_vega", "vegalite_to_png")]
    assert counting.calls == ["vegalite_to_svg", "vegalite_to_vega", "vegalite_to_png"]  # the second round drew nothing
    assert again == first
    assert [type(x) for x in again] == [str, dict, bytes]  # what vl-convert itself returns
    assert again[0].startswith("<svg") and again[2].startswith(b"\x89PNG")


def test_a_changed_spec_or_option_is_drawn_anew(tmp_path, monkeypatch):
    monkeypatch.setenv(vlcache.CACHE_ENV, str(tmp_path / "cache"))
    counting = Counting(monkeypatch)
    before = vlcache.convert("vegalite_to_svg", json.dumps(SPEC))
    changed = json.loads(json.dumps(SPEC))
    changed["data"]["values"][1]["leger"] = 5500  # the next release's number
    after = vlcache.convert("vegalite_to_svg", json.dumps(changed))
    assert after != before and after == vlc.vegalite_to_svg(json.dumps(changed))
    locale = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}
    vlcache.convert("vegalite_to_svg", json.dumps(SPEC), format_locale=locale)
    assert counting.calls[:3] == ["vegalite_to_svg"] * 3


def test_the_key_names_everything_the_drawing_depends_on(monkeypatch):
    spec = json.dumps(SPEC)
    keys = {
        vlcache.key("vegalite_to_svg", spec),
        vlcache.key("vegalite_to_png", spec),
        vlcache.key("vegalite_to_svg", spec, scale=2),
        vlcache.key("vegalite_to_svg", spec.replace("4800", "4801")),
    }
    assert len(keys) == 4
    monkeypatch.setattr(vlc, "__version__", "0.0.0")  # another vl-convert
    assert vlcache.key("vegalite_to_svg", spec) not in keys


def test_outside_a_build_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(vlcache.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    counting = Counting(monkeypatch)
    vlcache.convert("vegalite_to_svg", json.dumps(SPEC))
    vlcache.convert("vegalite_to_svg", json.dumps(SPEC))
    assert counting.calls == ["vegalite_to_svg", "vegalite_to_svg"]
    assert list(tmp_path.iterdir()) == []


#: Makes the Vega bundle with an empty environment cache, then forks as Sphinx does for its page readers;
#: the child draws a chart. Exit code 0: the child drew it; the parent gives up after the timeout.
BUNDLE_THEN_FORK = """
import json, os, sys, time
from pathlib import Path
from fastlege_calc.charts import render, vlcache
vlcache.environment_cache = lambda: Path(sys.argv[1])
assert "vega" in render.javascript_bundle()
pid = os.fork()
if pid == 0:
    import vl_convert as vlc
    spec = {"data": {"values": [{"a": 1}]}, "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    vlc.vegalite_to_svg(json.dumps(spec))
    os._exit(0)
deadline = time.monotonic() + 40
while time.monotonic() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.exit(os.waitstatus_to_exitcode(status))
    time.sleep(0.1)
os.kill(pid, 9)
sys.exit("the forked process hung drawing a chart")
"""


def test_making_the_vega_bundle_leaves_forked_page_readers_able_to_draw(tmp_path):
    # vl-convert started in a process that then forks hangs in the children: the bundle is made in a
    # child process of its own (render._bundle_in_child), so Sphinx's parallel readers can draw.
    command = [sys.executable, "-c", BUNDLE_THEN_FORK, str(tmp_path / "env-cache")]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert list((tmp_path / "env-cache").glob("vl-convert-*-vega-bundle-*.js"))  # kept for the next build
