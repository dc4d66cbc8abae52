"""Every knob of the cleaner in one frozen object, passed explicitly to each stage.

`Options` holds what a user chooses (CLI flags and keyword arguments are its twins);
`Tuning` holds the calibrated numbers of the heuristics, each with where it came from.
Nothing here is read at import time and nothing is mutable, so both pickle into workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

from cleaner.errors import OptionsError

Format = Literal["txt", "markdown", "json"]
InputKind = Literal["auto", "html", "text"]
FORMATS = ("txt", "markdown", "json")
INPUT_KINDS = ("auto", "html", "text")


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _non_negative(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _language_code(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.isalpha() and len(value) in (2, 3))


@dataclass(frozen=True, slots=True)
class LearnedTuning:
    """Calibrated numbers of the learned stage (cleaner/learned/stage.py) around its model.

    benchmarks/train_model.py measures the models with these values: change them only
    with a cross-validated run of it.
    """

    # The model's own threshold (0.5) holds inside the kept stretch; at its edges it needs
    # clearer odds to overrule, because there the two kinds of truth we measure by disagree.
    # The dev labels seldom label headings, often count an article's last paragraph as
    # boilerplate and rarely label reader comments; GOLDEN.md keeps the first two and drops
    # the third. Calibrated by cross-validation with sites held out (benchmarks/train_model.py)
    # and on the golden cases:
    # - kept prose (graded GOOD), a kept heading, or a kept unpunctuated line right above kept
    #   prose goes only below odds 0.3: dev-html F1 -0.001, dev-text within 0.0003; golden
    #   overall unchanged (0.960), with three cases (lemire.me twice, osw.waw.pl) keeping the
    #   headings and closing paragraphs they lose at 0.5. In a scrape such a line is the only
    #   sign of a heading, and the model never drops it there (dev-text -0.0004 / -0.0007);
    # - a block outside the kept stretch comes back at the model's threshold. In a scrape it
    #   once needed odds 0.7, for the comment threads below the article that the model took
    #   for text; those are now left alone (below_comments), and at 0.5 the text model
    #   (CatBoost on every feature, with the guard below any kept block) scored dev-text F1
    #   0.9104 / 0.9002 (inscriptis / lxml, against 0.9077 / 0.8985 at 0.7) and the golden
    #   text cases 0.9501 (against 0.9493). On HTML, 0.5 served best since the model learned
    #   the page's template (path_repeats, path_kept_share): dev-html F1 0.9372 -> 0.9388
    #   (at 0.6: 0.9385);
    # - in a scrape, a kept line between two kept lines goes only below odds 0.3 too: since
    #   the text model reads the line reading (features.LINE_READING) it dropped such lines
    #   at odds 0.38-0.5, a list's lead-in and items among them (seed003). Held out:
    #   dev-text F1 0.9045 -> 0.9058 (inscriptis), 0.8985 -> 0.8964 (lxml); golden text
    #   cases 0.9423 -> 0.9432 (generic), none of them losing a list any more.
    prose_drop_odds: float = 0.3
    # Comments follow an article: the comment guard (below_comments) holds only below a kept
    # stretch with a paragraph graded GOOD and this many characters. Held out on dev-text
    # (inscriptis / lxml F1, three reshufflings of the site folds): guarding below any kept
    # block 0.9106 / 0.8998, below a GOOD one 0.9104 / 0.9009, below 200, 400 or 800 kept
    # characters 0.9110 / 0.9012, 0.9101 / 0.9022, 0.9105 / 0.9011, below both (400)
    # 0.9126 / 0.9027.
    article_above_comments: int = 400
    # A bulleted list in a scrape of `list_items` lines or more, of which the model left
    # under `list_kept_share` kept, loses its kept items too, unless kept prose of
    # `list_guard_chars` stands within `list_guard_reach` lines above it, or kept lines
    # within `list_guard_near` lines on both sides (cleaner/learned/lists.py).
    # list_kept_share 0 turns the vote off.
    list_items: int = 4
    list_kept_share: float = 0.6
    list_guard_chars: int = 80
    list_guard_reach: int = 6
    list_guard_near: int = 3


@dataclass(frozen=True, slots=True)
class BodyOnlyTuning:
    """Calibrated numbers of body-only output (cleaner/heuristics/body_only.py, `--body-only`)."""

    # The headline is looked for among the first kept blocks: a kicker, a date or a lead
    # photo's caption may stand above it. Six covers the golden and dev-html pages looked at
    # (at most three kept blocks above an <h1>); further down, an <h1> is no headline.
    head_scan: int = 6
    # A non-heading block of this many words above any headline is the body's first
    # paragraph: an <h1> below it heads a section. Short blocks above the headline are
    # kickers and dates.
    head_prose_words: int = 20
    # Blocks after the headline in which a byline, dateline or standfirst is looked for.
    head_zone: int = 8
    # A byline or dateline is a line: the strong signals test lines of up to 15 tokens too.
    byline_max_words: int = 15
    # A block repeats the og:description when one starts with the other and the shorter has
    # this many words at least (descriptions are often cut short; two words prove nothing).
    same_text_min_words: int = 6
    # A standfirst is a sentence or two. The longest seen on dev-html pages marked
    # standfirst/dek/intro ran to about 60 words; a longer block is the body's first paragraph.
    standfirst_max_words: int = 80
    # Blocks between the headline and the body that may be standfirst (a dek over a summary).
    standfirst_max: int = 2
    # A caption or photo credit is short: a longer block inside a <figure> or under a caption
    # class is a pull quote or a text box, which the body keeps.
    caption_max_words: int = 60
    # A caption word or a <figure> carried by this share of the kept text names the article's
    # wrapper, not its captions ('has-captions' on the body), and is not read.
    wrapper_share: float = 0.5


@dataclass(frozen=True, slots=True)
class StructureTuning:
    """Calibrated numbers of the span's refinements (cleaner/heuristics/structure.py)."""

    # Shared block-level ancestors that make two blocks one section (body is the first).
    # Swept on dev-html: 1 and 2 F1 0.907 (precision 0.897), 3 0.908, 4 0.907; off 0.904.
    gap_shared_depth: int = 3
    # Lines a colon can introduce. dev-text F1 +0.001 / +0.001 (inscriptis / lxml), dev-html
    # recall +0.001, the same at 8 and at 40.
    colon_run_max: int = 40
    # Teasers a box holds at most. dev-text F1 +0.001 / +0.001 (inscriptis / lxml) at 8;
    # dev-html unchanged.
    teaser_box_max: int = 8
    # A nested sentence this long is a caption or a quote, shorter ones are teasers. Swept on
    # dev-text inscriptis: 8 F1 0.875, 12 0.876, 16 0.877, never 0.879 (that corpus counts
    # many captions as boilerplate; GOLDEN.md keeps them, and golden cases need 16 or less).
    nested_sentence_words: int = 16
    # Siblings joined on each side. dev-html F1 0.912 -> 0.917 (recall +0.012, precision
    # -0.002) at 10; the tail alone 0.916.
    siblings_max: int = 10
    # Lines the head extension takes at most. dev-text inscriptis F1 0.877 -> 0.880 at 6 and
    # at 10, 0.879 at 3; extending the tail the same way cost as much precision as it gained.
    indent_head_max: int = 8
    # Share of the article's prose that must sit at one depth for depth to count. Swept with
    # the exemptions in place: dev-html F1 0.909 -> 0.912 at 0.4, 0.5 and 0.6 (0.915 when
    # captions are not exempt: that corpus counts them as boilerplate, GOLDEN.md keeps them);
    # dev-text inscriptis 0.880 at each (with the indent gap filling: 0.866 -> 0.877 -> 0.880).
    nested_share: float = 0.5


