"""A fast reader for the YAML that manifests are made of, giving the same nodes as ruamel.

ruamel.yaml reads about 10,000 lines a second here, far too slow for a 60,000-line file
opened in an editor. Manifests use a small part of YAML: block mappings and sequences, plain
and quoted scalars (wrapped over lines in CRD descriptions), flow collections (on one line, or
over many in JSON and KYAML), literal and folded block scalars, now and then anchors, aliases
and merge keys, and (by mistake) a repeated key, which stays for the check to report in a
document that is not `plain`. This reader handles exactly that part, line by line, and gives
up (`Unsupported`) on anything else (tags, comments inside a wrapped scalar, anchors in flow
collections, errors, ...), so that `parse.parse_document` falls back to ruamel for that
document. Scalars are typed by ruamel's own YAML 1.1 resolver, so both readers agree on every
tag; a test compares the two on every document of the corpus. This module reads the block
structure; `fastflow` reads flow collections, `fastscalars` the scalars and `fastanchors`
the anchors, aliases and merge keys.
"""

from __future__ import annotations

import re

from .fastanchors import _Anchors
from .fastflow import _Flow, _FlowLines, _Unclosed
from .fastscalars import (
    _DOUBLE_CLOSED,
    _SINGLE_CLOSED,
    _TAGS,
    Unsupported,
    _block_scalar,
    _is_dash,
    _plain,
    _plain_tag,
    _quoted,
    _quoted_lines,
    _rest_is_empty,
)
from .nodes import Mapping, Node, Scalar, Sequence

# A plain key: not starting with an indicator, up to the first ':' followed by a space or the
# line end; no '#' or tab in it. The group keeps the spaces before the ':' (strip them); the
# match ends after the spaces that follow it. Possessive (*+), so a failure never backtracks.
_KEY_TEXT = r"(?:[^:#\t]++|:(?![ ]|$))*+"
# Keys starting with '?', ':' or '-:' go to ruamel, which reads `:: a: 1` and `-: ::` differently from a regex.
_KEY_PATTERN = (r"""([^\s\-?:,\[\]{}#&*!|>'"%@`]""" + _KEY_TEXT + r"|-[^\s#:]" + _KEY_TEXT + r"):(?:[ ]+|$)")
_KEY = re.compile(_KEY_PATTERN)
# The commonest lines, `key: plain value  # comment` and `key:  # comment`, in one match (other
# lines take the long way): the value starts with no indicator and holds no ': ', ' #' or tab,
# nor ends with ':'; a key alone (its value on the lines below) has no group 2.
_PAIR = re.compile(_KEY_PATTERN + r"""(?:(?<= )([^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^\t:# ]++|:(?=[^ \t])|(?<! )#"""
                   r"|[ ]++(?=[^ #\t]))*+)[ ]*+(?:#.*)?$|(?:(?<= )#.*)?$)")
