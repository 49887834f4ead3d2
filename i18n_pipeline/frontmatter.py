"""Front matter: find the translatable values and the keys to drop, with exact offsets.

YAML (``---``) is read with PyYAML's composer, which gives each node's start and end offset
without constructing anything (so an alias "billion laughs" costs nothing).  TOML (``+++``)
is validated with ``tomllib`` and top-level string values are located line by line.  Either
way a translated value is written back in the source's quoting style where that is valid,
else in the safest quoted form, and checked by re-parsing.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import SourceError, UnwritableValue

if TYPE_CHECKING:
    # PyYAML is imported by the functions that read YAML (about 10 ms): a page with TOML or
    # no front matter, and a run that reads no page, never load it.
    import yaml

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
CONTROL_CHECK = "frontmatter-control"
VALUE_CHECK = "frontmatter-value"


# The patterns below serve one kind of front matter, or only writing a value (``publish``):
# each is compiled when first used, not by every run that imports this module.


@functools.cache
def _control() -> re.Pattern[str]:
    """C0 and C1 controls but tab and newline, DEL, YAML's other line breaks, noncharacters:
    Hugo's TOML reader rejects them raw (a control character breaks the whole site's build),
    YAML writes them raw or folds them, and no title or description means them."""
    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _refuse_controls(value: str) -> None:
    found = _control().search(value)
    if found:
        raise UnwritableValue(
            CONTROL_CHECK,
            f"control character U+{ord(found.group()):04X} in a front matter value "
            "(Hugo cannot read it, or the page title would carry it)",
        )


@dataclass(frozen=True)
class FrontMatter:
    """Where the front matter is: ``content`` is the text between the fences."""

    kind: str  # "yaml" or "toml"
    content_start: int
    content_end: int
    body_start: int  # where the Markdown begins


@dataclass(frozen=True)
class FrontMatterValue:
    """A string value: its key, decoded value, span in the file and quoting style."""

    key: str
    value: str
    start: int
    end: int
    style: str


def _wanted(key: object, keys: list[str]) -> bool:
    """Hugo reads front matter keys case-insensitively: ``Title:`` is the title."""
    return isinstance(key, str) and key.lower() in {wanted.lower() for wanted in keys}


def _line_at(text: str, offset: int) -> int:
    return len(_LINE_BREAK.findall(text, 0, offset))


def locate(text: str, start: int) -> FrontMatter | None:
    """Find front matter opening at ``start`` (after a BOM); ``None`` if the file has none."""
    for fence, kind in (("---", "yaml"), ("+++", "toml")):
        opening = re.compile(re.escape(fence) + r"[ \t]*(?:\r\n|\r|\n)").match(text, start)
        if not opening:
            continue
        closers = (fence, "...") if kind == "yaml" else (fence,)
        closing = re.compile(
            r"^(?:" + "|".join(re.escape(c) for c in closers) + r")[ \t]*(?:\r\n|\r|\n|$)",
            re.MULTILINE,
        ).search(text, opening.end())
        if not closing:
            raise SourceError(
                f"front matter opened with '{fence}' is never closed",
                line=_line_at(text, start) + 1,
            )
        return FrontMatter(kind, opening.end(), closing.start(), closing.end())
    return None


# --- YAML ---------------------------------------------------------------------------------------


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """libyaml's parser when PyYAML was built with it: node marks are the same, five times
    faster."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


@functools.lru_cache(maxsize=4)
def _compose(content: str) -> yaml.Node | None:
    """Compose a front matter once, though values and dropped keys both need its nodes."""
    import yaml

    return yaml.compose(content, Loader=_loader())


def _yaml_mapping(text: str, fm: FrontMatter) -> yaml.MappingNode | None:
    import yaml

    content = text[fm.content_start : fm.content_end]
    try:
        node = _compose(content)
    except RecursionError as exc:
        line = _line_at(text, fm.content_start) + 1
        raise SourceError("YAML front matter nested too deeply", line=line) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = _line_at(text, fm.content_start) + (mark.line if mark else 0) + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's own limit, before Python's recursion one
            raise SourceError("YAML front matter nested too deeply", line=line) from exc
        raise SourceError(f"invalid YAML front matter: {problem}", line=line) from exc
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "front matter is not a mapping of keys to values",
            line=_line_at(text, fm.content_start) + 1,
        )
    return node


