r"""A dateline in another language: the city as the translator or glossary gives it,
the date as Babel's CLDR data writes it (with its no-break spaces). Datelines are
localized, never translated.

>>> import datetime as dt
>>> line = Dateline("ASTANA, 31 January 2017", "ASTANA", dt.date(2017, 1, 31))
>>> localize(line, "ru", city="Астана")
'АСТАНА, 31 января 2017\u202fг.'
>>> localize(line, "kk", city="Астана")
'АСТАНА, 2017\u202fж. 31 қаңтар'
"""

from __future__ import annotations

from babel.dates import format_date

from .model import Dateline


def localize(dateline: Dateline, language: str, *, city: str, pattern: str = "long") -> str:
    """``CITY, date``; the city is upper-cased when the source writes it so."""
    if dateline.city.isupper():
        city = city.upper()
    date = format_date(dateline.date, format=pattern, locale=language)
    return f"{city}, {date}"


def city_from_translation(text: str) -> str | None:
    """The city of a translated dateline (``АСТАНА, 31 января 2017 г.`` -> ``АСТАНА``)."""
    city = text.split(",", 1)[0].strip()
    return city or None
