"""The site's search, taught to find Persian words as readers type them.

Sphinx's English search splits words at every character that is not a letter, a digit
or ``_``. The zero-width non-joiner (ZWNJ, U+200C) is none of these, so "فعال‌سازی" would
be indexed as "فعال" and "سازی". Persian keyboards also differ: many type the Arabic ye
(ي) and kaf (ك) where the book writes the Persian ones (ی, ک).

:class:`EnglishAndPersian` is Sphinx's English search with two changes, made the same
way in Python (the index) and in JavaScript (the query):

- **splitting** keeps a ZWNJ-joined word whole, and keeps the Arabic vowel marks with
  their word;
- **one spelling**: a word with Arabic script has its ye and kaf made Persian, ۀ made
  ه, and the ZWNJ, the tatweel and the vowel marks taken out. So "فعال‌سازی" and
  "فعالسازی" are one word, and so are "شبكه" and "شبکه". English words are stemmed as
  before.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from sphinx.search.en import SearchEnglish

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

ZWNJ = "\u200c"
# Arabic vowel marks (harakat), the superscript alef and the hamza above.
MARKS = "\u064b-\u065f\u0670"
DROPPED = ZWNJ + "\u0640" + MARKS  # and the tatweel
SAME_LETTER = {"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه"}
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"

WORD = re.compile(rf"[\w{ZWNJ}{MARKS}]+")
_DROPPED = re.compile(f"[{DROPPED}]")
_ARABIC = re.compile(f"[{ARABIC_SCRIPT}]")
_SAME_LETTER = str.maketrans(SAME_LETTER)


def split(text: str) -> list[str]:
    """The words of ``text``, with ZWNJ-joined Persian words kept whole."""
    words = (word.strip(ZWNJ) for word in WORD.findall(text))
    return [word for word in words if word]


def one_spelling(word: str) -> str:
    """``word`` spelt the one way the index uses: for Persian, see the module's
    docstring; other words are returned as they are."""
    if not _ARABIC.search(word):
        return word
    return _DROPPED.sub("", word.translate(_SAME_LETTER))


def _js_class(characters: str) -> str:
    return json.dumps(characters).strip('"')


# The same two steps in the browser. searchtools.js calls splitQuery and Stemmer; this
# code follows the English stemmer in language_data.js and wraps it.
JS_SPLITTER = rf"""
var splitQuery = (query) => query
  .split(/[^\p{{Letter}}\p{{Number}}\p{{Mark}}_\p{{Emoji_Presentation}}{_js_class(ZWNJ)}]+/gu)
  .map((term) => term.replace(/^{_js_class(ZWNJ)}+|{_js_class(ZWNJ)}+$/g, ""))
  .filter((term) => term);
"""
JS_ONE_SPELLING = f"""
var EnglishStemmer = Stemmer;
var Stemmer = function () {{
  const english = new EnglishStemmer();
  const sameLetter = {json.dumps(SAME_LETTER)};
  const oneSpelling = (word) => word
    .replace(/[{"".join(_js_class(k) for k in SAME_LETTER)}]/g, (c) => sameLetter[c])
    .replace(/[{_js_class(DROPPED)}]/g, "");
  this.stemWord = (word) => /[{_js_class(ARABIC_SCRIPT)}]/.test(word)
    ? oneSpelling(word)
    : english.stemWord(word);
}};
"""


class EnglishAndPersian(SearchEnglish):
    """Sphinx's English search, which also finds Persian words (see the module)."""

    js_splitter_code = JS_SPLITTER
    js_stemmer_code = SearchEnglish.js_stemmer_code + JS_ONE_SPELLING

    def split(self, input: str) -> list[str]:  # noqa: A002 (Sphinx's name for it)
        return split(input)

    def stem(self, word: str) -> str:
        return one_spelling(word) if _ARABIC.search(word) else super().stem(word)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point: the site's search language ('en') becomes this one."""
    app.add_search_language(EnglishAndPersian)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