@dataclass(frozen=True, slots=True)
class SignalsTuning:
    """Calibrated numbers of the strong signals (cleaner/heuristics/signals.py)."""

    # Phrases, share bars, dates, bylines and breadcrumbs are short: a block longer than
    # short_block characters can only be a cookie notice or a pitch, one longer than
    # long_block neither (the longest pitch seen on the dev corpus is under 1,200).
    # Set by hand from that corpus, not swept.
    short_block: int = 300
    long_block: int = 1500
    # A pitch is a sentence or two: shorter lines (menu items, labels) are not tested.
    # Set by hand, not swept.
    pitch_min: int = 40
    # A pitch is dense with its phrases, and in prose one word is weak evidence. Two distinct
    # phrases condemn a block of up to pitch_words words. A longer one needs one of them to be
    # of two words or more ('sign up', 'email address': single words like 'spam', 'inbox' or
    # 'commission' are what an article about e-mail or sales says), and one more phrase for
    # each further pitch_words words; a phrase inside another found ('e-mail' in 'e-mail
    # address') is no second one. Set on dragnet (full gold, HTML): the pitches dropped that
    # were article text went from 7 to 5, the furniture ones from 75 to 74.
    pitch_words: int = 50
    # Characters of alphabetic text per word, its space included: English words average 4.7
    # letters (the long-standing corpus figure), German and French a little more. A CJK
    # character counts cjk_length_factor / word_chars words (0.5 at 3.0: two characters a
    # word, as Chinese words average 1.5-2 characters when segmented). Set from those
    # figures, not swept.
    word_chars: float = 6.0


