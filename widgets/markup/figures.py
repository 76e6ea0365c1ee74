"""Small HTML figures the course shows in several places."""
from .escape import html_text


def quote_figure(text, attribution, css_class="sl-quote"):
    """A quotation in curly quotes with its attribution below it, e.g. "— Jane Doe, A report, 2015"."""
    return (f'<figure class="{css_class}"><blockquote><p>“{html_text(text)}”</p></blockquote>'
            f"<footer>— {html_text(attribution)}</footer></figure>")
