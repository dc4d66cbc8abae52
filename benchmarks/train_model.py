"""Train the learned stage's models on the dev corpus, and measure them on unseen sites.

    pip install -e ".[train]"
    python benchmarks/train_model.py [--kind html|text|html-accurate|html-fast|text-fast|all]
                                     [--folds 5] [--check] [--without-dragnet]
                                     [--pages-cache PATH]   (PARTNER_WEIGHT=w in the environment)
                                     [--check --trained-on EARLIER_PATH]

For each page the pipeline runs without the learned stage (`use_model=False`); the block
holding the start of a `with` segment is labelled article, the block holding the start
of a `without` segment boilerplate (labels_of). The model learns from the labelled blocks
the learned stage may revisit (learned.revisitable, less learned.left_alone) on pages it
runs on (no site rule),
never from the pages golden cases were cut from: those stay unseen, so `cleaner eval`
measures the model on pages it did not learn from. The HTML model learns from dev-html,
the text model from both renderings of dev-text, and accurate mode's HTML model from
dev-html with what trafilatura kept of each page as two more features. Fast mode's model
(html-fast) learns from the blocks fast mode reads (cleaner/fast/blocks.py) and its own
features (cleaner/fast/decision.py), with no heuristic stage before it: it decides every block
pruning left open, and keeps it at THRESHOLD. Training the text model also fits its
word weights (cleaner/data/models/text-words.json, benchmarks/train_words.py) and
records their hash in the model; the trees learn from word odds fitted without each
page's site, and cross-validation fits the weights inside each fold too.

dragnet (shared/benchmarks/dragnet, full hand-cut gold) is read beside the dev corpus, in
both forms (HTML for the HTML models, its two text renderings for the text models): a
block is labelled by the share of its 4-token shingles in the gold article (gold_labels).
Its pages are grouped by their site (dragnet.dragnet_site: the canonical link's domain),
so a page's siblings are held out with it. The main model learns from the dev corpus
alone; a kind with a PARTNER_WEIGHT also learns a partner from dragnet and the dev corpus
together and adds its log-odds (PARTNER_WEIGHT says why the two are kept apart). Dragnet's held-out shingle
figures are printed and stored beside dev's.

The figures printed are for sites the model never saw: five folds with whole sites held
out (scikit-learn's GroupKFold on the site's registrable domain; both renderings of a
page share a group), each fold's pages cleaned by a model trained on the other folds, then scored with
quality.py's segment metric, before and after. The settings (PARAMS, THRESHOLD, the odds
in learned/stage.py, the features) were chosen on these same figures, which flatters them a
little: each choice moved F1 by about 0.001. Without --check, a model is then fitted on
every labelled block and written to cleaner/data/models/KIND.json with those figures;
the written trees are checked to give the trainer's own probabilities (scikit-learn's
or CatBoost's) before the file is replaced.

A heuristic change can ship without a retrain: `--check --trained-on EARLIER_PATH` measures
it so. EARLIER_PATH is a --pages-cache the earlier pipeline wrote (the same pages, block for
block); each fold's model learns from those pages, as the shipped model did, and judges the
pages this pipeline reads, sites held out as ever.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import pickle
import re
import sys
import tempfile
import tomllib
import warnings
from dataclasses import dataclass, replace
from multiprocessing import Pool
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.dragnet import (  # noqa: E402
    _WORD,
    SHINGLE,
    ShingleTally,
    dragnet_site,
    load_dragnet,
    registrable,
    score_page,
    shingles,
)
from benchmarks.quality import DEFAULT_SHARED, Tally, load_pages  # noqa: E402
from benchmarks.train_words import (  # noqa: E402
    WORD_C,
    WORD_SITES,
    export_words,
    fit_words,
    out_of_fold_words,
    with_words,
    words_digest,
)
from cleaner import Options  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.fast.blocks import read_fast  # noqa: E402
from cleaner.fast.decision import FEATURE_NAMES as FAST_FEATURE_NAMES  # noqa: E402
from cleaner.fast.decision import fast_features  # noqa: E402
from cleaner.fast.text import MODEL as FAST_TEXT_MODEL  # noqa: E402
from cleaner.heuristics.second_reader import Extraction, trafilatura_reading  # noqa: E402
from cleaner.learned.boosted import FORMAT, stack_forest  # noqa: E402
from cleaner.learned.features import page_features, with_line_reading  # noqa: E402
from cleaner.learned.line_features import FEATURE_NAMES as FAST_TEXT_FEATURE_NAMES  # noqa: E402
from cleaner.learned.line_features import line_features, page_lines  # noqa: E402
from cleaner.learned.lists import Lines, minority_items, read_lines  # noqa: E402
from cleaner.learned.oblivious import STRUCTURE, stack_oblivious  # noqa: E402
from cleaner.learned.stage import (  # noqa: E402
    MODELS,  # noqa: E402
    OBLIVIOUS_MODELS,
    left_alone,
    needed_odds,
    revisitable,
)
from cleaner.learned.word_odds import NAME as WORDS_NAME  # noqa: E402
from cleaner.learned.word_odds import NO_WORDS, WordOdds  # noqa: E402
from cleaner.options import DEFAULT_TUNING  # noqa: E402
from cleaner.page import Kind  # noqa: E402
from cleaner.pipeline import clean_page  # noqa: E402
from cleaner.read.hygiene import visible  # noqa: E402
from cleaner.read.lexicon import load_lexicon, squash  # noqa: E402
from cleaner.read.loader import load, to_text  # noqa: E402
from cleaner.siterules.checks import case_input, case_url  # noqa: E402

MODEL_DIR = ROOT / "cleaner" / "data" / "models"
CORPORA = {
    "html": ("html", "dragnet-html"),
    "text": ("inscriptis", "lxml", "dragnet-inscriptis", "dragnet-lxml"),
    "html-accurate": ("html", "dragnet-html"),
    "html-fast": ("html", "dragnet-html"),
    "text-fast": ("inscriptis", "lxml", "dragnet-inscriptis", "dragnet-lxml"),
}
DRAGNET = "dragnet-"  # the prefix of the corpora read from dragnet's full gold
FEATURES_OF = {
    **MODELS,
    "html-fast": FAST_FEATURE_NAMES,
    "text-fast": FAST_TEXT_FEATURE_NAMES,
}
# Gradient boosting settings, swept by cross-validation on dev-html: 200 trees of at most
# 15 leaves at rate 0.05; 100 trees lost 0.002 F1, 50 trees of 8 leaves 0.004. Depth 5
# scores as well as unlimited depth (up to 12 was grown) and halves the levels each block
# walks, which is most of the stage's time.
PARAMS = dict(
    max_iter=200,
    learning_rate=0.05,
    max_leaf_nodes=15,
    max_depth=5,
    min_samples_leaf=20,
    early_stopping=False,
    random_state=0,
)
# The default HTML model learns faster: rate 0.15. Held out on dev-html with the folds
# below and three reshuffled ones, PARAMS scored F1 0.9399 / 0.9385 / 0.942 / 0.9371 and
# these 0.9432 / 0.9418 / 0.9441 / 0.9397; 300 trees at 0.15 0.9422 / 0.9427 / 0.9456 /
# 0.941 (but more golden cases lost a heading), and 400 or 500 trees, 31 leaves or rate
# 0.2 gained nothing more. The golden HTML cases (generic): 0.9781 -> 0.9793, four of
# them a little lower (a headline or subheading dropped, a filter form kept), adac.de
# 0.90 -> 0.96. The text and accurate models keep PARAMS: the text model gained on
# dev-text lxml (0.8964 -> 0.8982 with 300 trees at 0.15) but lost on the golden text
# cases (0.9394 -> 0.9351), the accurate one lost on dev-html (0.9469 -> 0.9467).
HTML_PARAMS = {**PARAMS, "learning_rate": 0.15, "max_features": 0.5}
# The default HTML model is three such models averaged (MEMBERS_OF), each fitted with its
# own seed on a random half of the features at every split (max_features above). Their
# log-odds are averaged, so the three are written as one boosted ensemble whose leaves
# weigh a third each (export): cleaner reads it as any other. Held out (sites held out;
# dev-html snippet F1 / dragnet shingle F1): one model of HTML_PARAMS without
# max_features 0.9417 / 0.9005, with it 0.9423 / 0.9012, three averaged 0.9432 / 0.9012
# (precision 0.9265 -> 0.9301, recall 0.9573 -> 0.9566); on two reshufflings of the site
# folds (GroupKFold shuffle, seeds 1 and 2) one model 0.9428 / 0.8995 and 0.9432 / 0.9008,
# three 0.9423 / 0.9025 and 0.9442 / 0.9013: over the three foldings +0.0007 on dev-html,
# +0.0014 on dragnet. Walking three times the trees costs about 2% of a page's time.
MEMBERS_OF = {"html": 3}
# Fast mode's model: fewer trees at a higher rate, for its speed. Held out on dev-html,
# 60 trees at 0.15 scored F1 0.933, 200 at 0.05 0.932, 100 at 0.1 0.933, 40 at 0.2 0.931;
# the walk of the trees was a tenth of fast mode's time per page.
FAST_PARAMS = {**PARAMS, "max_iter": 60, "learning_rate": 0.15}
# Fast mode on text: CatBoost's oblivious trees (cleaner/learned/oblivious.py), 6 levels deep.
# Held out on dev-text (inscriptis / lxml F1): 20 trees at 0.3 scored 0.888 / 0.885,
# 60 at 0.15 0.892 / 0.887, 40 at 0.2 0.888 / 0.884, 30 of 8 levels at 0.25 0.883 / 0.882;
# scikit-learn's trees of FAST_PARAMS 0.886 / 0.883, but walking them cost ten times as
# much (1.5 ms on a page of 366 lines), more than all of the rest of fast mode on text.
CATBOOST = dict(
    random_seed=0,
    thread_count=os.cpu_count() or 1,
    verbose=0,
    allow_writing_files=False,  # no catboost_info/ folder of training logs
)
TEXT_FAST_PARAMS = dict(iterations=20, depth=6, learning_rate=0.3, **CATBOOST)
# The text model: CatBoost's oblivious trees, 500 of 6 levels at rate 0.1, each level
# choosing among half of the features (rsm). Held out on dev-text (inscriptis / lxml F1,
# mean of three reshufflings of the site folds, with learned.below_comments): PARAMS'
# trees 0.9100 / 0.8980, at rate 0.1 0.9107 / 0.8989; CatBoost with every feature 0.9104
# / 0.9002, 1000 trees, 5 or 8 levels within 0.0015 of it; with half 0.9099 / 0.9006
# (seeds 0-2: 0.9102 / 0.9001, lxml 0.898 to 0.9012 in the nine runs). Averaging three
# seeds scored 0.9118 / 0.9008 at three times the trees; averaging with PARAMS' trees at
# rate 0.1 0.9116 / 0.9011. On the golden text cases (generic, mean F1 per case / pooled,
# models fitted with seeds 0-3): PARAMS' trees 0.9281 / 0.9460, CatBoost with every
# feature 0.9316 / 0.9485, with half 0.9319 / 0.9477, each seed within 0.004 of those.
# (All with the comment guard below any kept block.) With learned.left_alone as it is:
# 0.9104 / 0.8985 on the standard folds, 0.9121 / 0.9023, 0.9130 / 0.9007 and 0.9110 /
# 0.9022 on three reshuffled ones; seeds 1 and 2 on the standard folds 0.8998 and 0.9009,
# the three seeds averaged 0.8997. With the word odds (features.WORD_READING) 0.9171 /
# 0.9085 on the standard folds; these settings were not swept again.
TEXT_PARAMS = dict(iterations=500, depth=6, learning_rate=0.1, rsm=0.5, **CATBOOST)
PARAMS_OF = {
    "html": HTML_PARAMS,
    "text": TEXT_PARAMS,
    "html-fast": FAST_PARAMS,
    "text-fast": TEXT_FAST_PARAMS,
}
OBLIVIOUS = (*OBLIVIOUS_MODELS, FAST_TEXT_MODEL)  # the kinds cleaner reads as oblivious trees
# Keep a block when the model's probability reaches this (learned.needed_odds asks more at
# the kept stretch's edges). Cross-validated on dev-html: 0.45 / 0.5 / 0.55 within 0.001
# F1; 0.5 balances precision and recall.
THRESHOLD = 0.5
# The partner: a model learned from dragnet's full gold (every block labelled by the
# hand-cut article) and the dev corpus together, each corpus weighing the same (fit), its
# log-odds added to the dev model's at this weight (Blend).
# Learning from both in the one model (each dragnet block weighing w against a dev one)
# bought dragnet with dev-html (held out, dev-html snippet F1 / dragnet shingle F1): w 0
# 0.9416 / 0.8997, 0.03 0.9384 / 0.9175, 0.1 0.9366 / 0.9202, 0.3 0.9346 / 0.9216, 1
# 0.9279 / 0.9235; golden pooled F1 0.966 (0) / 0.965 (0.1) / 0.962 (1). Mixed in one
# model, the two kinds of label fight over the same short lines: dragnet's English news
# of 2012 says a short line among prose is furniture, dev-html's recipes, product pages
# and pages in other languages say it is an ingredient or a spec. Kept apart, each model
# learns its own labels whole, and the sum moves the dev model's verdict only where the
# partner is sure. Held out (sites held out; dev F1 / dragnet F1, precision in brackets):
#   html, no partner 0.944 (0.9291) / 0.9021 (0.8859). A partner of dragnet alone:
#   weight 0.5 0.9436 (0.9325) / 0.908 (0.8995), golden 0.974 and no floor lowered;
#   weight 1 0.9417 (0.9337) / 0.9112 (0.9052), three floors lowered (the pierogi recipe
#   0.675 -> 0.628). The balanced partner at weight 1: three seeds 0.9431 (0.9316) /
#   0.9084 (0.8978); one, as shipped, 0.9425 (0.9306) / 0.9084 (0.8977).
#   On 54 documentation pages of four generators (python3.11-doc, git, valgrind, libffi)
#   the dragnet-alone partner at 0.5 cut 775 words the model without it kept (git-tag's
#   DISCUSSION section, an option's name, table cells) and added 82; the balanced one at
#   1 (one seed each, dev weight 30) cut 432 and added 211 (headings mostly).
#   text (dev-text inscriptis, lxml / dragnet inscriptis, lxml; one seed): no partner
#   0.9183, 0.9101 / 0.8338, 0.8453; dragnet alone at 0.5 0.9154, 0.905 / 0.8551, 0.861;
#   balanced at 0.5 0.9173, 0.908 / 0.8484, 0.8568; at 1 0.9149, 0.9065 / 0.855, 0.862;
#   at 1.5 0.9144, 0.9057 / 0.8602, 0.8666.
#   html-accurate, no partner 0.9512 (0.9355) / 0.9075 (0.8958); dragnet alone at 0.5
#   0.9492 / 0.9137 (0.9069); balanced at 1 0.9508 (0.9368) / 0.9111 (0.9031), golden in
#   accurate mode 0.976 either way.
#   Shipped, balanced at 0.5 for text: 0.9173 (0.9105), 0.908 (0.8937) / 0.8484 (0.8095),
#   0.8568 (0.8233); at 1 dev-text fell to 0.9149, 0.9065 and four golden floors with
#   it (a tutorial's closing paragraph and "Further resources" cut as furniture).
# Adding only the partner's votes to drop (or only to keep), or letting it speak only where
# the dev model is unsure, did no better than the plain sum at any weight (one seed).
# PARTNER_WEIGHT=w in the environment overrides it for every kind (trials).
PARTNER_WEIGHT = {"html": 1.0, "html-accurate": 1.0, "text": 0.5}
if "PARTNER_WEIGHT" in os.environ:  # the kinds with a partner only: fast mode has none
    PARTNER_WEIGHT = dict.fromkeys(PARTNER_WEIGHT, float(os.environ["PARTNER_WEIGHT"]))
PROBE = 40  # characters of a segment's start that locate its block, as misses.py does


@dataclass
class PageData:
    corpus: str
    site: str
    texts: list[str]
    kept: list[bool]
    open: list[bool]
    rows: list[list[float]]
    labels: list[int | None]
    with_: list[str]
    without: list[str]
    golden: bool  # a golden case was cut from this page: never learned from
    fast: bool = False  # fast mode's blocks and features: the model decides every open block
    gold: str | None = None  # dragnet's hand-cut article: scored by its shingles
    lines: Lines | None = None  # a scrape's lines as learned/lists.py's vote reads them


def input_kind(corpus: str) -> Kind:
    """How cleaner reads a corpus's pages: "html" or "text"."""
    return "html" if corpus.endswith("html") else "text"


