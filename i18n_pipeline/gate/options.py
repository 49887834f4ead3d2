"""What the gate is told besides the segment and its translation: one value, one place.

Every entry point (:func:`.judge.translation_problems`, :func:`.judge.render_segment`,
:func:`.parsed.parsed_translation_problems`, :func:`.standins.match_standins`) and every
caller that passes the site's settings through (``check``, ``publish``, ``merge``,
``import``) takes a :class:`GateOptions`, so a new setting of the gate is one field here, not
a keyword threaded through a dozen signatures.  (Not in :mod:`.context`: that module is the
page-context rule, and the rules below it would import it back.)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..document import Document
from .shape import document_references


@dataclass(frozen=True)
class GateOptions:
    """The site's gate settings, and the page a translation is judged on if there is one.

    ``allow_url_overrides`` (the config's ``allow_url_overrides``) lets a translator's own
    http(s) URL replace a source link, to the link's own host or one of ``url_hosts``
    (``[checks] url_hosts``).  ``references`` are the source page's link reference
    definitions (:func:`.shape.document_references`), so ``[text][label]`` can be followed
    to where it goes.  With the ``document``, the rendered translation is also parsed with
    the lines around it (:mod:`.context`).
    """

    allow_url_overrides: bool = True
    url_hosts: Collection[str] = frozenset()
    references: Mapping[str, Any] | None = None
    document: Document | None = None

    def __post_init__(self) -> None:
        # a host list from a config or a test may be a list: frozen means really frozen
        object.__setattr__(self, "url_hosts", frozenset(self.url_hosts))

    def on_page(self, document: Document) -> GateOptions:
        """These settings for a translation of one of ``document``'s segments."""
        return replace(self, document=document, references=document_references(document))


DEFAULT = GateOptions()

__all__ = ["DEFAULT", "GateOptions"]
