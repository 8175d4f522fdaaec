"""Text normalisation shared by every stage.

Two forms of the same text exist in the pipeline:

* the *body*: NFC, "Ð" (U+00D0) mapped to "Đ", tone placement kept as written;
* the *match text*: the body with tone placement unified to the style of the
  official lists ("uỷ" -> "ủy", "hoà" -> "hòa").  It has exactly the body's
  length, so an offset found in one is valid in the other.
"""

from __future__ import annotations

import re
import unicodedata

# Old-style placement puts the tone on the second vowel of "oa", "oe", "uy"
# at the end of a syllable; the official style puts it on the first.
_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ",
    "o": "òóỏõọ", "u": "ùúủũụ",
}
_OLD_TO_NEW: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _i, _toned_second in enumerate(_TONED[_second]):
        _toned_first = _TONED[_first][_i]
        for _case in (str.lower, str.upper):
            _OLD_TO_NEW[_case(_first) + _case(_toned_second)] = _case(_toned_first) + _case(_second)
        _OLD_TO_NEW[_first.upper() + _toned_second] = _toned_first.upper() + _second


def _old_tone_pattern() -> re.Pattern[str]:
    """Return the regex of an old-style pair at the end of a syllable ("oà", "uỷ").

    The pairs are grouped by first letter ("o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]|..."), so every
    alternative starts with a literal and ``re`` can scan for those letters in C
    instead of trying 60 alternatives at each character (10x faster).  "quý" keeps
    its tone on "y" (the "u" of "qu" is part of the consonant): the look-behind
    sits after the pair, where it does not hide the leading letters from ``re``.
    """
    seconds: dict[str, str] = {}
    for pair in _OLD_TO_NEW:
        seconds[pair[0]] = seconds.get(pair[0], "") + pair[1]
    pairs = "|".join(f"{first}[{toned}]" for first, toned in sorted(seconds.items()))
    return re.compile(f"(?:{pairs})(?<![qQ]..)(?!\\w)")


_OLD_TONE = _old_tone_pattern()
_ETH = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def normalize_unicode(text: str) -> str:
    """Return ``text`` in NFC with the Icelandic eth that some sites use for "Đ" mapped back."""
    text = unicodedata.normalize("NFC", text)
    return text.translate(_ETH) if "\u00d0" in text or "\u00f0" in text else text


def unify_tones(text: str) -> str:
    """Return ``text`` with old-style tone placement moved to the official style; same length."""
    return _OLD_TONE.sub(lambda m: _OLD_TO_NEW[m.group()], text)


_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def comparison_key(text: str | None) -> str:
    """Return the form two strings are compared in: NFC, unified tones, case-folded,
    whitespace collapsed, leading and trailing punctuation dropped."""
    if text is None:
        return ""
    folded = unify_tones(normalize_unicode(text)).casefold()
    return _EDGE_PUNCT.sub("", _SPACE.sub(" ", folded).strip())
