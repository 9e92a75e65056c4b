"""Errors the pure stages raise, in a module of their own so readers and their entry point do not import
each other for them.
"""

from __future__ import annotations


class ParseError(ValueError):
    """An input that no reader can turn into a Document; the message names the input.

    ParseError("feed.json: malformed JSON (Expecting value at line 1)")
    """
