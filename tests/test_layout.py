"""Imports run one way: cli -> (batch, api) -> pipeline -> stages -> the data model.

STYLE.md 3.1 and issue 21: the package's shape shows the pipeline, and a module never
reaches up (a stage into the pipeline, the data model into a stage) or sideways into a
stage it was not meant to know. The layers and the stages' allowed uses of each other are
data below, each with its reason; every import of every module in cleaner/ is read with
`ast` (those under `if TYPE_CHECKING:` and inside functions too: a type-only import is
still a dependency a reader must follow) and checked against them.

Cycles broken to reach this shape (commit "Cut the three import cycles"): pruning (read)
asked the heuristics whether a head names comments, so `heads_comments` moved to
read/lexicon.py; Result's Metadata class moved from read/metadata.py to page.py; and fast
text mode's line features, which the learned text model reads too, moved from
fast/text.py to learned/line_features.py, since fast mode builds on the learned stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cleaner"

# The layers, lowest first. A module may import any module of a lower layer; within its
# own layer, only its own package (cleaner.X.*), or what SAME_LAYER / STAGE_USES allow. An entry covers
# the module of that name and everything under it; "cleaner" is the package itself only.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("data model", ("cleaner.page", "cleaner.reasons", "cleaner.options", "cleaner.errors")),
    (
        "stages",
        (
            "cleaner.read",
            "cleaner.output",
            "cleaner.heuristics",
            "cleaner.learned",
            "cleaner.fast",
            "cleaner.siterules",
        ),
    ),
    ("pipeline", ("cleaner.pipeline",)),
    ("batch", ("cleaner.batch",)),
    ("api", ("cleaner.api",)),
    (
        # built on the whole cleaner: the public surface, the engine adapters, and the
        # site-rule tools that run the pipeline or the API on pages (rule tests, drafts)
        "surface and tools",
        (
            "cleaner",
            "cleaner.dask",
            "cleaner.datatrove",
            "cleaner.siterules.checks",
            "cleaner.siterules.draft",
            "cleaner.siterules.draft_root",
            "cleaner.siterules.ftr",
        ),
    ),
    ("cli", ("cleaner.cli",)),
    ("python -m cleaner", ("cleaner.__main__",)),
)

# Imports inside the data-model layer, each (importer, imported): why.
SAME_LAYER: dict[tuple[str, str], str] = {
    ("cleaner.page", "cleaner.reasons"): "Decision.reason is worded from its Cause",
    ("cleaner.reasons", "cleaner.page"): "type only: a page note quotes the Decision it lifts",
    ("cleaner.options", "cleaner.errors"): "a bad option raises OptionsError",
}

# Which stage packages a stage package may import, each with why. No cycles (checked).
STAGE_USES: dict[str, dict[str, str]] = {
    "cleaner.read": {},
    "cleaner.output": {
        "cleaner.read": "Markdown walks the page's HTML again; extras report its language "
        "and metadata",
    },
    "cleaner.heuristics": {
        "cleaner.read": "the blocks, their facts and the lexicon",
        "cleaner.output": "body-only mode renders the text it shortens (render_txt)",
    },
    "cleaner.learned": {
        "cleaner.read": "block facts and the lexicon are features",
        "cleaner.heuristics": "the heuristics' verdicts and signals are features; accurate "
        "mode's trafilatura reading",
    },
    "cleaner.fast": {
        "cleaner.read": "the same block facts, parse and pruning words as the default mode",
        "cleaner.heuristics": "the signals' patterns and page signals",
        "cleaner.learned": "the tree-model interface, feature helpers and line features",
    },
    "cleaner.siterules": {
        "cleaner.read": "a rule's selectors read an element's text (dom.text_of)",
    },
}

# Single imports against STAGE_USES, each (importer, imported): why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("cleaner.read.html_prune", "cleaner.siterules.load"): "type only: pruning applies the "
    "page's rule's HTML directives as marks, so its signature names SiteRule",
}


def module_name(path: Path) -> str:
    """cleaner/read/loader.py -> cleaner.read.loader; a package's __init__ -> its name."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, source: str) -> list[tuple[int, str]]:
    """Every cleaner module the source imports, with its line; `from p import m` names p.m."""
    package = name if MODULES.get(name, Path()).name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the importer's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else base))
    return sorted({(line, target) for line, target in found if target.split(".")[0] == "cleaner"})


def place(name: str) -> tuple[int, str]:
    """The module's layer (its rank, lowest 0) and the entry of LAYERS that covers it."""
    best: tuple[int, str] | None = None
    for rank, (_, entries) in enumerate(LAYERS):
        for entry in entries:
            covers = name == entry or (entry != "cleaner" and name.startswith(entry + "."))
            if covers and (best is None or len(entry) > len(best[1])):
                best = (rank, entry)
    if best is None:
        raise LookupError(f"{name} is in no layer: add it to LAYERS in tests/test_layout.py")
    return best


