"""The workshop's words shown from data/: quotes with their sources, lists, the six 'ways of', places, references,
each with its quiet "Source:" line."""
import re

import pytest

from widgets.pages import text
from widgets.content import ContentError, load_table

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def shown(monkeypatch):
    """What the notebook-facing functions display, as HTML strings; problems become messages, as on a page."""
    import IPython.display

    outputs = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: outputs.append(getattr(obj, "data", obj)))
    monkeypatch.setenv("SL_STRICT", "0")
    return outputs


# ---------------------------------------------------------------- quotes

@pytest.mark.parametrize("quote", load_table("quotes.csv"), ids=lambda q: q["id"])
def test_every_quote_shows_its_speaker_source_and_date(quote):
    shown = text.quote_html(quote)
    assert quote["text"] in shown.replace("&#x27;", "'")
    assert quote["source"] in shown.replace("&#x27;", "'")
    assert quote["date"] in shown
    if quote["speaker"]:
        assert f"— {quote['speaker']}, " in shown


def test_quote_without_speaker_starts_with_its_source():
    shown = text.quote_html({"id": "q", "text": "Words", "speaker": "", "source": "A report", "date": "2015"})
    assert "— A report, 2015" in shown


def test_quote_text_is_escaped():
    shown = text.quote_html({"id": "q", "text": SCRIPT, "speaker": "<b>Me</b>", "source": "S & T", "date": "2015"})
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "&lt;b&gt;Me&lt;/b&gt;" in shown and "S &amp; T" in shown


def test_unknown_quote_is_a_content_error():
    with pytest.raises(ContentError) as caught:
        text.find_quote("no-such-quote")
    assert caught.value.file == "quotes.csv" and "no-such-quote" in str(caught.value)


def test_unknown_quote_on_a_page_is_a_message_not_a_traceback(shown):
    assert text.quote("no-such-quote") is None
    assert len(shown) == 1 and "sl-msg-warn" in shown[0] and "no-such-quote" in shown[0]


def test_quote_on_a_page(shown):
    text.quote("stevens-2014")
    assert "Simon Stevens" in shown[0] and "Nov 2014" in shown[0]


def test_quote_on_a_page_keeps_its_attribution_and_says_the_workshop_quoted_it(shown):
    text.quote("kings-fund-2015")
    footer = shown[0].index("— The Practice of System Leadership: King’s Fund Report, May 2015")
    assert shown[0].index('<p class="sl-source">Source: quoted in the workshop</p>') > footer
    assert shown[0].startswith('<div class="sl-from-source">')


# ---------------------------------------------------------------- "Source:" lines

def test_source_line_is_escaped():
    assert text.source_line("<b>A & B</b>") == '<p class="sl-source">Source: &lt;b&gt;A &amp; B&lt;/b&gt;</p>'


def test_sourced_keeps_the_source_line_with_what_it_attributes():
    assert text.sourced("<ul><li>x</li></ul>") == ('<div class="sl-from-source"><ul><li>x</li></ul>'
                                                   '<p class="sl-source">Source: the workshop</p></div>')


# ---------------------------------------------------------------- lists

def test_list_items_keep_file_order():
    rows = [{"list_id": "a", "text": "one"}, {"list_id": "b", "text": "x"}, {"list_id": "a", "text": "two"}]
    assert text.list_items("a", rows) == ["one", "two"]


def test_unknown_list_is_a_content_error():
    with pytest.raises(ContentError) as caught:
        text.list_items("nope", [{"list_id": "a", "text": "one"}])
    assert caught.value.column == "list_id"


def test_bullets_escape_html():
    shown = text.bullets_html([SCRIPT, "values & commitment"])
    assert "<script>" not in shown and "values &amp; commitment" in shown
    assert shown.count("<li>") == 2


def test_list_on_a_page_says_it_is_the_workshops(shown):
    text.bullets("general-lessons")
    assert "Start anywhere, go everywhere" in shown[0]
    assert shown[0].endswith('<p class="sl-source">Source: the workshop</p></div>')


def test_list_on_a_page_can_name_a_more_particular_source(shown):
    text.bullets("maturana-varela", source="the workshop’s summary of Maturana & Varela")
    assert '<p class="sl-source">Source: the workshop’s summary of Maturana &amp; Varela</p>' in shown[0]


def test_unknown_list_on_a_page_is_a_message(shown):
    text.bullets("no-such-list")
    assert "sl-msg-warn" in shown[0] and "no-such-list" in shown[0]


# ---------------------------------------------------------------- the six 'ways of'

