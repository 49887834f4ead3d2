"""The site's languages: the keys its pages are named with, and the gettext locale of each.

A Hugo site names a language by its key (``pt-br``: ``X.pt-br.md``, ``content/pt-br/…``);
gettext tools (msginit, Poedit, Weblate) name the same language by a locale (``pt_BR``:
``locales/pt_BR/LC_MESSAGES/…``, ``Language: pt_BR``).  A :class:`Language` holds both, so
each side gets the name it expects.  The locale is Babel's reading of the key unless the
site says otherwise.

This module needs only Babel's data files, and Babel for the codes they do not answer:
validating a configuration does not load the PO machinery.  The languages a Hugo config
declares (``languages = "hugo"``) are read by :func:`.hugoconfig.hugo_languages`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib.machinery import PathFinder

from .errors import ConfigError

# Hugo's language keys follow RFC 5646 (``de``, ``pt-br``, ``zh-hans``); they become part of
# file and folder names, so nothing else (no dot, no slash) is accepted.
_KEY = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# A gettext locale: ``pt_BR``, ``sr@latin``, ``zh_Hans``; also written ``pt-BR``.
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[A-Za-z0-9]+)?")
# The common shapes (``de``, ``pt_BR``, ``pt-br``), which Babel reads as a language and
# perhaps a territory, and takes as they are when it has their data file.
_PLAIN_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[_-]([A-Za-z]{2}))?")
DEFAULT_SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """One language of the site: ``key`` names its pages, ``locale`` its catalogs."""

    key: str  # the site's key: ``pt-br`` (output file names, ``import``, ``--lang``)
    locale: str  # the gettext locale: ``pt_BR`` (catalog folders, the ``Language`` header)

    def __str__(self) -> str:
        return self.key


def gettext_locale(code: str) -> str:
    """The gettext form of a locale or language key (``pt-br``, ``pt-BR`` → ``pt_BR``), or raise.

    The result becomes a folder name, so anything Babel does not know (``../x``,
    ``xx_INVALID``) is refused before it reaches the file system.
    """
    if not _LOCALE.fullmatch(code):
        raise ConfigError(f"invalid language code {code!r}")
    plain = _plain_locale(code)
    if plain is not None:
        return plain
    from babel import Locale, UnknownLocaleError  # here: a run that names no language skips it

    base, _, modifier = code.partition("@")
    try:
        locale = Locale.parse(base, sep="-" if "-" in base else "_")
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown language code {code!r}: {exc}") from exc
    name = str(locale)
    return f"{name}@{modifier}" if modifier else name


def _plain_locale(code: str) -> str | None:
    """Babel's reading of a code of the common shapes, found without importing Babel (about
    10 ms, more than a small page costs to extract), or None: then Babel decides.

    ``Locale.parse`` lower-cases the language, upper-cases a two-letter territory and, when
    the locale data has a file of that name, returns that locale as it is (``babel.core``'s
    ``parse_locale`` and ``Locale.__init__``); only when there is no such file do its alias
    and likely-subtag rules apply.  ``test_config`` compares both on every locale Babel has.
    """
    match = _PLAIN_LOCALE.fullmatch(code)
    directory = _babel_locale_data()
    if match is None or directory is None:
        return None
    language, territory = match.groups()
    name = language.lower() + (f"_{territory.upper()}" if territory else "")
    return name if os.path.isfile(os.path.join(directory, f"{name}.dat")) else None


@cache
def _babel_locale_data() -> str | None:
    """The folder of Babel's locale data files (``babel/locale-data``), found as the import
    system would find the package, but without running it."""
    spec = PathFinder.find_spec("babel")
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        return None
    directory = os.path.join(next(iter(locations)), "locale-data")
    return directory if os.path.isdir(directory) else None


def language(key: str, locale: str | None = None) -> Language:
    """The language the site calls ``key``; its locale is ``locale`` or Babel's for the key."""
    if not _KEY.fullmatch(key):
        raise ConfigError(
            f"invalid language key {key!r}: use the site's key, such as 'de' or 'pt-br'"
        )
    return Language(key, gettext_locale(locale or key))


def is_language_code(code: str) -> bool:
    """Whether Babel knows ``code``: only to warn about a file that looks like a translation
    (``x.ja.md``) for a language the site does not have, never to decide what a file is."""
    try:
        gettext_locale(code)
    except ConfigError:
        return False
    return True


def find(languages: tuple[Language, ...], code: str) -> Language:
    """The language ``--lang code`` means: a configured key or locale, else a new one.

    ``pt-br``, ``pt_BR`` and ``pt-BR`` all find the site's ``pt-br``; a code the site does
    not have is taken as a key, in lower case as Hugo's keys are, with Babel's locale.
    """
    for known in languages:
        if code == known.key:
            return known
    lowered = code.lower()
    for known in languages:
        if lowered in (
            known.key.lower(),
            known.locale.lower(),
            known.locale.lower().replace("_", "-"),
        ):
            return known
    if _KEY.fullmatch(code):
        return language(lowered)  # Hugo's keys are lower case
    found = gettext_locale(code)  # ``pt_BR`` not in the config: the key Hugo would use
    return language(found.replace("_", "-").lower(), found)


__all__ = [
    "DEFAULT_SOURCE_LANGUAGE",
    "Language",
    "find",
    "gettext_locale",
    "is_language_code",
    "language",
]
