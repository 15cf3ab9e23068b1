import io
import tarfile

import pytest
from conftest import ROOT

from dlbook_site import assets as site_assets
from dlbook_site import toc
from dlbook_site.assets import AssetError, NpmPackage


def make_tarball(path, files):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def fake(tmp_path):
    tarball_dir = tmp_path / "tarballs"
    tarball_dir.mkdir()
    package = NpmPackage(
        "@scope/fake",
        "1.0.0",
        "sha512-placeholder",
        include=("dist/*", "LICENSE"),
        exclude=("*.map",),
    )
    tarball = make_tarball(
        tarball_dir / package.tarball_name,
        {
            "dist/a.js": b"a",
            "dist/a.js.map": b"map",
            "LICENSE": b"MIT",
            "src/b.ts": b"b",
        },
    )
    return NpmPackage(
        package.name,
        package.version,
        site_assets.integrity_of(tarball),
        package.include,
        package.exclude,
    ), tarball


def test_pinned_integrity_is_checked_and_a_bad_tarball_removed(fake):
    package, tarball = fake
    assert site_assets.fetch(package, tarball.parent) == tarball
    wrong = NpmPackage(package.name, package.version, "sha512-AAAA", package.include)
    with pytest.raises(
        AssetError, match="does not match the pinned checksum of @scope/fake@1.0.0"
    ):
        site_assets.fetch(wrong, tarball.parent)
    assert not tarball.exists()


def test_missing_npm_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(site_assets.shutil, "which", lambda name: None)
    with pytest.raises(AssetError, match="npm is needed to fetch axe-core@4.14.1"):
        site_assets.fetch(site_assets.AXE_CORE, tmp_path)


def test_extract_copies_only_the_wanted_files(fake, tmp_path):
    package, tarball = fake
    assert site_assets.extract(package, tarball, tmp_path / "out") == 2
    copied = sorted(
        p.relative_to(tmp_path / "out").as_posix()
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
    )
    assert copied == ["fake/LICENSE", "fake/dist/a.js"]


def test_packages_are_pinned_to_exact_versions():
    from dlbook_site import maths

    for package in (maths.KATEX, site_assets.AXE_CORE):
        assert package.version.count(".") == 2 and package.integrity.startswith(
            "sha512-"
        )


@pytest.mark.site
def test_each_page_has_one_search_field_and_one_phone_search_button(site):
    for page in toc.pages(ROOT):
        html = (site / page).read_text(encoding="utf-8")
        # The sidebar's field; the theme's own header bar would add a second one.
        assert html.count('class="btn search-button-field') == 1, page
        assert html.count('class="btn btn-sm pst-navbar-icon search-button ') == 1, page