def test_six_ways_in_order_with_their_focus_and_qualities():
    ways, qualities = load_table("ways_of.csv"), load_table("ways_of_qualities.csv")
    shown = text.ways_of_html(list(reversed(ways)), qualities).replace("&#x27;", "'").replace("&amp;", "&")
    positions = [shown.index(f"<strong>{w['name']}</strong> ({w['focus']})") for w in ways]
    assert positions == sorted(positions)
    assert shown.count("<ul>") == 6
    for quality in qualities:
        assert f"<li>{quality['quality']}</li>" in shown
    # each quality sits inside its own way's nested list
    second = shown[positions[1]:positions[2]]
    assert "from the balcony" in second and "curiosity" not in second


def test_ways_of_escapes_html():
    shown = text.ways_of_html([{"number": 1, "name": SCRIPT, "focus": "a & b"}],
                              [{"way": 1, "quality": "<i>q</i>"}])
    assert "<script>" not in shown and "a &amp; b" in shown and "&lt;i&gt;q&lt;/i&gt;" in shown


def test_ways_of_on_a_page(shown):
    text.ways_of()
    assert shown[0].startswith('<div class="sl-from-source"><ol class="sl-ways-of">') and "Ways of being" in shown[0]
    assert "Source: the workshop, summarising Ghate, Lewis and Welbourn (2013)" in shown[0]


# ---------------------------------------------------------------- places

@pytest.mark.parametrize("slide", text.PLACE_SLIDES)
def test_every_place_on_a_slide_is_shown_with_what_changed(slide):
    places = load_table("places.csv")
    shown = text.places_html(places, slide)
    chosen = [p for p in places if p["slide"] == slide]
    assert shown.count('<section class="sl-place">') == len(chosen)
    for place in chosen:
        import html
        assert f"<h4>{html.escape(place['place'])}</h4>" in shown
        assert html.escape(place["what_changed"]) in shown


def test_places_keep_file_order():
    shown = text.places_html(load_table("places.csv"), "real progress")
    assert shown.index("Wiltshire") < shown.index("Cheshire West and Chester") < shown.index("Dudley")


def test_unknown_slide_is_a_content_error():
    with pytest.raises(ContentError) as caught:
        text.places_html(load_table("places.csv"), "no such slide")
    assert caught.value.column == "slide"


def test_slide_with_no_places_is_a_content_error():
    with pytest.raises(ContentError):
        text.places_html([], "real progress")


def test_places_escape_html():
    place = {"id": "x", "place": "S & T <i>", "programme": "P", "theme": "sharing information",
             "slide": "sharing information", "what_changed": SCRIPT + " A&E <b>admissions</b>"}
    shown = text.places_html([place], "sharing information")
    assert "<script>" not in shown and "A&amp;E &lt;b&gt;" in shown and "S &amp; T &lt;i&gt;" in shown


def test_places_on_a_page(shown):
    text.places_text("people and HR")
    assert "Birtley House" in shown[0] and "Newton Abbott" in shown[0]
    assert shown[0].endswith('<p class="sl-source">Source: the workshop</p></div>')


def test_unknown_slide_on_a_page_is_a_message(shown):
    text.places_text("nowhere")
    assert "sl-msg-warn" in shown[0] and "nowhere" in shown[0]


# ---------------------------------------------------------------- references

def test_every_reference_is_a_labelled_link_with_its_address_written_out():
    references = load_table("references.csv")
    shown = text.references_html(references)
    assert shown.count("<li") == len(references)
    for reference in references:
        assert f'href="{reference["address"]}"' in shown
        assert f'<code class="sl-reference-address">{text.visible_address(reference)}</code>' in shown


def test_email_is_written_without_mailto_and_twitter_keeps_the_handle():
    shown = text.references_html(load_table("references.csv"))
    assert "<code class=\"sl-reference-address\">Debbie.sorkin@localleadership.gov.uk</code>" in shown
    assert "@DebbieSorkin2" in shown and "Email: " in shown and "Twitter: " in shown


def test_nothing_is_fetched_by_the_references():
    shown = text.references_html(load_table("references.csv"))
    assert not re.search(r"<(img|script|iframe|link)\b", shown) and "src=" not in shown


def test_unsafe_address_is_shown_but_not_linked():
    reference = {"label": "Click <me>", "address": "javascript:alert(1)", "kind": "web"}
    shown = text.reference_html(reference)
    assert "href" not in shown and "Click &lt;me&gt;" in shown and "javascript:alert(1)" in shown


def test_reference_with_quotes_in_address_is_escaped():
    reference = {"label": "x", "address": 'https://example.org/"><script>', "kind": "web"}
    shown = text.reference_html(reference)
    assert "<script>" not in shown and "&quot;&gt;&lt;script&gt;" in shown


def test_references_on_a_page(shown):
    text.references()
    assert 'class="sl-references"' in shown[0] and "tinyurl.com/VSCSEC" in shown[0]
    assert "Source: the workshop’s own list of further information" in shown[0]