_DEEPEST_COLUMN = 99
"""Block collections further right go to ruamel, which says how deep is too deep
(`parse.MAX_DEPTH`, 200 levels): one at column c is at most 2c + 1 levels deep (every level
indents further but a sequence under its key), its scalars one more, so 200 at most here."""
_QUOTED_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ ]*:(?:[ ]+|$)""")


def _strip_comment(text: str) -> str:
    """A plain value without its trailing comment and spaces."""
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    return text.rstrip(" ")


class _Reader(_Anchors):
    def __init__(self, lines: list[str], indents: list[int]) -> None:
        self.lines = lines
        self.indents = indents
        """Indentation of each line with content; -1 for blank and comment-only lines."""
        self.i = 0
        self._flow: _FlowLines | None = None
        self.plain = True
        """No anchor, alias or repeated key (see `YamlDocument.plain`)."""
        self.anchors = {}

    def flow_lines(self, line: int, column: int, parent: int) -> Node:
        """The flow collection that opens at (line, column) and closes on a later line; the
        lines it spans must be indented deeper than `parent`, but for a last line that holds
        only the closing bracket (`command: [` ... `]` under `command`), and nothing may follow it.
        ruamel and go-yaml take flow lines at any indentation; the YAML spec does not."""
        if self._flow is None:
            self._flow = _FlowLines(self.lines)
        flow = self._flow
        flow.parent = parent
        begin = flow.starts[line] + column
        node, end = (flow.sequence if flow.text[begin] == "[" else flow.mapping)(begin)
        last, after = flow.at(end)
        if last == line or "\t" in flow.text[begin:end] or not _rest_is_empty(self.lines[last], after):
            raise Unsupported
        lines, indents = self.lines, self.indents
        for number in range(line + 1, last + 1):
            indent = indents[number]
            if indent < 0:  # a comment, a blank line, or a line of a quoted scalar that starts with '#'
                content = lines[number].lstrip(" ")
                if not content:
                    continue
                indent = len(lines[number]) - len(content)
            if indent <= parent and not (number == last and indent == parent == after - 1):
                raise Unsupported
        self.i = last + 1
        return node

    def next_content(self) -> int:
        """Skip blank and comment lines; the indentation of the next content line, or -1 at
        the end (so that `indent < column` means the block ends either way)."""
        indents = self.indents
        i = self.i
        while i < len(indents):
            if indents[i] >= 0:
                self.i = i
                return indents[i]
            i += 1
        self.i = i
        return -1

    # -- structure

    def document(self, dots: bool) -> Node | None:
        """The root node; `dots` says whether a line starts with `...` (str.find on the text is
        faster than a look at every line)."""
        ended = dots and self.end_at_marker()
        indent = self.next_content()
        if indent >= 0 and self.lines[self.i].startswith("%"):
            raise Unsupported
        if indent >= 0 and self.lines[self.i].startswith("---"):
            if not _rest_is_empty(self.lines[self.i], 3):
                raise Unsupported  # content after the marker, or `---#`, a plain scalar to ruamel
            self.i += 1
            indent = self.next_content()
        if indent < 0:
            if ended:
                raise Unsupported  # ruamel wants a node before `...`
            return None
        root = self.block(indent, self.i, indent)
        if self.next_content() >= 0:
            raise Unsupported
        return root

    def end_at_marker(self) -> bool:
        """Read only the lines before a `...` line (the document end marker), after which the
        text must hold nothing but comments: a scalar or a flow collection cut there does not
        close, so the reader refuses it, as ruamel does. True when there was a marker."""
        for number, text in enumerate(self.lines):
            if text.startswith("...") and text[3:4] in ("", " ", "\t"):
                if not _rest_is_empty(text, 3) or any(indent >= 0 for indent in self.indents[number + 1:]):
                    raise Unsupported
                del self.lines[number:], self.indents[number:]
                return True
        return False

    def block(self, column: int, line: int, minimum: int) -> Node:
        """The block node whose first token is at (line, column)."""
        text = self.lines[line]
        if column < minimum:
            raise Unsupported
        if text[column] == "-" and _is_dash(text, column):
            return self.sequence(column)
        if (pair := _PAIR.match(text, column)) is not None:
            return self.mapping(column, line, pair)
        if (found := _key_at(text, column, line)) is not None:
            return self.mapping(column, line, found)
        if text[column] in "[{":
            return self.flow_lines(line, column, minimum - 1)
        raise Unsupported  # a scalar alone on its lines

    def mapping(self, column: int, first_line: int, found: tuple[Scalar, int] | re.Match | None) -> Mapping:
        """The block mapping whose first key starts at `column` of `first_line`; `found` is what
        the caller matched there: its `_PAIR` match or its `_key_at`."""
        if column > _DEEPEST_COLUMN:
            raise Unsupported
        pairs: list[tuple[Node, Node]] = []
        index: dict[str, tuple[Node, Node]] = {}
        lines, indents = self.lines, self.indents
        count = len(indents)
        match_pair = _PAIR.match
        tags = _TAGS
        while True:
            line = self.i
            text = lines[line]
            if found is None:
                pair = match_pair(text, column)
            elif type(found) is tuple:
                pair = None
            else:
                pair, found = found, None
            if pair is not None:
                name, plain = pair.group(1, 2)
                name = name.rstrip(" ")
                key: Node = Scalar((line, column), (line, column + len(name)), name,
                                   tags.get(name) or _plain_tag(name), None)
                after = self.i = line + 1
                if plain is None:
                    # The value is on the lines below: most often a block on the next line.
                    indent = indents[after] if after < count else -1
                    if indent > column:
                        value = self.block(indent, after, column + 1)
                    else:
                        value = self.value(text, len(text), line, column, key)
                elif after < count and ((indent := indents[after]) > column
                                        or indent < 0 and not lines[after].strip(" ")):  # goes on, or a blank line
                    value = self.plain_lines(plain, line, pair.start(2), column, "#" in text[pair.end(2):])
                else:
                    start = pair.start(2)
                    value = Scalar((line, start), (line, start + len(plain)), plain,
                                   tags.get(plain) or _plain_tag(plain), None)
            else:
                found = found or _key_at(text, column, line)
                if found is None:
                    raise Unsupported
                key, after = found
                self.i += 1
                if key.tag != "merge":
                    value = self.value(text, after, line, column, key)
                else:
                    value = self.merge_value(text, after)
                found = None
            entry = (key, value)
            index[key.value] = entry
            pairs.append(entry)
            indent = indents[self.i] if self.i < count else -1
            if indent < 0:
                indent = self.next_content()
            if indent < column:
                break
            if indent > column:
                raise Unsupported
            if lines[self.i][column] == "-" and _is_dash(lines[self.i], column):
                break  # a sequence at this indentation belongs to an outer mapping
        if len(index) < len(pairs) or "<<" in index:
            pairs, index = self.resolve(pairs, index)  # repeated keys stay, for the check to report
        # A block collection ends where its last text ends: the key's, for an empty value.
        last_key, last = pairs[-1]
        end = last_key.end if last.start == last.end and last.tag == "null" else last.end
        return Mapping((first_line, column), end, pairs, False, index)

    def sequence(self, column: int) -> Sequence:
        if column > _DEEPEST_COLUMN:
            raise Unsupported
        items: list[Node] = []
        start = (self.i, column)
        lines = self.lines
        while True:
            line = self.i
            text = lines[line]
            rest = column + 1
            while rest < len(text) and text[rest] == " ":
                rest += 1
            self.i += 1
            if rest >= len(text) or text[rest] == "#":
                indent = self.next_content()
                if indent > column:
                    items.append(self.block(indent, self.i, column + 1))
                else:
                    items.append(Scalar((line, column + 1), (line, column + 1), "", "null", None))
            elif _is_dash(text, rest):
                raise Unsupported  # a sequence directly inside a sequence item
            elif (found := _PAIR.match(text, rest) or _key_at(text, rest, line)) is not None:
                self.i = line
                items.append(self.mapping(rest, line, found))
            else:
                items.append(self.inline(text, rest, line, column))
            indent = self.next_content()
            if indent < column:
                break
            if indent > column:
                raise Unsupported
            if not _is_dash(lines[self.i], column):
                break
        return Sequence(start, items[-1].end, items)

    def value(self, text: str, after: int, line: int, column: int, key: Scalar) -> Node:
        """The value of the key on `line`: text[after:] (past the spaces after the ':') or the
        following lines."""
        if after >= len(text) or text[after] == "#":
            indent = self.next_content()
            if indent > column:
                return self.block(indent, self.i, column + 1)
            if indent == column and _is_dash(self.lines[self.i], column):
                return self.sequence(column)
            return Scalar((line, key.end[1] + 1), (line, key.end[1] + 1), "", "null", None)
        return self.inline(text, after, line, column)

    def inline(self, text: str, i: int, line: int, column: int) -> Node:
        """A value that starts on this line at text[i]. A more-indented line after it would
        continue it; the mapping and sequence loops refuse that for every entry."""
        char = text[i]
        if char in "[{\"'|>&*":
            if char in "[{":
                try:
                    node, end = (_Flow(text, line).sequence if char == "[" else _Flow(text, line).mapping)(i)
                except _Unclosed:
                    return self.flow_lines(line, i, column)
                if not _rest_is_empty(text, end):
                    raise Unsupported
                return node
            if char in "\"'":
                if (_DOUBLE_CLOSED if char == '"' else _SINGLE_CLOSED).match(text, i) is None:
                    return self.quoted_lines(text, i, line, column)
                node, end = _quoted(text, i, line)
                if not _rest_is_empty(text, end):
                    raise Unsupported
                return node
            if char in "|>":
                node, self.i = _block_scalar(self.lines, text, i, line, column)
                return node
            return self.anchored(text, i, line, column) if char == "&" else self.alias(text, i)
        value = _strip_comment(text[i:])
        if ": " in value or value.endswith(":") or "\t" in value:
            raise Unsupported
        return self.plain_lines(value, line, i, column, len(value) < len(text[i:].rstrip(" ")))

    def plain_lines(self, first: str, line: int, i: int, column: int, commented: bool) -> Scalar:
        """A plain scalar that starts with `first` at text[i] of `line` and goes on over the
        more-indented lines after it (self.i is the next line), folded as YAML folds them: a line
        break is a space, n blank lines are n line breaks. CRD descriptions are written so."""
        lines, indents = self.lines, self.indents
        number = self.i
        if commented or number >= len(lines) or 0 <= indents[number] <= column:
            return _plain(first, line, i)
        parts = [first]
        end = (line, i + len(first))
        count = len(lines)
        gap = " "
        while number < count:
            # A run of content lines, folded and checked as one: a line break is a space, so a
            # line that starts with '#' or ends with ':' shows as " #" or ": " in the join.
            start = number
            while number < count and indents[number] > column:
                number += 1
            if number > start:
                run = " ".join([lines[k][indents[k]:].rstrip(" ") for k in range(start, number)])
                if run[0] == "#" or ": " in run or run.endswith(":") or " #" in run or "\t" in run:
                    raise Unsupported
                parts.append(gap)
                parts.append(run)
                end = (number - 1, len(lines[number - 1].rstrip(" ")))
            blanks = 0
            while number < count and indents[number] < 0:
                if lines[number].strip(" "):
                    break  # a comment ends the scalar
                blanks += 1
                number += 1
            if number >= count or indents[number] <= column:
                break  # blank lines after the scalar are not part of it
            gap = "\n" * blanks
        self.i = end[0] + 1
        value = "".join(parts)
        return Scalar((line, i), end, value, _plain_tag(value), None)

    def quoted_lines(self, text: str, i: int, line: int, column: int) -> Scalar:
        """A quoted scalar that opens at text[i] and closes on a later line, on lines indented
        deeper than the block around it."""
        value, number, end = _quoted_lines(self.lines, line, i, column + 1)
        if not _rest_is_empty(self.lines[number], end):
            raise Unsupported
        self.i = number + 1
        return Scalar((line, i), (number, end), value, "str", text[i])


def _key_at(text: str, column: int, line: int) -> tuple[Scalar, int] | None:
    """The key starting at text[column] and the index past the ': ' after it, if the line has
    one there."""
    char = text[column:column + 1]
    if char in ('"', "'"):
        match = _QUOTED_KEY.match(text, column)
        if match is None:
            return None
        node, _ = _quoted(text, column, line)
        return node, match.end()
    match = _KEY.match(text, column)
    if match is None:
        return None
    name = match.group(1).rstrip(" ")
    if name == "<<":  # a merge key, which `_Reader.resolve` takes out
        return Scalar((line, column), (line, column + 2), name, "merge", None), match.end()
    return _plain(name, line, column), match.end()


# What YAML does not allow in a stream: ruamel reports it, so the fast reader steps aside.
# NEL, LS and PS are line breaks to ruamel (see parse._NON_LSP_BREAKS), and it does not count
# a byte order mark as a column: both are ruamel's business too.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
"""The same for ASCII text, where deleting these bytes is four times cheaper than the search."""


def parse_fast(text: str) -> Node | None:
    """The document's root node; raises Unsupported where the full reader is needed."""
    return read_fast(text)[0]


def read_fast(text: str) -> tuple[Node | None, bool]:
    """The document's root node and whether it is plain (`YamlDocument.plain`); raises
    Unsupported where the full reader is needed."""
    if text.encode("ascii").translate(None, _PRINTABLE_ASCII) if text.isascii() else _NON_PRINTABLE.search(text):
        raise Unsupported
    lines = text.split("\n")
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        if any("\r" in line for line in lines):
            raise Unsupported
    indents = [len(line) - len(content) if (content := line.lstrip(" ")) and content[0] != "#" else -1
               for line in lines]
    if "\t" in text and any(line[indent] == "\t" for line, indent in zip(lines, indents, strict=True)
                            if indent >= 0):
        raise Unsupported
    reader = _Reader(lines, indents)
    return reader.document(text.startswith("...") or "\n..." in text), reader.plain
