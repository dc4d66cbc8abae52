"""Apply a site rule's text directives to blocks: article markers, drops, keeps, sections.

They work on blocks, so the same directives serve scraped text and HTML. Decisions made
here are final, except the "inside the markers" keep, which still lets the strong generic
signals remove furniture (share bars, bylines) that sits between the markers.
"""

from __future__ import annotations

from cleaner.page import Block, BlockKind, Decision, Verdict, revise
from cleaner.reasons import Cause, values
from cleaner.siterules.load import Pattern, Section, SiteRule

STAGE = "rule"


def apply_text_rule(blocks: list[Block], rule: SiteRule | None) -> tuple[list[Block], bool]:
    """Blocks with the rule's decisions, and whether the rule's markers bound the article."""
    if rule is None:
        return blocks, False
    bounds = _bounds(blocks, rule)
    decided = []
    for block in blocks:
        decision = _decision(block, rule, bounds)
        decided.append(revise(block, decision=decision) if decision else block)
    decided = _drop_sections(decided, rule)
    return decided, bounds is not None


def _bounds(blocks: list[Block], rule: SiteRule) -> tuple[int, int] | None:
    """(first, last) article block by the rule's start and end markers, when it has some."""
    if not (rule.start_at or rule.start_after or rule.end_before or rule.end_after):
        return None
    start = 0
    for block in blocks:
        if _first_match(rule.start_at, block.text):
            start = block.index
            break
        if _first_match(rule.start_after, block.text):
            start = block.index + 1
            break
    end = len(blocks) - 1
    for block in blocks[start + 1 :]:
        if _first_match(rule.end_before, block.text):
            end = block.index - 1
            break
        if _first_match(rule.end_after, block.text):
            end = block.index
            break
    return start, end


def _first_match(patterns: tuple[Pattern, ...], text: str) -> Pattern | None:
    return next((p for p in patterns if p.matches(text)), None)


def _decision(block: Block, rule: SiteRule, bounds: tuple[int, int] | None) -> Decision | None:
    """The rule's verdict on one block, or None to leave it to the generic heuristics."""
    if block.is_final:
        return block.decision
    keep = _first_match(rule.keep, block.text)
    if keep:
        says = values(rule=rule.name, says=keep.reason)
        return Decision(Verdict.KEEP, STAGE, Cause.RULE, says, final=True)
    drop = _first_match(rule.drop, block.text)
    if drop:
        says = values(rule=rule.name, says=drop.reason)
        return Decision(Verdict.DROP, STAGE, Cause.RULE, says, final=True)
    if bounds is None:
        return None
    if block.index < bounds[0] or block.index > bounds[1]:
        where = "before the start" if block.index < bounds[0] else "after the end"
        marker = values(rule=rule.name, where=where)
        return Decision(Verdict.DROP, STAGE, Cause.RULE_MARKER, marker, final=True)
    if block.decision is not None:
        return block.decision
    return Decision(Verdict.KEEP, STAGE, Cause.RULE_INSIDE_MARKERS, values(rule=rule.name))


def _drop_sections(blocks: list[Block], rule: SiteRule) -> list[Block]:
    """Drop each stretch from a section's start pattern to its end (or natural break)."""
    result = list(blocks)
    for section in rule.drop_sections:
        open_at: int | None = None
        for i, block in enumerate(result):
            if open_at is None:
                if section.start.matches(block.text):
                    open_at = i
                else:
                    continue
            elif _section_ends(section, block):
                open_at = None
                continue
            says = values(rule=rule.name, says=section.reason)
            dropped = Decision(Verdict.DROP, STAGE, Cause.RULE, says, final=True)
            result[i] = revise(block, decision=dropped)
    return result


def _section_ends(section: Section, block: Block) -> bool:
    """A section ends at its end pattern; without one, at a blank line or a heading."""
    if section.end is not None:
        return section.end.matches(block.text)
    if block.source == "text":
        return block.blank_before
    return block.kind is BlockKind.HEADING
