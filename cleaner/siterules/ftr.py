"""Convert FiveFilters (FTR) site config files into cleaner rule files.

FTR files are lines `directive: value`: `body:` (XPath of the article), `strip:` (XPath to
remove), `strip_id_or_class:` (a string in an id or class), `test_url:`; others (`title:`,
`date:`, `author:`, `replace_string(...)`, `http_header(...)`, paging) have no cleaner
counterpart and are reported, not silently dropped. The file name gives the domain
(`example.com.txt`; a leading dot, `.example.com.txt`, means its subdomains too, which
cleaner's domain match always includes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Converted:
    """One FTR file as a rule file, with what could not be carried over."""

    domain: str
    toml: str = ""
    skipped: list[str] = field(default_factory=list)


def ftr_domain(filename: str) -> str:
    """'.example.com.txt' -> 'example.com'."""
    name = filename[:-4] if filename.endswith(".txt") else filename
    return name.lstrip(".")


def parse_ftr(text: str) -> list[tuple[str, str, int]]:
    """(directive, value, line number) of every directive line; comments and blanks skipped."""
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        directive, _, value = line.partition(":")
        found.append((directive.strip(), value.strip(), number))
    return found


def convert_ftr(filename: str, text: str) -> Converted:
    """The rule file for one FTR config, and a note for each line left behind."""
    converted = Converted(ftr_domain(filename))
    lines = [
        f"# Imported from the FiveFilters site config {filename} by `cleaner rules import-ftr`.",
        f'description = "FTR site config for {converted.domain}, imported"',
        "",
        "[match]",
        f"domains = [{json.dumps(converted.domain)}]",
    ]
    tests: list[str] = []
    for directive, value, number in parse_ftr(text):
        block = _directive(directive, value, filename, number)
        if block is not None:
            lines += ["", *block]
        elif directive == "test_url" and value:
            tests.append(value)
        else:
            converted.skipped.append(
                f"{filename}:{number}: '{directive}' has no cleaner counterpart"
            )
    for url in tests:
        converted.skipped.append(
            f"{filename}: test_url {url} kept as a comment (no page to test offline)"
        )
        lines += ["", f"# test_url = {json.dumps(url)}"]
    converted.toml = "\n".join(lines) + "\n"
    return converted


def _directive(directive: str, value: str, filename: str, number: int) -> list[str] | None:
    """TOML lines for a directive cleaner can carry over, else None."""
    origin = f"from {filename} line {number}"
    if directive == "body" and value:
        return [
            "[[html.root]]",
            f"xpath = {json.dumps(value)}",
            f'reason = "article body ({origin})"',
        ]
    if directive == "strip" and value:
        return ["[[html.drop]]", f"xpath = {json.dumps(value)}", f'reason = "strip ({origin})"']
    if directive == "strip_id_or_class" and value:
        literal = _xpath_literal(value)
        xpath = f"//*[contains(@class, {literal}) or contains(@id, {literal})]"
        return [
            "[[html.drop]]",
            f"xpath = {json.dumps(xpath)}",
            f'reason = "strip_id_or_class {value} ({origin})"',
        ]
    return None


def _xpath_literal(value: str) -> str:
    """An XPath string literal for any value (quotes included)."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = value.split("'")
    return "concat(" + ', "\'", '.join(f"'{p}'" for p in parts) + ")"
