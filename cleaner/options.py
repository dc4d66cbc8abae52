"""Every knob of the cleaner in one frozen object, passed explicitly to each stage.

`Options` holds what a user chooses (CLI flags and keyword arguments are its twins);
`Tuning` holds the calibrated numbers of the heuristics, each with where it came from.
Nothing here is read at import time and nothing is mutable, so both pickle into workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
class Tuning:
    """Calibrated thresholds of the generic heuristics.

    Starting values are jusText's published defaults (classify_paragraphs) where the
    signal is the same; the span weights were set on the four seed pages and checked on
    the dev corpus (benchmarks/quality.py). Change them only with a benchmark run.
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
    # The headline is looked for at most this many blocks above the span.
    headline_lookback: int = 12
    # A headline has at most this many words.
    headline_max_words: int = 30


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
            features of the learned stage's accurate model (cleaner/learned.py), or, with
            use_model=False, settles the blocks cleaner decided only weakly
            (cleaner/second_opinion.py). Better text, about twice the time.
        use_model: False to leave out the learned stage (cleaner/learned.py), so every
            verdict comes from the heuristics and site rules alone.
        fast: Fast mode: one model decides each block from cheap facts, skipping the
            heuristic stages; a little less accurate than the default. For HTML
            (cleaner/fast.py) lexbor parses the page: about three times trafilatura's
            speed. For scraped text (cleaner/fast_text.py) every line is read at once:
            about a thousand pages a second. Pages a site rule matches are cleaned as usual.
        target_language: ISO 639-1 code: a page found to be in another language gives
            empty output, and its Result says why in `skipped` (cleaner/extras.py).
        metadata: Read author, date, site name, description, categories, tags, license
            and image with trafilatura (cleaner/metadata.py): about 15 ms more a page.
        body_only: The article body alone, as schema.org's articleBody means it: the
            headline, the standfirst, captions and any byline or dateline still kept are
            left out (cleaner/body_only.py). The title stays in Result.title.

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
