"""The checks axe-core does not make, run in the same browser page after axe.

reflow-320      the page does not scroll sideways at 320 CSS px (WCAG 1.4.10)
focus-visible   tabbing through the page shows where the focus is (2.4.7): the focused element's outline,
                box shadow, border, background or colour differs from its look without focus
page-language   <html lang> is a real language, and Dutch for a Flemish government page (3.1.1)
link-text       no link or button is called "klik hier", "lees meer", "meer", "hier"… (2.4.4)
statement-link  every page links to the accessibility statement (directive 2016/2102, art. 7)
pdf-untagged    PDF documents linked from the page are tagged (/StructTreeRoot and /MarkInfo << /Marked true >>)
"""

import re
import zlib
from dataclasses import dataclass, field

from django.conf.locale import LANG_INFO

from einclusie.a11y.criteria import CHECKS, MEANINGLESS_NAMES

MAX_TABS = 8
WIDTH = 1280
HEIGHT = 900
REFLOW_WIDTH = 320

# A CSS selector for an element, like axe's targets: its id, else a path of tag names with :nth-of-type.
CSS_PATH = r"""
const cssPath = (element) => {
  const parts = [];
  let node = element;
  while (node && node.nodeType === 1 && node !== document.documentElement) {
    if (node.id) { parts.unshift('#' + CSS.escape(node.id)); return parts.join(' > '); }
    let part = node.localName;
    const parent = node.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter((child) => child.localName === node.localName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
    }
    parts.unshift(part);
    node = parent;
  }
  parts.unshift('html');
  return parts.join(' > ');
};
const look = (element) => {
  const s = getComputedStyle(element);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderTopColor, s.borderBottomColor,
          s.borderBottomWidth, s.backgroundColor, s.color, s.textDecorationLine].join('|');
};
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, '
  + '[tabindex]:not([tabindex="-1"])';
"""

PAGE_FACTS = (
    "(meaningless) => {"
    + CSS_PATH
    + r"""
  const links = Array.from(document.querySelectorAll('a[href]'));
  const named = Array.from(document.querySelectorAll(
    'a[href], button, [role=button], input[type=submit], input[type=button]'));
  const vague = [];
  for (const element of named) {
    const name = (element.getAttribute('aria-label') || element.innerText || element.value || '')
      .trim().replace(/\s+/g, ' ').replace(/^[\s.,:;!?»›>…-]+|[\s.,:;!?»›>…-]+$/g, '').toLowerCase();
    if (meaningless.includes(name)) vague.push({name: name, selector: cssPath(element)});
  }
  const statement = links.some((a) => /toegankelijkheid|accessibilit|barrierefrei/i.test(
    (a.innerText || '') + ' ' + (a.getAttribute('aria-label') || '') + ' ' + (a.getAttribute('href') || '')));
  const pdfs = links.filter((a) => a.pathname.toLowerCase().endsWith('.pdf'))
    .map((a) => ({href: a.href, selector: cssPath(a)}));
  return {
    lang: document.documentElement.getAttribute('lang'),
    links: links.map((a) => a.href),
    vague: vague.slice(0, 50),
    statement: statement,
    pdfs: pdfs.slice(0, 50),
  };
}"""
)

FOCUS_PREPARE = (
    "() => {"
    + CSS_PATH
    + r"""
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  const elements = Array.from(document.querySelectorAll(FOCUSABLE));
  window.__einclusieLook = new Map(elements.map((element) => [element, look(element)]));
  return elements.length;
}"""
)

FOCUS_NOW = (
    "() => {"
    + CSS_PATH
    + r"""
  const element = document.activeElement;
  if (!element || element === document.body || !window.__einclusieLook) return null;
  const before = window.__einclusieLook.get(element);
  if (before === undefined) return null;
  const s = getComputedStyle(element);
  const outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  if (look(element) !== before || outlined) return null;
  return cssPath(element);
}"""
)

REFLOW = (
    "() => {"
    + CSS_PATH
    + r"""
  const root = document.documentElement;
  const over = root.scrollWidth - root.clientWidth;
  if (over <= 0) return null;
  // The first element sticking out that is not inside a scroll container (a table in its own scroll box is fine).
  const clipped = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== 'visible') return true;
    }
    return false;
  };
  let widest = null;
  for (const element of document.body ? document.body.querySelectorAll('*') : []) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > root.clientWidth + 1 && !clipped(element)) { widest = element; break; }
  }
  return {over: over, selector: widest ? cssPath(widest) : 'html'};
}"""
)