def read_page(job: tuple[str, str, bytes, dict[str, Any], str, bool]) -> PageData | None:
    corpus, url, raw, entry, model_kind, golden = job
    if model_kind == "html-fast":
        return read_fast_page(corpus, url, raw, entry, golden)
    if model_kind == "text-fast":
        return read_fast_text_page(corpus, url, raw, entry, golden)
    accurate = model_kind == "html-accurate"
    kind = input_kind(corpus)
    options = Options(input_kind=kind, url=url or None, use_model=False)
    try:
        result = clean_page(raw, options)
    except CleanerError:
        return None
    reading = None
    if accurate:
        html = load(raw, replace(options, accurate=True)).html
        reading = trafilatura_reading(html, url)
    lexicon = load_lexicon()
    blocks = list(result.blocks)
    # What the learned stage will see of this page: nothing when a site rule matched (the
    # model is skipped there) or, in accurate mode, when trafilatura failed (the plain
    # html model decides then).
    skipped = result.rule is not None or (accurate and reading is None)
    settled = left_alone(blocks, kind, lexicon)
    stopwords = lexicon.stopwords.get(result.language or "")
    rows = page_features(
        blocks,
        stopwords,
        lexicon.drop_tokens,
        # rows of one width; a failed reading's page is not open anyway
        second_reader=reading or (Extraction.of("") if accurate else None),
        title=result.title,
    )
    if kind == "text":  # as learned.relearn reads a scrape
        rows = with_line_reading(rows, blocks, None, lexicon, NO_WORDS)  # train_words fills
    return PageData(
        corpus=corpus,
        site=entry.get("site") or site_of(url),
        gold=entry.get("gold"),
        texts=[block.text for block in blocks],
        kept=[block.kept for block in blocks],
        open=[
            revisitable(block) and not skipped and i not in settled
            for i, block in enumerate(blocks)
        ],
        rows=rows,
        labels=labels_of([block.text for block in blocks], entry),
        with_=entry.get("with", []),
        without=entry.get("without", []),
        golden=golden,
        lines=read_lines(blocks) if kind == "text" else None,
    )


