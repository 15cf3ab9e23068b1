"""The Persian layer: right-to-left blocks, the bilingual glossary, and their font.

The course is taught in Persian; the book is in English. Three directives put Persian on
the pages:

- ``persian``: Persian prose, written as ``<div class="persian" lang="fa" dir="rtl">``;
- ``persian-summary``: the same, folded into a closed ``<details>`` under the label
  :data:`SUMMARY_LABEL`. Each chapter's main page has one;
- ``persian-glossary``: the bilingual glossary, from YAML entries (``term``, ``fa``,
  ``definition`` and an optional ``symbol``), one for each term of the English glossary.
  Its ``:english:`` option names the English glossary's page. Each entry links to the
  English term and to the section that teaches it. That section is read from the English
  entry's own "Taught in" link, so the two glossaries cannot point at different places.
  A term that is in one glossary and not in the other is a build warning (an error with
  ``-W``).

The book's Persian uses Latin digits, as its code, maths and English pages do. Inside
Persian text, each number is isolated left to right (``<span dir="ltr">``), so that a
minus sign or a decimal point stays where it belongs. Each run of Latin words is
isolated too (``<span lang="en" dir="ltr">``), so that in "Adagrad، RMSprop و Adam" the
Persian comma stays between the names instead of joining them into one English phrase.
A link whose title is English is isolated whole, and ``persian.css`` keeps each of these
runs on one line: broken across a right-to-left line, an English phrase would be read
in the wrong order, its brackets seemingly reversed.

Numbers often arrive glued, in the code's notation. In Persian text they are written as
Persian typesetting writes them: a true minus sign (−, not the hyphen "-"), a power of
ten for scientific notation ("6.0e-06" becomes 6.0 × 10 with a superscript −6), and a
Persian comma "،" between the items of a list ("22.5, 0.9" becomes "22.5، 0.9").

The font is Vazirmatn, from its pinned npm package. Its "Non-Latin" cut is used, so
Latin text keeps the site's font. After each build the font is cut down to the
characters that the site's Persian text uses. Only pages that show Persian link its
stylesheet.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dlbook_site import cache
from dlbook_site.assets import NpmPackage, extract, fetch

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

SUMMARY_LABEL = "خلاصه به فارسی"
SUMMARY_LABEL_ENGLISH = "Summary in Persian"  # beside it, for readers of English only
TAUGHT_IN = "آموزش در: "
PERSIAN_CSS = "persian.css"  # in dlbook_site/static

WEBFONTS = "misc/Non-Latin/fonts/webfonts"
VAZIRMATN = NpmPackage(
    "vazirmatn",
    "33.0.3",
    "sha512-fbjNc0CMjazZpIegWzz9OHGzI1APFboT+x7ZecXlUCtDe/nkyx7gtCTZnWS/+eeXG7fbfXymCPKJI8EsnM3iqw==",
    include=(
        "OFL.txt",
        f"{WEBFONTS}/Vazirmatn-NL-Regular.woff2",
        f"{WEBFONTS}/Vazirmatn-NL-Bold.woff2",
    ),
)
FONT_DIR = Path("_static") / "vazirmatn"  # in the built site; persian.css points here
FONT_FILES = ("Vazirmatn-NL-Regular.woff2", "Vazirmatn-NL-Bold.woff2")
# Characters every subset keeps, whatever the pages say: the space, the zero-width
# non-joiner and joiner, and the Persian punctuation.
ALWAYS_KEPT = " \u200c\u200d،؛؟«»"

# A number in Persian text: Latin digits, with a sign, decimals, thousands commas, an
# exponent, or a fraction ("1/4", which would read "4/1" if its digits were isolated one
# by one). Not a digit that belongs to a Latin name such as L1.
NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])[-−+]?\d+(?:[.,/]\d+)*(?:[eE][-−+]?\d+)?(?![A-Za-z0-9_])"
)
# The parts of a number in scientific notation: "6.0e-06" is 6.0 × 10^−6.
SCIENTIFIC = re.compile(r"(?P<mantissa>.*?)[eE](?P<sign>[-−+]?)0*(?P<power>\d+)")
# The true minus sign, which Persian text uses for every negative number.
MINUS = "\u2212"
# A comma and a space in Persian text: a list glued or typed with the Latin comma.
LATIN_COMMA = re.compile(r",(?=\s)")
# A run of Latin words in Persian text, such as "SymPy" or "Common mistakes"; a word may
# hold digits, hyphens and apostrophes ("L1", "fan-in").
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?: +[A-Za-z][A-Za-z0-9'’-]*)*")
LEFT_TO_RIGHT = re.compile(f"(?P<latin>{LATIN.pattern})|(?P<number>{NUMBER.pattern})")
# A Persian letter: a link whose text has none is an English title.
PERSIAN_LETTER = re.compile(r"[\u0600-\u06FF]")
# Text inside these stays as it is: it has its own direction already.
KEEPS_DIRECTION = (nodes.math, nodes.literal, nodes.literal_block, nodes.raw)


class PersianError(ValueError):
    """A bilingual glossary entry is malformed."""


class persian_block(nodes.General, nodes.Element):  # noqa: N801 (docutils' style)
    """Persian prose: ``<div lang="fa" dir="rtl">``, or a closed ``<details>`` when it
    has a ``summary``."""


class bidi_span(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A run of text in its own direction: ``<span lang=… dir=…>``."""


