"""dlbook_site.page_head, on a small book: what each page makes the browser fetch."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from dlbook_site import page_head


def build(app):
    """Build the fixture book (with two figures) and return its pages, parsed."""
    Image.new("RGB", (640, 480)).save(app.srcdir / "one.png")
    Image.new("RGB", (320, 200)).save(app.srcdir / "two.png")
    app.build()
    return {
        name: BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")
        for name in ("index", "maths", "search")
    }


def stylesheets(page):
    return [link["href"] for link in page.head.select('link[rel="stylesheet"]')]


def sources(app, href):
    """The sheets a bundle joins, from its first line."""
    return page_head.bundle_sources(app.outdir / href.split("?")[0])


@pytest.mark.sphinx("html", testroot="page-head")
def test_every_page_links_the_site_sheet_then_its_own(app):
    pages = build(app)
    (site,) = stylesheets(pages["index"])
    assert stylesheets(pages["maths"])[0] == site
    (own,) = stylesheets(pages["maths"])[1:]
    assert sources(app, own) == ["_static/maths.css"]
    joined = sources(app, site)
    assert joined[:2] == list(page_head.THEME_SHEETS)  # the theme's, first
    assert "_static/every-page.css" in joined and "_static/maths.css" not in joined
    assert all(re.search(r"\?v=[0-9a-f]{8}$", href) for href in (site, own))
    # myst-nb copies its sheet only after the build; the bundle has it all the same.
    (mystnb,) = [sheet for sheet in joined if "/mystnb." in sheet]
    text = (app.outdir / site.split("?")[0]).read_text()
    assert f"/* {mystnb} */" in text and "joined after the build" not in text


@pytest.mark.sphinx("html", testroot="page-head")
def test_a_joined_sheet_inlines_imports_and_rebases_urls(app):
    pages = build(app)
    (href,) = stylesheets(pages["index"])
    text = (app.outdir / href.split("?")[0]).read_text()
    # base.css's rules come where every-page.css imported it, before its own.
    assert text.index(".base") < text.index(".every-page")
    assert "@import" not in text and "@charset" not in text
    assert "sourceMappingURL" not in text
    assert 'url("../fonts/icons.woff2")' in text and "url(../pattern.png)" in text


@pytest.mark.sphinx("html", testroot="page-head")
def test_the_theme_sheets_lose_the_rules_nothing_matches_and_the_others_stay_whole(app):
    pages = build(app)
    (href,) = stylesheets(pages["index"])
    text = (app.outdir / href.split("?")[0]).read_text()
    assert ".bd-sidebar-primary" in text  # the theme's layout, on every page
    assert "progress-bar-striped" not in text  # Bootstrap's: no page has one
    # A sheet of the site's own keeps every rule, whether a page uses it or not.
    assert ".every-page" in text and ".base" in text


@pytest.mark.sphinx("html", testroot="page-head")
def test_a_bundle_is_written_again_from_the_current_sheets_after_the_build(app):
    pages = build(app)
    (href,) = stylesheets(pages["index"])
    (app.outdir / "_static" / "base.css").write_text(".base { color: blue }\n")
    page_head.refresh_bundles(app.outdir)
    assert "color: blue" in (app.outdir / href.split("?")[0]).read_text()


def scripts(page):
    return {
        script["src"].split("?")[0].split("/")[-1]: script
        for script in page.select("script[src]")
    }


@pytest.mark.sphinx("html", testroot="page-head")
def test_scripts_are_deferred_but_documentation_options_and_async_ones_are_not(app):
    page = scripts(build(app)["index"])
    assert "defer" not in page["documentation_options.js"].attrs
    assert page["every-page.js"]["defer"] == "defer"
    assert "defer" not in page["thebe.js"].attrs and "async" in page["thebe.js"].attrs
    assert page["doctools.js"]["defer"] == "defer"


@pytest.mark.sphinx("html", testroot="page-head")
def test_search_scripts_only_on_the_search_page_and_no_icon_script(app):
    pages = build(app)
    search = ("searchtools.js", "language_data.js", "searchindex.js")
    for name in ("index", "maths"):
        assert not set(search) & set(scripts(pages[name]))
    on_search = scripts(pages["search"])
    assert all(on_search[name]["defer"] == "defer" for name in search)
    order = list(on_search)
    assert [order.index(name) for name in search] == sorted(
        order.index(name) for name in search
    )
    for page in pages.values():
        assert "fontawesome" not in str(page)


@pytest.mark.sphinx("html", testroot="page-head")
def test_widget_state_comes_in_a_file_of_its_own_after_the_page(app):
    pages = build(app)
    page = pages["maths"]
    assert not page.select('script[type="application/vnd.jupyter.widget-state+json"]')
    state = scripts(page)["maths.js"]
    assert "defer" not in state.attrs
    assert state["type"] == page_head.AFTER_LOAD_TYPE
    assert state["src"].startswith("_static/widget-state/maths.js?v=")
    # The script that runs it once the page has loaded, only on the page that needs it.
    (loader,) = [s for s in page.select("script:not([src])") if "dlbook" in s.text]
    assert loader.text.strip() == page_head.AFTER_LOAD_SCRIPT
    assert page_head.AFTER_LOAD_SCRIPT not in str(pages["index"])
    text = (app.outdir / "_static" / "widget-state" / "maths.js").read_text()
    assert text.startswith("window.dlbookWidgetState = JSON.parse(")
    assert json.loads(page_head.widget_state_json(text)) == {
        "state": {"a": "</script>"}
    }


@pytest.mark.sphinx("html", testroot="page-head")
def test_figures_have_their_size_and_all_but_the_first_load_lazily(app):
    first, second = build(app)["index"].select("img")
    assert (first["width"], first["height"]) == ("640", "480")
    assert "loading" not in first.attrs
    assert (second["width"], second["height"]) == ("320", "200")
    assert second["loading"] == "lazy"


@pytest.mark.sphinx(
    "html", testroot="page-head", confoverrides={"html_css_files": ["missing.css"]}
)
def test_a_linked_sheet_missing_from_the_site_is_a_clear_error(app):
    with pytest.raises(Exception, match="_static/missing.css is linked but not"):
        build(app)