def read_fast_page(
    corpus: str, url: str, raw: bytes, entry: dict[str, Any], golden: bool
) -> PageData | None:
    """A page as fast mode reads it: its open blocks (pruning's drops are final) and rows."""
    lexicon = load_lexicon()
    try:
        page = read_fast(to_text(raw, Options().max_bytes), lexicon, Options().max_elements)
    except CleanerError:
        return None
    blocks = [block for block in page.blocks if block.decision is None]
    return PageData(
        corpus=corpus,
        site=entry.get("site") or site_of(url),
        gold=entry.get("gold"),
        texts=[block.text for block in blocks],
        kept=[True] * len(blocks),  # "heuristics" below: pruning alone
        open=[True] * len(blocks),
        rows=fast_features(page.blocks, page.title, lexicon).tolist(),
        labels=labels_of([block.text for block in blocks], entry),
        with_=entry.get("with", []),
        without=entry.get("without", []),
        golden=golden,
        fast=True,
    )


def read_fast_text_page(
    corpus: str, url: str, raw: bytes, entry: dict[str, Any], golden: bool
) -> PageData | None:
    """A scraped page as fast mode reads it: every line open, with its row."""
    try:
        text = to_text(raw, Options().max_bytes)
    except CleanerError:
        return None
    lines, blank_before = page_lines(visible(text))
    return PageData(
        corpus=corpus,
        site=entry.get("site") or site_of(url),
        gold=entry.get("gold"),
        texts=lines,
        kept=[True] * len(lines),  # "heuristics" below: the whole scrape
        open=[True] * len(lines),
        rows=line_features(lines, blank_before, load_lexicon()).tolist() if lines else [],
        labels=labels_of(lines, entry),
        with_=entry.get("with", []),
        without=entry.get("without", []),
        golden=golden,
        fast=True,
    )


