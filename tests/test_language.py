"""The languages mou writes in: one catalogue of fixed phrases per language, dates in each."""

from __future__ import annotations

import datetime as dt

import pytest

from mou_builder.model import language


def test_every_language_has_every_phrase_of_the_governing_language():
    english = set(language.catalogue("en"))
    for code in language.LANGUAGES:
        assert english - set(language.catalogue(code)) == set(), code


def test_dates_read_in_each_language():
    day = dt.date(2026, 7, 1)
    assert language.format_date(day, "en") == "July 1, 2026"
    assert language.format_date(day, "es") == "1 de julio de 2026"


def test_an_unknown_language_is_refused_naming_the_known_ones():
    with pytest.raises(language.UnknownLanguage, match=r"unknown language 'fr' \(known: en, es\)"):
        language.check_language("fr")


def test_a_phrase_is_filled_and_falls_back_to_english():
    assert language.phrase("translation.unofficial", "es") == "Traducción no oficial"
    assert "English text governs" in language.phrase("governing.notice", "en")
