"""Search that finds Persian words: the splitting and the one spelling, the same in
Python (the index) and in JavaScript (the query)."""

import json
import re
import shutil
import subprocess

import pytest

from dlbook_site import persian_search
from dlbook_site.persian_search import EnglishAndPersian

ZWNJ = "\u200c"
SAMPLES = [
    f"تابع فعال{ZWNJ}سازی می{ZWNJ}شود",
    f"واژه{ZWNJ}نامهٔ {ZWNJ}شبکه{ZWNJ} شبكه",
    "يادگيري عميق، ReLU-ها و gradients",
    "بِهینه‌سازی computing",
]


def test_a_word_joined_by_the_zero_width_non_joiner_stays_whole():
    words = ["تابع", f"فعال{ZWNJ}سازی", f"می{ZWNJ}شود"]
    assert persian_search.split(SAMPLES[0]) == words
    assert persian_search.split(SAMPLES[1]) == [f"واژه{ZWNJ}نامهٔ", "شبکه", "شبكه"]


@pytest.mark.parametrize(
    "typed, indexed",
    [
        (f"فعال{ZWNJ}سازی", "فعالسازی"),
        ("فعالسازی", "فعالسازی"),
        ("يادگيري", "یادگیری"),  # Arabic ye
        ("شبكه", "شبکه"),  # Arabic kaf
        (f"واژه{ZWNJ}نامهٔ", "واژهنامه"),
        ("واژه‌نامۀ", "واژهنامه"),
        ("بِهینه", "بهینه"),
        ("ReLU", "ReLU"),
    ],
)
def test_the_usual_spellings_of_a_word_become_one(typed, indexed):
    assert persian_search.one_spelling(typed) == indexed


def test_english_words_are_still_stemmed_and_persian_ones_are_not():
    language = EnglishAndPersian({})
    assert language.stem("gradients") == "gradient"
    assert language.stem("Computing") == "comput"
    assert language.stem("شبكه\u200cها") == "شبکهها"


def _in_javascript(texts):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed (the site's maths needs it too)")
    script = (
        EnglishAndPersian.js_stemmer_code
        + EnglishAndPersian.js_splitter_code
        + "const stemmer = new Stemmer();\n"
        + f"const texts = {json.dumps(texts)};\n"
        + "console.log(JSON.stringify(texts.map((t) =>"
        + " splitQuery(t.toLowerCase()).map((w) => stemmer.stemWord(w)))));\n"
    )
    result = subprocess.run(
        [node, "-e", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_browser_splits_and_spells_a_query_as_the_index_does():
    language = EnglishAndPersian({})
    in_python = [
        [language.stem(word).lower() for word in language.split(text.lower())]
        for text in SAMPLES
    ]
    assert _in_javascript(SAMPLES) == in_python


@pytest.mark.site
def test_the_index_holds_persian_words_whole_in_their_one_spelling(site):
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    terms = re.search(r'"terms":\s*(\{.*?\})\s*,\s*"titles"', index).group(1)
    terms = json.loads(terms)
    persian_terms = [t for t in terms if re.search("[\u0600-\u06ff]", t)]
    assert "فعالسازی" in terms and "یادگیری" in terms
    assert not [t for t in persian_terms if ZWNJ in t or re.search("[يك]", t)]
