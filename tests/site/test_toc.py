from dlbook_site import toc


def test_pages_lists_root_chapters_and_sections_in_order(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: chapters/one\n        sections:\n"
        "          - file: chapters/one-a\n"
        "      - file: chapters/two\n  - caption: B\n    chapters:\n"
        "      - file: references\n"
    )
    assert toc.pages(tmp_path) == [
        "intro.html",
        "chapters/one.html",
        "chapters/one-a.html",
        "chapters/two.html",
        "references.html",
    ]