def labels_of(texts: list[str], entry: dict[str, Any]) -> list[int | None]:
    """Each block's label from the page's gold: dragnet's whole article, or dev snippets."""
    if entry.get("gold") is not None:
        return gold_labels(texts, entry["gold"])
    return snippet_labels(texts, entry)


# A dragnet block is labelled article when at least this share of its 4-token shingles is
# in the hand-cut article, boilerplate when at most GOLD_NO is; between, no label (a block
# half in the article is a segmentation accident, not evidence either way).
GOLD_YES = 0.7
GOLD_NO = 0.3
GOLD_SHORT_YES = os.environ.get("GOLD_SHORT_YES", "1") == "1"
# Without its meta lines: dragnet's blocks are labelled against the gold without the short
# lines that look like a byline, a date, a time or a credit (1,833 of 42,788 gold lines),
# as GOLDEN.md cuts them (GOLD_WITHOUT_META=0 in the environment: the whole gold). With a
# partner of dragnet alone at weight 1 (held out, one seed each; dev-html F1, dragnet F1 scored on the
# unchanged gold): whole gold 0.9405 / 0.9126, without meta lines 0.9397 / 0.9117, at
# dev-html precision 0.9301 -> 0.9323; golden follows GOLDEN.md, so the partner learns it.
# Before the partner, the same labels mixed into the dev model (session 13, weight w of a
# dragnet block): w 0.1 0.9387 / 0.9115, w 0.3 0.9381 / 0.9141; the text model 0.9064 /
# 0.8944 dev-text, 0.867 / 0.868 dragnet at w 0.1; the golden recipe case fell 0.70 ->
# 0.53. Leaving dragnet's short blocks unlabelled (0.9358 / 0.9122) or 400 trees of 31
# leaves (0.9355 / 0.9128) did not help there.
GOLD_WITHOUT_META = os.environ.get("GOLD_WITHOUT_META", "1") == "1"
_META_LINE = re.compile(
    r"^(by |posted|published|updated|written by|photo|image|credit|source:|\(?ap\)?|reuters|getty)"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\s*(am|pm)?\b",
    re.IGNORECASE,
)
META_LINE_WORDS = 12  # a longer line is prose, whatever date it mentions


def gold_labels(texts: list[str], gold: str) -> list[int | None]:
    """1 for a block the hand-cut article holds, 0 for one it does not, None if unclear.

    A block of four words or more is judged by the share of its shingles in the article's
    (dragnet.py's metric counts the same shingles). A shorter block (a heading, "Share",
    a date) is article when it is a whole line of the article, boilerplate when its words
    never appear in that order in the article, and unlabelled otherwise.
    """
    if GOLD_WITHOUT_META:
        gold = without_meta_lines(gold)
    article = set(shingles(gold))
    lines = {tuple(_WORD.findall(line)) for line in gold.splitlines()}
    words = " " + " ".join(_WORD.findall(gold)) + " "
    labels: list[int | None] = []
    for text in texts:
        tokens = _WORD.findall(text)
        if not tokens:
            labels.append(None)
        elif len(tokens) < SHINGLE:
            positive = 1 if GOLD_SHORT_YES and tuple(tokens) in lines else None
            labels.append(positive if f" {' '.join(tokens)} " in words else 0)
        else:
            share = sum(s in article for s in shingles(text).elements()) / (
                len(tokens) - SHINGLE + 1
            )
            labels.append(1 if share >= GOLD_YES else 0 if share <= GOLD_NO else None)
    return labels


def without_meta_lines(gold: str) -> str:
    """The gold without its short byline, date, time and credit lines (GOLD_WITHOUT_META)."""
    return "\n".join(
        line
        for line in gold.splitlines()
        if len(line.split()) > META_LINE_WORDS or not _META_LINE.search(line.strip())
    )


