"""An lxml tree of an HTML page that reads as BeautifulSoup(page, "lxml") did: same elements, same strings.

The HTML reader (html.py) walks this tree instead of a BeautifulSoup one: the same libxml2 parse, without
bs4's Python object per node (building it was two fifths of the HTML reader's time). What bs4 added on
top of lxml's parse, and the reader's output depends on, is reproduced here once, after the parse:

- the page hangs under a `DOCUMENT` element, as bs4's tree hangs under the BeautifulSoup object: walks
  "below the document" include <html>, and an empty page is a document with no <html>;
- a string that is only ASCII whitespace becomes one newline (if it holds one) or one space, outside
  <pre> and <textarea> (bs4's endData);
- the text in <script>, <style>, <template>, <rt> and <rp> is of its own kind (bs4 gives it its own
  string classes): `strings`/`text` of any other element leave it out, of such an element give only it;
- a removed element leaves an empty comment (`decompose`), so the text before and after it stay
  two strings, as after bs4's decompose: `text(elem, " ")` joins them with the separator.

Comments are never strings (`itertext` skips them and yields the text after them as its own string).
load_tree("<p>Hovedstyret i KS<!-- x -->vedtok</p>", 256) -> (DOCUMENT element, False); text(its <p>, " ") ==
"Hovedstyret i KS vedtok"
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree

# stands in for bs4's BeautifulSoup object: the parent of <html> (a name no page uses)
DOCUMENT = "x-pressroom-document"
ELEMENT = etree.Element  # as a tag filter of iter()/iterdescendants(): elements only, no comments
# bs4 keeps the strings of these apart (Script, Stylesheet, TemplateString, RubyText, RubyParenthesis)
HIDDEN_TEXT_TAGS = ("script", "style", "template", "rt", "rp")
PRESERVE_WHITESPACE_TAGS = ("pre", "textarea")
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"
SET_STRING = "data-pressroom-set-string"  # marks an element whose text set_string replaced
# marks an element with a HIDDEN_TEXT_TAGS element below or above it (set by load_tree; it may outlive
# the element, which only sends `strings` the long way round)
NEAR_HIDDEN = "data-pressroom-near-hidden"
DOCTYPE_FIRST = re.compile(r"(?:\s|<!--.*?-->)*<!doctype\b", re.IGNORECASE | re.DOTALL)


def _doctype(tree: etree._ElementTree) -> str:
    """bs4's Doctype string: 'html', or 'html PUBLIC "…" "…"' from the page's <!DOCTYPE>."""
    info = tree.docinfo
    value = info.root_name or ""
    if info.public_id is not None:
        value += f' PUBLIC "{info.public_id}"'
        if info.system_url is not None:
            value += f' "{info.system_url}"'
    elif info.system_url is not None:
        value += f' SYSTEM "{info.system_url}"'
    return value


def load_tree(html: str, max_depth: int) -> tuple[etree._Element, bool]:
    """The page under a DOCUMENT element, and whether an element nests `max_depth` deep or more
    (<html> is depth 1; libxml2's tree stops nesting at 256, so count deeper pages elsewhere).

    Parsed as bs4's lxml tree builder parses a str (the same libxml2 push parser, recover on, a leading
    byte-order mark dropped). The document's own text is the page's doctype when it declares one (bs4's
    Doctype string before <html>).
    load_tree("<h1>KS gir pengestøtte til Ukraina</h1>", 256)[0][0].tag -> "html"
    """
    if html[:1] == "\ufeff":
        html = html[1:]
    parser = etree.HTMLParser(recover=True)
    parser.feed(html)
    root = parser.close()
    doc = etree.Element(DOCUMENT)
    if root is None:
        return doc, False
    if DOCTYPE_FIRST.match(html):
        doc.text = _doctype(root.getroottree())
    doc.append(root)
    deep = bool(doc.xpath(f"boolean(//*[ancestor::*[{max_depth}]])"))
    for hidden in root.iter(*HIDDEN_TEXT_TAGS):
        for above in hidden.iterancestors():
            if above.get(NEAR_HIDDEN) is not None:
                break
            above.set(NEAR_HIDDEN, "")
        if len(hidden):  # <template>, <rt>, <rp> may hold elements (<script> and <style> hold text only)
            for below in hidden.iterdescendants(ELEMENT):
                below.set(NEAR_HIDDEN, "")
    if "\x0c" in html:  # a form feed is an ASCII space to bs4, not to XPath's normalize-space
        _squeeze_all(root)
        return doc, deep
    for string in BLANK_STRINGS(doc):
        value = "\n" if "\n" in string else " "
        if string != value:
            if string.is_tail:
                string.getparent().tail = value
            else:
                string.getparent().text = value
    return doc, deep


# strings that are only whitespace, outside <pre> and <textarea>: bs4 squeezes them to "\n" or " "
BLANK_STRINGS = etree.XPath("//text()[not(normalize-space())][not(ancestor::pre or ancestor::textarea)]")


def _squeeze_all(root: etree._Element) -> None:
    """BLANK_STRINGS squeezed with bs4's own test (any of ASCII_SPACES), one node at a time."""
    preserved: set[etree._Element] = set()
    for elem in root.iter(*PRESERVE_WHITESPACE_TAGS):
        preserved.update(elem.iter())
    for node in root.iter():
        text = node.text
        if text is not None and not text.strip(ASCII_SPACES) and isinstance(node.tag, str) and node not in preserved:
            node.text = "\n" if "\n" in text else " "
        tail = node.tail
        if tail is not None and not tail.strip(ASCII_SPACES) and node.getparent() not in preserved:
            node.tail = "\n" if "\n" in tail else " "


