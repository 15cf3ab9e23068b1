"""The rules of the joined stylesheets that nothing on the site can match, left out.

The site stylesheet, which every page waits for before it paints, is mostly the theme's:
Bootstrap and the theme's components, most of which the book never shows (popovers,
carousels, form controls, version switchers). After the build, a rule leaves a joined
stylesheet when none of its selectors can match: when each names a class or id that
appears nowhere in the site's pages and scripts. The test is the one PurgeCSS makes
(every word of the pages and scripts counts as a class that may be used), on the
stylesheet as tinycss2 parses it, and it errs on the side of keeping:

- a class a script adds is kept, because its name is a word of the script;
- a selector with ``:is()``, ``:where()``, ``:has()`` or ``:not()`` is kept whole, and
  attribute selectors are not read;
- rules inside ``@media``, ``@supports``, ``@layer`` and ``@container`` are tested
  one by one; every other at-rule (``@font-face``, ``@keyframes``) stays, and so do
  comments (a bundle's first line lists its sheets).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2
from tinycss2.ast import AtRule, Node, QualifiedRule

WORD = re.compile(r"[A-Za-z0-9_-]+")
NAME = re.compile(r"[.#]([A-Za-z_-][A-Za-z0-9_-]*)")
FUNCTIONAL = re.compile(r":(?:is|where|has|not|matches)\(", re.I)
ATTRIBUTE = re.compile(r"\[[^\]]*\]")
GROUPS = ("media", "supports", "layer", "container")


def site_words(site: str | Path) -> set[str]:
    """Every word of the built ``site``'s pages and scripts (its widget state too)."""
    words: set[str] = set()
    site = Path(site)
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def can_match(selectors: str, words: set[str]) -> bool:
    """Whether one of ``selectors`` (a rule's comma-separated list) may match."""
    for selector in selectors.split(","):
        if FUNCTIONAL.search(selector):
            return True
        names = NAME.findall(ATTRIBUTE.sub("", selector))
        if all(name in words for name in names):
            return True
    return False


def _kept(rules: Iterable[Node], words: set[str]) -> list[Node]:
    kept: list[Node] = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            if can_match(tinycss2.serialize(rule.prelude), words):
                kept.append(rule)
        elif (
            isinstance(rule, AtRule)
            and rule.lower_at_keyword in GROUPS
            and rule.content is not None
        ):
            inner = _kept(
                tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True),
                words,
            )
            if inner:
                rule.content = inner
                kept.append(rule)
        else:
            kept.append(rule)
    return kept


def without_unused_rules(css: str, words: set[str]) -> str:
    """``css`` without the rules none of whose selectors can match, given the ``words``
    of the site's pages and scripts."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True)
    return "\n".join(tinycss2.serialize([rule]) for rule in _kept(rules, words)) + "\n"
