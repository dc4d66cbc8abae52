"""Blocks and their decisions -> a readable table: what was kept, what was dropped, and why."""

from __future__ import annotations

from cleaner.page import Result

PREVIEW = 70


def explain(result: Result, only: str | None = None) -> str:
    """One line per block: index, KEEP/drop, stage, reason, and the start of its text.

    When context smoothing changed a verdict, the first-pass verdict is shown beside it.
    """
    header = [
        f"page: {result.kind}  url: {result.url or '-'}  language: {result.language or '?'}"
        f"  rule: {result.rule or '-'}",
        f"title: {result.title or '-'}",
        *(f"note: {note}" for note in result.notes),
        *([f"skipped: {result.skipped}: no text is output"] if result.skipped else []),
        f"{len(result.kept)} of {len(result.blocks)} blocks kept",
        "",
    ]
    lines = []
    for block in result.blocks:
        if only == "kept" and not block.kept or only == "dropped" and block.kept:
            continue
        decision = block.decision
        verdict = "KEEP" if block.kept else "drop"
        stage = decision.stage if decision else "-"
        reason = decision.reason if decision else "undecided"
        if block.first and decision and block.first.keep != decision.keep and stage == "smoothing":
            reason += f" (first pass: {'keep' if block.first.keep else 'drop'})"
        text = " ".join(block.text.split())
        preview = text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
        lines.append(f"{block.index:4d} {verdict} [{stage}] {reason}\n       | {preview}")
    return "\n".join(header + lines) + "\n"