def decompose(elem: etree._Element) -> None:
    """Take an element (and all below it) out of its tree; the text after it stays, as its own string."""
    parent = elem.getparent()
    if parent is None:
        return
    stand_in = etree.Comment()
    stand_in.tail = elem.tail
    parent.replace(elem, stand_in)


def strings(elem: etree._Element) -> Iterable[str]:
    """The strings below an element in document order (bs4's `.strings`): of an element in or around a
    HIDDEN_TEXT_TAGS element (marked by load_tree), only those of its own kind (a <div>'s leave out its
    <script>'s text)."""
    if elem.tag in HIDDEN_TEXT_TAGS or elem.get(NEAR_HIDDEN) is not None:
        return _strings_of_kind(elem)
    return elem.itertext()


def _strings_of_kind(elem: etree._Element) -> Iterator[str]:
    """bs4's strings of a tag: a string's kind is its nearest HIDDEN_TEXT_TAGS element (or none), and
    only strings of the tag's own kind count."""
    wanted = elem.tag if elem.tag in HIDDEN_TEXT_TAGS else None
    start = wanted or next((a.tag for a in elem.iterancestors(*HIDDEN_TEXT_TAGS)), None)

    def walk(node: etree._Element, kind: str | None) -> Iterator[str]:
        if node.text is not None and (None if node.get(SET_STRING) is not None else kind) == wanted:
            yield node.text
        for child in node:
            if isinstance(child.tag, str):
                yield from walk(child, child.tag if child.tag in HIDDEN_TEXT_TAGS else kind)
            if child.tail is not None and kind == wanted:
                yield child.tail

    return walk(elem, start)


def set_string(elem: etree._Element, value: str) -> None:
    """The element's content replaced by one plain string, of no hidden kind even inside a <template>
    (bs4's `tag.string = value`)."""
    for child in list(elem):
        elem.remove(child)  # with its tail
    elem.text = value
    elem.set(SET_STRING, "")


def text(elem: etree._Element, sep: str = "") -> str:
    """The element's strings joined by `sep` (bs4's `get_text(sep)`)."""
    return sep.join(strings(elem))


def stripped_strings(elem: etree._Element) -> Iterator[str]:
    """The element's strings stripped, empty ones left out (bs4's `stripped_strings`)."""
    for string in strings(elem):
        string = string.strip()
        if string:
            yield string


def children(elem: etree._Element) -> list[str | etree._Element]:
    """The element's child elements and strings in order (bs4's `children` without comments)."""
    out: list[str | etree._Element] = []
    if elem.text is not None:
        out.append(elem.text)
    for child in elem:
        if isinstance(child.tag, str):
            out.append(child)
        if child.tail is not None:
            out.append(child.tail)
    return out


def the_string(elem: etree._Element) -> str | None:
    """bs4's `.string`: the element's only child string (or its only child's), else None."""
    kids = children(elem)
    if len(kids) != 1:
        return None
    only = kids[0]
    return only if isinstance(only, str) else the_string(only)


def is_element(node: object) -> bool:
    """True for an element, False for a string, comment or stand-in."""
    return isinstance(getattr(node, "tag", None), str)