@dataclass(frozen=True, slots=True)
class PageSignalsTuning:
    """Calibrated numbers of the furniture signals read across a page's blocks.

    (cleaner/heuristics/page_signals.py.) The strong signals (signals.py: count lists,
    comment threads) read the tuning they are given. The same signals are features of the
    learned models, and the shipped models were trained with these defaults: the feature
    builders (learned/features.py, learned/line_features.py) read the defaults
    (`DEFAULT_TUNING.page_signals`), so that a feature means at run time what it meant in
    training. To change a feature, change the default here and retrain
    (benchmarks/train_model.py).
    """

    # A block of at most this many words can be a headline in a teaser list (the longest
    # headlines run to about 15 words; 18 leaves room for a kicker). Set by hand, not swept.
    headline_words: int = 18
    # ... and at least this many (one- and two-word lines are menu items and labels).
    headline_min_words: int = 3
    # A linked headline is at least this much link text (a teaser's title is one link).
    # Set by hand, not swept.
    linked: float = 0.5
    # A glued headline is in title case: this share of its words capitalised at least.
    # Set by hand, not swept.
    title_case: float = 0.6
    # Blocks either side looked at for a run of headlines or comment marks (7 blocks: a teaser
    # list interleaves a headline with its date and lede). Set by hand, not swept.
    reach: int = 3
    # Repeats and runs are capped here: further is all the same to a tree.
    cap: int = 10
    # A comment mark is a short line: a name and 'said:', a date and time, an action.
    # Set by hand, not swept.
    comment_chars: int = 100
    # Comment marks in a run (each at most thread_gap blocks below the one before) that make
    # it a reader comment thread (page_signals.comment_threads). Set in session 16 on
    # dragnet (full gold, HTML), with the held-out verdicts of session 15's models: the run
    # rule with 4 marks, a gap of 10 and 6 marks (a signature among them) to begin above the
    # longest block dropped 25,472 more kept words of furniture than the old window rule (3
    # marks within 3 blocks) and lost 943 of article text, shingle F1 0.9126 -> 0.9158; with
    # 3 marks, or no longest-block anchor, a blog post's own date, byline and 'Permalink' made
    # a thread of the post itself on text scrapes. dev-html and dev-text lost 3 `with`
    # snippets each, all replies of the author inside the comment thread, against 16
    # `without` snippets dropped. A second reader's synthetic pages (a byline above a short
    # story, live blogs, quote roundups) set the guards in comment_threads' docstring.
    thread_marks: int = 4
    # How far below the one before a mark of the same thread may be, in blocks (10: at most
    # 9 blocks between two signatures, a comment of several paragraphs). Set with
    # thread_marks: 6 dropped 4,100 fewer words of furniture, 15 lost 6,400 words of article
    # text against 1,900.
    thread_gap: int = 10
    # Marks from which a thread holding a signature or a comment action may begin above the
    # page's longest block (a long comment is often the longest block). Set with
    # thread_marks.
    thread_many: int = 6
    # A count line is short: a category or a month and its count. Set by hand, not swept.
    count_words: int = 6
    # A count list run into one line (a scrape of an archive's dropdown, page_signals.
    # counts_in_line): this many counts at least, and one for every inline_count_words words
    # at most. Set in session 16 on the cached dev and dragnet blocks: 6 counts and one in
    # 6.7 words (a share of 0.15) marked 20,259 words of dragnet-inscriptis furniture and
    # 23,882 of dragnet-html, and no block of article text in any corpus (a share of 0.1
    # took a list of council members' phone numbers, '(202) 724-8064', now no count).
    inline_counts: int = 6
    inline_count_words: float = 6.7
    # A month list run into one line ('Select Month July 2012 June 2012 ...',
    # page_signals.months_in_line): inline_counts months at least, and at most this many
    # words for each (a month and its year are two). Set by hand.
    month_words: float = 3.0
    # Words shorter than this are not compared with the article's words (articles,
    # pronouns). Set by hand, not swept.
    overlap_letters: int = 4
    # Blocks at least this long are the article's prose for the overlap (block_facts'
    # PROSE_RUN: a line of prose).
    prose_chars: int = 80


