"""The homework page: every question of the course's homework, in Persian and in
English, each linked to the section that teaches it and to the answer boxes that check
it.

    :::{homework-questions} homework-questions.yml
    :::

Each entry of the YAML file has ``id``, ``set``, ``number``, ``en``, ``fa`` (MyST),
``taught_in`` (labels of the sections that teach it) and ``boxes`` (the ids of the
answer boxes that check it, as :mod:`dlbook.answer_boxes` names them; may be empty for
a question answered in words). Where each box is, and under which exercise, is read
from the pages that show them (the forms in their cells' outputs), so a link to a box
that no page shows is a build warning, an error with ``-W``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dlbook_site.persian import bidi_span, persian_block

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

FIELDS = {"id", "set", "number", "en", "fa", "taught_in", "boxes"}
OPTIONAL = {"boxes"}
BOX = re.compile(
    r'<form class="self-check" id="box-([\w-]+)".*?<label[^>]*>(.*?)</label>', re.S
)


class HomeworkError(ValueError):
    """The homework file is malformed."""


@dataclass(frozen=True)
class Question:
    id: str
    set: str
    number: str
    en: str
    fa: str
    taught_in: tuple[str, ...]
    boxes: tuple[str, ...]


def parse_questions(text: str) -> list[Question]:
    """The questions of the homework YAML; :class:`HomeworkError` if an entry lacks a
    field, has an unknown one, or repeats an id."""
    import yaml

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise HomeworkError(f"the homework file is not valid YAML: {error}") from None
    if not isinstance(raw, list) or not raw:
        raise HomeworkError("the homework file must be a YAML list of questions")
    questions: list[Question] = []
    seen: set[object] = set()
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise HomeworkError(f"question {number} is not a mapping")
        missing = FIELDS - OPTIONAL - set(item)
        unknown = set(item) - FIELDS
        if missing or unknown:
            raise HomeworkError(
                f"question {number} ({item.get('id', '?')}): "
                + "; ".join(
                    [f"missing {', '.join(sorted(missing))}"] * bool(missing)
                    + [f"unknown {', '.join(sorted(unknown))}"] * bool(unknown)
                )
            )
        if item["id"] in seen:
            raise HomeworkError(f"question {number}: id '{item['id']}' appears twice")
        seen.add(item["id"])
        questions.append(
            Question(
                str(item["id"]),
                str(item["set"]),
                str(item["number"]),
                str(item["en"]).strip(),
                str(item["fa"]).strip(),
                tuple(item["taught_in"] or ()),
                tuple(item.get("boxes") or ()),
            )
        )
    return questions


class box_link(nodes.Inline, nodes.Element):  # noqa: N801 (docutils' style)
    """Where a link to an answer box goes, once every page has been read."""


def boxes_in(doctree: nodes.Node) -> dict[str, tuple[str, str | None]]:
    """``{box id: (label, exercise id or None)}`` for the answer boxes a page shows."""
    found: dict[str, tuple[str, str | None]] = {}
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", ""):
            continue
        for box_id, label in BOX.findall(raw.astext()):
            exercise = next(
                (
                    node["ids"][0]
                    for node in _ancestors(raw)
                    if "exercise" in type(node).__name__ and node.get("ids")
                ),
                None,
            )
            text = html.unescape(re.sub(r"<[^>]+>", "", label)).strip()
            found[box_id] = (text, exercise)
    return found


def _ancestors(node: nodes.Element | None) -> Iterator[nodes.Element]:
    while node is not None:
        yield node
        node = node.parent


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    # Kept with the env between builds; Sphinx declares no such attribute.
    if not hasattr(env, "dlbook_answer_boxes"):
        env.dlbook_answer_boxes = {}  # type: ignore[attr-defined]
    for box_id, (label, exercise) in boxes_in(doctree).items():
        env.dlbook_answer_boxes[box_id] = (env.docname, label, exercise)  # type: ignore[attr-defined]


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    boxes = getattr(env, "dlbook_answer_boxes", {})
    for box_id in [b for b, (doc, _, _) in boxes.items() if doc == docname]:
        del boxes[box_id]


def _merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    if not hasattr(env, "dlbook_answer_boxes"):
        env.dlbook_answer_boxes = {}  # type: ignore[attr-defined]
    env.dlbook_answer_boxes.update(getattr(other, "dlbook_answer_boxes", {}))  # type: ignore[attr-defined]


class HomeworkQuestions(SphinxDirective):
    """Every question of the homework file named by the argument."""

    required_arguments = 1

    def _parsed(self, text: str) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(
            self.content.__class__(text.splitlines(), self.get_source_info()[0]),
            self.content_offset,
            holder,
        )
        return holder.children

    def run(self) -> list[nodes.Node]:
        relative, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        try:
            with open(path, encoding="utf-8") as file:
                questions = parse_questions(file.read())
        except (OSError, HomeworkError) as error:
            raise self.error(f"{self.arguments[0]}: {error}") from None
        found: list[nodes.Node] = []
        for question in questions:
            box = nodes.container(classes=["homework-question"], ids=[question.id])
            box += nodes.rubric(text=f"{question.set}, question {question.number}")
            box += self._parsed(question.en)
            persian = persian_block(classes=["homework-fa"])
            persian += self._parsed(question.fa)
            box += persian
            links = nodes.paragraph(classes=["homework-links"])
            links += nodes.strong(text="Taught in: ")
            for number, label in enumerate(question.taught_in):
                if number:
                    links += nodes.Text("; ")
                links += addnodes.pending_xref(
                    "",
                    nodes.inline(text=label),
                    refdomain="std",
                    reftype="ref",
                    reftarget=label,
                    refexplicit=False,
                    refwarn=True,
                    refdoc=self.env.docname,
                )
            box += links
            if question.boxes:
                checks = nodes.paragraph(classes=["homework-links"])
                checks += nodes.strong(text="Check your answer: ")
                for number, box_id in enumerate(question.boxes):
                    if number:
                        checks += nodes.Text("; ")
                    checks += box_link(box=box_id)
                box += checks
            found.append(box)
        return found


class LinkBoxes(SphinxPostTransform):
    """Point each box link at the page and place that shows the box, named by its
    exercise and its label."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        boxes = getattr(self.env, "dlbook_answer_boxes", {})
        for link in list(self.document.findall(box_link)):
            if link["box"] not in boxes:
                logger.warning(
                    f"no page shows an answer box '{link['box']}'", location=link
                )
                link.replace_self(nodes.Text(link["box"]))
                continue
            docname, label, exercise = boxes[link["box"]]
            uri = self.app.builder.get_relative_uri(self.env.docname, docname)
            number = self.env.toc_fignumbers.get(docname, {}).get("exercise", {})
            named = (
                f"Exercise {'.'.join(map(str, number[exercise]))}: "
                if exercise in number
                else ""
            )
            reference = nodes.reference(
                "", "", refuri=f"{uri}#box-{link['box']}", internal=True
            )
            reference += bidi_span("", named + label, dir="ltr")
            link.replace_self(reference)


def _reread_when_boxes_may_move(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """The homework page links boxes on other pages: read it again when any page
    changed."""
    if not (added or changed or removed):
        return []
    return [
        docname
        for docname in env.found_docs
        if "homework-questions" in _source(env, docname)
    ]


def _source(env: BuildEnvironment, docname: str) -> str:
    try:
        with open(env.doc2path(docname), encoding="utf-8") as file:
            return file.read()
    except OSError:
        return ""


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.setup_extension("dlbook_site.persian")  # the questions' Persian blocks
    app.connect("env-get-outdated", _reread_when_boxes_may_move)
    app.add_node(box_link)
    app.add_directive("homework-questions", HomeworkQuestions)
    app.add_post_transform(LinkBoxes)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