@dataclass
class Barrier:
    """One finding of a check on a page, ready to store or print."""

    check_id: str
    source: str
    criteria: list
    en_clauses: list
    impact: str
    selector: str
    message: str
    help_url: str = ""


@dataclass
class PageFacts:
    lang: str | None = None
    links: list = field(default_factory=list)
    vague: list = field(default_factory=list)
    statement: bool = True
    pdfs: list = field(default_factory=list)


def barrier(check_id, selector, detail=""):
    check = CHECKS[check_id]
    message = str(check.title) + (f" {detail}" if detail else "")
    return Barrier(check_id, "monitor", list(check.criteria), list(check.en_clauses), check.impact, selector, message)


def page_facts(page):
    return PageFacts(**page.evaluate(PAGE_FACTS, sorted(MEANINGLESS_NAMES)))


LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")


def language_barriers(lang, expected="nl"):
    """The page language is present, a real language, and the expected one (Dutch for Flanders)."""
    if lang is None or not lang.strip():
        return [barrier("page-language", "html", "(lang ontbreekt)")]
    value = lang.strip()
    primary = value.split("-")[0].lower()
    if not LANGUAGE_TAG.match(value) or primary not in LANG_INFO:
        return [barrier("page-language", "html", f'(lang="{value}" is geen geldige taalcode)')]
    if expected and primary != expected:
        return [barrier("page-language", "html", f'(lang="{value}", verwacht "{expected}")')]
    return []


def link_text_barriers(facts):
    return [barrier("link-text", item["selector"], f"(\u201c{item['name']}\u201d)") for item in facts.vague]


def statement_barriers(facts):
    return [] if facts.statement else [barrier("statement-link", "body")]


def focus_barriers(page):
    """Tab through the first elements: report those whose look does not change when they get the focus."""
    count = page.evaluate(FOCUS_PREPARE)
    found = []
    seen = set()
    for _step in range(min(count, MAX_TABS)):
        page.keyboard.press("Tab")
        selector = page.evaluate(FOCUS_NOW)
        if selector and selector not in seen:
            seen.add(selector)
            found.append(barrier("focus-visible", selector))
    return found


def reflow_barriers(page):
    """Load the layout at 320 CSS px wide and measure sideways scrolling; back to the normal width after."""
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": HEIGHT})
    try:
        result = page.evaluate(REFLOW)
    finally:
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    if not result:
        return []
    return [barrier("reflow-320", result["selector"], f"({result['over']} px zijwaarts)")]


MARKED = re.compile(rb"/MarkInfo\s*<<[^>]*?/Marked\s+true", re.DOTALL)
MARKINFO_REFERENCE = re.compile(rb"/MarkInfo\s+\d+\s+\d+\s+R")
MARKED_ANYWHERE = re.compile(rb"/Marked\s+true")
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
MAX_INFLATED = 8 * 1024 * 1024


def _inflated_streams(data):
    """The decompressed content of the FlateDecode streams (object streams can hold the catalog)."""
    budget = MAX_INFLATED
    for match in STREAM.finditer(data):
        if budget <= 0:
            return
        try:
            inflater = zlib.decompressobj()
            chunk = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        yield chunk


def pdf_is_tagged(data):
    """A tagged PDF has a structure tree (/StructTreeRoot) and says so (/MarkInfo << /Marked true >>)."""
    if not data.startswith(b"%PDF"):
        return False

    def answers(chunk):
        struct = b"/StructTreeRoot" in chunk
        marked = bool(MARKED.search(chunk)) or (
            bool(MARKINFO_REFERENCE.search(chunk)) and bool(MARKED_ANYWHERE.search(chunk))
        )
        return struct, marked

    struct, marked = answers(data)
    if struct and marked:
        return True
    for chunk in _inflated_streams(data):
        more_struct, more_marked = answers(chunk)
        struct, marked = struct or more_struct, marked or more_marked or bool(MARKED_ANYWHERE.search(chunk))
        if struct and marked:
            return True
    return False
