"""How many values a project file's JSON text holds, counted before it is parsed: linear, in bounded memory."""

from __future__ import annotations

import re

# A JSON string with its escapes, to its closing quote or the end. It cannot fail once started and its repeats
# are possessive, so the scan is linear and keeps nothing per escape (a pattern that must find the closing quote
# backtracks from every quote of a hostile file: quadratic, minutes for 1 MB of escaped quotes; a greedy group
# kept each \" it took: 90 times the file's size in memory, gigabytes for 10 MB of them).
_STRING = re.compile(rb'"(?:[^"\\]++|\\[\s\S]?)*+(?:"|\Z)')
_JSON_SPACE = b" \t\n\r"
CHUNK = 1 << 18  # scanned a chunk at a time: what is made of one is bounded, whatever the file holds
# After the text of a chunk: its quote closes a string still open there (the \x01 is left outside, and seen), or
# opens one (the \x01 in it). The chunk's trailing backslashes are set aside first: none is left to escape the quote.
_SENTINEL = b'"\x01'
# What the next chunk is read after: nothing (outside the strings), a string's opening quote, that and a backslash.
_OUTSIDE, _INSIDE, _ESCAPING = b"", b'"', b'"\\'


def count_values(blob: bytes) -> int:
    """How many values the JSON text holds: each value but the first of a list or an object follows
    a comma (the first of each non-empty one and the whole are the rest), outside the strings (a
    pasted CSV in a text is one value) and the spaces between tokens (``[ ]`` is one empty list).

    A chunk at a time (64 MB in 1-5 s, a few copies of a chunk at most in memory), each string in
    it one ``"`` (a string across chunks one in each: a quote counts for nothing, it only keeps ``[ "" ]``
    from being an empty list); the next chunk is read after what it needs of this one (``carry``)."""
    count, carry, last = 1, _OUTSIDE, b""
    for at in range(0, len(blob), CHUNK):
        chunk = carry + blob[at : at + CHUNK]
        body = chunk.rstrip(b"\\")
        backslashes = len(chunk) - len(body)
        bare = _STRING.sub(b'"', body + _SENTINEL).translate(None, _JSON_SPACE)
        if bare.endswith(b"\x01"):  # in a string at the body's end: the backslashes after are its escapes
            bare, carry = bare[:-1], _ESCAPING if backslashes % 2 else _INSIDE
        else:  # outside: the sentinel's string is no part of the text, the backslashes after are (stray) text
            bare, carry = bare[:-1] + b"\\" * bool(backslashes), _OUTSIDE
        count += bare.count(b",") + bare.count(b"[") + bare.count(b"{") - bare.count(b"[]") - bare.count(b"{}")
        count -= (last + bare[:1]) in (b"[]", b"{}")  # an empty list or object across the chunks' edge
        last = bare[-1:] or last
    return count
