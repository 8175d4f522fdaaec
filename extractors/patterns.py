"""Word lists as regexes: factored into a letter trie, so the engine reads each character once.

The regex engine tries the branches of a plain alternation ("hộ|hộ kinh doanh|học sinh")
one by one at each position; written as a trie ("h(?:ộ(?: kinh doanh)?|ọc sinh)") it
follows one branch per letter, about twice as fast over a whole article.  A word that
goes on is tried before the word it extends, so the trie matches as a longest-first
list does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping


def alternation(
    words: Iterable[str],
    *,
    blank: str | None = None,
    word_start: bool = False,
    tails: Mapping[str, str] | None = None,
) -> str:
    """Return a regex matching any of ``words``, the longest where several fit.

    ``blank``: the pattern a space in a word stands for (e.g. ``[ \\t]+``; default: a space).
    ``word_start``: match only where a word starts (what ``(?<!\\w)`` before it would say);
    the check follows the first character, so the engine can still skip ahead to the
    words' first letters (a pattern that opens with a look-behind is tried everywhere).
    ``tails``: per word, a pattern that must follow it (e.g. a lookahead).
    """
    return trie_pattern(trie(words, tails), blank=blank, after_first=r"(?<!\w.)" if word_start else "")


def bare_alternation(words: Iterable[str]) -> str:
    """Return the alternation of ``words`` (none empty) as bare branches, one per first letter.

    Joined with other branches that start with a letter, they keep what makes a search
    fast: the engine skips to the positions where one of those first letters occurs
    (a branch that starts with a group is tried at every position).
    """
    return "|".join(re.escape(char) + trie_pattern(child) for char, child in sorted(trie(words).items()))


def trie(words: Iterable[str], tails: Mapping[str, str] | None = None) -> dict:
    """Return the letter trie of ``words``: one nested dict per letter; under the key ""
    where a word ends, the pattern that must follow it ("" for none)."""
    root: dict = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = (tails or {}).get(word, "")
    return root


def trie_pattern(node: dict, *, blank: str | None = None, after_first: str = "") -> str:
    """Return the regex of one trie node: its branches, then, where a word ends at the
    node, its tail (tried last, so the longer word is tried first); ``after_first``
    follows each branch's first character."""
    branches = [
        (blank if blank and char == " " else re.escape(char)) + after_first + trie_pattern(child, blank=blank)
        for char, child in sorted(node.items()) if char
    ]
    tail = node.get("")  # None: no word ends here
    if not branches:
        return tail or ""
    pattern = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if tail is None:
        return pattern
    return f"(?:{pattern}|{tail})" if tail else f"(?:{pattern})?"