class taught_in(nodes.Inline, nodes.Element):  # noqa: N801
    """Where a bilingual glossary entry will link to the section that teaches it."""


def visit_persian_block(self: HTML5Translator, node: persian_block) -> None:
    if node.get("summary"):
        self.body.append(
            self.starttag(node, "details", CLASS="persian", lang="fa", dir="rtl")
        )
        self.body.append(
            f"<summary>{html.escape(node['summary'])} "
            f'<span class="persian-summary-en" lang="en" dir="ltr">'
            f"{SUMMARY_LABEL_ENGLISH}</span></summary>\n"
        )
    else:
        self.body.append(
            self.starttag(node, "div", CLASS="persian", lang="fa", dir="rtl")
        )


def depart_persian_block(self: HTML5Translator, node: persian_block) -> None:
    self.body.append("</details>\n" if node.get("summary") else "</div>\n")


def visit_bidi_span(self: HTML5Translator, node: bidi_span) -> None:
    attributes = {"dir": node["dir"]}
    if node.get("lang"):
        attributes["lang"] = node["lang"]
    self.body.append(self.starttag(node, "span", "", **attributes))


def depart_bidi_span(self: HTML5Translator, node: bidi_span) -> None:
    self.body.append("</span>")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str  # exactly as the English glossary spells it
    persian: tuple[str, ...]  # its Persian equivalents, the most common first
    definition: str  # one Persian sentence, MyST
    symbol: str = ""  # MyST, usually maths


def parse_entries(text: str) -> list[GlossaryEntry]:
    """The bilingual glossary's entries from its YAML; :class:`PersianError` if any
    entry lacks a field, has an unknown one, or repeats a term."""
    import yaml

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PersianError(f"the glossary is not valid YAML: {error}") from None
    if not isinstance(raw, list) or not raw:
        raise PersianError("the glossary must be a YAML list of entries")
    entries: list[GlossaryEntry] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise PersianError(f"entry {number} is not a mapping")
        unknown = set(item) - {"term", "fa", "definition", "symbol"}
        missing = {"term", "fa", "definition"} - set(item)
        if unknown or missing:
            raise PersianError(
                f"entry {number} ({item.get('term', '?')}): "
                + "; ".join(
                    [f"missing {', '.join(sorted(missing))}"] * bool(missing)
                    + [f"unknown {', '.join(sorted(unknown))}"] * bool(unknown)
                )
            )
        persian = item["fa"] if isinstance(item["fa"], list) else [item["fa"]]
        if not all(isinstance(p, str) and p.strip() for p in persian):
            raise PersianError(f"entry {number} ({item['term']}): an empty 'fa'")
        term = str(item["term"]).strip()
        if term.lower() in seen:
            raise PersianError(f"entry {number}: '{term}' appears twice")
        seen.add(term.lower())
        entries.append(
            GlossaryEntry(
                term,
                tuple(p.strip() for p in persian),
                str(item["definition"]).strip(),
                str(item.get("symbol", "")).strip(),
            )
        )
    return entries