def stage_package(name: str) -> str:
    """The stage package a module of the stages layer belongs to (cleaner.read, ...)."""
    return ".".join(name.split(".")[:2])


def violation(importer: str, imported: str) -> str | None:
    """Why this import runs against the layers, or None when it is allowed."""
    (low, entry), (high, target) = place(importer), place(imported)
    if (importer, imported) in EXCEPTIONS or high < low:
        return _through_entry_points(importer, imported, low)
    if high > low:
        return f"imports upward: {LAYERS[low][0]} -> {LAYERS[high][0]}"
    if LAYERS[low][0] == "data model":
        return None if (importer, imported) in SAME_LAYER else "not in SAME_LAYER"
    if LAYERS[low][0] != "stages":
        same = entry == target or stage_package(importer) == stage_package(imported)
        return None if same else "sideways within a layer"
    mine, theirs = stage_package(importer), stage_package(imported)
    if mine != theirs and theirs not in STAGE_USES[mine]:
        return f"{mine} may not use {theirs} (STAGE_USES)"
    return _through_entry_points(importer, imported, low)


def _through_entry_points(importer: str, imported: str, rank: int) -> str | None:
    """Stages import the module that defines a name; the pipeline, only package entries.

    A stage importing a stage package's __init__ would run the whole package on import,
    which can close a cycle; the pipeline names stages by their entry points alone.
    """
    stages = next(rank for rank, (title, _) in enumerate(LAYERS) if title == "stages")
    if place(imported)[0] != stages:
        return None
    is_entry = imported == stage_package(imported)
    if rank == stages and is_entry:
        return "a stage imports a stage package's entry points: import the defining module"
    if importer == "cleaner.pipeline" and not is_entry:
        return "the pipeline imports only the stage packages' entry points"
    return None


def all_violations() -> list[str]:
    """Every import in cleaner/ against the layers, as 'module:line imports target: why'."""
    found = []
    for name, path in MODULES.items():
        for line, target in imports_of(name, path.read_text("utf-8")):
            why = violation(name, target)
            if why is not None:
                found.append(f"{name}:{line} imports {target}: {why}")
    return found


def test_imports_run_one_way() -> None:
    assert all_violations() == []


def test_every_module_has_a_layer() -> None:
    unplaced = []
    for name in MODULES:
        try:
            place(name)
        except LookupError as error:
            unplaced.append(str(error))
    assert unplaced == []
    assert set(STAGE_USES) == set(LAYERS[1][1]), "every stage package says what it may use"


def test_the_allowed_stage_uses_have_no_cycle() -> None:
    done: set[str] = set()

    def visit(package: str, path: tuple[str, ...]) -> None:
        assert package not in path, f"cycle: {' -> '.join((*path, package))}"
        if package not in done:
            for used in STAGE_USES[package]:
                visit(used, (*path, package))
            done.add(package)

    for package in STAGE_USES:
        visit(package, ())


def test_every_listed_exception_is_still_needed() -> None:
    used = {
        (name, target)
        for name, path in MODULES.items()
        for _, target in imports_of(name, path.read_text("utf-8"))
    }
    assert set(EXCEPTIONS) | set(SAME_LAYER) <= used, "drop the entries no import needs"


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cleaner.read.loader", "cleaner.pipeline"),  # a stage reaching up
        ("cleaner.page", "cleaner.read.metadata"),  # the data model into a stage
        ("cleaner.read.html_prune", "cleaner.heuristics.signals"),  # read into a later stage
        ("cleaner.learned.features", "cleaner.fast.text"),  # the cycle that was cut
        ("cleaner.heuristics.span", "cleaner.read"),  # a stage through an entry point
        ("cleaner.pipeline", "cleaner.read.loader"),  # the pipeline past an entry point
        ("cleaner.batch.runner", "cleaner.api"),  # batch above the api
        ("cleaner.api", "cleaner.cli.commands"),  # anything into the CLI
    ],
)
def test_a_wrong_way_import_is_caught(importer: str, imported: str) -> None:
    assert violation(importer, imported) is not None


def test_the_scan_reads_every_form_of_import() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import cleaner.pipeline\n"
        "from cleaner import reasons\n"
        "from cleaner.read.lexicon import Lexicon\n"
        "if TYPE_CHECKING:\n"
        "    from cleaner.siterules.load import SiteRule\n"
        "def f() -> None:\n"
        "    from . import dom\n"
    )
    assert imports_of("cleaner.read.hygiene", source) == [
        (2, "cleaner.pipeline"),
        (3, "cleaner.reasons"),
        (4, "cleaner.read.lexicon"),
        (6, "cleaner.siterules.load"),
        (8, "cleaner.read.dom"),
    ]
