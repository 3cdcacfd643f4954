"""What a user reads on a page, and the platform identifiers that must not be in it.

`visible_text(html)` keeps what a browser shows or reads out (text, option labels, button values,
placeholders, titles, alt and aria labels) and drops scripts, styles and hidden inputs.
`offending_tokens(text, codes)` finds snake_case identifiers, validation rule ids, English
choice labels and the catalog's indicator and table codes. URLs, e-mail addresses and file names
are the user's own data and are removed first."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps

from nianbao.indicators.catalog import available_catalogs, load_catalog

__all__ = ["offending_tokens", "platform_codes", "visible_text"]

_SKIP = {"script", "style", "template", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_READ_ATTRS = ("placeholder", "title", "alt", "aria-label")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _SKIP and tag not in _VOID:
            self.skip += 1
            return
        if "hidden" in a and tag not in _VOID:
            return
        if tag == "input" and a.get("type") == "hidden":
            return
        self.parts += [a[k] for k in _READ_ATTRS if a.get(k)]
        if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


_USER_DATA = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|[\w.-]+\.(?:pdf|docx?|xlsx?|md|png|jpe?g|zip|csv|json|yaml|txt)\b"
    r"|/[\w/.-]*[\w-]/",  # paths such as /reports/3/ in help text
    re.IGNORECASE,
)
_SNAKE = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
_RULE_ID = re.compile(r"(?<![\w-])[A-Z]{1,2}-[A-Z]{2,4}-\d{2,4}(?![\w-])")
_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?![\w-])")


def platform_codes() -> set[str]:
    """Codes a page must translate: indicator and table codes of every catalog, and the stored
    values and labels of every model choice whose label is still English."""
    codes: set[str] = set()
    for edition, level in available_catalogs():
        catalog = load_catalog(edition, level)
        codes |= {c for c in catalog.indicators if "_" not in c}
        codes |= {t.code for t in catalog.tables if "_" not in t.code}
    for model in apps.get_models():
        if not model.__module__.startswith("nianbao."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z]{3,}", value):
                    codes.add(value)
                if isinstance(label, str) and re.fullmatch(r"[A-Za-z][a-z]+(?: [a-z]+)*", label):
                    codes.add(label)
    return codes


def offending_tokens(text: str, codes: set[str]) -> list[str]:
    """Platform identifiers in `text`, each once, in order of appearance."""
    text = _USER_DATA.sub(" ", text)
    found = _SNAKE.findall(text) + _RULE_ID.findall(text)
    found += [w for w in _WORD.findall(text) if w in codes]
    found += [c for c in codes if " " in c and c in text]
    found += [p for p in ("Select an option", "Choose File", "No file chosen") if p in text]
    return list(dict.fromkeys(found))
