"""Read, validate and index site rule files (rules/*.toml), and match a page to its rule.

A rule file is data: it is parsed with tomllib, checked against the JSON Schema shipped in
cleaner/data, and every selector and pattern is compiled at load time, so a bad file fails
at once with every problem listed (file, key path, what is wrong), never on some later page.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jsonschema
import regex
from cssselect import SelectorError
from cssselect.xpath import ExpressionError
from lxml import etree
from lxml.cssselect import CSSSelector

from cleaner.errors import RuleFileError
from cleaner.read.dom import text_of

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from cleaner.page import Page


@dataclass(frozen=True, slots=True)
class Selector:
    """A compiled CSS or XPath selector with the reason for what it selects."""

    xpath: etree.XPath
    reason: str

    def select(self, tree: Element) -> list[Element]:
        """The elements of the tree this selector picks."""
        found = self.xpath(tree)
        return (
            [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []
        )


# A rule's regular expression gets this long on one block (or URL) before it counts as
# not matching, and sees at most this many characters: a pattern that backtracks
# catastrophically cannot stall a page.
REGEX_TIMEOUT = 0.05
REGEX_WINDOW = 10_000
# Texts every pattern is tried on at load time: one that matches all of them would act
# on every block (or every URL) and is refused.
EVERYTHING_PROBES = ("", "x", "An ordinary sentence of an article.", "https://example.invalid/a")


def bounded_search(pattern: regex.Pattern[str], text: str) -> bool:
    """Search with a time bound and on a bounded window; a timeout is no match."""
    try:
        return pattern.search(text[:REGEX_WINDOW], timeout=REGEX_TIMEOUT) is not None
    except TimeoutError:
        return False


@dataclass(frozen=True, slots=True)
class Pattern:
    """A test on a block's text: whole line, prefix, substring or regular expression."""

    how: str
    value: str
    regex: regex.Pattern[str] | None
    reason: str = ""

    def matches(self, text: str) -> bool:
        """True when the block text satisfies the pattern."""
        if self.how == "line":
            return text == self.value
        if self.how == "prefix":
            return text.startswith(self.value)
        if self.how == "contains":
            return self.value in text
        assert self.regex is not None
        return bounded_search(self.regex, text)


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of blocks to drop: from a start pattern up to an end pattern."""

    start: Pattern
    end: Pattern | None
    reason: str


@dataclass(frozen=True, slots=True)
class SiteRule:
    """One site's validated, compiled rule file."""

    name: str
    path: Path
    domains: tuple[str, ...] = ()
    url_patterns: tuple[regex.Pattern[str], ...] = ()
    fingerprints: tuple[str, ...] = ()
    html_root: tuple[Selector, ...] = ()
    html_drop: tuple[Selector, ...] = ()
    html_keep: tuple[Selector, ...] = ()
    start_at: tuple[Pattern, ...] = ()
    start_after: tuple[Pattern, ...] = ()
    end_before: tuple[Pattern, ...] = ()
    end_after: tuple[Pattern, ...] = ()
    drop: tuple[Pattern, ...] = ()
    keep: tuple[Pattern, ...] = ()
    drop_sections: tuple[Section, ...] = ()
    tests: tuple[dict[str, Any], ...] = ()
    extends: tuple[str, ...] = ()
    description: str = ""

    @property
    def reads_lines(self) -> bool:
        """True when the rule has text directives, which match single lines of the page."""
        return bool(
            self.start_at
            or self.start_after
            or self.end_before
            or self.end_after
            or self.drop
            or self.keep
            or self.drop_sections
        )

    def serves(self, kind: str) -> bool:
        """Whether the rule has directives for a page of this kind ("html" or "text").

        Text directives act on the blocks of both kinds; HTML directives need the DOM. A
        rule with HTML directives alone has nothing to say about a scraped page of its
        site, so that page is cleaned as any other site's is, learned stage included.
        """
        return kind == "html" or self.reads_lines


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All loaded rules, indexed by domain so matching costs the same for 10 or 10,000."""

    by_domain: dict[str, SiteRule]
    by_url: tuple[SiteRule, ...]
    by_fingerprint: tuple[SiteRule, ...]
    rules: tuple[SiteRule, ...]

    def match(self, page: Page) -> SiteRule | None:
        """The rule for a page: by domain, then URL pattern, then text fingerprints."""
        return next(self._candidates(page), None)

    def rule_for(self, page: Page) -> SiteRule | None:
        """The first matching rule with directives for the page's kind (SiteRule.serves).

        On a scrape, a domain's rule of HTML directives alone gives way to a URL-pattern or
        fingerprint rule that has text directives.
        """
        return next((rule for rule in self._candidates(page) if rule.serves(page.kind)), None)

    def fingerprint_text(self, tree: Element | None, raw: str | None) -> str:
        """The text of a tree (or `raw` text) as fingerprints are looked for in it.

        White space collapsed; or "" when no fingerprint rule can match, because some word
        of its fingerprints is not in the text at all (collapsing white space keeps every
        word): collapsing a whole page's text took 0.1-0.4 ms a page, for two rules.
        """
        if raw is None:
            raw = text_of(tree) if tree is not None else ""
        if not any(
            all(word in raw for fingerprint in rule.fingerprints for word in fingerprint.split())
            for rule in self.by_fingerprint
        ):
            return ""
        return " ".join(raw.split())

    def _candidates(self, page: Page) -> Iterator[SiteRule]:
        """Every rule matching the page, in order: by domain, URL pattern, fingerprints."""
        if page.url:
            host = (urlsplit(page.url.strip()).hostname or "").lower()
            for domain in _parent_domains(host):
                if domain in self.by_domain:
                    yield self.by_domain[domain]
                    break  # the closest parent domain's rule speaks for the host
            for rule in self.by_url:
                if any(bounded_search(p, page.url) for p in rule.url_patterns):
                    yield rule
        if self.by_fingerprint:
            text = page.text if page.kind == "text" else self.fingerprint_text(page.tree, None)
            for rule in self.by_fingerprint:
                if all(f in text for f in rule.fingerprints):
                    yield rule


def _parent_domains(host: str) -> list[str]:
    """'a.b.example.com' -> ['a.b.example.com', 'b.example.com', 'example.com']."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


