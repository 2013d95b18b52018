"""A copied or moved project folder gets its own environment (scripts/venv_home.py and the Makefile's setup).

The environments here are small stand-ins with what a real one records of its folder: a script's #!
line and the editable install's direct_url.json. The real build in a copy is tested in
tests/extension/test_copied_folder.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

SPEC = importlib.util.spec_from_file_location("venv_home", ROOT / "scripts" / "venv_home.py")
venv_home = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(venv_home)

#: What the Makefile's setup needs to be read (`make -n`), besides the environment.
PROJECT_FILES = ("Makefile", "requirements.lock", "pyproject.toml", "scripts/venv_home.py")


def project_with_environment(folder: Path) -> Path:
    """A project folder with the Makefile and a stand-in .venv made in it (pip's #! line, the editable install)."""
    for name in PROJECT_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "pip").write_text(f"#!{bin_dir / 'python'}\nimport pip\n", encoding="utf-8")
    dist_info = folder / ".venv" / "lib" / "python3.11" / "site-packages" / "fastlege_calc-0.1.0.dist-info"
    dist_info.mkdir(parents=True)
    url = {"dir_info": {"editable": True}, "url": folder.absolute().as_uri()}
    (dist_info / "direct_url.json").write_text(json.dumps(url), encoding="utf-8")
    return folder


def make(folder: Path, *args: str) -> str:
    """`make ARGS` in the folder, as a person runs it (not inside the make running the tests); its output."""
    # Not the make running the tests, nor its SKIP_SETUP=1 (make test-fast SKIP_SETUP=1 runs this too).
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "SKIP_SETUP"}
    env = {k: v for k, v in os.environ.items() if k not in outer}
    command = ["make", "--no-print-directory", *args]
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def set_up(folder: Path) -> None:
    """Mark the stand-in environment set up, as the Makefile's setup does when it succeeds (its stamp)."""
    stamp = make(folder, "-s", "--eval", "print-stamp: ; @echo $(STAMP)", "print-stamp").strip()
    (folder / stamp).touch()


def test_an_environment_made_in_its_folder_is_its_own(tmp_path):
    original = project_with_environment(tmp_path / "fastlegeordningen")
    assert venv_home.foreign_paths(original / ".venv", original) == []
    assert venv_home.foreign_paths(tmp_path / "none" / ".venv", tmp_path / "none") == []  # none yet: nothing to redo


@pytest.mark.parametrize("how", ["copied", "moved"])
def test_an_environment_copied_or_moved_with_its_folder_names_the_folder_it_was_made_in(tmp_path, how):
    original = project_with_environment(tmp_path / "fastlegeordningen")
    other = tmp_path / "scenario"
    if how == "copied":
        shutil.copytree(original, other, symlinks=True)  # cp -a
    else:
        original.rename(other)
    found = venv_home.foreign_paths(other / ".venv", other)
    assert found == [
        f"the editable install of fastlege_calc is {original}",
        f"bin/pip runs {original}/.venv/bin/python",
    ]
    result = subprocess.run(
        [sys.executable, "scripts/venv_home.py", ".venv"], cwd=other, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stdout.strip() == (
        f"setup: .venv was made for another folder: the editable install of fastlege_calc is {original} "
        f"(and 1 more); making it again for {other}"
    )


def test_make_sets_up_a_copied_folder_again_and_leaves_the_original_as_it_is(tmp_path):
    original = project_with_environment(tmp_path / "fastlegeordningen")
    set_up(original)
    assert "pip install" not in make(original, "-n", "validate")  # set up: make validates at once
    copy = tmp_path / "scenario"
    shutil.copytree(original, copy, symlinks=True)  # cp -a, the original's stamp included
    planned = make(copy, "-n", "validate").splitlines()
    assert planned[0] == "python3 scripts/venv_home.py .venv || rm -rf .venv"  # made again when it is the original's
    assert ".venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e ." in planned
    assert planned[-1] == ".venv/bin/python -m fastlege_calc validate"
    assert "pip install" not in make(original, "-n", "validate")
