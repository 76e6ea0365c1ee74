"""Small HTML figures the course shows in several places."""
from .escape import html_text


def quote_figure(text, attribution, css_class="sl-quote"):
    """A quotation in curly quotes with its attribution below it, e.g. "— Jane Doe, A report, 2015".
    The attribution is the figure's caption: a <footer> here would read as the page's footer to a screen reader."""
    return (f'<figure class="{css_class}"><blockquote><p>“{html_text(text)}”</p></blockquote>'
            f"<figcaption>— {html_text(attribution)}</figcaption></figure>")
