"""Whether the virtual environment belongs to this project folder: `python3 scripts/venv_home.py .venv`.

A virtual environment records absolute paths: its scripts start with `#!<folder>/.venv/bin/python`
and the editable install of fastlege_calc points at the folder it was installed from. In a copied
or moved project folder (`cp -a fastlegeordningen scenario`) these still name the original folder,
so `pip` would install into the original's environment and a Python started outside the folder
would import the original's package and read the original's data. The Makefile runs this check
before it sets up the environment and makes the environment again when it belongs elsewhere.

Standard library only: it runs with the system's Python, before the environment can be trusted.
Exit code 0 when the environment is this folder's (or does not exist yet), 1 with one line naming
the folder it belongs to otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

#: The project's distribution, as pip records it in site-packages (pyproject.toml: project.name).
DISTRIBUTION = "fastlege_calc"


def script_interpreters(venv: Path) -> dict[str, Path]:
    """The interpreter each text script in venv/bin starts with (its #! line), by script name."""
    found = {}
    for script in sorted((venv / "bin").glob("*")):
        if not script.is_file() or script.is_symlink():
            continue
        with script.open("rb") as handle:
            first = handle.readline(4096)
        if first.startswith(b"#!") and b"python" in first:
            found[script.name] = Path(first[2:].decode("utf-8", "replace").strip().split()[0])
    return found


def editable_folders(venv: Path) -> list[Path]:
    """The folders the project's editable install points at (direct_url.json of its dist-info)."""
    found = []
    for record in sorted(venv.glob(f"lib/python*/site-packages/{DISTRIBUTION}-*.dist-info/direct_url.json")):
        url = json.loads(record.read_text(encoding="utf-8")).get("url", "")
        if url.startswith("file:"):
            found.append(Path(unquote(urlparse(url).path)))
    return found


def foreign_paths(venv: Path, folder: Path) -> list[str]:
    """What in `venv` names another place than `venv` and `folder`: 'bin/pip runs /old/.venv/bin/python3'.

    Empty when the environment is the folder's own, or when there is no environment yet.
    """
    venv, folder = venv.absolute(), folder.absolute()
    editable = [place for place in editable_folders(venv) if place != folder]
    found = [f"the editable install of {DISTRIBUTION} is {place}" for place in editable]
    found += [
        f"bin/{name} runs {interpreter}"
        for name, interpreter in script_interpreters(venv).items()
        if interpreter.parent != venv / "bin"
    ]
    return found


def main(argv: list[str]) -> int:
    """Check the environment named by argv[0] (default .venv) against the current folder; the exit code."""
    venv = Path(argv[0] if argv else ".venv")
    found = foreign_paths(venv, Path.cwd())
    if not found:
        return 0
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    print(f"setup: {venv} was made for another folder: {found[0]}{more}; making it again for {Path.cwd()}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
