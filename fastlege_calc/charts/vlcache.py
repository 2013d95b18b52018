"""vl-convert's drawings kept on disk by content, so a rebuild draws only the charts whose spec changed.

vl-convert is a pure function of its input: the same function of the same vl-convert version on the
same spec and options gives the same bytes. `convert` calls it and, when the book build names a cache
folder (CACHE_ENV, set by fastlege_book.build to the build's cache), keeps the result there under a
SHA-256 of everything the result depends on: the function's name, vl-convert's version, the arguments
and the options. A changed spec, locale or version is a different key, so the cache can never serve a
stale drawing; outside a build (tests, the command line) nothing is kept.

The Vega bundle the website loads (fastlege_calc.charts.render.javascript_bundle) depends on
vl-convert's version alone: `environment_cache()` keeps it with the installed packages, so a clean
build (an emptied _build) does not spend its three seconds on it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

import vl_convert as vlc

#: The folder the book build keeps vl-convert's results in (unset: nothing is kept).
CACHE_ENV = "FASTLEGE_CHART_CACHE"


def key(function: str, *args, **options) -> str:
    """The cache key of a call: SHA-256 (hex) of the function name, vl-convert's version, arguments and options."""
    material = json.dumps([function, vlc.__version__, args, options], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _folder() -> Path | None:
    """The cache folder the build named, or None."""
    named = os.environ.get(CACHE_ENV)
    return Path(named) if named else None


def _store(path: Path, content: bytes) -> None:
    """Write a cache file atomically (two build processes may draw the same chart at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(tmp, path)


def cached(folder: Path | None, name: str, make) -> bytes:
    """The bytes in folder/name, or make() written there first; make() alone when folder is None.

    A hit's modification time is renewed, so fastlege_book.build can drop entries no build used for a while.
    """
    if folder is None:
        return make()
    path = folder / name
    try:
        content = path.read_bytes()
        os.utime(path)
        return content
    except OSError:
        content = make()
        try:
            _store(path, content)
        except OSError:  # a read-only or full disk: the drawing is still right, only not kept
            pass
        return content


#: The first byte of a cache file says what vl-convert returned: bytes (PNG), text (SVG) or JSON (a Vega spec).
_BYTES, _TEXT, _JSON = b"B", b"S", b"J"


def _encode(result) -> bytes:
    if isinstance(result, bytes):
        return _BYTES + result
    if isinstance(result, str):
        return _TEXT + result.encode("utf-8")
    return _JSON + json.dumps(result, ensure_ascii=False).encode("utf-8")


def _decode(content: bytes):
    kind, body = content[:1], content[1:]
    if kind == _BYTES:
        return body
    if kind == _TEXT:
        return body.decode("utf-8")
    return json.loads(body)


def convert(function: str, *args, **options):
    """vl_convert.<function>(*args, **options), the same type as vl-convert returns, kept by content in the cache.

    Raises what vl-convert raises (ValueError or RuntimeError with its JavaScript message); a failed
    call is not kept.
    """
    call = getattr(vlc, function)
    return _decode(cached(_folder(), key(function, *args, **options), lambda: _encode(call(*args, **options))))


def environment_cache() -> Path:
    """The folder for files that depend on the installed packages only: share/fastlegeordningen in the environment."""
    return Path(sys.prefix) / "share" / "fastlegeordningen"
