"""The course's one way to make text safe to show: `html_text` for HTML and SVG; `markdown_text` and
`markdown_line` for the journal's Markdown. A tutor's or learner's words read as written, never as markup."""
import html
import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_LIST_OR_RULE = re.compile(r"^(\s*)([-=])", re.M)     # "- item", "---" or "===" at a line's start
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.M)       # "1. item" at a line's start


def html_text(text):
    """Text made safe in HTML or SVG, inside an element or a quoted attribute: markup characters and both
    quote marks escaped."""
    return html.escape(str(text), quote=True)


def markdown_line(text):
    """Text that follows other text on a Markdown line (after '## ', a label, or '| ' in a table cell):
    its line breaks become spaces, its punctuation is taken literally and its HTML is escaped."""
    return html.escape(_MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split())), quote=False)


def markdown_text(text):
    """Text that begins a line or a list item ('- ' + text), of one line or several: as `markdown_line`
    within each line, and nothing at a line's start begins a list, a rule or a numbered item."""
    escaped = html.escape(_MARKDOWN_SPECIALS.sub(r"\\\1", str(text)), quote=False)
    return _NUMBERED.sub(r"\1\\\2", _LIST_OR_RULE.sub(r"\1\\\2", escaped))
