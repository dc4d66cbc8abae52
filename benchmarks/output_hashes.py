"""Hash every output of every mode on every corpus: proof that a change kept behaviour.

    python benchmarks/output_hashes.py [--limit N] [--jobs N] [--corpus NAME ...]
                                       [--save FILE] [--compare FILE]

A refactor that must not change what cleaner outputs (issues 18 and 21) runs this before and
after. It cleans each page of dev-html, dev-text (inscriptis and lxml renderings), dragnet
html and text (both renderings) and the golden inputs, in each mode (default, `--accurate` on HTML only, `--fast`,
`--no-model`), in txt and json (json carries every block's verdict, stage and reason), the
way a user would (`cleaner.clean`, input kind detected, the page's URL where it is known).
It prints one sha256 per (corpus, mode, format) and one over all of them.

`--save FILE` writes every page's hash as JSON; `--compare FILE` (a file saved so) names
the pages whose output differs and exits 1 if any does. A page that raises a CleanerError
hashes its error's type and message, so a changed failure counts as a change too.
The per-page time limit is off: a slow, shared machine must not turn a page into a timeout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Options, clean  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
if not DEFAULT_SHARED.is_dir():  # a worktree under /work/wt/NAME: shared/ is two levels up
    DEFAULT_SHARED = ROOT.parent.parent / "shared"
HTML_MODES = ("default", "accurate", "fast", "no-model")
TEXT_MODES = ("default", "fast", "no-model")
FORMATS = ("txt", "json")
# Pages per task sent to a worker: large enough that the pickling round trip is small
# beside a cleaning (~20 ms), small enough that two workers finish close together.
CHUNK = 4


@dataclass(frozen=True)
class Task:
    """One page of one corpus, cleaned in one mode (both formats)."""

    corpus: str
    name: str
    path: str
    url: str | None
    mode: str


def options_for(mode: str, output_format: str) -> Options:
    """The Options a user's flags give for this mode, without a time limit."""
    return Options(
        output_format=output_format,  # type: ignore[arg-type]
        accurate=mode == "accurate",
        fast=mode == "fast",
        use_model=mode != "no-model",
        time_limit=0,
    )


def hash_task(task: Task) -> tuple[Task, dict[str, str]]:
    """The sha256 of the page's output in each format."""
    raw = Path(task.path).read_bytes()
    hashes = {}
    for output_format in FORMATS:
        try:
            output = clean(raw, url=task.url, options=options_for(task.mode, output_format))
        except CleanerError as error:
            output = f"error {type(error).__name__}: {error}"
        hashes[output_format] = hashlib.sha256(output.encode("utf-8")).hexdigest()
    return task, hashes


def dev_pages(shared: Path, corpus: str) -> Iterator[tuple[str, Path, str | None]]:
    """(name, path, url) of each page of dev-html or one dev-text rendering."""
    data = json.loads((shared / "benchmarks/dev-html/evaldata.json").read_text("utf-8"))
    for url, entry in data.items():
        name = entry["file"]
        if corpus == "dev-html":
            path = shared / "benchmarks/dev-html/cache" / name
            path = path if path.is_file() else shared / "benchmarks/dev-html/eval" / name
        else:
            path = shared / "benchmarks/dev-text" / corpus.removeprefix("dev-text-") / f"{name}.txt"
        if path.is_file():
            yield name, path, url.strip()


def golden_pages(suffix: str) -> Iterator[tuple[str, Path, str | None]]:
    """(name, path, url) of each golden case whose input ends in `suffix`."""
    for case in sorted((ROOT / "golden").iterdir()):
        path = case / f"input{suffix}"
        if path.is_file():
            meta = tomllib.loads((case / "meta.toml").read_text("utf-8"))
            yield case.name, path, meta.get("url") or None


