"""The closed "How we checked this page" part at the end of a page.

A page proves itself right with code a student does not need to read the lesson: the
three-way derivative checks, the tables of zero differences, the asserts, the rounding
notes, the seeds and the timings. That code still runs, and still asserts, on every
build; it sits at the page's end, one click away. The page writes::

    ## How we checked this page

    :::{how-we-checked}
    :::

and everything after the directive, to the end of that section (its subsections
included), is folded into a closed ``<details class="how-we-checked">``. MyST-NB cannot
nest code cells inside a directive, so the directive only marks the place and a
transform moves the cells that follow into the folded part once the page is read.

The part's label counts what it holds, so a reader sees how much checking there is
before opening it: "Open the checks: 9 code cells, 31 asserts". The PDF prints it
open (:mod:`dlbook_site.book_pdf`), and ``static/open-linked-details.js`` opens it when
a link points inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

CLASS = "how-we-checked"
ASSERT = re.compile(r"^\s*assert\b", re.M)


class ChecksError(ValueError):
    """A page's "How we checked" part is misplaced."""


class how_we_checked(nodes.General, nodes.Element):  # noqa: N801 (docutils' style)
    """The folded part: ``<details class="how-we-checked">`` with its label."""


class HowWeChecked(SphinxDirective):
    """Marks where the page's checks start: the rest of its section is folded."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = how_we_checked()
        self.set_source_info(node)
        return [node]


def count_checks(node: nodes.Element) -> tuple[int, int]:
    """The number of code cells under ``node``, and of ``assert`` statements in them."""
    cells = [
        block
        for block in node.findall(nodes.literal_block)
        if any("cell_input" in c.get("classes", []) for c in _ancestors(block))
    ]
    asserts = sum(len(ASSERT.findall(block.astext())) for block in cells)
    return len(cells), asserts


def _ancestors(node: nodes.Element | None) -> Iterator[nodes.Element]:
    while node is not None:
        yield node
        node = node.parent


def label(cells: int, asserts: int) -> str:
    """The folded part's label, for ``cells`` code cells and ``asserts`` asserts."""
    counts = [f"{cells} code cell{'s' if cells != 1 else ''}"]
    if asserts:
        counts.append(f"{asserts} assert{'s' if asserts != 1 else ''}")
    return "Open the checks: " + ", ".join(counts)


class FoldChecks(SphinxTransform):
    """Move what follows each ``how-we-checked`` marker into it."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        markers = list(self.document.findall(how_we_checked))
        if len(markers) > 1:
            raise ChecksError(
                f"{self.env.docname}: {len(markers)} how-we-checked parts; a page has "
                "one, at its end"
            )
        for marker in markers:
            section = marker.parent
            if not isinstance(section, nodes.section) or isinstance(
                section.parent, nodes.document
            ):
                raise ChecksError(
                    f"{self.env.docname}: put how-we-checked under a heading of its "
                    'own ("## How we checked this page")'
                )
            if section.index(marker) != 1:
                raise ChecksError(
                    f"{self.env.docname}: how-we-checked must come right after its "
                    "section's heading, before anything else"
                )
            if section.next_node(nodes.section, siblings=True, descend=False):
                raise ChecksError(
                    f"{self.env.docname}: the how-we-checked section must be the "
                    "page's last"
                )
            following = section.children[2:]
            section.children = section.children[:2]
            for child in following:
                child.parent = None
            marker.extend(following)


def visit_how_we_checked(self: HTML5Translator, node: how_we_checked) -> None:
    # Counted as written: the student edition has taken its solution checks out.
    self.body.append(self.starttag(node, "details", CLASS=CLASS))
    self.body.append(f"<summary>{label(*count_checks(node))}</summary>\n")


def depart_how_we_checked(self: HTML5Translator, node: how_we_checked) -> None:
    self.body.append("</details>\n")


def skip(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.add_node(
        how_we_checked,
        html=(visit_how_we_checked, depart_how_we_checked),
        latex=(skip, None),
        text=(skip, None),
    )
    app.add_directive("how-we-checked", HowWeChecked)
    app.add_transform(FoldChecks)
    app.add_js_file("open-linked-details.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
