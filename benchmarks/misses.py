"""Where cleaner loses segments on the dev corpus, tallied by the reason of the decision.

    python benchmarks/misses.py [--corpus html|inscriptis|lxml] [--limit N] [--show REASON]

For every `with` segment missing from the output (a false negative) and every `without`
segment present (a false positive), find the block holding the segment's first words and
count the reason that block ended as it did (numbers folded to N). `--show` prints the
segments behind one reason, with their page, so a person can read what the signal did.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality import DEFAULT_SHARED, load_pages  # noqa: E402
from cleaner import Options  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.pipeline import clean_page  # noqa: E402


def squash(text: str) -> str:
    return " ".join(text.split())


def reason_key(reason: str) -> str:
    """The reason without the block's own words and numbers, so alike reasons add up."""
    reason = re.sub(r"\(alone: .*\)", "(alone: ...)", reason)
    reason = re.sub(r"'[^']*'|\"[^\"]*\"|<[^>]*>", "X", reason)
    return re.sub(r"\d+(\.\d+)?", "N", reason)[:90]


def holder(segment: str, blocks) -> str:
    """The reason of the block that holds the segment's start ('no block' when none)."""
    probe = squash(segment)[:40]
    for block in blocks:
        if probe and probe in squash(block.text):
            decision = block.decision
            return f"{decision.stage}: {reason_key(decision.reason)}" if decision else "none"
    return "no block holds it"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=["html", "inscriptis", "lxml"], default="html")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", help="print the segments lost to reasons starting with this")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    args = parser.parse_args()
    kind = "html" if args.corpus == "html" else "text"
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for url, raw, entry in load_pages(args.shared, args.corpus, args.limit):
        try:
            result = clean_page(raw, Options(input_kind=kind, url=url))  # type: ignore[arg-type]
        except CleanerError:
            continue
        text = squash(result.text)
        for segment in entry.get("with", []):
            if squash(segment) not in text:
                key = holder(segment, result.blocks)
                misses[key] += 1
                examples["FN " + key].append(f"{entry['file']}: {segment[:100]}")
        for segment in entry.get("without", []):
            if squash(segment) in text:
                key = holder(segment, result.blocks)
                extras[key] += 1
                examples["FP " + key].append(f"{entry['file']}: {segment[:100]}")
    for title, counter in (
        ("false negatives (lost article text)", misses),
        ("false positives (kept boilerplate)", extras),
    ):
        print(f"\n## {title}: {sum(counter.values())}")
        for key, count in counter.most_common(args.top):
            print(f"{count:5d}  {key}")
    if args.show:
        for key, lines in examples.items():
            if key[3:].startswith(args.show) or key.startswith(args.show):
                print(f"\n### {key}")
                print("\n".join(lines[:40]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
