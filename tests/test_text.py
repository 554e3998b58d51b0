"""The server's own copy of an open buffer: incremental changes patch the text and the lines
exactly as a whole re-read of the edited text would give them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from pod_ls.lsp.text import apply_changes
from pod_ls.yaml.parse import line_starts, split_lines

UTF16 = PositionCodec(types.PositionEncodingKind.Utf16)
UTF32 = PositionCodec(types.PositionEncodingKind.Utf32)
TEXT = st.text(alphabet="ab: -\n\r\té😀", max_size=60)
POSITION = st.builds(types.Position, line=st.integers(0, 12), character=st.integers(0, 14))


def reference(text: str, where: types.Range, new: str) -> str:
    """The edit done the slow, obvious way: find both offsets in the whole text, then splice."""
    lines, starts = split_lines(text), line_starts(text)

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        line = lines[position.line]
        units = [sum(2 if ord(c) > 0xFFFF else 1 for c in line[:column]) for column in range(len(line) + 1)]
        column = next((column for column, count in enumerate(units) if count >= position.character), len(line))
        return starts[position.line] + column

    start, end = sorted((offset(where.start), offset(where.end)))
    return text[:start] + new + text[end:]


def partial(start: types.Position, end: types.Position, new: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new)


def edit_both_ways(text: str, edits: list[tuple[types.Position, types.Position, str]]) -> None:
    expected = text
    lines = split_lines(text)
    for start, end, new in edits:
        expected = reference(expected, types.Range(start=start, end=end), new)
        text, lines = apply_changes(text, lines, [partial(start, end, new)], UTF16)
        assert text == expected
        assert lines == split_lines(expected)


def edit_in_one_call(text: str, edits: list[tuple[types.Position, types.Position, str]]) -> None:
    """All the edits in one `didChange`, as an editor sends a multi-cursor edit or a paste."""
    expected = text
    for start, end, new in edits:
        expected = reference(expected, types.Range(start=start, end=end), new)
    changed, lines = apply_changes(text, split_lines(text), [partial(start, end, new) for start, end, new in edits],
                                   UTF16)
    assert changed == expected
    assert lines == split_lines(expected)


@settings(max_examples=600, deadline=None)
@given(TEXT, st.lists(st.tuples(POSITION, POSITION, TEXT), min_size=1, max_size=4))
def test_changes_give_what_a_whole_re_read_gives(text, edits):
    edit_both_ways(text, edits)
    edit_in_one_call(text, edits)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab: -é😀", max_size=8), min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]),
       st.lists(st.tuples(POSITION, POSITION, st.sampled_from(["", "x", "\r\n", "\n", "\r", "y\r\nz", "\r\r\n"])),
                min_size=1, max_size=4))
def test_changes_to_text_with_one_kind_of_line_break(lines, line_break, edits):
    edit_both_ways(line_break.join(lines), edits)
    edit_in_one_call(line_break.join(lines), edits)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab: -é😀", max_size=8), min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]),
       st.lists(st.tuples(POSITION, POSITION, st.sampled_from(["", "x", "\r\n", "\n", "\r", "y\r\nz"])),
                min_size=2, max_size=12))
def test_many_changes_in_one_call_that_mix_breaks_midway(lines, line_break, edits):
    edit_in_one_call(line_break.join(lines), edits)


def test_a_thousand_changes_in_one_call_patch_only_the_lines_they_touch():
    """A multi-cursor edit over a big file: the lines no change touches stay the same objects."""
    text = "".join(f"key{n}: value\n" for n in range(60_000))
    lines = split_lines(text)
    edits = [(types.Position(line=n * 50, character=3), types.Position(line=n * 50, character=3), "x")
             for n in range(1_000)]
    changed, new_lines = apply_changes(text, lines, [partial(*edit) for edit in edits], UTF16)
    expected = [f"keyx{n}: value" if n % 50 == 0 and n < 50_000 else f"key{n}: value" for n in range(60_000)]
    assert new_lines == [*expected, ""] and changed == "\n".join(new_lines)
    assert new_lines[51] is lines[51]


def test_typing_in_a_big_text_patches_one_line_and_keeps_the_others():
    text = "".join(f"key{n}: value\n" for n in range(50_000))
    lines = split_lines(text)
    new_text, new_lines = apply_changes(text, lines, [partial(types.Position(line=30_000, character=3),
                                                              types.Position(line=30_000, character=3), "x")], UTF16)
    assert new_lines[30_000] == "keyx30000: value"
    assert new_text == text.replace("\nkey30000:", "\nkeyx30000:")
    assert new_lines[29_999] is lines[29_999] and new_lines[30_001] is lines[30_001]
    assert lines[30_000] == "key30000: value"  # the old list is left as it was


def test_positions_in_utf16_and_utf32():
    text = "a😀b\n"
    at = types.Position(line=0, character=3)
    assert apply_changes(text, split_lines(text), [partial(at, at, "X")], UTF16)[0] == "a😀Xb\n"
    assert apply_changes(text, split_lines(text), [partial(at, at, "X")], UTF32)[0] == "a😀bX\n"


def test_crlf_and_a_break_typed_between_a_cr_and_its_lf():
    text = "a: 1\r\nb: 2\r\n"
    end_of_a = types.Position(line=0, character=4)
    changed, lines = apply_changes(text, split_lines(text), [partial(end_of_a, end_of_a, "\r")], UTF16)
    assert changed == "a: 1\r\r\nb: 2\r\n" and lines == ["a: 1", "", "b: 2", ""]


def test_out_of_range_positions_mean_the_end_and_whole_changes_replace_everything():
    text = "a: 1\n"
    far = types.Position(line=99, character=5)
    assert apply_changes(text, split_lines(text), [partial(far, far, "b: 2\n")], UTF16) == (
        "a: 1\nb: 2\n", ["a: 1", "b: 2", ""])
    long = types.Position(line=0, character=99)
    assert apply_changes(text, split_lines(text), [partial(long, long, " # c")], UTF16)[0] == "a: 1 # c\n"
    assert apply_changes(text, split_lines(text), [partial(far, far, "x"), types.TextDocumentContentChangeWholeDocument(
        text="c: 3")], UTF16) == ("c: 3", ["c: 3"])