def entry_anchor(term: str) -> str:
    """The id of a term's entry in the bilingual glossary: ``fa-`` and the term."""
    return nodes.make_id("fa-" + term)


class PersianDirective(SphinxDirective):
    """Persian prose, right to left."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        return [self._block()]

    def _block(self) -> persian_block:
        block = persian_block()
        self.set_source_info(block)
        self.state.nested_parse(self.content, self.content_offset, block)
        return block


class PersianSummaryDirective(PersianDirective):
    """A chapter's Persian summary, closed until the reader opens it."""

    def run(self) -> list[nodes.Node]:
        block = self._block()
        block["summary"] = SUMMARY_LABEL
        block["classes"].append("persian-summary")
        return [block]


class PersianGlossaryDirective(SphinxDirective):
    """The bilingual glossary: one entry per term of the English glossary."""

    has_content = True
    option_spec = {"english": str}

    def _parsed(self, text: str) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(
            self.content.__class__([text], self.content.source(0)),
            self.content_offset,
            holder,
        )
        return holder.children

    def run(self) -> list[nodes.Node]:
        if "english" not in self.options:
            raise self.error("persian-glossary needs :english: (the English glossary)")
        english = self.options["english"]
        self.env.note_dependency(self.env.doc2path(english))
        try:
            entries = parse_entries("\n".join(self.content))
        except PersianError as error:
            raise self.error(str(error)) from None
        # In the English glossary's order (its :sorted: option), so a term is found in
        # the same place in both.
        entries.sort(key=lambda entry: unicodedata.normalize("NFD", entry.term.lower()))

        listing = nodes.definition_list(classes=["persian-glossary"])
        for entry in entries:
            term = nodes.term(ids=[entry_anchor(entry.term)])
            # A name that is the English term itself is already shown beside it.
            names = [p for p in entry.persian if p.lower() != entry.term.lower()]
            term += nodes.strong(text="، ".join(names or entry.persian))
            term += nodes.Text(" ")
            english_term = addnodes.pending_xref(
                "",
                nodes.inline(text=entry.term),
                refdomain="std",
                reftype="term",
                reftarget=entry.term,
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            term += bidi_span("", "", english_term, lang="en", dir="ltr")
            if entry.symbol:
                term += nodes.Text(" ")
                for paragraph in self._parsed(entry.symbol):
                    term += bidi_span(
                        "", "", *paragraph.children, classes=["fa-symbol"], dir="ltr"
                    )
            definition = nodes.definition()
            definition += self._parsed(entry.definition)
            definition += nodes.paragraph(
                "",
                "",
                nodes.Text(TAUGHT_IN),
                taught_in(term=entry.term, english=english),
                classes=["fa-taught"],
            )
            listing += nodes.definition_list_item("", term, definition)

        block = persian_block(classes=["persian-glossary-block"])
        self.set_source_info(block)
        block += listing
        return [block]


def english_sections(env: BuildEnvironment, english: str) -> dict[str, str | None]:
    """``{term: label}``: for each term of the English glossary on page ``english``,
    the label its "Taught in" link points at."""
    std = cast("StandardDomain", env.get_domain("std"))
    doctree = env.get_doctree(english)
    where: dict[str, str | None] = {}
    for item in doctree.findall(nodes.definition_list_item):
        terms = [t for t in item.children if isinstance(t, nodes.term)]
        links = [
            x for x in item.findall(addnodes.pending_xref) if x.get("reftype") == "ref"
        ]
        for term in terms:
            for node_id in term["ids"]:
                where[node_id] = links[-1]["reftarget"] if links else None
    return {
        name: where.get(labelid)
        for (kind, name), (docname, labelid) in std.objects.items()
        if kind == "term" and docname == english
    }


class LinkTaughtIn(SphinxPostTransform):
    """Point each bilingual entry at the section the English glossary names, and warn
    about terms that one glossary has and the other lacks. Runs before Sphinx resolves
    references (priority 10), so the links it makes are resolved like any other."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(taught_in))
        if not placeholders:
            return
        english = placeholders[0]["english"]
        sections = english_sections(self.env, english)
        listed = {node["term"] for node in placeholders}
        for missing in sorted(set(sections) - listed):
            logger.warning(
                f"the bilingual glossary has no entry for '{missing}', a term of "
                f"'{english}'",
                location=placeholders[0],
            )
        for node in placeholders:
            label = sections.get(node["term"])
            if label is None:
                logger.warning(
                    f"'{node['term']}' is not a term of '{english}', or its entry "
                    "there names no section ('Taught in {ref}`…`')",
                    location=node,
                )
                node.replace_self(nodes.Text("?"))
                continue
            link = addnodes.pending_xref(
                "",
                nodes.inline(text=label),
                refdomain="std",
                reftype="ref",
                reftarget=label,
                refexplicit=False,
                refwarn=True,
                refdoc=self.env.docname,
            )
            node.replace_self(bidi_span("", "", link, lang="en", dir="ltr"))


def _keeps_direction(node: nodes.Node | None, block: nodes.Element) -> bool:
    while node is not None and node is not block:
        if isinstance(node, KEEPS_DIRECTION) or isinstance(node, bidi_span):
            return True
        node = node.parent
    return False


def persian_number(text: str) -> bidi_span:
    """A number of Persian text as Persian typesetting writes it: the true minus sign,
    and scientific notation as a power of ten. Returns the span that isolates it."""
    text = text.replace("-", MINUS)
    scientific = SCIENTIFIC.fullmatch(text)
    if not scientific:
        return bidi_span(text, text, dir="ltr")
    sign = MINUS if scientific["sign"] == MINUS else ""
    power = sign + scientific["power"]
    mantissa = scientific["mantissa"]
    span = bidi_span("", "", dir="ltr", classes=["fa-power"])
    span += nodes.Text(f"{mantissa} × 10" if mantissa not in ("1", "") else "10")
    span += nodes.superscript(power, power)
    return span


def isolate_left_to_right(block: nodes.Element) -> int:
    """Wrap every number and every run of Latin words in ``block``'s Persian text in a
    left-to-right span, and every link with an English title in one span of its own;
    write each number as Persian text writes it (:func:`persian_number`) and each list's
    commas as Persian commas. Returns how many spans were made."""
    count = 0
    for link in list(block.findall(nodes.reference)):
        if _keeps_direction(link.parent, block) or PERSIAN_LETTER.search(link.astext()):
            continue
        # One span for the whole title: its words and its maths read in one order.
        span = bidi_span("", "", lang="en", dir="ltr")
        link.parent.replace(link, span)
        span += link
        count += 1
    for text in list(block.findall(nodes.Text)):
        if _keeps_direction(text.parent, block):
            continue
        source = str(text)
        pieces: list[nodes.Node] = []
        position = 0
        for match in LEFT_TO_RIGHT.finditer(source):
            pieces.append(
                nodes.Text(LATIN_COMMA.sub("،", source[position : match.start()]))
            )
            words = match.group()
            if match.lastgroup == "latin":
                pieces.append(bidi_span(words, words, dir="ltr", lang="en"))
            else:
                pieces.append(persian_number(words))
            position = match.end()
        rest = LATIN_COMMA.sub("،", source[position:])
        if not pieces:
            if rest != source:
                text.parent.replace(text, nodes.Text(rest))
            continue
        pieces.append(nodes.Text(rest))
        text.parent.replace(text, [p for p in pieces if p.astext()])
        count += sum(isinstance(p, bidi_span) for p in pieces)
    return count


class IsolateLeftToRight(SphinxPostTransform):
    """Numbers and Latin words in Persian text read left to right (after references
    are resolved, so glued and linked text is included)."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        for block in self.document.findall(persian_block):
            isolate_left_to_right(block)


class PersianText(HTMLParser):
    """Collects the text of a page's elements whose language is Persian."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    VOID |= {"source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.languages = [("html", "")]
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        language = dict(attrs).get("lang", self.languages[-1][1]) or ""
        self.languages.append((tag, language))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.languages) - 1, 0, -1):
            if self.languages[depth][0] == tag:
                del self.languages[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.languages[-1][1].split("-")[0] == "fa":
            self.text.append(data)


def persian_characters(site: str | Path) -> set[str]:
    """Every character that the built ``site`` shows in Persian text."""
    characters = set(ALWAYS_KEPT)
    for page in Path(site).rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        if 'lang="fa"' not in source:
            continue
        parser = PersianText()
        parser.feed(source)
        characters.update("".join(parser.text))
    return characters


def prepare(font_dir: str | Path) -> Path:
    """Fetch and unpack Vazirmatn under ``font_dir``; return the folder of its files."""
    font_dir = Path(font_dir)
    unpacked = font_dir / "package"
    stamp = font_dir / "stamp.json"
    wanted = [VAZIRMATN.spec, VAZIRMATN.integrity, list(VAZIRMATN.include)]
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        extract(VAZIRMATN, fetch(VAZIRMATN, font_dir / "tarballs"), unpacked)
        stamp.write_text(json.dumps(wanted))
    return unpacked / VAZIRMATN.folder


def subset_fonts(
    originals: str | Path, site: str | Path, characters: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """Write the site's Vazirmatn files, each with only ``characters``; returns
    ``{file: (bytes before, bytes after)}``."""
    from dlbook_site.icon_fonts import subset_font

    target = Path(site) / FONT_DIR
    target.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, tuple[int, int]] = {}
    codepoints = {ord(c) for c in characters}
    for name in FONT_FILES:
        original = Path(originals) / WEBFONTS / name
        subset_font(original, target / name, codepoints)
        sizes[name] = (original.stat().st_size, (target / name).stat().st_size)
    shutil.copy(Path(originals) / "OFL.txt", target / "OFL.txt")
    return sizes


def shows_persian(doctree: nodes.Node | None) -> bool:
    return doctree is not None and any(doctree.findall(persian_block))


def _configure(app: Sphinx, config: Config) -> None:
    # Kept on the app for this build; Sphinx declares no such attribute.
    app.dlbook_vazirmatn = prepare(cache.work_dir(app) / "vazirmatn")  # type: ignore[attr-defined]


def _link_stylesheet(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    from dlbook_site.answer_boxes import has_boxes

    if shows_persian(doctree) or has_boxes(context.get("body")):
        builder = cast("StandaloneHTMLBuilder", app.builder)  # it sent this event
        builder.add_css_file(PERSIAN_CSS)


def after_build(app: Sphinx) -> None:
    """The step after the build (:mod:`dlbook_site.after_build`): the font, cut to
    the characters the pages show."""
    from dlbook_site import answer_boxes

    characters = persian_characters(app.outdir) | answer_boxes.persian_characters(
        app.outdir
    )
    for name, (before, after) in subset_fonts(
        app.dlbook_vazirmatn,  # type: ignore[attr-defined]
        app.outdir,
        characters,
    ).items():
        logger.info(
            f"[dlbook] {name}: {before / 1e3:.0f} KB -> {after / 1e3:.1f} KB "
            f"({len(characters)} characters of Persian text)"
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.add_node(persian_block, html=(visit_persian_block, depart_persian_block))
    app.add_node(bidi_span, html=(visit_bidi_span, depart_bidi_span))
    app.add_directive("persian", PersianDirective)
    app.add_directive("persian-summary", PersianSummaryDirective)
    app.add_directive("persian-glossary", PersianGlossaryDirective)
    app.add_post_transform(LinkTaughtIn)
    app.add_post_transform(IsolateLeftToRight)
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _link_stylesheet)
    app.setup_extension("dlbook_site.after_build")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