def snippet_labels(texts: list[str], entry: dict[str, Any]) -> list[int | None]:
    """1 for the block holding a `with` segment's start, 0 for one holding a `without`'s.

    The start is the segment's first PROBE characters, found as a substring, in the first
    block that has it, as quality.py's metric finds segments; a `without` label wins a tie.
    Stricter matching (at a word start, and no label when a start is in several blocks)
    was measured worse on sites held out (dev-text F1 -0.0035): fewer labels, and the
    metric itself matches substrings. Labelling also the blocks of 20+ characters lying
    inside a segment gained dev-text 0.003 but cost the golden cases 0.002 (more comment
    and teaser lines kept): not done.
    """
    texts = [squash(text) for text in texts]
    labels: list[int | None] = [None] * len(texts)
    for segments, label in ((entry.get("with", []), 1), (entry.get("without", []), 0)):
        for segment in segments:
            probe = squash(visible(segment))[:PROBE]  # as quality.py's metric reads it
            holder = next((i for i, text in enumerate(texts) if probe and probe in text), None)
            if holder is not None and labels[holder] != 0:
                labels[holder] = label
    return labels


def fingerprint_cases() -> list[str]:
    """The golden cases a new model's heuristics fingerprint is taken over: all of them."""
    return sorted(case.name for case in (ROOT / "golden").iterdir() if case_input(case))


def heuristics_fingerprint(cases: list[str]) -> str:
    """A hash of the heuristics' verdicts and reasons on the named golden pages (no rules, no model).

    The model learned the heuristics' verdicts as they were when it was trained; stored in
    the model file with the names of its cases, this lets a test notice that the heuristics
    have changed since, and ask for a retrain, instead of the model silently weighing
    evidence it never saw. A golden case added later is not in the list, so adding one does
    not read as a change of the heuristics.
    """
    digest = hashlib.sha256()
    for name in sorted(cases):
        folder = ROOT / "golden" / name
        page = case_input(folder)
        if page is None:
            raise FileNotFoundError(f"golden case {name} has no input page: retrain the models")
        options = Options(url=case_url(folder) or None, use_rules=False, use_model=False)
        for block in clean_page(page.read_bytes(), options).blocks:
            decision = block.decision
            digest.update(f"{name}|{block.index}|{block.kept}|".encode())
            digest.update((f"{decision.stage}|{decision.reason}" if decision else "-").encode())
    return digest.hexdigest()


def golden_pages() -> set[str]:
    """The dev corpus files (and URLs) golden cases were cut from."""
    cut = set()
    for meta in (ROOT / "golden").glob("*/meta.toml"):
        fields = tomllib.loads(meta.read_text("utf-8"))
        source = Path(fields.get("source", "")).name
        cut |= {source.removesuffix(".txt"), fields.get("url", "").strip()}
    return cut - {""}


def site_of(url: str) -> str:
    """The site a dev page belongs to, as dragnet's pages are grouped (dragnet.registrable)."""
    return registrable(urlparse(url).netloc)


def read_corpus(kind: str, shared: Path) -> list[PageData]:
    golden = golden_pages()
    jobs = [
        (c, url, raw, entry, kind, entry["file"] in golden or url in golden)
        for c in CORPORA[kind]
        if not c.startswith(DRAGNET)
        for url, raw, entry in load_pages(shared, c, None)
    ] + [job for c in CORPORA[kind] if c.startswith(DRAGNET) for job in dragnet_jobs(c, kind, shared)]
    with Pool(os.cpu_count() or 1) as pool:
        pages = pool.map(read_page, jobs, chunksize=8)
    return [page for page in pages if page is not None]


def dragnet_jobs(
    corpus: str, kind: str, shared: Path
) -> list[tuple[str, str, bytes, dict[str, Any], str, bool]]:
    """read_page's jobs for dragnet's pages: no URL, the gold article, the site guessed.

    A text rendering's page takes the site of its HTML page, so both renderings of a
    page, and the page's siblings, are held out together.
    """
    jobs = []
    rendering = corpus.removeprefix(DRAGNET)
    html_folder = shared / "benchmarks/dragnet/html"
    for page_id, path, gold in load_dragnet(shared, rendering, None):
        site = dragnet_site((html_folder / f"{page_id}.html").read_bytes(), page_id)
        entry = {"gold": gold, "site": site, "file": page_id}
        jobs.append((corpus, "", path.read_bytes(), entry, kind, False))
    return jobs


def score(pages: list[PageData], keeps: list[list[bool]], corpus: str) -> dict[str, float]:
    if corpus.startswith(DRAGNET):
        return score_shingles(pages, keeps, corpus)
    tally = Tally()
    for page, keep in zip(pages, keeps, strict=True):
        if page.corpus == corpus:
            tally.add(
                "\n".join(t for t, k in zip(page.texts, keep, strict=True) if k),
                page.with_,
                page.without,
            )
    precision, recall, f1 = tally.scores()
    return {"P": round(precision, 4), "R": round(recall, 4), "F1": round(f1, 4)}


def score_shingles(
    pages: list[PageData], keeps: list[list[bool]], corpus: str
) -> dict[str, float]:
    """dragnet.py's figures: shingle precision and recall against the whole hand-cut article."""
    tally = ShingleTally()
    for n, (page, keep) in enumerate(zip(pages, keeps, strict=True)):
        if page.corpus == corpus and page.gold is not None:
            output = "\n".join(t for t, k in zip(page.texts, keep, strict=True) if k)
            tally.pages[str(n)] = score_page(shingles(page.gold), output)
    precision, recall, f1 = tally.scores()
    return {"P": round(precision, 4), "R": round(recall, 4), "F1": round(f1, 4)}


def verdicts(pages: list[PageData], chances: list[list[float]]) -> list[list[bool]]:
    """What the learned stage would decide: learned.needed_odds on every open block.

    Fast mode's model keeps a block at THRESHOLD; every block of its pages is open. In a
    scrape, the kept few of a mostly dropped list then go with it (learned/lists.py).
    """
    decided = []
    for page, page_chances in zip(pages, chances, strict=True):
        kind = input_kind(page.corpus)
        keeps = [
            chance >= (THRESHOLD if page.fast else needed_odds(row, THRESHOLD, kind))
            if is_open
            else kept
            for kept, is_open, chance, row in zip(
                page.kept, page.open, page_chances, page.rows, strict=True
            )
        ]
        if page.lines is not None and DEFAULT_TUNING.learned.list_kept_share:
            for i in minority_items(keeps, page.open, page.lines):
                keeps[i] = False
        decided.append(keeps)
    return decided


