import shutil

import pytest
from fontTools.ttLib import TTFont

from dlbook_site import icon_fonts

CSS = (
    '.fa-rocket:before{content:"\\f135"}.fa-x:before,.fa-xmark:before{content:"\\f00d"}'
    '.fa-unused:before{content:"\\f1c1"}'
    '.dropdown:after{content:"\\f107"}:root{--pst-icon-bell:"\uf0f3"}'
)


def test_class_rules_map_every_alias_to_its_code_point():
    assert icon_fonts.class_codepoints(CSS) == {
        "rocket": 0xF135,
        "x": 0xF00D,
        "xmark": 0xF00D,
        "unused": 0xF1C1,
    }


def test_direct_code_points_are_the_escapes_and_characters_outside_class_rules():
    assert icon_fonts.direct_codepoints(CSS) == {0xF107, 0xF0F3}


def test_a_site_uses_its_own_classes_and_stylesheet_glyphs_not_vendored_icon_sets(
    tmp_path,
):
    (tmp_path / "_static" / "vendor" / "lib").mkdir(parents=True)
    (tmp_path / "_static" / "theme.css").write_text(CSS, encoding="utf-8")
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-rocket"></i>')
    (tmp_path / "_static" / "theme.js").write_text('icon.className = "fa-xmark";')
    (tmp_path / "_static" / "vendor" / "lib" / "big.js").write_text(
        '"fa-unused fa-rocket"'
    )
    assert icon_fonts.used_codepoints(tmp_path) == {0xF135, 0xF00D, 0xF107, 0xF0F3}


def test_a_subset_font_keeps_exactly_the_requested_glyphs(tmp_path):
    original = icon_fonts.theme_font_dir() / "fa-solid-900.woff2"
    wanted = {0xF135, 0xF00D, 0xF0F3}
    icon_fonts.subset_font(original, tmp_path / "solid.woff2", wanted)
    cmap = set(TTFont(tmp_path / "solid.woff2").getBestCmap())
    assert wanted <= cmap and len(cmap - wanted) < 5
    assert (tmp_path / "solid.woff2").stat().st_size < original.stat().st_size / 10


def test_subsetting_a_site_reads_the_theme_originals_so_rebuilds_are_safe(tmp_path):
    fonts = tmp_path / icon_fonts.FONT_DIR
    fonts.mkdir(parents=True)
    shutil.copy(icon_fonts.theme_font_dir() / "fa-solid-900.woff2", fonts)
    (tmp_path / "_static" / "theme.css").write_text(CSS, encoding="utf-8")
    (tmp_path / "page.html").write_text('<i class="fa-rocket"></i>')
    first = icon_fonts.subset_site(tmp_path)
    (tmp_path / "page.html").write_text(
        '<i class="fa-rocket"></i><i class="fa-unused"></i>'
    )
    second = icon_fonts.subset_site(
        tmp_path
    )  # a new icon appears: it must be there too
    assert 0xF1C1 in TTFont(fonts / "fa-solid-900.woff2").getBestCmap()
    assert first["fa-solid-900.woff2"][0] == second["fa-solid-900.woff2"][0] > 100_000


@pytest.mark.site
def test_the_built_site_serves_every_icon_it_uses_from_small_fonts(site):
    used = icon_fonts.used_codepoints(site)
    fonts = sorted((site / icon_fonts.FONT_DIR).glob("*.woff2"))
    assert fonts and all(f.stat().st_size < 20_000 for f in fonts)
    covered = set().union(*(TTFont(f).getBestCmap() for f in fonts))
    assert 20 < len(used) and used <= covered, sorted(hex(c) for c in used - covered)
