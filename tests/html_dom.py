"""Built pages as lxml trees: the one HTML parser every test reads pages with.

lxml 6 bundles libxml2 2.14, whose HTML parser tokenises as HTML5 does (script and style are
raw text; entities in text and attribute values decoded), so a test reads the elements, attributes
and text a browser reads. CSS selectors (through cssselect) ask most questions; XPath the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html
from lxml.html import HtmlElement

__all__ = ["HtmlElement", "elements", "fragment", "one", "parse", "parse_file", "select", "text_of"]


def parse(markup: str) -> HtmlElement:
    """A whole page: its <html> element."""
    return html.document_fromstring(markup)


def parse_file(path: Path) -> HtmlElement:
    return parse(path.read_text(encoding="utf-8"))


def fragment(markup: str) -> HtmlElement:
    """A piece of HTML (a search index entry, say), inside a <div> made for it."""
    return html.fragment_fromstring(markup, create_parent="div") if markup.strip() else html.Element("div")


def select(node: HtmlElement, css: str) -> list[HtmlElement]:
    """``node`` itself and every element below it that match the CSS selector, in document order."""
    return node.cssselect(css)


def one(node: HtmlElement, css: str) -> HtmlElement:
    """The first match of a selector that must match: a missing element fails with the selector named."""
    found = node.cssselect(css)
    assert found, f"no {css!r} in <{node.tag}>"
    return found[0]


def elements(node: HtmlElement) -> list[HtmlElement]:
    """``node`` and every element below it, in document order; comments left out."""
    return [e for e in node.iter() if isinstance(e.tag, str)]


def text_of(node: HtmlElement, skip: tuple[str, ...] = ("script", "style")) -> str:
    """What the element reads as: its text, the ``skip`` elements' left out, white space collapsed."""
    excluded = " or ".join(f"ancestor::{tag}" for tag in skip)
    nodes = node.xpath(f".//text()[not({excluded})]" if skip else ".//text()")
    return re.sub(r"\s+", " ", "".join(nodes)).strip()