def corpora(shared: Path) -> dict[str, tuple[tuple[str, ...], list[tuple[str, Path, str | None]]]]:
    """Each corpus: its modes and its pages."""
    dragnet = sorted((shared / "benchmarks/dragnet/html").glob("*.html"))
    dragnet_text: dict[str, list[tuple[str, Path, str | None]]] = {
        rendering: [(p.name, p, None) for p in sorted(folder.glob("*.txt"))]
        for rendering in ("inscriptis", "lxml")
        if (folder := shared / "benchmarks/dragnet/text" / rendering).is_dir()
    }
    return {
        "dev-html": (HTML_MODES, list(dev_pages(shared, "dev-html"))),
        "dev-text-inscriptis": (TEXT_MODES, list(dev_pages(shared, "dev-text-inscriptis"))),
        "dev-text-lxml": (TEXT_MODES, list(dev_pages(shared, "dev-text-lxml"))),
        "dragnet-html": (HTML_MODES, [(p.name, p, None) for p in dragnet]),
        "golden-html": (HTML_MODES, list(golden_pages(".html"))),
        "golden-text": (TEXT_MODES, list(golden_pages(".txt"))),
        **{f"dragnet-text-{name}": (TEXT_MODES, pages) for name, pages in dragnet_text.items()},
    }


def tasks(args: argparse.Namespace) -> list[Task]:
    """Every (page, mode) to clean, the slow modes first so the workers end together."""
    chosen = []
    for corpus, (modes, pages) in corpora(args.shared).items():
        if args.corpus and corpus not in args.corpus:
            continue
        for mode in modes:
            for name, path, url in pages[: args.limit]:
                chosen.append(Task(corpus, name, str(path), url, mode))
    chosen.sort(key=lambda task: task.mode != "accurate")
    return chosen


def run(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    """Per group "corpus mode format": {page name: sha256}."""
    todo = tasks(args)
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    with multiprocessing.Pool(args.jobs) as pool:
        for done, (task, hashes) in enumerate(pool.imap_unordered(hash_task, todo, CHUNK), 1):
            for output_format, digest in hashes.items():
                groups[f"{task.corpus} {task.mode} {output_format}"][task.name] = digest
            if done % 500 == 0:
                print(f"  {done}/{len(todo)} page-modes", file=sys.stderr, flush=True)
    return {group: dict(sorted(pages.items())) for group, pages in sorted(groups.items())}


def group_hash(pages: dict[str, str]) -> str:
    """One sha256 over a group's (page, hash) pairs in name order."""
    lines = "".join(f"{name}\t{digest}\n" for name, digest in sorted(pages.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def overall_hash(groups: dict[str, dict[str, str]]) -> str:
    """One sha256 over every group's hash."""
    lines = "".join(f"{group}\t{group_hash(pages)}\n" for group, pages in sorted(groups.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def compare(groups: dict[str, dict[str, str]], saved: dict[str, dict[str, str]]) -> int:
    """Print the pages whose hash differs from the saved run's; how many differ.

    Only the pages run now are compared (a run with --limit or --corpus checks a part);
    a page the saved run did not clean counts as differing.
    """
    differing = 0
    for group in sorted(groups):
        then = saved.get(group, {})
        for name, digest in sorted(groups[group].items()):
            if then.get(name) != digest:
                differing += 1
                print(f"DIFFERS {group}: {name}")
    left = sum(len(pages.keys() - groups.get(group, {}).keys()) for group, pages in saved.items())
    print(f"{differing} page outputs differ from the saved run ({left} saved ones not run now)")
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="at most N pages of each corpus")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--save", type=Path, help="write every page's hash to this JSON file")
    parser.add_argument("--compare", type=Path, help="name the pages that differ from this file")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    args = parser.parse_args()
    groups = run(args)
    for group, pages in groups.items():
        print(f"{group_hash(pages)}  {group} ({len(pages)} pages)")
    print(f"{overall_hash(groups)}  overall")
    if args.save:
        args.save.write_text(
            json.dumps({"overall": overall_hash(groups), "pages": groups}, indent=1)
        )
    if args.compare:
        saved = json.loads(args.compare.read_text("utf-8"))["pages"]
        return 1 if compare(groups, saved) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