def cross_validate(
    pages: list[PageData],
    folds: int,
    params: dict[str, Any],
    kind: str,
    trained_on: list[PageData] | None = None,
) -> list[list[float]]:
    """Each page's block probabilities from a model trained without its site.

    `trained_on`: the same pages as an earlier pipeline read them (--trained-on): each
    fold's model learns from those and judges `pages`, as a heuristic change shipped
    without retraining the models would be judged.
    """
    from sklearn.model_selection import GroupKFold

    sites = [page.site for page in pages]
    source = pages if trained_on is None else trained_on
    chances: list[list[float]] = [[] for _ in pages]
    for train, test in GroupKFold(folds).split(pages, groups=sites):
        learned, unseen = learnable([source[i] for i in train]), [pages[i] for i in test]
        if kind == "text":  # word odds as train() gives them
            learned, unseen, _ = with_word_odds(learned, unseen, folds)
        model = fit(learned, params, kind)
        for i, page in zip(test, unseen, strict=True):
            chances[i] = model.predict_proba(page.rows)[:, 1].tolist() if page.rows else []
    return chances


def with_word_odds(
    learned: list[PageData], unseen: list[PageData], folds: int
) -> tuple[list[PageData], list[PageData], WordOdds]:
    """The pages with the text model's word odds, fitted on the dev pages learned from.

    Those pages read weights fitted without their site's fold (the trees must not learn
    from odds that saw their own labels); dragnet's pages, never fitted on, and the unseen
    pages read the weights of every dev page learned from.
    """
    dev = dev_part(learned)
    words = fit_words(dev)
    return (
        out_of_fold_words(dev, folds) + with_words(full_gold_part(learned), words),
        with_words(unseen, words),
        words,
    )


def learnable(pages: list[PageData]) -> list[PageData]:
    """The pages a model may learn from: no page a golden case was cut from."""
    return [page for page in pages if not page.golden]


def dev_part(pages: list[PageData]) -> list[PageData]:
    """The dev corpus's pages (snippet labels), which the main model learns from."""
    return [page for page in pages if not page.corpus.startswith(DRAGNET)]


def full_gold_part(pages: list[PageData]) -> list[PageData]:
    """dragnet's pages (labels from the whole hand-cut article), the partner's to learn from."""
    return [page for page in pages if page.corpus.startswith(DRAGNET)]


def fit(pages: list[PageData], params: dict[str, Any], kind: str) -> Any:
    """The model of a kind: one learned from the dev corpus, with its partner if it has one.

    Only labelled blocks the learned stage may revisit are learned from (it never sees the
    others), and never the pages golden cases were cut from, so those cases stay unseen.
    A kind with a PARTNER_WEIGHT adds a partner to the dev model's log-odds at that weight
    (Blend): a model learned from dragnet's full gold and the dev corpus together, each
    corpus weighing the same in all (a dev block weighs as much as dragnet's labelled
    blocks per dev one: dev-html labels a few blocks a page, dragnet every block).
    """
    pages = learnable(pages)
    dev, full_gold = dev_part(pages), full_gold_part(pages)
    model = _fitted(dev, params, kind)
    weight = partner_weight(kind, pages)
    if not weight:
        return model
    balance = labelled_blocks(full_gold) / max(labelled_blocks(dev), 1)
    partner = _fitted(full_gold + dev, params, kind, dev_weight=balance, members=1)
    return Blend((*_weighted(model, 1.0), *_weighted(partner, weight)))


def partner_weight(kind: str, pages: list[PageData]) -> float:
    """The partner's weight for a kind on these pages: 0 without dragnet's (--without-dragnet)."""
    return PARTNER_WEIGHT.get(kind, 0.0) if full_gold_part(pages) else 0.0


def labelled_blocks(pages: list[PageData]) -> int:
    """The labelled blocks of the pages that a model learns from (the open ones)."""
    return sum(
        label is not None and is_open
        for page in pages
        for label, is_open in zip(page.labels, page.open, strict=True)
    )


def _fitted(
    pages: list[PageData],
    params: dict[str, Any],
    kind: str,
    dev_weight: float = 1.0,
    members: int | None = None,
) -> Any:
    """One model of the pages' labelled open blocks: `members` (MEMBERS_OF[kind]) averaged.

    A dev page's blocks weigh `dev_weight`, a dragnet page's 1. The text models fit
    oblivious trees with CatBoost (cleaner/learned/oblivious.py, TEXT_PARAMS). The partner
    is one model: three seeds of it cost the default mode 4% of its time (the walk of
    1,200 trees was 7.6% of it, cProfile over 250 dev-html pages).
    """
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows, labels, weights = [], [], []
    for page in pages:
        weight = 1.0 if page.corpus.startswith(DRAGNET) else dev_weight
        for row, label, is_open in zip(page.rows, page.labels, page.open, strict=True):
            if label is not None and is_open:
                rows.append(row)
                labels.append(label)
                weights.append(weight)
    if kind in OBLIVIOUS:
        from catboost import CatBoostClassifier

        return CatBoostClassifier(**params).fit(rows, labels, sample_weight=weights)
    fitted = [
        HistGradientBoostingClassifier(**{**params, "random_state": seed}).fit(
            rows, labels, sample_weight=weights
        )
        for seed in range(members or MEMBERS_OF.get(kind, 1))
    ]
    if len(fitted) == 1:
        return fitted[0]
    return Blend(tuple((1 / len(fitted), member) for member in fitted))


def _weighted(model: Any, weight: float) -> tuple[tuple[float, Any], ...]:
    """A model's fitted estimators, each with its weight in the sum of log-odds."""
    if isinstance(model, Blend):
        return tuple((weight * share, member) for share, member in model.parts)
    return ((weight, model),)


