r"""A dateline in another language: the city as the translator or glossary gives it,
the date as Babel's CLDR data writes it (with its no-break spaces), laid out as in
the source. Datelines are localized, never translated.

>>> import datetime as dt
>>> line = Dateline("ASTANA, 31 January 2017", "ASTANA", dt.date(2017, 1, 31))
>>> localize(line, "ru", city="Астана")
'АСТАНА, 31 января 2017\u202fг.'
>>> localize(line, "kk", city="Астана")
'АСТАНА, 2017\u202fж. 31 қаңтар'
>>> agency = Dateline("ALMATY (Kazinform)", "ALMATY", None, "Kazinform", "{city} ({agency})")
>>> localize(agency, "ru", city="Алматы", agency="Казинформ")
'АЛМАТЫ (Казинформ)'
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel.dates import format_date

from .model import Dateline


def localize(
    dateline: Dateline,
    language: str,
    *,
    city: str,
    pattern: str = "long",
    agency: str | None = None,
) -> str:
    """The dateline in ``language``: the city (upper-cased when the source writes it
    so), the date by Babel, the agency as given (else as in the source)."""
    if dateline.city.isupper():
        city = city.upper()
    date = local_date(dateline.date, language, pattern) if dateline.date else ""
    return dateline.layout.format(city=city, date=date, agency=agency or dateline.agency)


@functools.lru_cache(maxsize=1 << 10)
def local_date(date: dt.date, language: str, pattern: str = "long") -> str:
    """``date`` as Babel writes it in ``language``: what build writes in a dateline and
    what the dateline check expects (remembered: a week's releases share their days,
    and each is written, and checked, in every language)."""
    return str(format_date(date, format=pattern, locale=language))


def city_from_translation(text: str) -> str | None:
    """The city of a translated dateline (``АСТАНА, 31 января 2017 г.`` -> ``АСТАНА``)."""
    city = re.split(r"[,(]", text, maxsplit=1)[0].strip()
    return city or None


def agency_from_translation(text: str) -> str | None:
    """The agency of a translated dateline (``АЛМАТЫ (Казинформ)`` -> ``Казинформ``)."""
    found = re.search(r"\(([^()]*[^\W\d_][^()]*)\)", text)
    return found.group(1).strip() if found else None
