"""YAML reading for catalog files: every mapping remembers the line it starts on, and duplicate
keys are refused (plain PyYAML silently keeps the last one)."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["LineDict", "YamlLineError", "read_yaml"]


class YamlLineError(ValueError):
    """Malformed YAML; `line` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class LineDict(dict):
    """A dict built from a YAML mapping, with the 1-based `line` of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # C parser when available
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in result:
                raise YamlLineError(f"键“{key}”重复", key_node.start_mark.line + 1)
            result[key] = self.construct_object(value_node, deep=deep)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    return loader.construct_mapping(node, deep=True)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def read_yaml(text: str) -> Any:
    """Parse YAML text; mappings become `LineDict`. Raises `YamlLineError`."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except YamlLineError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlLineError(f"YAML 格式错误：{exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise YamlLineError(f"YAML 格式错误：{exc}") from None
