"""The dead-link checker (tests/site_links.py), on a tiny site written here."""

import pytest
from site_links import dead_links, page_links

SPEC = '{"mistakes": [{"href": "b.html#there"}], "hint": {"href": "../index.html"}}'


@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "html"
    (site / "sub").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / "index.html").write_text(
        '<link rel="stylesheet" href="_static/site.css">'
        '<a href="sub/b.html#there">ok</a> <a href="#top" id="top">self</a>'
        '<a href="https://example.org/x.html">off</a> <a href="mailto:a@b.c">m</a>'
        '<img src="data:image/png;base64,AAAA"> <a href="sub/">folder</a>'
        "<a href=\"javascript:void(0)\">js</a> <a href='//cdn.example/x.js'>x</a>",
        encoding="utf-8",
    )
    (site / "sub" / "index.html").write_text("<p>a folder's page</p>")
    (site / "sub" / "b.html").write_text(
        '<h1 id="there">B</h1><a href="../index.html?x=1#top">back</a>'
        '<img src="../_static/pic.png"><form data-spec=\'' + SPEC + "'></form>"
        '<a name="anchor"></a><a href="#anchor">named</a>',
        encoding="utf-8",
    )
    (site / "_static" / "site.css").write_text(
        'a { background: url("pic.png") } b { background: url(data:image/gif;x) }'
    )
    (site / "_static" / "pic.png").write_bytes(b"\x89PNG")
    return site


def test_a_whole_site_has_no_dead_link(tiny_site):
    assert dead_links(tiny_site) == []


def test_each_kind_of_dead_link_is_named_with_its_page(tiny_site):
    (tiny_site / "_static" / "pic.png").unlink()
    page_b = tiny_site / "sub" / "b.html"
    page_b.write_text(
        page_b.read_text()
        .replace('id="there"', 'id="moved"')
        .replace('"../index.html"', '"../none.html"')
    )
    (tiny_site / "index.html").write_text(
        (tiny_site / "index.html").read_text()
        + '<script src="_static/gone.js"></script><a href="../outside.html">up</a>'
        '<a href="#nowhere">x</a>'
    )
    assert dead_links(tiny_site) == [
        "_static/site.css -> pic.png: no such file",
        "index.html -> #nowhere: no id 'nowhere' in index.html",
        "index.html -> ../outside.html: points outside the site",
        "index.html -> _static/gone.js: no such file",
        "index.html -> sub/b.html#there: no id 'there' in sub/b.html",
        "sub/b.html -> ../_static/pic.png: no such file",
        "sub/b.html -> ../none.html: no such file",
        "sub/b.html -> b.html#there: no id 'there' in sub/b.html",
    ]


def test_links_in_a_data_attributes_json_are_collected():
    html = "<form data-spec='" + SPEC + "' data-n='[1]' data-x='{not json'></form>"
    assert page_links(html) == ["b.html#there", "../index.html"]
