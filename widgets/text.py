"""The deck's quotes, lists and references, shown from data/ files inside module pages."""
import html

from .content import ContentError, load_table
from .ui import shows_problems


def quote_html(quote):
    speaker = f"{html.escape(quote['speaker'])}, " if quote["speaker"] else ""
    return (f'<figure class="sl-quote"><blockquote><p>“{html.escape(quote["text"])}”</p></blockquote>'
            f'<footer>— {speaker}{html.escape(quote["source"])}, {html.escape(quote["date"])}</footer></figure>')


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
    """Show one of the deck's quotes with its speaker, source and date."""
    from IPython.display import HTML, display

    display(HTML(quote_html(find_quote(quote_id))))


@shows_problems
def bullets(list_id):
    """Show one of the deck's lists from data/lists.csv."""
    from IPython.display import HTML, display

    display(HTML(bullets_html(list_items(list_id))))