@lru_cache(maxsize=1)
def shipped_rules_dir() -> Path:
    """The rules shipped with cleaner: inside the wheel, or rules/ of a source checkout.

    Found once per process: the lookup (importlib.resources, two stat calls) took 0.2 ms,
    and every page asks for it.
    """
    package = Path(str(resources.files("cleaner")))
    packaged = package / "rules"
    if packaged.is_dir():
        return packaged
    return package.resolve().parent / "rules"  # the checkout holding the package


ENV_RULES = "CLEANER_RULES"


def rule_folders(extra_dirs: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Where rules come from, lowest precedence first: shipped, $CLEANER_RULES, --rules."""
    from_env = tuple(Path(p) for p in os.environ.get(ENV_RULES, "").split(os.pathsep) if p)
    return (shipped_rules_dir(), *from_env, *extra_dirs)


def load_rules(extra_dirs: tuple[Path, ...] = ()) -> RuleSet:
    """Load every rule folder; a rule file in a later folder replaces one of the same name.

    Folders are read once per process (then served from memory), as a batch needs; the
    folder list is worked out once per value of $CLEANER_RULES too (it cost 24 µs a page).
    """
    return _load_for(os.environ.get(ENV_RULES, ""), extra_dirs)


@lru_cache(maxsize=8)
def _load_for(from_env: str, extra_dirs: tuple[Path, ...]) -> RuleSet:  # noqa: ARG001 (a cache key)
    """The rules for one value of $CLEANER_RULES (rule_folders reads it) and extra folders."""
    return _load_folders(rule_folders(extra_dirs))


@lru_cache(maxsize=8)
def _load_folders(folders: tuple[Path, ...]) -> RuleSet:
    rules: dict[str, SiteRule] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.toml")):
            rule = load_rule_file(path)
            rules[rule.name] = rule
    return index_rules(resolve_extends(rules))


_INHERITED = (
    "html_root",
    "html_drop",
    "html_keep",
    "start_at",
    "start_after",
    "end_before",
    "end_after",
    "drop",
    "keep",
    "drop_sections",
)


def resolve_extends(rules: dict[str, SiteRule]) -> list[SiteRule]:
    """Give each rule the directives of the rules it extends (theirs first, then its own).

    A publisher network keeps its shared template in one file ('extends = ["network"]');
    an unknown name or a cycle is a RuleFileError naming the file.
    """
    resolved: dict[str, SiteRule] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> SiteRule:
        if name in resolved:
            return resolved[name]
        rule = rules[name]
        merged = rule
        for base_name in rule.extends:
            if base_name in chain or base_name == name:
                raise RuleFileError(str(rule.path), [f"extends: cycle through '{base_name}'"])
            if base_name not in rules:
                known = ", ".join(difflib.get_close_matches(base_name, rules, n=1))
                hint = f" (did you mean '{known}'?)" if known else ""
                raise RuleFileError(str(rule.path), [f"extends: no rule named '{base_name}'{hint}"])
            base = resolve(base_name, (*chain, name))
            merged = replace(
                merged, **{k: getattr(base, k) + getattr(merged, k) for k in _INHERITED}
            )
        resolved[name] = merged
        return merged

    return [resolve(name, ()) for name in rules]


def index_rules(rules: list[SiteRule]) -> RuleSet:
    """Build the lookup tables of a RuleSet."""
    by_domain: dict[str, SiteRule] = {}
    for rule in rules:
        for domain in rule.domains:
            by_domain[domain.lower().removeprefix("www.")] = rule
    return RuleSet(
        by_domain=by_domain,
        by_url=tuple(r for r in rules if r.url_patterns),
        by_fingerprint=tuple(r for r in rules if r.fingerprints),
        rules=tuple(rules),
    )


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = (resources.files("cleaner") / "data" / "site-rule.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# A host name: two or more dot-separated labels of letters (any script), digits, '-' or '_'.
_HOST = regex.compile(r"[\w-]+(\.[\w-]+)+")
TEST_NEEDS_A_PAGE = (
    'names no page: add input = "page.html" (a file beside the rule) or golden = "CASE"'
)


def is_host_name(domain: str) -> bool:
    """True for a host a rule can match ('example.org', 'bücher.de'), false for 'not a domain!'.

    `rules check`, `rules new` and `rules learn` share it, so no command writes a rule the
    checker then refuses.
    """
    return _HOST.fullmatch(domain.rstrip(".")) is not None


def load_rule_file(path: Path) -> SiteRule:
    """Parse, validate and compile one rule file; RuleFileError lists every problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(str(path), [f"cannot read the file: {error}"]) from error
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(str(path), [f"TOML syntax: {error}"]) from error
    problems = schema_problems(data)
    if problems:
        raise RuleFileError(str(path), problems)
    compiler = _Compiler()
    rule = compiler.rule(path, data)
    if compiler.problems:
        raise RuleFileError(str(path), compiler.problems)
    return rule


def schema_problems(data: dict[str, Any]) -> list[str]:
    """Every schema violation as 'key.path[i]: what is wrong', with spelling hints."""
    validator = jsonschema.Draft202012Validator(_schema())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        problems.append(f"{_key_path(error.absolute_path) or '(top level)'}: {_describe(error)}")
    return problems


def _key_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(error: jsonschema.ValidationError) -> str:
    """The validator's message, plus 'did you mean' for misspelled keys."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = list(schema.get("properties", {}))
        unknown = [k for k in error.instance if k not in allowed]
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            hints.append(f"unknown key '{key}'{hint}")
        return "; ".join(hints) + f"; allowed keys: {', '.join(allowed)}"
    if error.validator == "oneOf":
        return "needs exactly one of the alternative keys (for example css or xpath)"
    return error.message


class _Compiler:
    """Turns validated TOML data into a SiteRule, collecting compile errors by key path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def rule(self, path: Path, data: dict[str, Any]) -> SiteRule:
        match, html, text = data.get("match", {}), data.get("html", {}), data.get("text", {})
        for i, domain in enumerate(match.get("domains", [])):
            if not is_host_name(domain):
                self.problems.append(f"match.domains[{i}]: {domain!r} is not a host name")
        for i, test in enumerate(data.get("tests", [])):
            if "input" not in test and "golden" not in test:
                self.problems.append(f"tests[{i}]: {TEST_NEEDS_A_PAGE}")
        rule = self._build(path, match, html, text, data)
        self._refuse_everything(rule)
        return rule

    def _refuse_everything(self, rule: SiteRule) -> None:
        """A URL pattern matching any URL, or a text pattern matching any block, is an error."""
        for i, url_pattern in enumerate(rule.url_patterns):
            if all(bounded_search(url_pattern, probe) for probe in EVERYTHING_PROBES):
                self.problems.append(f"match.url_patterns[{i}]: matches every URL; anchor it")
        for key in ("drop", "keep", "start_at", "start_after", "end_before", "end_after"):
            for i, pattern in enumerate(getattr(rule, key)):
                if all(pattern.matches(probe) for probe in EVERYTHING_PROBES):
                    self.problems.append(f"text.{key}[{i}]: matches every block")
        for i, section in enumerate(rule.drop_sections):
            if all(section.start.matches(probe) for probe in EVERYTHING_PROBES):
                self.problems.append(f"text.drop_section[{i}].start: matches every block")

    def _build(
        self,
        path: Path,
        match: dict[str, Any],
        html: dict[str, Any],
        text: dict[str, Any],
        data: dict[str, Any],
    ) -> SiteRule:
        return SiteRule(
            name=path.stem,
            path=path,
            domains=tuple(d.lower().removeprefix("www.") for d in match.get("domains", [])),
            url_patterns=tuple(
                r
                for i, p in enumerate(match.get("url_patterns", []))
                if (r := self.regex(p, f"match.url_patterns[{i}]")) is not None
            ),
            fingerprints=tuple(match.get("fingerprints", [])),
            html_root=self.selectors(html, "root"),
            html_drop=self.selectors(html, "drop"),
            html_keep=self.selectors(html, "keep"),
            start_at=self.patterns(text, "start_at"),
            start_after=self.patterns(text, "start_after"),
            end_before=self.patterns(text, "end_before"),
            end_after=self.patterns(text, "end_after"),
            drop=self.patterns(text, "drop"),
            keep=self.patterns(text, "keep"),
            drop_sections=self.sections(text.get("drop_section", [])),
            tests=tuple(data.get("tests", [])),
            extends=tuple(data.get("extends", [])),
            description=str(data.get("description", "")),
        )

    def regex(self, source: str, where: str) -> regex.Pattern[str] | None:
        try:
            return regex.compile(source)
        except regex.error as error:
            self.problems.append(f"{where}: bad regular expression {source!r}: {error}")
            return None

    def selectors(self, html: dict[str, Any], key: str) -> tuple[Selector, ...]:
        compiled = []
        for i, item in enumerate(html.get(key, [])):
            where = f"html.{key}[{i}]"
            xpath: etree.XPath
            try:
                if "css" in item:
                    xpath = CSSSelector(item["css"], translator="html")
                else:
                    xpath = etree.XPath(item["xpath"])
            except (SelectorError, ExpressionError, etree.XPathError) as error:
                self.problems.append(f"{where}: invalid selector: {error}")
                continue
            compiled.append(Selector(xpath, item["reason"]))
        return tuple(compiled)

    def pattern(self, item: dict[str, Any], where: str, reason: str = "") -> Pattern | None:
        for how in ("line", "prefix", "contains", "regex"):
            if how in item:
                regex = self.regex(item[how], f"{where}.regex") if how == "regex" else None
                if how == "regex" and regex is None:
                    return None
                return Pattern(how, item[how], regex, reason)
        return None

    def patterns(self, text: dict[str, Any], key: str) -> tuple[Pattern, ...]:
        found = (
            self.pattern(item, f"text.{key}[{i}]", item["reason"])
            for i, item in enumerate(text.get(key, []))
        )
        return tuple(p for p in found if p is not None)

    def sections(self, items: list[dict[str, Any]]) -> tuple[Section, ...]:
        sections = []
        for i, item in enumerate(items):
            where = f"text.drop_section[{i}]"
            start = self.pattern(item["start"], f"{where}.start")
            end = self.pattern(item["end"], f"{where}.end") if "end" in item else None
            if start is not None:
                sections.append(Section(start, end, item["reason"]))
        return tuple(sections)
