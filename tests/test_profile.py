import pytest

from dlbook import profile


def test_quick_is_the_default(monkeypatch):
    monkeypatch.delenv(profile.ENV_VAR, raising=False)
    assert profile.current() == "quick"
    assert profile.choose(quick=1, full=2) == 1


def test_full_profile_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(profile.ENV_VAR, " Full ")
    assert profile.current() == "full"
    assert profile.choose(quick=1, full=2) == 2
    assert "full profile" in profile.note()


def test_unknown_profile_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(profile.ENV_VAR, "fast")
    with pytest.raises(
        profile.ProfileError,
        match=r"DLBOOK_PROFILE='fast' is not a profile; use one of quick, full",
    ):
        profile.current()


def test_note_names_the_profile_and_how_to_switch(monkeypatch):
    monkeypatch.delenv(profile.ENV_VAR, raising=False)
    note = profile.note()
    assert "quick profile" in note and "DLBOOK_PROFILE=full" in note
    assert "\n" not in note and note.count(". ") == 0  # one line, one sentence
