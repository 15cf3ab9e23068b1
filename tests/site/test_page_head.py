import re

import pytest

from dlbook_site import page_head

BASE = '@charset "UTF-8";\n.base { background: url(file.png); }\n'
THEME = (
    '@import "../basic.css";\n'
    "@font-face { src: url(../fonts/icons.woff2) format('woff2'); }\n"
    ".theme { color: red }\n/*# sourceMappingURL=theme.css.map*/\n"
)
MATHS = (
    ".katex { font: url('fonts/KaTeX_Main.woff2') } .x { background: url(data:a) }\n"
)


def head(stylesheets, extra=""):
    links = "".join(
        f'    <link rel="stylesheet" type="text/css" href="{href}" />\n'
        for href in stylesheets
    )
    return (
        "<html>\n  <head>\n"
        f"{links}"
        '    <script src="{up}_static/documentation_options.js?v=1"></script>\n'
        '    <script src="{up}_static/doctools.js?v=2"></script>\n'
        "    <script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>\n"
        '    <script async="async" src="{up}_static/thebe.js"></script>\n'
        '    <script type="application/vnd.jupyter.widget-state+json">{"state": {}}'
        "</script>\n"
        '    <script src="{up}_static/searchtools.js"></script>\n'
        '    <script src="{up}searchindex.js"></script>\n'
        f"{extra}  </head>\n  <body><p>Text</p>\n  </body>\n</html>\n"
    )


@pytest.fixture
def site(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "katex").mkdir()
    (static / "basic.css").write_text(BASE)
    (static / "styles" / "theme.css").write_text(THEME)
    (static / "katex" / "katex.css").write_text(MATHS)
    (tmp_path / "chapters").mkdir()
    shared = ["_static/styles/theme.css?digest=9"]
    pages = {
        "intro.html": head(shared).replace("{up}", ""),
        "search.html": head(shared).replace("{up}", ""),
        "chapters/maths.html": head(
            ["../" + shared[0], "../_static/katex/katex.css?v=3"]
        ).replace("{up}", "../"),
    }
    for name, html in pages.items():
        (tmp_path / name).write_text(html)
    return tmp_path


def stylesheet_links(html):
    return re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)"', html)


def test_every_page_links_the_shared_sheet_then_its_own(site):
    bundles = page_head.rewrite_site(site)
    shared = page_head.bundle_name(["_static/styles/theme.css"])
    maths = page_head.bundle_name(["_static/katex/katex.css"])
    assert bundles == {
        shared: ["_static/styles/theme.css"],
        maths: ["_static/katex/katex.css"],
    }
    intro = stylesheet_links((site / "intro.html").read_text())
    chapter = stylesheet_links((site / "chapters" / "maths.html").read_text())
    assert [link.split("?")[0] for link in intro] == [f"_static/bundles/{shared}"]
    assert [link.split("?")[0] for link in chapter] == [
        f"../_static/bundles/{shared}",
        f"../_static/bundles/{maths}",
    ]
    assert all(re.search(r"\?v=[0-9a-f]{8}$", link) for link in intro + chapter)


def test_a_joined_sheet_inlines_imports_and_rebases_urls(site):
    page_head.rewrite_site(site)
    bundle_dir = site / page_head.BUNDLE_DIR
    text = (
        bundle_dir / page_head.bundle_name(["_static/styles/theme.css"])
    ).read_text()
    # basic.css's rules come where theme.css imported it, before theme.css's own.
    assert text.index(".base") < text.index(".theme")
    assert "@import" not in text and "@charset" not in text
    assert "sourceMappingURL" not in text
    assert "url(../file.png)" in text and "url(../fonts/icons.woff2)" in text
    maths = (
        bundle_dir / page_head.bundle_name(["_static/katex/katex.css"])
    ).read_text()
    assert "url('../katex/fonts/KaTeX_Main.woff2')" in maths
    assert "url(data:a)" in maths


def test_head_scripts_are_deferred_but_documentation_options_is_not(site):
    page_head.rewrite_site(site)
    html = (site / "chapters" / "maths.html").read_text()
    assert '<script src="../_static/documentation_options.js?v=1">' in html
    assert '<script defer="defer" src="../_static/doctools.js?v=2">' in html
    assert '<script async="async" src="../_static/thebe.js">' in html
    assert "defer" not in re.search(r"<script async[^>]*>", html).group(0)


def test_the_search_scripts_stay_only_on_the_search_page(site):
    page_head.rewrite_site(site)
    assert "searchindex.js" not in (site / "intro.html").read_text()
    assert "searchtools.js" not in (site / "chapters" / "maths.html").read_text()
    search = (site / "search.html").read_text()
    assert '<script defer="defer" src="searchindex.js">' in search
    assert '<script defer="defer" src="_static/searchtools.js">' in search


def test_widget_state_moves_to_the_end_of_the_body(site):
    page_head.rewrite_site(site)
    html = (site / "intro.html").read_text()
    head, body = html.split("</head>")
    assert "widget-state" not in head
    assert (
        body.index("<p>Text</p>") < body.index("widget-state") < body.index("</body>")
    )


def test_a_second_run_leaves_pages_alone_and_refreshes_the_sheets(site):
    page_head.rewrite_site(site)
    before = (site / "intro.html").read_text()
    (site / "_static" / "basic.css").write_text(".base { color: blue }\n")
    page_head.rewrite_site(site)
    assert (site / "intro.html").read_text() == before
    shared = page_head.bundle_name(["_static/styles/theme.css"])
    text = (site / page_head.BUNDLE_DIR / shared).read_text()
    assert "color: blue" in text


def test_a_page_whose_order_does_not_split_gets_its_own_sheet(site):
    (site / "odd.html").write_text(
        head(["_static/katex/katex.css", "_static/styles/theme.css"]).replace(
            "{up}", ""
        )
    )
    page_head.rewrite_site(site)
    links = stylesheet_links((site / "odd.html").read_text())
    own = page_head.bundle_name(["_static/katex/katex.css", "_static/styles/theme.css"])
    assert [link.split("?")[0] for link in links] == [f"_static/bundles/{own}"]


def test_a_linked_sheet_missing_from_the_site_is_a_clear_error(site):
    (site / "_static" / "katex" / "katex.css").unlink()
    with pytest.raises(page_head.PageHeadError, match="_static/katex/katex.css"):
        page_head.rewrite_site(site)


def test_figures_get_their_size_and_all_but_the_first_load_lazily(site):
    from PIL import Image

    (site / "_images").mkdir()
    Image.new("RGB", (640, 480)).save(site / "_images" / "one.png")
    Image.new("RGB", (320, 200)).save(site / "_images" / "two.png")
    html = (
        (site / "intro.html")
        .read_text()
        .replace(
            "<p>Text</p>",
            '<img alt="A" src="_images/one.png" /><p>Text</p>'
            '<img alt="B" src="_images/two.png" /><img alt="logo" src="_static/x.svg">',
        )
    )
    (site / "intro.html").write_text(html)
    page_head.rewrite_site(site)
    html = (site / "intro.html").read_text()
    assert '<img alt="A" src="_images/one.png" width="640" height="480" />' in html
    assert (
        '<img alt="B" src="_images/two.png" width="320" height="200" loading="lazy" />'
        in html
    )
    assert '<img alt="logo" src="_static/x.svg">' in html