def _yaml_string(node: yaml.Node) -> str | None:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        return None
    return str(yaml.SafeLoader("").construct_scalar(node))


def _trim_newlines(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return end


def _toml_entry_end(text: str, line_start: int, next_start: int) -> int:
    """Where the TOML entry starting at ``line_start`` ends: the first line end from which the
    lines read as TOML (a multi-line string or array goes on), at most ``next_start``'s."""
    end = _end_of_line(text, line_start)
    while end < next_start:
        try:
            tomllib.loads(text[line_start:end])
            break
        except tomllib.TOMLDecodeError:
            end = _end_of_line(text, end)
    return end


def _end_of_line(text: str, offset: int) -> int:
    found = _LINE_BREAK.search(text, offset)
    return found.end() if found else len(text)


def _is_alias(key_node: yaml.Node, value_node: yaml.Node) -> bool:
    """``key: *anchor``: the composer hands back the anchored node, which sits before the key."""
    return bool(value_node.start_mark.index < key_node.end_mark.index)


_ANCHOR_OR_TAG = re.compile(r"(?:[&!]\S*[ \t]+)+")


def yaml_values(text: str, fm: FrontMatter, keys: list[str]) -> list[FrontMatterValue]:
    mapping = _yaml_mapping(text, fm)
    found: list[FrontMatterValue] = []
    if mapping is None:
        return found
    base = fm.content_start
    for key_node, value_node in mapping.value:
        if not _wanted(key_node.value, keys) or _is_alias(key_node, value_node):
            continue  # an alias is translated where its anchor is, if at all
        value = _yaml_string(value_node)
        if value is None or not value.strip():
            continue
        start = base + value_node.start_mark.index
        prefix = _ANCHOR_OR_TAG.match(text, start)  # keep ``&anchor`` and ``!!str``
        if prefix:
            start = prefix.end()
        end = _trim_newlines(text, start, base + value_node.end_mark.index)
        found.append(FrontMatterValue(key_node.value, value, start, end, value_node.style or ""))
    return found


def yaml_drop_spans(text: str, fm: FrontMatter, keys: list[str]) -> list[tuple[int, int]]:
    """Spans (whole lines) of the top-level ``keys`` and their values."""
    mapping = _yaml_mapping(text, fm)
    spans: list[tuple[int, int]] = []
    if mapping is None:
        return spans
    base = fm.content_start
    for key_node, value_node in mapping.value:
        if not _wanted(key_node.value, keys):
            continue
        start = base + key_node.start_mark.index - key_node.start_mark.column
        end = base + value_node.end_mark.index
        if _is_alias(key_node, value_node):
            end = base + key_node.end_mark.index
        if end == start or text[end - 1] not in "\r\n":
            end = _end_of_line(text, end)
        spans.append((start, min(end, fm.content_end)))
    return spans


@functools.cache
def _yaml_12_non_string() -> re.Pattern[str]:
    """Plain scalars PyYAML (YAML 1.1) reads as strings but Hugo's YAML 1.2 reader may not
    (``0o17`` is 15 to Hugo): anything number-like or a keyword is quoted, always safe."""
    return re.compile(r"[-+.0-9]|(?:true|false|yes|no|on|off|y|n|null|~)$", re.IGNORECASE)


def encode_yaml(value: str, style: str) -> str:
    """Write ``value`` as a YAML scalar, in ``style`` when that round-trips, else double-quoted.

    Raises :class:`.UnwritableValue` for a control character, or when no form reads back.
    """
    import yaml

    _refuse_controls(value)
    single_line = "\n" not in value and "\r" not in value and value == value.strip()
    single_line = single_line and "\t" not in value  # Hugo drops a tab from a plain scalar
    candidates: list[str] = []
    if style == "" and single_line and not _yaml_12_non_string().match(value):
        candidates.append(value)
    if style == "'" and single_line:
        candidates.append("'" + value.replace("'", "''") + "'")
    candidates.append(json.dumps(value, ensure_ascii=False))
    for candidate in candidates:
        try:
            if yaml.load("k: " + candidate, Loader=_loader()) == {"k": value}:
                return candidate
        except yaml.YAMLError:
            continue
    raise UnwritableValue(VALUE_CHECK, "the value cannot be written as YAML that reads back")


# --- TOML ---------------------------------------------------------------------------------------


@functools.cache
def _toml_key() -> re.Pattern[str]:
    """A top-level ``key =`` at the start of a line."""
    return re.compile(r"^(?P<key>[A-Za-z0-9_-]+|\"[^\"\n]*\")[ \t]*=[ \t]*", re.MULTILINE)


@functools.cache
def _toml_table_header() -> re.Pattern[str]:
    """A table header (``[params]``), which ends the top-level keys."""
    return re.compile(r"^[ \t]*\[", re.MULTILINE)


@functools.cache
def _toml_string() -> re.Pattern[str]:
    """A TOML string literal, in any of its four quotings."""
    return re.compile(
        r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\r\n]|\\.)*"|\'[^\'\r\n]*\'', re.DOTALL
    )


