"""The site's machinery: the Sphinx extension that Jupyter Book loads, apart from the
science.

- :mod:`dlbook.site.assets` -- the pinned JavaScript the site serves from its own files;
- :mod:`dlbook.site.icon_fonts` -- the theme's icon fonts cut down to the icons the site
  shows;
- :mod:`dlbook.site.cache` -- re-running the pages when the code they import changes;
- :mod:`dlbook.site.toc` -- the pages of the table of contents.

``_config.yml`` names this package under ``sphinx.extra_extensions``.
"""


def setup(app):
    """Sphinx entry point: load the site's extensions."""
    app.setup_extension("dlbook.site.assets")
    app.setup_extension("dlbook.site.cache")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
