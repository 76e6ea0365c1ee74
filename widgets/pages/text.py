"""The workshop's quotes, lists, places and references, shown from data/ files inside module pages.

Whatever comes from the workshop is shown as it is with a quiet "Source: …" line under it, added here
and nowhere else, so that the learner can always tell the source's words from the course's own."""
import html

from ..content import ContentError, load_table
from ..markup.escape import html_text
from ..markup.figures import quote_figure
from ..views.ui import shows_problems

# What a "Source:" line says when the page names nothing more particular.
WORKSHOP = "the workshop"
QUOTED = "quoted in the workshop"


def source_line(source=WORKSHOP):
    """The quiet line under something taken from the source, e.g. "Source: the workshop …"."""
    return f'<p class="sl-source">Source: {html_text(source)}</p>'


def sourced(body, source=WORKSHOP):
    """Something from the source with its "Source:" line below it, kept together."""
    return f'<div class="sl-from-source">{body}{source_line(source)}</div>'


def quote_html(quote):
    speaker = f"{quote['speaker']}, " if quote["speaker"] else ""
    return quote_figure(quote["text"], f"{speaker}{quote['source']}, {quote['date']}")


def find_quote(quote_id, quotes=None):
    for quote in quotes if quotes is not None else load_table("quotes.csv"):
        if quote["id"] == quote_id:
            return quote
    raise ContentError("quotes.csv", f"no quote has the id '{quote_id}' that this page asks for.", column="id")


def list_items(list_id, rows=None):
    items = [r["text"] for r in (rows if rows is not None else load_table("lists.csv")) if r["list_id"] == list_id]
    if not items:
        raise ContentError("lists.csv", f"no rows have the list_id '{list_id}' that this page asks for.",
                           column="list_id")
    return items


def bullets_html(items):
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


@shows_problems
def quote(quote_id):
    """Show one of the workshop's quotes with its speaker, source and date exactly as the workshop gives
    them, and a line saying the workshop quoted it."""
    from IPython.display import HTML, display

    display(HTML(sourced(quote_html(find_quote(quote_id)), QUOTED)))


@shows_problems
def bullets(list_id, source=WORKSHOP):
    """Show one of the workshop's lists from data/lists.csv with its "Source:" line; `source` names where
    the workshop took it from when that is more particular (e.g. the research it summarises)."""
    from IPython.display import HTML, display

    display(HTML(sourced(bullets_html(list_items(list_id)), source)))


def ways_of_html(ways, qualities):
    """The six 'ways of' as a numbered list, each with its focus and its qualities nested below."""
    items = []
    for way in sorted(ways, key=lambda w: w["number"]):
        own = [q["quality"] for q in qualities if q["way"] == way["number"]]
        nested = bullets_html(own) if own else ""
        items.append(f'<li><strong>{html.escape(way["name"])}</strong> ({html.escape(way["focus"])}){nested}</li>')
    return '<ol class="sl-ways-of">' + "".join(items) + "</ol>"


RESEARCH = "the workshop, summarising Ghate, Lewis and Welbourn (2013)"


@shows_problems
def ways_of():
    """Show the six 'ways of' from data/ways_of.csv with their qualities from data/ways_of_qualities.csv."""
    from IPython.display import HTML, display

    display(HTML(sourced(ways_of_html(load_table("ways_of.csv"), load_table("ways_of_qualities.csv")),
                         RESEARCH)))


PLACE_SLIDES = ("real progress", "people and HR", "sharing information", "leadership development")


def places_html(places, slide):
    """The places one slide names, each with what changed there, in file order."""
    if slide not in PLACE_SLIDES:
        raise ContentError("places.csv", f"no slide is called '{slide}'; the slides are "
                                         + ", ".join(PLACE_SLIDES) + ".", column="slide")
    chosen = [p for p in places if p["slide"] == slide]
    if not chosen:
        raise ContentError("places.csv", f"no rows have the slide '{slide}' that this page asks for.",
                           column="slide")
    # The page's own headings say which programme the places belong to, as the workshop does, so each
    # place shows just its name and what changed there.
    parts = [f'<section class="sl-place"><h4>{html.escape(p["place"])}</h4>'
             f'<p>{html.escape(p["what_changed"])}</p></section>' for p in chosen]
    return '<div class="sl-places">' + "".join(parts) + "</div>"


@shows_problems
def places_text(slide):
    """Show the places one of the workshop's slides names (see data/places.csv, column 'slide') and what
    changed in each, in the workshop's words."""
    from IPython.display import HTML, display

    display(HTML(sourced(places_html(load_table("places.csv"), slide))))


# Only these kinds of address become links; anything else is shown as text, never followed.
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def visible_address(reference):
    """The address as a learner would copy it: an email without 'mailto:'."""
    address = reference["address"]
    return address[len("mailto:"):] if address.lower().startswith("mailto:") else address


def reference_html(reference):
    label = html.escape(reference["label"])
    shown = html.escape(visible_address(reference))
    if reference["address"].lower().startswith(SAFE_SCHEMES):
        link = f'<a href="{html.escape(reference["address"])}" rel="noopener" target="_blank">{label}</a>'
    else:
        link = label
    kind = {"email": "Email: ", "twitter": "Twitter: "}.get(reference["kind"], "")
    return (f'<li class="sl-reference sl-reference-{html.escape(reference["kind"])}">{kind}{link}'
            f'<br><code class="sl-reference-address">{shown}</code></li>')


def references_html(references):
    """The workshop's 'more information' as a list of labelled links with each address visible as text."""
    return '<ul class="sl-references">' + "".join(reference_html(r) for r in references) + "</ul>"


@shows_problems
def references():
    """Show data/references.csv: labelled links, each with its address written out to copy."""
    from IPython.display import HTML, display

    display(HTML(sourced(references_html(load_table("references.csv")),
                         "the workshop’s own list of further information")))
