"""i18n-pipeline: gettext translation for Markdown sites, links and shortcodes kept intact.

The public API is small: :func:`parse` a source into a :class:`Document`, turn it into a
template with :func:`build_template`, merge catalogs with :func:`merge`, and write a
translated page with :func:`reassemble`.  ``cli.py`` wires these to files on disk.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .document import Document, Placeholder, PlaceholderKind, Segment, Syntax
from .errors import CatalogError, ConfigError, PipelineError, SourceError
from .parse import ParseOptions, parse
from .reassemble import reassemble

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