def log_odds(estimator: Any, rows: Any) -> Any:
    """An estimator's raw score: scikit-learn's decision function, CatBoost's formula value."""
    if hasattr(estimator, "decision_function"):
        return estimator.decision_function(rows)
    return estimator.predict(rows, prediction_type="RawFormulaVal")


@dataclass(frozen=True)
class Blend:
    """Fitted models whose log-odds are summed, each times its weight.

    Three seeds averaged weigh a third each; a partner weighs PARTNER_WEIGHT. Export writes
    a Blend as one ensemble, so cleaner reads it as any other model.
    """

    parts: tuple[tuple[float, Any], ...]

    def decision_function(self, rows: Any) -> Any:
        return sum(weight * log_odds(member, rows) for weight, member in self.parts)

    def predict_proba(self, rows: Any) -> Any:
        import numpy as np

        chance = 1 / (1 + np.exp(-self.decision_function(rows)))
        return np.column_stack([1 - chance, chance])


def export(model: Any, kind: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The fitted trees as flat node lists; inner nodes carry their leaves' mean value.

    A Blend's members are written one after another, each leaf's value times its member's
    weight, and the base is the weighted sum of theirs: the ensemble's sum is the Blend's.
    """
    parts = _weighted(model, 1.0)
    trees = [
        _flat_tree(predictor.nodes, weight)
        for weight, member in parts
        for (predictor,) in member._predictors
    ]
    base = sum(weight * float(member._baseline_prediction.ravel()[0]) for weight, member in parts)
    return {
        "format": FORMAT,
        "kind": kind,
        "features": list(FEATURES_OF[kind]),
        "threshold": THRESHOLD,
        "base": base,
        "trained": meta,
        "trees": trees,
    }


def _flat_tree(nodes: Any, share: float) -> dict[str, list[Any]]:
    """One scikit-learn tree as flat lists, its values (leaves' and means) times `share`."""
    if nodes["is_categorical"].any():
        raise SystemExit("a categorical split: cleaner's trees read numbers only")
    value = [0.0] * len(nodes)
    for i in range(len(nodes) - 1, -1, -1):  # children come after their parent
        value[i] = _node_value(nodes, i, value)
    return {
        "feature": [int(n["feature_idx"]) for n in nodes],
        "split": [float(n["num_threshold"]) for n in nodes],
        "left": [int(n["left"]) if not n["is_leaf"] else -1 for n in nodes],
        "right": [int(n["right"]) if not n["is_leaf"] else -1 for n in nodes],
        "value": [round(v * share, 7) for v in value],
    }


def export_oblivious(model: Any, kind: str, meta: dict[str, Any]) -> dict[str, Any]:
    """CatBoost's oblivious trees as lists (its own JSON, read back, then reshaped).

    A split sends a row to its bit's 1 side when the row's value is above the border; a
    tree's first split is the leaf index's lowest bit. A Blend's models are written one
    after another, each tree's leaves times its model's weight and scale, at scale 1.
    """
    read = [(weight, _catboost_json(member)) for weight, member in _weighted(model, 1.0)]
    depth = max(len(tree["splits"]) for _, data in read for tree in data["oblivious_trees"])
    trees = []
    for weight, data in read:
        scale = weight * data["scale_and_bias"][0]
        for tree in data["oblivious_trees"]:
            if any(split["split_type"] != "FloatFeature" for split in tree["splits"]):
                raise SystemExit("a split on something else than a number: cleaner cannot read it")
            trees.append(_full_depth(tree, depth, scale))
    return {
        "format": FORMAT,
        "structure": STRUCTURE,
        "kind": kind,
        "features": list(FEATURES_OF[kind]),
        "threshold": THRESHOLD,
        "base": sum(weight * float(data["scale_and_bias"][1][0]) for weight, data in read),
        "scale": 1.0,
        "trained": meta,
        "trees": trees,
    }


def _catboost_json(model: Any) -> dict[str, Any]:
    """A fitted CatBoost model's own JSON export, read back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        model.save_model(str(path), format="json")
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _full_depth(tree: dict[str, Any], depth: int, scale: float) -> dict[str, Any]:
    """A CatBoost tree as cleaner reads it, `depth` levels deep, its leaves times `scale`.

    With feature sampling (rsm) some trees stop early; their missing levels split at the
    largest float, which no finite row is above: every row takes bit 0 there, the leaves
    it could reach keep their values, and the level moves no row's score.
    """
    missing = depth - len(tree["splits"])
    leaves = 2 ** len(tree["splits"])
    return {
        "feature": [split["float_feature_index"] for split in tree["splits"]] + [0] * missing,
        "border": [split["border"] for split in tree["splits"]] + [sys.float_info.max] * missing,
        "value": [round(v * scale, 7) for v in tree["leaf_values"]]
        + [0.0] * (leaves * (2**missing - 1)),
        "weight": tree["leaf_weights"] + [0.0] * (leaves * (2**missing - 1)),
    }


def _node_value(nodes: Any, i: int, value: list[float]) -> float:
    """An inner node's value: its children's, weighed by their training rows.

    The rows are counted unweighted, so in the partner (dev rows weighing about 22 each)
    the means lean to dragnet's rows: reasons split credit a little otherwise than the
    partner learned; the probabilities are the trees' leaves and do not move.
    """
    node = nodes[i]
    if node["is_leaf"]:
        return float(node["value"])
    left, right = int(node["left"]), int(node["right"])
    n_left, n_right = int(nodes[left]["count"]), int(nodes[right]["count"])
    return (value[left] * n_left + value[right] * n_right) / max(n_left + n_right, 1)


def check_export(model: Any, data: dict[str, Any], pages: list[PageData]) -> None:
    forest = stack_oblivious(data) if data.get("structure") == STRUCTURE else stack_forest(data)
    rows = [row for page in pages[:50] for row in page.rows]
    ours = forest.probabilities(rows)
    theirs = model.predict_proba(rows)[:, 1]
    worst = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
    if worst > 1e-5 or any(math.isnan(p) for p in ours):
        raise SystemExit(f"exported trees disagree with the trainer by {worst}; nothing written")


def write_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as out:
        json.dump(data, out, separators=(",", ":"))
    os.chmod(out.name, 0o644)  # a temporary file is the owner's alone; a model is for all
    os.replace(out.name, path)


def cached_corpus(kind: str, args: argparse.Namespace) -> list[PageData]:
    """read_corpus, or its pages as an earlier run saved them (--pages-cache, for sweeps)."""
    if args.pages_cache is None:
        return read_corpus(kind, args.shared)
    path = Path(f"{args.pages_cache}.{kind}.pickle")
    if path.is_file():
        pages: list[PageData] = pickle.loads(path.read_bytes())
        for page in pages:  # labelling may have changed since: it is cheap to redo
            if page.gold is not None:
                page.labels = gold_labels(page.texts, page.gold)
        return [page for page in pages if page.corpus in CORPORA[kind]]
    pages = read_corpus(kind, args.shared)
    path.write_bytes(pickle.dumps(pages))
    return pages


# Folds of the held-out figures (sites held out), and of the text model's out-of-fold word
# odds: five, as every figure in the notes was measured.
FOLDS = 5


def held_out_figures(
    pages: list[PageData], kind: str, params: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    """Each corpus's figures with the heuristics alone and with models that never saw its site."""
    chances = cross_validate(pages, args.folds, params, kind, earlier_pages(kind, pages, args))
    figures = {}
    for corpus in CORPORA[kind]:
        before = score(pages, [p.kept for p in pages], corpus)
        after = score(pages, verdicts(pages, chances), corpus)
        figures[corpus] = {"heuristics": before, "with model, unseen sites": after}
        print(f"  {corpus:10} heuristics {before}  with model (sites held out) {after}", flush=True)
    return figures


def earlier_pages(
    kind: str, pages: list[PageData], args: argparse.Namespace
) -> list[PageData] | None:
    """The pages as an earlier pipeline read them (--trained-on's cache), or None.

    They must be the same pages in the same order, block for block: only the heuristics'
    verdicts and the features may differ.
    """
    if args.trained_on is None:
        return None
    path = Path(f"{args.trained_on}.{kind}.pickle")
    if not path.is_file():
        raise SystemExit(f"no pages cache at {path}: run --pages-cache {args.trained_on} first")
    earlier = cached_corpus(kind, argparse.Namespace(pages_cache=args.trained_on))
    same = len(earlier) == len(pages) and all(
        (a.corpus, a.site, len(a.texts)) == (b.corpus, b.site, len(b.texts))
        for a, b in zip(earlier, pages, strict=True)
    )
    if not same:
        raise SystemExit(f"{path} holds other pages or blocks than this pipeline reads")
    return earlier


def train(kind: str, args: argparse.Namespace) -> None:
    pages = cached_corpus(kind, args)
    labelled = labelled_blocks(pages)
    print(f"{kind}: {len(pages)} pages, {labelled} labelled blocks", flush=True)
    params = PARAMS_OF.get(kind, PARAMS)
    figures = {}
    if args.folds:
        figures = held_out_figures(pages, kind, params, args)
    if args.check:
        return
    pages = learnable(pages)  # the measured pages a model never learns from are done with
    words = None
    if kind == "text":
        # the trees' word odds are out of fold even when nothing is measured (--folds 0)
        pages, _, fitted = with_word_odds(pages, [], args.folds or FOLDS)
        words = export_words(
            fitted,
            {"pages": len(dev_part(pages)), "word_sites": WORD_SITES, "C": WORD_C},
        )
    model = fit(pages, params, kind)
    partner = partner_weight(kind, pages)  # as fit weighed it
    cases = fingerprint_cases()
    import sklearn

    meta = {
        "corpora": list(CORPORA[kind]),
        "pages": len(dev_part(pages)) + (len(full_gold_part(pages)) if partner else 0),
        "labelled_blocks": labelled,
        "scikit_learn": sklearn.__version__,
        **({"catboost": _catboost_version()} if kind in OBLIVIOUS else {}),
        "params": params,
        "members": MEMBERS_OF.get(kind, 1),
        "partner_weight": partner,
        "partner_members": 1 if partner else 0,
        "cross_validation": {"folds": args.folds, "grouped_by": "site", "figures": figures},
        "heuristics_fingerprint": heuristics_fingerprint(cases),
        "heuristics_fingerprint_cases": cases,
        **({"words_digest": words_digest(words)} if words is not None else {}),
    }
    data = export_oblivious(model, kind, meta) if kind in OBLIVIOUS else export(model, kind, meta)
    check_export(model, data, pages)
    if words is not None:
        write_atomic(MODEL_DIR / f"{WORDS_NAME}.json", words)
        print(f"  wrote {MODEL_DIR / f'{WORDS_NAME}.json'} ({len(words['weights'])} words)")
    write_atomic(MODEL_DIR / f"{kind}.json", data)
    print(f"  wrote {MODEL_DIR / f'{kind}.json'}")


def _catboost_version() -> str:
    import catboost

    return str(catboost.__version__)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", choices=[*CORPORA, "all"], default="all")
    parser.add_argument(
        "--folds", type=int, default=FOLDS, help="0: fit and write without measuring (trials only)"
    )
    parser.add_argument("--check", action="store_true", help="cross-validate only; write nothing")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument(
        "--pages-cache",
        type=Path,
        help="keep the pages read at PATH.KIND.pickle and read them from there next time "
        "(only while sweeping settings: the pipeline must not change in between)",
    )
    parser.add_argument(
        "--trained-on",
        type=Path,
        help="with --check: the models learn from the pages an earlier pipeline read (its "
        "--pages-cache PATH) and judge this one's: a heuristic change shipped without a retrain",
    )
    parser.add_argument(
        "--without-dragnet",
        action="store_true",
        help="learn from the dev corpus alone (as before dragnet's full gold was used)",
    )
    args = parser.parse_args()
    if args.trained_on is not None and not args.check:
        parser.error("--trained-on measures only: add --check (the models it fits are not written)")
    if args.without_dragnet:
        for kind, corpora in CORPORA.items():
            CORPORA[kind] = tuple(c for c in corpora if not c.startswith(DRAGNET))
    warnings.filterwarnings("ignore")
    for kind in CORPORA if args.kind == "all" else (args.kind,):
        train(kind, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
