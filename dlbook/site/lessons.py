"""Does each chapter read as a lesson?  A check over the chapters' MyST sources.

    python -m dlbook.site.lessons            # report, and exit 1 above the targets

It measures what the book's rules 0, 1 and 1b limit:

- the share of code lines in cells a reader cannot open (``remove-cell`` or
  ``remove-input``): at most :data:`MAX_REMOVED_SHARE` over all chapters;
- glue that bypasses the page toolkit (:mod:`dlbook.page`, which refuses sentences),
  and glue whose name says it holds a sentence (``*_story``, ``*_verdict``, …): none;
- code printed through ``inspect.getsource``: none (the page shows code with
  ``literalinclude`` or in a visible cell).
"""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_REMOVED_SHARE = 0.20
REMOVED_TAGS = {"remove-cell", "remove-input"}
SENTENCE_NAMES = re.compile(
    r"""\bglue(?:_md)?\(\s*f?["']([^"']*_(?:story|verdict|sentence|says|claim)s?)\b"""
)
DIRECT_GLUE = re.compile(r"from myst_nb import[^\n]*\bglue\b|myst_nb\.glue\(")
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)


@dataclass
class Chapter:
    name: str
    code_lines: int = 0
    removed_lines: int = 0
    problems: list = field(default_factory=list)


def _cell_tags(body):
    match = re.match(r"(?:---\n(.*?)\n---\n|((?::[^\n]*\n)+))", body, re.S)
    options = (match.group(1) or match.group(2)) if match else ""
    tags = re.search(r"tags:\s*\[([^\]]*)\]", options)
    names = (
        {t.strip().strip("'\"") for t in tags.group(1).split(",")} if tags else set()
    )
    return names, body[match.end() :] if match else body


def audit(path):
    """The lesson measures of one chapter source."""
    text = Path(path).read_text(encoding="utf-8")
    chapter = Chapter(Path(path).name)
    for number, body in enumerate(CELL.findall(text), start=1):
        tags, source = _cell_tags(body)
        lines = sum(
            1
            for line in source.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )
        chapter.code_lines += lines
        if tags & REMOVED_TAGS:
            chapter.removed_lines += lines
        if DIRECT_GLUE.search(source):
            chapter.problems.append(f"cell {number} glues without dlbook.page")
        for name in SENTENCE_NAMES.findall(source):
            chapter.problems.append(f"cell {number} glues a sentence ({name})")
        if "getsource" in source:
            chapter.problems.append(f"cell {number} prints code with inspect.getsource")
    return chapter


def audit_all(folder=ROOT / "chapters"):
    return [audit(path) for path in sorted(Path(folder).glob("*.md"))]


def removed_share(chapters):
    total = sum(c.code_lines for c in chapters)
    return sum(c.removed_lines for c in chapters) / total if total else 0.0


def report(chapters):
    """The report's lines, and whether the chapters meet the targets."""
    lines = [f"{'chapter':<32} {'code lines':>10} {'removed':>8} {'share':>6}"]
    for c in chapters:
        share = c.removed_lines / c.code_lines if c.code_lines else 0.0
        lines.append(
            f"{c.name:<32} {c.code_lines:>10} {c.removed_lines:>8} {share:>6.0%}"
        )
        lines += [f"  {c.name}: {problem}" for problem in c.problems]
    share = removed_share(chapters)
    problems = sum(len(c.problems) for c in chapters)
    lines.append(
        f"all chapters: {share:.1%} of code lines in removed cells "
        f"(target ≤ {MAX_REMOVED_SHARE:.0%}); {problems} problem(s)"
    )
    return lines, share <= MAX_REMOVED_SHARE and problems == 0


def main():
    lines, ok = report(audit_all())
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
