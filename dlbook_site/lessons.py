"""Does each chapter read as a lesson?  A check over the chapters' MyST sources.

    python -m dlbook_site.lessons            # report, and exit 1 above the limits

A page is a lesson path, then a closed "How we checked this page" part (the
``how-we-checked`` directive, :mod:`dlbook_site.checks`).  For every page the check
reports the code lines of its lesson path that a reader sees (visible), can open
(``hide-input``, ``hide-cell``) or cannot open at all (``remove-cell``,
``remove-input``), and the code lines of its checks part; and, where ``make measure``
has measured them, the lesson path's length in phone screens.  It fails when:

- a page has no "How we checked this page" part;
- less than :data:`MIN_VISIBLE_SHARE` of a page's lesson-path code is visible;
- a section of the lesson path has more than one removed cell (the page's first cell,
  its setup, aside): code that only publishes goes in one removed cell per section;
- a visible cell of the lesson path holds more than :data:`MAX_LESSON_ASSERTS` asserts
  per page: an assert belongs there only where it is itself the lesson;
- a cell tagged :data:`ANSWER_BOX_TAG` (it shows an answer box, and is counted apart
  from the code) shows its code;
- a chapter's main page has no cell tagged :data:`OWN_NOTEBOOK_TAG`, code a student can
  paste into a fresh notebook; such a cell may not mention ``dlbook``, and imports only
  the standard library and :data:`OWN_NOTEBOOK_MODULES`;
- glue bypasses the page toolkit (:mod:`dlbook.page`, which refuses sentences), or its
  name says it holds a sentence (``*_story``, ``*_verdict``, …);
- code is printed through ``inspect.getsource`` (the page shows code with
  ``literalinclude`` or in a visible cell);
- a cell outside the solutions uses a name that only a solution defines: the student
  edition leaves the solutions out, so that cell would fail in a student's notebook
  (a check of a solution is tagged ``solution-check``: it leaves with them).

The limits, and why, are in CONTRIBUTING.md.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlbook_site import toc
from dlbook_site.edition import SOLUTION_CHECK, SOLUTION_END, SOLUTION_START

ROOT = Path(__file__).resolve().parents[1]
# The lesson path's budget, in screens of a 390 x 844 phone (rule 0): measured in the
# browser by LESSON_PATH_JS (scripts/measure_lesson_path.py, and the browser tests).
PHONE = {"width": 390, "height": 844}
MAIN_PAGE_SCREENS = 12
SECTION_PAGE_SCREENS = 15
LESSON_PATH_JS = Path(__file__).with_name("lesson_path.js")
MIN_VISIBLE_SHARE = 0.70
MAX_LESSON_ASSERTS = 3
REMOVED_TAGS = {"remove-cell", "remove-input"}
HIDDEN_TAGS = {"hide-input", "hide-cell"}
OWN_NOTEBOOK_TAG = "own-notebook"
# A cell that shows an answer box (dlbook.answer_boxes) publishes a form, not lesson
# code: it is counted as a box, apart from the code lines.
ANSWER_BOX_TAG = "answer-box"
OWN_NOTEBOOK_MODULES = {"numpy", "sympy", "matplotlib", "tensorflow", "keras"}
CHECKS_MARKER = re.compile(r"^:::\{how-we-checked\}", re.M)
HEADING = re.compile(r"^#{2,3} ", re.M)
SENTENCE_NAMES = re.compile(
    r"""\bglue(?:_md)?\(\s*f?["']([^"']*_(?:story|verdict|sentence|says|claim)s?)\b"""
)
DIRECT_GLUE = re.compile(r"from myst_nb import[^\n]*\bglue\b|myst_nb\.glue\(")
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
ASSERT = re.compile(r"^\s*assert\b", re.M)
MEASURED = ROOT / "measurements" / "lesson-path.json"


@dataclass
class Chapter:
    name: str
    main: bool = False
    visible: int = 0
    hidden: int = 0
    removed: int = 0
    checks: int = 0
    has_checks: bool = False
    own_notebook_cells: int = 0
    boxes: int = 0
    screens: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def lesson_lines(self) -> int:
        return self.visible + self.hidden + self.removed

    @property
    def visible_share(self) -> float:
        return self.visible / self.lesson_lines if self.lesson_lines else 1.0


def _cell_tags(body: str) -> tuple[set[str], str]:
    match = re.match(r"(?:---\n(.*?)\n---\n|((?::[^\n]*\n)+))", body, re.S)
    options = (match.group(1) or match.group(2)) if match else ""
    tags = re.search(r"tags:\s*\[([^\]]*)\]", options)
    names = (
        {t.strip().strip("'\"") for t in tags.group(1).split(",")} if tags else set()
    )
    return names, body[match.end() :] if match else body


def code_lines(source: str) -> int:
    """Lines of code: not blank, not a comment."""
    return sum(
        1
        for line in source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def imported_top_modules(source: str) -> set[str]:
    """The top-level names of the modules ``source`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _bound_names(tree: ast.AST) -> set[str]:
    """Every name a cell binds anywhere: assignments, imports, definitions and their
    parameters, loop and ``with`` targets, comprehension variables."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _used_names(tree: ast.AST) -> set[str]:
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def solution_only_names(
    cells: Sequence[tuple[int, str, bool]],
) -> dict[int, list[str]]:
    """For each cell (``(number, source, in_solution)``) outside the solutions, the
    names it uses that only a solution defines."""
    solution_names: set[str] = set()
    outside_names: set[str] = set()
    for _, source, in_solution in cells:
        bound = _bound_names(_parse(source))
        (solution_names if in_solution else outside_names).update(bound)
    only = solution_names - outside_names
    return {
        number: sorted((_used_names(tree) - _bound_names(tree)) & only)
        for number, source, in_solution in cells
        if not in_solution
        for tree in [_parse(source)]
        if (_used_names(tree) - _bound_names(tree)) & only
    }


def _parse(source: str) -> ast.Module:
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return ast.parse("")


def own_notebook_problems(source: str) -> list[str]:
    """Why a cell tagged own-notebook would not run in a student's fresh notebook."""
    problems = []
    if "dlbook" in source:
        problems.append("mentions dlbook")
    allowed = OWN_NOTEBOOK_MODULES | set(sys.stdlib_module_names)
    others = sorted(imported_top_modules(source) - allowed)
    if others:
        problems.append(f"imports {', '.join(others)}")
    return problems


def _solution_spans(text: str) -> list[tuple[int, int]]:
    """Where each solution block of a MyST source starts and ends."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (start := SOLUTION_START.search(text, position)) is not None:
        end = SOLUTION_END.search(text, start.end())
        if end is None:
            break
        spans.append((start.start(), end.end()))
        position = end.end()
    return spans


def audit(path: str | Path, main: bool = False) -> Chapter:
    """The lesson measures of one chapter source."""
    text = Path(path).read_text(encoding="utf-8")
    chapter = Chapter(Path(path).stem, main=main)
    marker = CHECKS_MARKER.search(text)
    chapter.has_checks = marker is not None
    checks_start = marker.start() if marker else len(text)
    removed_per_section: dict[int, int] = {}
    lesson_asserts = 0
    solutions = _solution_spans(text)
    cells: list[tuple[int, str, bool]] = []
    for number, match in enumerate(CELL.finditer(text), start=1):
        tags, source = _cell_tags(match.group(1))
        lines = code_lines(source)
        in_solution = any(a < match.start() < b for a, b in solutions)
        cells.append((number, source, in_solution or SOLUTION_CHECK in tags))
        if ANSWER_BOX_TAG in tags:
            chapter.boxes += 1
            if not tags & REMOVED_TAGS:
                chapter.problems.append(
                    f"cell {number} ({ANSWER_BOX_TAG}) shows its code"
                )
            continue
        if match.start() > checks_start:
            chapter.checks += lines
        elif tags & REMOVED_TAGS:
            chapter.removed += lines
            if number > 1:
                section = len(HEADING.findall(text, 0, match.start()))
                removed_per_section[section] = removed_per_section.get(section, 0) + 1
        elif tags & HIDDEN_TAGS:
            chapter.hidden += lines
        else:
            chapter.visible += lines
            lesson_asserts += len(ASSERT.findall(source))
        if OWN_NOTEBOOK_TAG in tags:
            chapter.own_notebook_cells += 1
            chapter.problems += [
                f"cell {number} ({OWN_NOTEBOOK_TAG}) {problem}"
                for problem in own_notebook_problems(source)
            ]
        if DIRECT_GLUE.search(source):
            chapter.problems.append(f"cell {number} glues without dlbook.page")
        for name in SENTENCE_NAMES.findall(source):
            chapter.problems.append(f"cell {number} glues a sentence ({name})")
        if "getsource" in source:
            chapter.problems.append(f"cell {number} prints code with inspect.getsource")
    for number, names in solution_only_names(cells).items():
        chapter.problems.append(
            f"cell {number} uses {', '.join(names)}, which only a solution defines "
            "(the student edition leaves solutions out)"
        )
    if not chapter.has_checks:
        chapter.problems.append('no "How we checked this page" part')
    if chapter.visible_share < MIN_VISIBLE_SHARE:
        chapter.problems.append(
            f"{chapter.visible_share:.0%} of the lesson path's code is visible "
            f"(at least {MIN_VISIBLE_SHARE:.0%})"
        )
    crowded = sorted(s for s, count in removed_per_section.items() if count > 1)
    if crowded:
        chapter.problems.append(
            f"more than one removed cell in section(s) {crowded} (one per section)"
        )
    if lesson_asserts > MAX_LESSON_ASSERTS:
        chapter.problems.append(
            f"{lesson_asserts} asserts in visible lesson-path cells (at most "
            f"{MAX_LESSON_ASSERTS}; the rest belong in the checks part)"
        )
    if main and not chapter.own_notebook_cells:
        chapter.problems.append(f"no cell tagged {OWN_NOTEBOOK_TAG}")
    return chapter


def screen_budgets(root: str | Path = ROOT) -> dict[str, int]:
    """Each chapter page's lesson-path budget in screens: ``{html path: screens}``."""
    budgets: dict[str, int] = {}
    for main, sections in toc.chapters(root).items():
        budgets[main] = MAIN_PAGE_SCREENS
        budgets.update(dict.fromkeys(sections, SECTION_PAGE_SCREENS))
    return budgets


def audit_all(root: str | Path = ROOT) -> list[Chapter]:
    """Every chapter page of ``root``'s table of contents, in reading order."""
    main_pages = set(toc.main_pages(root))
    measured = json.loads(MEASURED.read_text()) if MEASURED.is_file() else {}
    chapters: list[Chapter] = []
    for html in toc.pages(root):
        if not html.startswith("chapters/"):
            continue
        chapter = audit(Path(root) / html.replace(".html", ".md"), html in main_pages)
        chapter.screens = measured.get(html, {}).get("screens")
        chapters.append(chapter)
    return chapters


def report(chapters: Sequence[Chapter]) -> tuple[list[str], bool]:
    """The report's lines, and whether the chapters meet the limits."""
    lines = [
        f"{'page':<24} {'visible':>7} {'hidden':>6} {'removed':>7} {'checks':>6} "
        f"{'visible %':>9} {'boxes':>5} {'screens':>7}"
    ]
    for c in chapters:
        screens = f"{c.screens:.1f}" if c.screens is not None else "-"
        lines.append(
            f"{c.name:<24} {c.visible:>7} {c.hidden:>6} {c.removed:>7} {c.checks:>6} "
            f"{c.visible_share:>9.0%} {c.boxes:>5} {screens:>7}"
        )
        lines += [f"  {c.name}: {problem}" for problem in c.problems]
    problems = sum(len(c.problems) for c in chapters)
    visible = sum(c.visible for c in chapters)
    lesson = sum(c.lesson_lines for c in chapters)
    lines.append(
        f"all pages: {visible / lesson:.0%} of the lesson paths' code is visible "
        f"(each page at least {MIN_VISIBLE_SHARE:.0%}); {problems} problem(s)"
    )
    if all(c.screens is None for c in chapters):
        lines.append("screens: run 'make measure' to measure the lesson paths")
    return lines, problems == 0


def main() -> int:
    lines, ok = report(audit_all())
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