def _toml_table(text: str, fm: FrontMatter) -> dict[str, object]:
    content = text[fm.content_start : fm.content_end]
    try:
        return tomllib.loads(content)
    except RecursionError as exc:
        line = _line_at(text, fm.content_start) + 1
        raise SourceError("TOML front matter nested too deeply", line=line) from exc
    except tomllib.TOMLDecodeError as exc:
        line = _line_at(text, fm.content_start) + (getattr(exc, "lineno", 1) or 1)
        message = str(exc).split(" (at ")[0]
        raise SourceError(f"invalid TOML front matter: {message}", line=line) from exc


def _toml_top_level_end(text: str, fm: FrontMatter) -> int:
    table = _toml_table_header().search(text, fm.content_start, fm.content_end)
    return table.start() if table else fm.content_end


def _toml_keys(text: str, fm: FrontMatter) -> list[tuple[str, int, int]]:
    """(key, key line start, value start) for every top-level ``key = value`` line."""
    end = _toml_top_level_end(text, fm)
    keys = []
    for found in _toml_key().finditer(text, fm.content_start, end):
        keys.append((found.group("key").strip('"'), found.start(), found.end()))
    return keys


def toml_values(text: str, fm: FrontMatter, keys: list[str]) -> list[FrontMatterValue]:
    data = _toml_table(text, fm)
    found: list[FrontMatterValue] = []
    for key, _line_start, value_start in _toml_keys(text, fm):
        value = data.get(key)
        if not _wanted(key, keys) or not isinstance(value, str) or not value.strip():
            continue
        literal = _toml_string().match(text, value_start, fm.content_end)
        if not literal:
            continue
        raw = literal.group(0)
        if tomllib.loads("k = " + raw).get("k") != value:
            continue
        found.append(FrontMatterValue(key, value, value_start, literal.end(), raw[0]))
    return found


def toml_drop_spans(text: str, fm: FrontMatter, keys: list[str]) -> list[tuple[int, int]]:
    _toml_table(text, fm)
    spans: list[tuple[int, int]] = []
    entries = _toml_keys(text, fm)
    limit = _toml_top_level_end(text, fm)
    for index, (key, line_start, _value_start) in enumerate(entries):
        if not _wanted(key, keys):
            continue
        next_start = entries[index + 1][1] if index + 1 < len(entries) else limit
        end = _toml_entry_end(text, line_start, next_start)
        spans.append((line_start, end))
    return spans


def encode_toml(value: str, style: str) -> str:
    """Write ``value`` as a TOML string: a literal string if the source used one and it fits.

    Raises :class:`.UnwritableValue` for a control character, or when it does not read back.
    """
    _refuse_controls(value)
    if style == "'" and "'" not in value and "\n" not in value and "\r" not in value:
        return "'" + value + "'"
    encoded = json.dumps(value, ensure_ascii=False)  # JSON's escapes are all valid in TOML
    try:
        if tomllib.loads("k = " + encoded) == {"k": value}:
            return encoded
    except tomllib.TOMLDecodeError:
        pass
    raise UnwritableValue(VALUE_CHECK, "the value cannot be written as TOML that reads back")


