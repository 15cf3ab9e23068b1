"""dlbook_site.unused_css: rules that nothing on the site can match leave a sheet."""

from dlbook_site import unused_css

CSS = """/* sources: ["a.css"] */
.used { color: red }
.unused { color: blue }
.used, .unused-too { margin: 0 }
.used.unused { padding: 0 }
html[data-theme="dark"] .used { color: white }
a[href$=".unused"] { color: green }
:is(.unused, .other) > p { color: teal }
@media (min-width: 40em) { .unused { width: 1px } .used .deeper { width: 2px } }
@media print { .unused { display: none } }
@font-face { font-family: X; src: url(x.woff2) }
@keyframes spin { from { transform: rotate(0) } }
p { line-height: 1.5 }
"""
WORDS = {"used", "deeper", "p"}


def test_a_rule_leaves_only_when_none_of_its_selectors_can_match():
    kept = unused_css.without_unused_rules(CSS, WORDS)
    assert kept.splitlines()[0] == '/* sources: ["a.css"] */'  # the first line stays
    assert ".used { color: red }" in kept and ".unused { color: blue }" not in kept
    assert ".used, .unused-too" in kept  # one selector that matches keeps the rule
    assert ".used.unused" not in kept  # both classes are needed
    assert 'html[data-theme="dark"] .used' in kept  # attributes are not read
    assert 'a[href$=".unused"]' in kept
    assert ":is(.unused, .other)" in kept  # functional selectors are kept whole
    assert "p { line-height: 1.5 }" in kept


def test_rules_inside_media_are_tested_one_by_one_and_other_at_rules_stay():
    kept = unused_css.without_unused_rules(CSS, WORDS)
    assert "@media (min-width: 40em)" in kept and ".used .deeper" in kept
    assert "width: 1px" not in kept
    assert "@media print" not in kept  # nothing left inside it
    assert "@font-face" in kept and "@keyframes spin" in kept


def test_the_words_of_a_site_are_those_of_its_pages_and_scripts(tmp_path):
    (tmp_path / "page.html").write_text('<p class="intro note">Hi</p>')
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_text('el.classList.add("is-open")')
    (tmp_path / "_static" / "style.css").write_text(".from-css {}")
    words = unused_css.site_words(tmp_path)
    assert {"intro", "note", "is-open"} <= words and "from-css" not in words
