"""The command line a new user meets (issue 22): the package's name, progress and verbosity,
which files a walked folder gives, stdin with -o."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]

# 1. The name: `pip install cleaner` is an unrelated PyPI package (2018).


def test_the_distribution_has_its_own_name_and_the_readme_says_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    name = project["name"]
    assert name != "cleaner" and project["scripts"]["cleaner"] == "cleaner.cli:main"
    init = (ROOT / "cleaner" / "__init__.py").read_text("utf-8")
    assert f'version("{name}")' in init, "__version__ reads this distribution's metadata"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"`{name}`" in readme.split("## Three ways")[0], "Set-up names the distribution"
    for text in (readme, (ROOT / "cleaner" / "dask.py").read_text("utf-8")):
        for line in re.findall(r"pip install [^`\n]*", text):
            target = line.split()[-1].strip("'\"")
            assert not re.match(r"cleaner(\[|$)", target), f"installs the other package: {line}"
