"""The fast reader's anchors (`&name`), aliases (`*name`) and merge keys (`<<: *name`), read
as `parse._Converter` copies ruamel's tree: an alias is its anchor's very node, an anchored
node starts at its `&`, and a mapping's merged pairs follow its own, without the keys it has.
The forms that ruamel spans otherwise (an anchor on an empty value or on a key, an anchor
redefined) and those it reports (an undefined or recursive alias) are refused."""

from __future__ import annotations

import re

from .fastscalars import Unsupported, _is_dash, _rest_is_empty
from .nodes import Mapping, Node, Sequence

_NAME = re.compile(r"[^ \t,\[\]{}]++")
"""An anchor's name, as ruamel scans it: up to a space or a flow indicator (the text holds
no other white space or unprintable character by now)."""
_MERGE_LIST = re.compile(r"\[[ ]*+(\*[^ \t,\[\]{}]++[ ]*+(?:,[ ]*+\*[^ \t,\[\]{}]++[ ]*+)*+)\]")
"""`[*a, *b]` on one line."""
_Pair = tuple[Node, Node]
_Index = dict[str, _Pair]


class _Anchors:
    """What `fastparse._Reader` does with anchors, aliases and merge keys (a mixin: it reads
    the nodes with the reader's `block`, `sequence` and `inline`)."""

    lines: list[str]
    i: int
    plain: bool
    anchors: dict[str, Node | None]
    """Each anchor's node; None while its node is being read, so that an alias inside it is refused."""

    def anchored(self, text: str, i: int, line: int, column: int) -> Node:
        """The node with the anchor at text[i]: the rest of the line, or the block below."""
        match = _NAME.match(text, i + 1)
        if match is None:
            raise Unsupported
        name, end = match.group(), match.end()
        if name in self.anchors:
            raise Unsupported  # an anchor defined twice: ruamel warns, and aliases take the later
        after = end
        while after < len(text) and text[after] == " ":
            after += 1
        if after == end < len(text):
            raise Unsupported  # a tab or a flow indicator right after the name
        self.anchors[name] = None
        self.plain = False
        if after < len(text) and text[after] != "#":
            if text[after] in "&*":
                raise Unsupported  # two anchors, or an anchor on an alias: errors
            node = self.inline(text, after, line, column)
        else:
            node = self.below(line, column)
        node.start = (line, i)
        self.anchors[name] = node
        return node

    def below(self, line: int, column: int) -> Node:
        """The anchored node on the lines after `line`, in a mapping whose keys (or a sequence
        whose dashes) are at `column`."""
        indent = self.next_content()
        if indent > column:
            return self.block(indent, self.i, column + 1)
        lines = self.lines
        if indent == column and _is_dash(lines[self.i], column) and not _is_dash(lines[line], column):
            return self.sequence(column)
        raise Unsupported  # an anchor on an empty value: ruamel spans the empty scalar from the '&'

    def alias(self, text: str, i: int) -> Node:
        """The node of the alias at text[i], alone on the rest of its line."""
        match = _NAME.match(text, i + 1)
        if match is None or not _rest_is_empty(text, match.end()):
            raise Unsupported
        node = self.anchors.get(match.group())
        if node is None:
            raise Unsupported  # undefined, or inside its own anchor's value: ruamel says which
        self.plain = False
        return node

    def merge_value(self, text: str, i: int) -> Node:
        """The value of a merge key (`<<: ` ends at text[i]): an alias, or a list of them on the
        line (kept as a flow sequence, which `resolve` reads as `_Converter._pairs` does)."""
        if text[i:i + 1] == "*":
            return self.alias(text, i)
        match = _MERGE_LIST.match(text, i)
        if match is None or not _rest_is_empty(text, match.end()):
            raise Unsupported  # a merge of an inline value, or of one on the lines below
        return Sequence((0, 0), (0, 0), [self.alias(name.strip(" "), 0) for name in match.group(1).split(",")], True)

    def resolve(self, pairs: list[_Pair], index: _Index | None) -> tuple[list[_Pair], _Index | None]:
        """The pairs and index of a mapping that repeats a key or has a `<<` key: repeated keys
        stay (the index is left to Mapping, which keeps each key's first pair); merge keys give
        way to the pairs they merge whose keys the mapping has not, after its own pairs."""
        own = [pair for pair in pairs if pair[0].tag != "merge"]
        if len(own) == len(pairs):
            if len({key.value for key, _ in pairs}) == len(pairs):
                return pairs, index  # a quoted "<<" is no merge key
            self.plain = False
            return pairs, None
        merged: list[_Pair] = []
        for key, value in pairs:
            if key.tag == "merge":
                for source in value.items if isinstance(value, Sequence) else [value]:
                    if isinstance(source, Mapping):
                        merged.extend(source.items)
        seen = {key.value for key, _ in own}
        for key, value in merged:
            if key.value not in seen:
                own.append((key, value))
                seen.add(key.value)
        if not own:
            raise Unsupported  # nothing merged in: ruamel ends the mapping at the next token
        self.plain = False
        return own, None