@dataclass(frozen=True, slots=True)
class PruneTuning:
    """Calibrated numbers of pruning and of the article container's choice.

    Read by cleaner/read/html_prune.py and cleaner/read/block_facts.py, and alike by fast
    mode's reader (cleaner/fast/blocks.py): fast mode's model was trained on blocks pruned
    with these defaults.
    """

    # A container holding more than this share of the page's prose is the layout, not
    # furniture: a class word on it ("has-sidebar", "widget", "print-area") describes the page,
    # so it is not pruned. Set on the golden HTML cases (aclu, blogspot, vegolosi wrap the
    # article in such containers); 0.4 still lets a long comment section be pruned.
    layout_share: float = 0.4
    # Elements of one class word (or hidden ones) that together hold more than this share of
    # the page's prose are the article's parts, not furniture (_lift_parts): "most of the
    # page's prose", issue 18. At 0.4 (layout_share) menus and widget lists of short pages
    # passed too (seen on dev-html); comment threads are told apart by their words instead.
    parts_share: float = 0.5
    # Advertising words mark boxes of ads, which hold no prose of their own: an element so
    # marked that holds this many characters of prose runs wraps article text ("has-ads").
    # dev-html F1 0.917 -> 0.918 (recall +0.002) at 80 and 150, +0.001 at 300, none at 800.
    ad_prose: int = 150
    # Words that name widgets holding no prose of their own (a share bar, a modal, a cookie
    # notice): an element so marked that holds this many characters of prose runs wraps the
    # article ('post has-social-share'). On dragnet, elements holding 300 or more characters
    # of prose and marked by 'social', 'share', 'sharing' or 'modal' were two thirds article
    # text (36 of 40 mostly article), those marked by 'comment', 'sidebar', 'footer' or
    # 'related' 1 to 8% (cleaner/data/tokens.txt, [widget]).
    widget_prose: int = 300
    # The article element must hold at least this share of the page's prose (a teaser
    # <article> in a sidebar holds little). Set with layout_share on golden.
    article_share: float = 0.3
    # Of candidates nested in one another, those holding this share of the most prose any
    # holds are "about as much"; the innermost of them wins (the body of the article, not the
    # whole <article> with its header and footer). Set by hand, not swept.
    near_most: float = 0.9


