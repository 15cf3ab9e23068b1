"""The site's machinery: the Sphinx extension that Jupyter Book loads, apart from the
science.

- :mod:`dlbook_site.settings` -- the site's settings (edition, profile, what the cache
  follows), and the environment variables that override them;
- :mod:`dlbook_site.after_build` -- the steps that need the whole site, in their order;

- :mod:`dlbook_site.assets` -- pinned npm packages; the book's own scripts and styles;
- :mod:`dlbook_site.maths` -- the maths, rendered with KaTeX when the site is built;
- :mod:`dlbook_site.widget_runtime` -- the bundled JavaScript of the static widgets;
- :mod:`dlbook_site.icon_fonts` -- the theme's icon fonts cut down to the icons the site
  shows;
- :mod:`dlbook_site.cache` -- re-running the pages when the code they import changes;
- :mod:`dlbook_site.toc` -- the pages of the table of contents;
- :mod:`dlbook_site.page_meta` -- each page's description and the site's icon;
- :mod:`dlbook_site.page_head` -- what a page makes the browser fetch before it paints;
- :mod:`dlbook_site.notebooks` -- the chapter notebooks readers download, with outputs;
- :mod:`dlbook_site.edition` -- the instructor's edition and the student's, without
  solutions;
- :mod:`dlbook_site.course_kit` -- the zip that takes the course offline;
- :mod:`dlbook_site.pdf_link` -- the intro's link to the whole-book PDF, only where the
  site has it;
- :mod:`dlbook_site.persian` -- the Persian summaries and glossary, and their font;
- :mod:`dlbook_site.persian_search` -- search that finds Persian words;
- :mod:`dlbook_site.checks` -- the closed "How we checked this page" part;
- :mod:`dlbook_site.numbering` -- figures and exercises numbered per chapter;
- :mod:`dlbook_site.answer_boxes` -- the answer boxes' script, on the pages with boxes;
- :mod:`dlbook_site.homework` -- the homework page, linked to the sections and boxes.

``_config.yml`` names this package under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.application import Sphinx

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point: load the site's extensions."""
    app.setup_extension("dlbook_site.settings")
    app.setup_extension("dlbook_site.after_build")
    app.setup_extension("dlbook_site.edition")
    app.setup_extension("dlbook_site.assets")
    app.setup_extension("dlbook_site.maths")
    app.setup_extension("dlbook_site.widget_runtime")
    app.setup_extension("dlbook_site.cache")
    app.setup_extension("dlbook_site.page_meta")
    app.setup_extension("dlbook_site.page_head")
    app.setup_extension("dlbook_site.notebooks")
    app.setup_extension("dlbook_site.course_kit")
    app.setup_extension("dlbook_site.pdf_link")
    app.setup_extension("dlbook_site.persian")
    app.setup_extension("dlbook_site.persian_search")
    app.setup_extension("dlbook_site.checks")
    app.setup_extension("dlbook_site.numbering")
    app.setup_extension("dlbook_site.answer_boxes")
    app.setup_extension("dlbook_site.homework")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
