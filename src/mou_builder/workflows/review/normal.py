"""Text as a reader takes it in, before rules and diffs: NFKC, no format characters (Unicode
category Cf: zero-width spaces, joiners, bidi controls), look-alike letters of another script
inside a Latin word read as the Latin letter. What was removed or folded is reported."""

from __future__ import annotations

import re
import unicodedata

#: Cyrillic and Greek letters that look like Latin ones
CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡАВЕКМНОРСТХІЈЅαονρτικΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdgABEKMHOPCTXIJSaovptikABEZHIKMNOPTYX",
)
_WORD = re.compile(r"\w+")


def script(char: str) -> str:
    """The script of a letter ("LATIN", "CYRILLIC", "GREEK" ...), "" for anything else."""
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def invisible(text: str) -> list[str]:
    """The format characters (category Cf) in ``text``, in order."""
    return [c for c in text if unicodedata.category(c) == "Cf"]


def mixed_words(text: str) -> list[str]:
    """Words that mix letters of several scripts (a Cyrillic "о" in "not")."""
    found = []
    for word in _WORD.findall(text):
        scripts = {script(c) for c in word} - {""}
        if len(scripts) > 1:
            found.append(word)
    return found


def normalize(text: str) -> str:
    """NFKC, format characters removed, look-alike letters in mixed-script words folded."""
    if text.isascii():
        return text  # the common case: nothing to fold
    folded = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    if text.isascii():
        return text
    return _WORD.sub(
        lambda m: (
            m.group(0).translate(CONFUSABLES)
            if len({script(c) for c in m.group(0)} - {""}) > 1
            else m.group(0)
        ),
        text,
    )


def escaped(text: str) -> str:
    """``text`` with format and other invisible characters shown as ``<U+200B>``."""
    return "".join(f"<U+{ord(c):04X}>" if _unseen(c) else c for c in text)


def _unseen(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc", "Co", "Cn") and char not in "\t\n"
