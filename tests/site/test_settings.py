"""dlbook_site.settings: the site's settings, and the environment variables that
override them."""

import os
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from dlbook_site import settings

ROOT = Path(__file__).parent / "roots" / "test-edition"


@pytest.fixture
def book(tmp_path):
    shutil.copytree(ROOT, tmp_path / "book")
    return tmp_path / "book"


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    """Each test starts without the variables; monkeypatch puts back what they were."""
    monkeypatch.delenv(settings.EDITION_VARIABLE, raising=False)
    monkeypatch.delenv("DLBOOK_PROFILE", raising=False)


def test_the_defaults(make_app, book):
    config = make_app("html", srcdir=book).config
    assert (config.dlbook_edition, config.dlbook_profile) == ("instructor", "quick")
    assert config.dlbook_execution_inputs == ["assets", "requirements.txt"]
    assert config.dlbook_execution_package == "dlbook"


def test_the_variables_override_the_settings(make_app, book, monkeypatch):
    monkeypatch.setenv("DLBOOK_EDITION", " student ")
    monkeypatch.setenv("DLBOOK_PROFILE", "FULL")
    config = make_app("html", srcdir=book, confoverrides={"dlbook_profile": "quick"})
    assert config.config.dlbook_edition == "student"
    assert config.config.dlbook_profile == "full"


def test_the_kernels_learn_the_profile_from_the_setting(make_app, book):
    make_app("html", srcdir=book, confoverrides={"dlbook_profile": "full"})
    assert os.environ["DLBOOK_PROFILE"] == "full"


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("DLBOOK_EDITION", "teacher", "DLBOOK_EDITION='teacher' is not an edition"),
        ("DLBOOK_PROFILE", "huge", "DLBOOK_PROFILE='huge' is not a profile"),
    ],
)
def test_a_wrong_variable_stops_the_build_with_a_clear_error(
    make_app, book, monkeypatch, variable, value, message
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        make_app("html", srcdir=book)


def test_a_wrong_setting_stops_the_build_with_a_clear_error(make_app, book):
    with pytest.raises(ConfigError, match="dlbook_edition='teacher' is not"):
        make_app("html", srcdir=book, confoverrides={"dlbook_edition": "teacher"})
