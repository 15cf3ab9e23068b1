extensions = ["myst_nb", "dlbook_site.page_head"]
nb_execution_mode = "off"
html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
exclude_patterns = ["_build"]
html_js_files = ["every-page.js", ("thebe.js", {"async": "async"})]
html_css_files = ["every-page.css"]


def _page_extras(app, pagename, templatename, context, doctree):
    # What the book's extensions do on some pages: a sheet of their own, and (myst-nb)
    # a page's widget state as an inline script.
    if pagename == "maths":
        app.add_css_file("maths.css")
        app.add_js_file(
            None,
            body='{"state": {"a": "</script>"}}',
            type="application/vnd.jupyter.widget-state+json",
        )


def setup(app):
    app.connect("html-page-context", _page_extras)