@dataclass(frozen=True, slots=True)
class Tuning:
    """Every calibrated number of the cleaner, each with how it was set.

    The generic heuristics' numbers sit here directly; starting values are jusText's
    published defaults (classify_paragraphs) where the signal is the same; the span weights
    were set on the four seed pages and checked on the dev corpus (benchmarks/quality.py).
    The learned stage's and body-only output's numbers sit in their own objects (`learned`,
    `body_only`), as do the strong signals' (`signals`), the page signals' (`page_signals`,
    which are model features too), the span refinements' (`structure`) and pruning's
    (`prune`). Change them only
    with a benchmark run. Not here: the numbers that define a model's features alone
    (features.py, line_features.py, fast/decision.py), which the shipped models were trained
    with and which only a retrained model may change.
    """

    # jusText defaults: below this many characters a block is "short" and leans on context.
    length_low: int = 70
    # jusText default: above this a block with enough stop words is "good" on its own.
    length_high: int = 200
    # jusText defaults for stop-word density (share of words that are stop words).
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    # More than this share of link text makes a block "bad". jusText uses 0.2; on dev-html
    # 0.35 gained F1 0.866 -> 0.873 (recall +0.017, precision -0.005): inline links in
    # article prose are common, a menu line is nearly all link.
    max_link_density: float = 0.35
    # A short block with more link text than this is BAD. jusText says any link at all;
    # a permalink anchor in a function signature or heading made documentation lose its
    # definitions. 0.5: dev-html unchanged (0.898), python docs fixtures 0.864 -> 0.873.
    short_link_density: float = 0.5
    # Characters of block text per CJK character: CJK text carries ~3x the content per
    # character of alphabetic text, so lengths are scaled before the thresholds apply
    # (grades, smoothing's runs, span scores, menu-line words). Swept over the golden
    # cases and the five CJK pages of dev-html (benchmarks/quality.py --cjk; html /
    # inscriptis / lxml F1): 1.0 0.938 / 0.815 / 0.857, 2.0 0.938 / 0.815 / 0.828,
    # 3.0 0.968 / 0.815 / 0.857, 4.0 0.968 / 0.786 / 0.857; golden pooled the same at 2-4.
    cjk_length_factor: float = 3.0
    # A run of at least this many short unpunctuated lines reads as a menu or tag list.
    menu_run_min: int = 3
    # "Short line" for the menu-run signal: at most this many words.
    menu_line_max_words: int = 4
    # Span weights: what one character of a block counts toward the main-content span.
    span_good_weight: float = 1.0
    span_neargood_weight: float = 0.5
    # A short block costs this many characters; a bad block costs its length plus this.
    span_short_cost: float = 20.0
    span_bad_cost: float = 20.0
    # A furniture section head ("Related Posts") costs this much: the span crosses one
    # only when the text beyond it is much larger than any teaser list.
    span_section_cost: float = 1500.0
    # The block repeating the page title (the headline) adds this many characters to the
    # span's score, so the span prefers the article under it to a sidebar prose box.
    span_title_bonus: float = 200.0
    # The main container of an HTML page is the deepest element holding at least this
    # share of the page's prose. Swept on dev-html with outside_container_weight 0.5:
    # 0.5 / 0.6 / 0.75 all within 0.002 F1; as a hard limit it cost recall (0.854).
    container_share: float = 0.6
    # Prose outside the main container counts this much toward the span (a prose box in
    # a sidebar should not outweigh the article).
    outside_container_weight: float = 0.5
    # A second island of prose joins the article when it scores at least this share of
    # the main span. Swept on dev-html: 5 (never) F1 0.872, 0.3 0.876, 0.1 0.883,
    # 0.02 0.890, 0.0 0.889; precision stays at 0.91 while recall climbs.
    island_share: float = 0.02
    island_min_good: int = 1
    # Furniture gathers after the article, so an island below the main span must score
    # more: dev-html 0.02 -> 0.1 F1 0.895 -> 0.896, dev-text (inscriptis) unchanged.
    island_share_after: float = 0.1
    # A span below k furniture section heads counts section_discount**k of its score, so a
    # long comment thread under "27 commentaires" cannot outweigh the article. Swept on
    # dev-text (inscriptis / lxml F1): off 0.837 / 0.840, 0.5 0.847 / -, 0.3 0.848 / 0.849,
    # 0.15 0.852 / 0.851, 0.05 0.852 / -; dev-html 0.900 -> 0.899 at 0.15.
    section_discount: float = 0.15
    # A one-word comments head ('{ 131 comments }') closes the page (span.main_segment_span)
    # below this many characters of kept prose: an article's worth, where a masthead's
    # 'Comments' link has a reprints notice or a welcome box above it (about 250). Set by
    # hand.
    comments_close_chars: int = 1000
    # A page whose span kept fewer characters than this has no article found: a short
    # post there is read off its anchors (heuristics/short_post.py), at most
    # short_post_blocks blocks from the title or the footer. Swept with the heuristics
    # alone on dragnet, in the rule's first form (text F1 / HTML F1): chars 150 0.860,
    # 300 0.866, 500 0.861, 1000 0.848 (text); HTML at 800 lost 22 page-F1 on real short
    # articles; blocks 4 0.867 / 0.904, 6 0.866 / 0.903, 10 0.866 (text).
    short_post_chars: int = 300
    short_post_blocks: int = 4
    # A kept paragraph of at least this many characters that repeats one above is a copy
    # (heuristics/copies.py). Set by hand: a sentence long enough not to recur by chance.
    copy_min_chars: int = 80
    # The headline is looked for at most this many blocks above the span.
    headline_lookback: int = 12
    # A headline has at most this many words.
    headline_max_words: int = 30
    # A dropped block never costs the span more than this many characters: one long table of
    # figures or one big menu should not cut an article in two.
    span_max_block_cost: float = 500.0
    # A standfirst is a sentence, not a label: at least this many words.
    standfirst_min_words: int = 6
    # jusText default (max_heading_distance): a short heading is good when good text
    # follows within this many characters.
    max_heading_distance: int = 200
    # A run of at least this many NEARGOOD blocks totalling this many characters is prose
    # (set on the dev-html corpus: recipe steps and short-paragraph news were lost without it).
    run_min_blocks: int = 3
    run_min_chars: int = 300
    # A run of at least numbered_run_min lines numbered n, n+1, ..., each at most
    # numbered_gap blocks after the last, is a numbered list smoothing keeps. Set on
    # dev-text: F1 +0.001 / +0.002 (inscriptis / lxml), dev-html unchanged.
    numbered_run_min: int = 3
    numbered_gap: int = 6
    # A run of this many lines ending in a count ('November (113)', 'Travel (50)') is an
    # archive or category list. On dragnet (full gold), in runs of 3 or more: 2 of 7,266
    # lines in the text renderings were article text, 0 of 1,684 in HTML; the heuristics had
    # kept 213 of the furniture lines in the inscriptis rendering.
    count_run: int = 3
    # The language detector's answer is reported only when at least this sure; 0.5 keeps
    # every golden case's language (the least sure of them scored 0.77) and rejects
    # mixed-language menus.
    language_confident: float = 0.5
    # A page's declared language is overruled only when the detector is at least this sure
    # of another: templates declare lang="en" on pages in any language, but a short or
    # mixed text should not overrule what the page says.
    language_overrule: float = 0.9
    learned: LearnedTuning = field(default_factory=LearnedTuning)
    structure: StructureTuning = field(default_factory=StructureTuning)
    signals: SignalsTuning = field(default_factory=SignalsTuning)
    page_signals: PageSignalsTuning = field(default_factory=PageSignalsTuning)
    prune: PruneTuning = field(default_factory=PruneTuning)
    body_only: BodyOnlyTuning = field(default_factory=BodyOnlyTuning)


