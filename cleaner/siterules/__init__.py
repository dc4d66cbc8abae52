"""Site rules: per-site directives a person wrote (rules/*.toml), and the tools around them.

In the pipeline: read, validate, index and match rule files (load: load_rules, RuleSet,
SiteRule) and apply a rule's text directives to blocks (apply: apply_text_rule); pruning
(cleaner.read.html_prune) applies its HTML directives. These may import the data model
and the read stage only.

Tools built on the whole cleaner, never imported by the pipeline (so not exported here):
the tests written inside rule files (checks), drafting a rule from a site's pages (draft,
draft_root) and the FiveFilters import (ftr). They sit above the API in
tests/test_layout.py's layers.
"""

from __future__ import annotations

from cleaner.siterules.apply import apply_text_rule
from cleaner.siterules.load import RuleSet, SiteRule, load_rules

__all__ = ["RuleSet", "SiteRule", "apply_text_rule", "load_rules"]
