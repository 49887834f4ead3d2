"""i18n-pipeline: gettext translation for Markdown sites, links and shortcodes kept intact.

The public API is small: :func:`parse` a source into a :class:`Document` and write a
translated page with :func:`reassemble`; the errors are :class:`PipelineError` and its
kinds.  Catalogs are built and merged in :mod:`.catalog` and :mod:`.update`, and :mod:`.cli`
wires the stages to files on disk.

The names are imported on first use (PEP 562), not with the package: every command imports
this package, and ``i18n-pipeline --version`` should not pay for markdown-it-py and PyYAML.
Nor for :mod:`typing` (which brings :mod:`re`, :mod:`enum` and :mod:`collections`): the
command's launcher, :mod:`.launch`, costs a few milliseconds in all, and this module is part
of them.
"""

from __future__ import annotations

import sys

__version__ = "0.1.0"

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy knows the idiom
if TYPE_CHECKING:
    from typing import Any

    from .document import Document, Placeholder, PlaceholderKind, Segment, Syntax
    from .errors import CatalogError, ConfigError, PipelineError, SourceError
    from .parse import ParseOptions, parse
    from .reassemble import reassemble

_EXPORTS = {
    "CatalogError": "errors",
    "ConfigError": "errors",
    "Document": "document",
    "ParseOptions": "parse",
    "PipelineError": "errors",
    "Placeholder": "document",
    "PlaceholderKind": "document",
    "Segment": "document",
    "SourceError": "errors",
    "Syntax": "document",
    "parse": "parse",
    "reassemble": "reassemble",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(__import__(f"{__name__}.{module}", fromlist=[name]), name)
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


class _Package(type(sys)):  # type: ignore[misc]  # types.ModuleType, without importing types
    """This package, keeping ``parse`` and ``reassemble`` the functions of those names.

    Importing a submodule sets it as an attribute of its package, so once anything imports
    ``i18n_pipeline.parse``, ``from i18n_pipeline import parse`` would give the module.  An
    eager ``from .parse import parse`` here used to bind the function over it; this keeps
    doing so when the import system records the submodule.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, type(sys)) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "CatalogError",
    "ConfigError",
    "Document",
    "ParseOptions",
    "PipelineError",
    "Placeholder",
    "PlaceholderKind",
    "Segment",
    "SourceError",
    "Syntax",
    "__version__",
    "parse",
    "reassemble",
]