# The tuning of a stage whose caller passes none (tests, benchmarks/train_model.py).
DEFAULT_TUNING = Tuning()


@dataclass(frozen=True, slots=True)
class Options:
    """What a caller chooses; every field has a CLI flag of the same name.

    Args:
        url: The page's URL, used to pick a site rule; found in the page when not given.
        input_kind: "html", "text", or "auto" to tell from the content.
        output_format: "txt" (GOLDEN.md form), "markdown" or "json".
        rules_dirs: Extra folders of site rule files; they override the shipped ones.
        use_rules: False to ignore site rules and run the generic heuristics only.
        language: ISO 639-1 code of the page's language; guessed from the text when None.
        max_bytes: Pages larger than this are refused with an InputError.
        accurate: For HTML, trafilatura reads the page too: what it kept is two more
            features of the learned stage's accurate model (cleaner/learned/stage.py), or, with
            use_model=False, settles the blocks cleaner decided only weakly
            (cleaner/heuristics/second_reader.py). Better text, about twice the time.
        use_model: False to leave out the learned stage (cleaner/learned/stage.py), so every
            verdict comes from the heuristics and site rules alone.
        fast: Fast mode: one model decides each block from cheap facts, skipping the
            heuristic stages; a little less accurate than the default. For HTML
            (cleaner/fast/decision.py) lexbor parses the page: about three times trafilatura's
            speed. For scraped text (cleaner/fast/text.py) every line is read at once:
            about a thousand pages a second. Pages a site rule matches are cleaned as usual.
        target_language: ISO 639-1 code: a page found to be in another language gives
            empty output, and its Result says why in `skipped` (cleaner/output/extras.py).
        metadata: Read author, date, site name, description, categories, tags, license
            and image with trafilatura (cleaner/read/metadata.py): about 15 ms more a page.
        body_only: The article body alone, as schema.org's articleBody means it: the
            headline, the standfirst, captions and any byline or dateline still kept are
            left out (cleaner/heuristics/body_only.py). The title stays in Result.title.

    """

    url: str | None = None
    input_kind: InputKind = "auto"
    output_format: Format = "txt"
    rules_dirs: tuple[Path, ...] = ()
    use_rules: bool = True
    language: str | None = None
    max_bytes: int = 50_000_000
    max_elements: int = 1_000_000
    time_limit: float = 30.0
    accurate: bool = False
    use_model: bool = True
    fast: bool = False
    target_language: str | None = None
    metadata: bool = False
    body_only: bool = False
    tuning: Tuning = field(default_factory=Tuning)

    def __post_init__(self) -> None:
        """Refuse impossible choices at once, naming the option and what it accepts."""
        problems = [
            message
            for ok, message in (
                (self.input_kind in INPUT_KINDS, f"input_kind must be one of {INPUT_KINDS}"),
                (self.output_format in FORMATS, f"output_format must be one of {FORMATS}"),
                (_positive_int(self.max_bytes), "max_bytes must be a positive integer"),
                (_positive_int(self.max_elements), "max_elements must be a positive integer"),
                (_non_negative(self.time_limit), "time_limit must be a number >= 0 (0: none)"),
                (isinstance(self.use_rules, bool), "use_rules must be True or False"),
                (isinstance(self.accurate, bool), "accurate must be True or False"),
                (isinstance(self.use_model, bool), "use_model must be True or False"),
                (isinstance(self.fast, bool), "fast must be True or False"),
                (isinstance(self.body_only, bool), "body_only must be True or False"),
                (
                    not (self.fast and self.accurate),
                    "fast and accurate cannot go together: choose one (--fast or --accurate)",
                ),
                (
                    not (self.fast and self.use_model is False),
                    "fast mode is a model: it cannot run with use_model=False (--no-model)",
                ),
                (_language_code(self.language), "language must be an ISO 639-1 code like 'de'"),
                (
                    _language_code(self.target_language),
                    "target_language must be an ISO 639-1 code like 'de'",
                ),
                (isinstance(self.metadata, bool), "metadata must be True or False"),
                (isinstance(self.rules_dirs, tuple), "rules_dirs must be a tuple of paths"),
            )
            if not ok
        ]
        if problems:
            raise OptionsError("; ".join(problems))

    def with_url(self, url: str) -> Options:
        """These options for one page's URL: replace(self, url=url), sooner.

        replace() makes the options anew through __post_init__, whose checks of every
        other field these options passed when they were made (the URL is not one of them):
        10 us a page, a hundredth of fast mode on scraped text; a copy of the fields is 3 us.
        """
        if type(self) is not Options:  # a subclass may hold more: the slow, general way
            return replace(self, url=url)
        chosen = object.__new__(Options)
        for name in _FIELDS:
            object.__setattr__(chosen, name, getattr(self, name))
        object.__setattr__(chosen, "url", url)
        return chosen


_FIELDS = tuple(each.name for each in fields(Options))
