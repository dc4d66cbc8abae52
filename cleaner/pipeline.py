"""THE core: one page through every stage, in the order of the design, nothing else.

Dispatch only: which mode, which stages, in order. Each stage is imported from its
package's entry points (cleaner.read, .siterules, .heuristics, .learned, .fast, .output).

load -> site rule -> blocks (html: prune + walk | text: lines) -> rule text directives
-> strong signals -> grades -> context smoothing -> main-content span -> structure -> headline
-> learned model (accurate mode, HTML: fed trafilatura's reading)
   [or, with no model or on a rule's page, accurate mode's rule-based second opinion]
-> [body-only mode: headline, standfirst, captions and bylines left out, on every road]

Fast mode, HTML: decode -> lexbor blocks, furniture pruned (fast/blocks) -> fast model.
Fast mode, scraped text: decode -> lines -> fast text model (fast/text).
A page a site rule matches takes the default road.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.fast import decide, read_fast, run_fast_text
from cleaner.heuristics import (
    drop_copies,
    grade,
    guess_language,
    keep_body_only,
    keep_short_post,
    main_span,
    mark_strong,
    refine,
    restore_headline,
    second_opinion,
    smooth,
    trafilatura_reading,
)
from cleaner.learned import relearn
from cleaner.options import DEFAULT_TUNING, Options, PruneTuning
from cleaner.output import finish, render_txt
from cleaner.page import Block, Page, Result
from cleaner.read import (
    Lexicon,
    detect_kind,
    html_blocks,
    load,
    load_lexicon,
    prune,
    text_blocks,
    to_text,
)
from cleaner.siterules import RuleSet, SiteRule, apply_text_rule, load_rules


def clean_page(
    page: str | bytes, options: Options, rules: RuleSet | None = None, blocks: bool = True
) -> Result:
    """Load one page and run it through the pipeline.

    blocks=False: the caller wants the text alone, so fast mode skips building reasons
    (on scraped text, its blocks too); the text is the same. The default and accurate
    modes build their blocks and reasons on the way to the text.
    """
    if rules is None:
        rules = load_rules(options.rules_dirs) if options.use_rules else None
    if options.fast:
        page = to_text(page, options.max_bytes)
        kind = options.input_kind if options.input_kind != "auto" else detect_kind(page)
        fast = (
            run_fast(page, options, rules, blocks)
            if kind == "html"
            else run_fast_scrape(page, options, rules, blocks)
        )
        if fast is not None:
            return finish(fast, page if kind == "html" else "", options, blocks)
    loaded = load(page, options)
    rule = rules.rule_for(loaded) if rules is not None and options.use_rules else None
    return finish(run(loaded, options, rule, explain=blocks), loaded.html, options, blocks)


def run_fast(
    html: str, options: Options, rules: RuleSet | None, blocks: bool = True
) -> Result | None:
    """Fast mode on decoded HTML; None when a site rule matches (the default road then)."""
    lexicon = load_lexicon()
    page = read_fast(html, lexicon, options.max_elements, options.body_only, options.tuning.prune)
    url = options.url or page.url
    if rules is not None and options.use_rules:
        seen = " ".join(block.text for block in page.blocks) if rules.by_fingerprint else ""
        text = rules.fingerprint_text(None, seen)
        if rules.match(Page(kind="text", url=url, text=text)) is not None:
            return None
    # the language as run() guesses it; skipped when only the text is wanted (1-2 ms)
    language = options.language or (guess_language(page.blocks, lexicon) if blocks else None)
    decided = decide(page.blocks, page.title, lexicon, explain=blocks)
    decided = restore_headline(decided, page.title, options.tuning)  # GOLDEN.md keeps it
    result = Result(
        text="",
        blocks=tuple(decided),
        title=page.title,
        url=url,
        kind="html",
        language=language,
        notes=page.notes,
    )
    result = replace(result, text=render_txt(result.kept))
    if options.body_only:
        return keep_body_only(result, page.description, lexicon, options.tuning)
    return result


def run_fast_scrape(
    text: str, options: Options, rules: RuleSet | None, blocks: bool = True
) -> Result | None:
    """Fast mode on scraped text; None when a site rule matches (the default road then)."""
    if rules is not None and options.use_rules:
        if rules.rule_for(Page(kind="text", url=options.url, text=text)) is not None:
            return None
    if not options.body_only:
        return run_fast_text(text, options.url, load_lexicon(), explain=blocks)
    result = run_fast_text(text, options.url, load_lexicon(), explain=True)  # needs the blocks
    return keep_body_only(result, "", load_lexicon(), options.tuning)


def run(page: Page, options: Options, rule: SiteRule | None, explain: bool = True) -> Result:
    """Every stage in order; each returns a new list of blocks.

    explain=False: the caller wants the text alone; the learned stage's reasons then give
    its odds but not the features behind them (the text is the same).
    """
    tuning = options.tuning
    lexicon = load_lexicon()
    blocks, notes = read_blocks(page, rule, lexicon, tuning.prune)
    blocks, bounded = apply_text_rule(blocks, rule)
    language = options.language or guess_language(blocks, lexicon)
    blocks = mark_strong(blocks, lexicon, tuning)
    blocks = grade(blocks, lexicon, language, tuning)
    blocks = smooth(blocks, tuning)
    if not bounded:
        blocks = refine(main_span(blocks, tuning, page.title), tuning)
        blocks = restore_headline(blocks, page.title, tuning)
        blocks = drop_copies(keep_short_post(blocks, page.title, tuning), tuning)
        has_rule = rule is not None
        blocks = decide_again(blocks, page, options, has_rule, lexicon, language, explain)
    result = Result(
        text="",
        blocks=tuple(blocks),
        title=page.title,
        url=page.url,
        kind=page.kind,
        rule=rule.name if rule else None,
        language=language,
        notes=notes,
    )
    result = replace(result, text=render_txt(result.kept))
    if options.body_only:
        return keep_body_only(result, page.description, lexicon, tuning)
    return result


def decide_again(  # noqa: PLR0913 (run's locals that the learned stage reads)
    blocks: list[Block],
    page: Page,
    options: Options,
    has_rule: bool,
    lexicon: Lexicon,
    language: str | None,
    explain: bool = True,
) -> list[Block]:
    """The learned stage, fed trafilatura's reading in accurate mode.

    Pages a site rule matched skip the model: their rule was written and tested against
    the heuristics' output. There, and with `use_model=False`, accurate mode falls back on
    the rule-based second opinion.
    """
    accurate = options.accurate and bool(page.html)
    if options.use_model and not has_rule:
        reading = trafilatura_reading(page.html, page.url) if accurate else None
        learned = options.tuning.learned
        return relearn(blocks, page.kind, lexicon, language, reading, explain, learned, page.title)
    return second_opinion(blocks, page.html, page.url) if accurate else blocks


def build_blocks(
    page: Page, rule: SiteRule | None, lexicon: Lexicon, tuning: PruneTuning = DEFAULT_TUNING.prune
) -> list[Block]:
    """The page as blocks: pruned DOM walk for HTML, lines for scraped text."""
    return read_blocks(page, rule, lexicon, tuning)[0]


def read_blocks(
    page: Page, rule: SiteRule | None, lexicon: Lexicon, tuning: PruneTuning = DEFAULT_TUNING.prune
) -> tuple[list[Block], tuple[str, ...]]:
    """The page's blocks, and the notes of pruning marks lifted after all."""
    if page.kind == "text" or page.tree is None:
        return text_blocks(page.text), ()
    body = page.tree.find("body")
    root = body if body is not None else page.tree
    pruned = prune(page.tree, rule, lexicon, tuning)
    merge_pruned = rule is None or not rule.reads_lines  # text directives read every line
    blocks = html_blocks(root, pruned.marks, pruned, merge_pruned, tuning)
    return blocks, pruned.notes
