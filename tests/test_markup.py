"""The one HTML escaper, the one Markdown escaper and the quote figure (widgets/markup/)."""
import random

import html

import pytest

from widgets.exercises.system_builder import build_state
from widgets.pages.journal import _markdown_to_html
from widgets.markup.escape import html_text, markdown_line, markdown_text
from widgets.markup.figures import quote_figure

# Names that Markdown would read as markup if they were not escaped.
MARKDOWN_NAMES = ["- x", "1. x", "2) x", "~~x~~", "# x", "**x**", "_x_", "[x](y)", "`x`", "+ x", "> x",
                  "x | y", "<b>x</b>"]
TAGS = ("<ol", "<del", "<s>", "<h1", "<strong", "<em", "<a ", "<code", "<blockquote", "<b>")


def to_html(markdown):
    """As the journal turns Markdown into its page: with strikethrough and tables."""
    return _markdown_to_html()(markdown)


def nested(page):
    flat = page.replace("\n", "")
    return "<li><ul>" in flat or "<li><ol>" in flat


def test_html_text_escapes_markup_and_both_quotes():
    assert html_text("<a href='x'>\"&\"</a>") == "&lt;a href=&#x27;x&#x27;&gt;&quot;&amp;&quot;&lt;/a&gt;"
    assert html_text(3) == "3"


@pytest.mark.parametrize("name", MARKDOWN_NAMES)
def test_a_name_in_a_list_item_stays_one_item_read_as_written(name):
    page = to_html(f"- {markdown_text(name)} (team)\n- A label: {markdown_line(name)}")
    assert page.count("<ul>") == 1 and page.count("<li>") == 2 and not nested(page)
    for tag in TAGS:
        assert tag not in page, f"{name!r} became {tag}"
    assert f"{html.escape(name)} (team)" in page and f"A label: {html.escape(name)}" in page


@pytest.mark.parametrize("name", MARKDOWN_NAMES)
def test_a_heading_or_a_table_cell_reads_as_written(name):
    page = to_html(f"## Work of {markdown_line(name)}\n\n"
                   f"| Name | Type |\n|---|---|\n| {markdown_line(name)} | team |\n")
    assert page.count("<td") == 2, f"{name!r} split the cell"
    # the journal moves an exercise's headings below its own: ## becomes <h5>
    assert f"Work of {html.escape(name)}</h5>" in page and f">{html.escape(name)}</td>" in page


def test_markdown_line_keeps_to_one_line():
    assert markdown_line("two\nlines  and\tspaces") == "two lines and spaces"


@pytest.mark.parametrize("name", ["- x", "1. x", "~~x~~"])
def test_system_map_in_the_journal_shows_actor_names_as_written(name):
    state = build_state(random.Random(0))
    state.add_actor(name, state.type_names[0])
    state.add_actor("Ward team", state.type_names[0])
    state.add_link(name, "Ward team", name)
    page = to_html(state.journal_markdown())
    assert "<ol" not in page and "<del" not in page and not nested(page)
    assert f"{name} ({state.type_names[0]})" in page and f"{name} → Ward team: {name}" in page


def test_quote_figure_escapes_text_and_attribution():
    assert quote_figure("<b>Words</b>", "Me & you", css_class="sl-quote sl-x") == (
        '<figure class="sl-quote sl-x"><blockquote><p>“&lt;b&gt;Words&lt;/b&gt;”</p></blockquote>'
        "<figcaption>— Me &amp; you</figcaption></figure>")
