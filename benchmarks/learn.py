"""Does a rule learned from a site's pages clean its other pages better? Before and after.

    python benchmarks/learn.py [--sites tests/fixtures/sites]

For every site folder (pages/*.html, scraped/*.txt, heldout.txt, expected/<stem>.html.txt
and expected/<stem>.txt.txt, all cut by hand): learn a rule from the pages not held out,
then clean each held-out page with the generic heuristics alone and with the learned
rule, and score both against the hand-cut text (token P/R/F1). HTML and scraped text are
learned and scored separately.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Options, clean  # noqa: E402
from cleaner.output.evaluate import token_score  # noqa: E402
from cleaner.siterules.draft import draft_rule, learn, learn_markers  # noqa: E402
from cleaner.siterules.draft_root import learn_root  # noqa: E402


@dataclass
class SiteScore:
    site: str
    kind: str
    proposals: int
    before: float
    after: float
    pages: int


def site_scores(folder: Path, kind: str) -> SiteScore:
    heldout = set(folder.joinpath("heldout.txt").read_text().split())
    source, suffix = ("pages", ".html") if kind == "html" else ("scraped", ".txt")
    pages = sorted((folder / source).glob(f"*{suffix}"))
    training: list[bytes | str] = [p.read_bytes() for p in pages if p.stem not in heldout]
    domain = f"{folder.name}.invalid"
    options = Options(input_kind=kind)  # type: ignore[arg-type]
    proposals = learn(training, options)
    markers = learn_markers(training, options)
    root = learn_root(training, options)
    befores, afters = [], []
    with tempfile.TemporaryDirectory() as rules:
        Path(rules, f"{domain}.toml").write_text(
            draft_rule(domain, proposals, markers, root), encoding="utf-8"
        )
        with_rule = Options(input_kind=kind, rules_dirs=(Path(rules),))  # type: ignore[arg-type]
        for page in (p for p in pages if p.stem in heldout):
            expected = (folder / "expected" / f"{page.stem}{suffix}.txt").read_text("utf-8")
            url = f"https://{domain}/{page.stem}"
            befores.append(
                token_score(expected, clean(page.read_bytes(), url=url, options=options)).f1
            )
            afters.append(
                token_score(expected, clean(page.read_bytes(), url=url, options=with_rule)).f1
            )
    return SiteScore(
        folder.name,
        kind,
        len(proposals) + len(markers) + (root is not None),
        sum(befores) / len(befores),
        sum(afters) / len(afters),
        len(befores),
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=Path, default=ROOT / "tests" / "fixtures" / "sites")
    args = parser.parse_args()
    print(
        "| site | input | learned directives | held-out pages | F1 generic | F1 with learned rule |"
    )
    print("|---|---|---|---|---|---|")
    for folder in sorted(p for p in args.sites.iterdir() if (p / "heldout.txt").is_file()):
        for kind in ("html", "text"):
            s = site_scores(folder, kind)
            print(
                f"| {s.site} | {s.kind} | {s.proposals} | {s.pages} | {s.before:.3f} | {s.after:.3f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