def front_matter_data(text: str) -> dict[str, object]:
    """The top-level front matter values, keys lowercased as Hugo reads them; ``{}`` if none.

    Dates are what the reader makes of them (``date``, ``datetime`` or a string); callers
    take ``str(value)[:10]``.  Raises :class:`.SourceError` for invalid front matter.
    """
    start = 1 if text.startswith("\ufeff") else 0
    fm = locate(text, start)
    if fm is None:
        return {}
    if fm.kind == "toml":
        data: object = _toml_table(text, fm)
    else:
        import yaml

        mapping = _yaml_mapping(text, fm)
        if mapping is None:
            return {}
        data = yaml.load(text[fm.content_start : fm.content_end], Loader=_loader())
    if not isinstance(data, dict):
        return {}
    return {str(key).lower(): value for key, value in data.items()}


# --- every top-level key ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A top-level front matter key with its value: decoded, and where it is written.

    ``value_start``/``value_end`` span the value as written (one line or several);
    ``line_start``/``line_end`` span the whole ``key: value`` lines, for removing the key.
    """

    key: str
    value: object
    value_start: int
    value_end: int
    line_start: int
    line_end: int


def entries(text: str, fm: FrontMatter) -> list[Entry]:
    """Every top-level key of the front matter, in file order (YAML or TOML)."""
    found: list[Entry] = []
    if fm.kind == "yaml":
        import yaml

        mapping = _yaml_mapping(text, fm)
        if mapping is None:
            return found
        decoded = yaml.load(text[fm.content_start : fm.content_end], Loader=_loader()) or {}
        base = fm.content_start
        for key_node, value_node in mapping.value:
            if not isinstance(key_node, yaml.ScalarNode) or _is_alias(key_node, value_node):
                continue
            value_start = base + value_node.start_mark.index
            value_end = _trim_newlines(text, value_start, base + value_node.end_mark.index)
            line_start = base + key_node.start_mark.index - key_node.start_mark.column
            line_end = min(_end_of_line(text, max(value_end, line_start)), fm.content_end)
            key = str(key_node.value)
            found.append(Entry(key, decoded.get(key), value_start, value_end, line_start, line_end))
        return found
    data = _toml_table(text, fm)
    keys = _toml_keys(text, fm)
    limit = _toml_top_level_end(text, fm)
    for index, (key, line_start, value_start) in enumerate(keys):
        next_start = keys[index + 1][1] if index + 1 < len(keys) else limit
        end = _toml_entry_end(text, line_start, next_start)
        value_end = _trim_newlines(text, value_start, end)
        comment = re.search(r"[ \t]+#[^\"'\n]*$", text[value_start:value_end])
        if comment:  # ``key = "v"  # note``: the value ends before the comment
            value_end = value_start + comment.start()
        found.append(Entry(key, data.get(key), value_start, value_end, line_start, end))
    return found


def top_level_end(text: str, fm: FrontMatter) -> int:
    """Where a new top-level key may be added: the end of the front matter (TOML: before
    its first table, whose keys a line after it would join)."""
    if fm.kind == "toml":
        return _toml_top_level_end(text, fm)
    return fm.content_end


def valid_value(raw: str, kind: str) -> object:
    """The value ``raw`` (front matter syntax of ``kind``) stands for; raises ``ValueError``."""
    if kind == "yaml":
        import yaml

        try:
            data = yaml.load("k: " + raw, Loader=_loader())
        except yaml.YAMLError as exc:
            raise ValueError(f"not a YAML value: {raw!r}") from exc
    else:
        try:
            data = tomllib.loads("k = " + raw)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"not a TOML value: {raw!r}") from exc
    if not isinstance(data, dict) or set(data) != {"k"}:
        raise ValueError(f"not a {kind.upper()} value: {raw!r}")
    return data["k"]
