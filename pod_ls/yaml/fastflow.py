"""The fast reader's flow collections (`[...]`, `{...}`), on one line or over many as JSON and KYAML write them."""

from __future__ import annotations

from bisect import bisect_right

from .fastscalars import (
    _DOUBLE_CLOSED,
    _SINGLE_CLOSED,
    Unsupported,
    _double_quoted,
    _plain,
    _quoted,
    _quoted_lines,
    _single_quoted,
)
from .nodes import Mapping, Node, Scalar, Sequence

_FLOW_END = ",]}"


class _Unclosed(Unsupported):
    """A flow collection that does not close on its line (a comment or a quoted scalar goes
    on to the line end)."""


class _Flow:
    """A flow collection that opens and closes on one line."""

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line

    def at(self, i: int) -> tuple[int, int]:
        """The (line, column) of text[i]."""
        return self.line, i

    def quoted(self, i: int) -> tuple[Scalar, int]:
        if (_DOUBLE_CLOSED if self.text[i] == '"' else _SINGLE_CLOSED).match(self.text, i) is None:
            raise _Unclosed
        return _quoted(self.text, i, self.line)

    def skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] == " ":
            i += 1
        if i < len(self.text) and self.text[i] in "#\t":
            raise _Unclosed if self.text[i] == "#" and self.text[i - 1] == " " else Unsupported  # `"a"#b`, a tab
        return i

    def node(self, i: int) -> tuple[Node, int]:
        i = self.skip(i)
        char = self.text[i:i + 1]
        if char == "[":
            return self.sequence(i)
        if char == "{":
            return self.mapping(i)
        if char in ('"', "'"):
            return self.quoted(i)
        return self.plain(i)

    def plain(self, i: int) -> tuple[Scalar, int]:
        start = i
        while i < len(self.text):
            char = self.text[i]
            if char in _FLOW_END:
                break
            if char in "[{?\t":
                raise Unsupported  # ruamel ends a plain scalar in a flow collection there (or at a tab)
            if char == ":" and (i + 1 >= len(self.text) or self.text[i + 1] in " \n"):
                break
            if char == ":" and self.text[i + 1] in ",]}":
                raise Unsupported  # `kind:,` is the plain scalar `kind:` to ruamel: let it say so
            if char == "#" and self.text[i - 1] == " ":
                break  # a comment
            i += 1
        value = self.text[start:i].rstrip(" ")
        if not value or value[0] in "?:":
            raise Unsupported  # YAML 1.1 starts no plain scalar with '?' or ':' inside [] or {}
        return _plain(value, *self.at(start)), start + len(value)

    def sequence(self, i: int) -> tuple[Sequence, int]:
        start = i
        items: list[Node] = []
        i = self.skip(i + 1)
        while self.text[i:i + 1] != "]":
            if i >= len(self.text):
                raise _Unclosed
            item, i = self.node(i)
            i = self.skip(i)
            if self.text[i:i + 1] == ":":
                raise Unsupported  # a single-pair mapping inside a sequence
            items.append(item)
            if self.text[i:i + 1] == ",":
                i = self.skip(i + 1)
            elif self.text[i:i + 1] != "]":
                raise Unsupported
        return Sequence(self.at(start), self.at(i + 1), items, flow=True), i + 1

    def mapping(self, i: int) -> tuple[Mapping, int]:
        start = i
        pairs: list[tuple[Node, Node]] = []
        i = self.skip(i + 1)
        while self.text[i:i + 1] != "}":
            if i >= len(self.text):
                raise _Unclosed
            if self.text[i] in "[{?":
                raise Unsupported
            key_start = i
            key, i = self.node(i)
            i = self.skip(i)
            if self.text[i:i + 1] == ":":
                if "\n" in self.text[key_start:i]:
                    raise Unsupported  # ruamel wants a key and its ':' on one line
                colon = i
                i = self.skip(i + 1)
                if self.text[i:i + 1] in (",", "}"):
                    value: Node = Scalar(self.at(colon + 1), self.at(colon + 1), "", "null", None)
                else:
                    value, i = self.node(i)
                    i = self.skip(i)
            else:
                value = Scalar(self.at(i), self.at(i), "", "null", None)
            pairs.append((key, value))
            if self.text[i:i + 1] == ",":
                i = self.skip(i + 1)
            elif self.text[i:i + 1] != "}":
                raise Unsupported
        if len({key.value for key, _ in pairs}) < len(pairs):
            raise Unsupported  # a duplicate key
        return Mapping(self.at(start), self.at(i + 1), pairs, flow=True), i + 1


class _FlowLines(_Flow):
    """A flow collection over several lines (JSON, KYAML, `kubectl get -o json`), read in the
    document's text as one, where a line break is a space. Plain scalars stay on one line;
    tabs and lines indented no deeper than the block around the collection are ruamel's."""

    def __init__(self, lines: list[str]) -> None:
        self.starts: list[int] = []
        """Where each line starts in the text."""
        offset = 0
        for text in lines:
            self.starts.append(offset)
            offset += len(text) + 1
        super().__init__("\n".join(lines), 0)
        self.lines = lines
        self.parent = -1
        """The indentation of the block around the collection being read."""

    def at(self, i: int) -> tuple[int, int]:
        row = bisect_right(self.starts, i) - 1
        return row, i - self.starts[row]

    def skip(self, i: int) -> int:
        """Past spaces, line breaks and comments: a `#` after a space or at a line's start."""
        text = self.text
        while i < len(text) and text[i] in " \n":
            i += 1
        while i < len(text) and text[i] in "#\t":
            if text[i] == "\t" or text[i - 1] not in " \n":
                raise Unsupported  # `"a"#b` or a tab: ruamel's
            i = text.find("\n", i)
            if i < 0:
                return len(text)
            while i < len(text) and text[i] in " \n":
                i += 1
        return i

    def plain(self, i: int) -> tuple[Scalar, int]:
        text = self.text
        line_start = text.rfind("\n", 0, i) + 1
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        scalar, after = _Flow(text[line_start:line_end], 0).plain(i - line_start)
        after += line_start
        if after == line_end and text[(next_token := self.skip(after)):next_token + 1] not in ("", ",", "]", "}", ":"):
            raise Unsupported  # a plain scalar that goes on over the line break
        return _plain(scalar.value, *self.at(i)), after

    def quoted(self, i: int) -> tuple[Scalar, int]:
        text = self.text
        try:
            value, end = (_double_quoted if text[i] == '"' else _single_quoted)(text, i)
            if "\n" not in text[i:end]:
                return Scalar(self.at(i), self.at(end), value, "str", text[i]), end
        except Unsupported:
            pass  # an escaped line break, or an escape ruamel refuses (which the line reader finds too)
        line, column = self.at(i)
        value, last, after = _quoted_lines(self.lines, line, column, self.parent + 1)
        return Scalar((line, column), (last, after), value, "str", text[i]), self.starts[last] + after
