"""A room learner's personal link as the page shows it: a Copy button, and behind "Show my personal link" (so a
shared screen doesn't show it by default) the link itself and a QR code of it to carry on on a phone or tablet.

The page's script (course.js) does the rest in the browser: it puts the exact address into the box and the
address bar, copies it, and keeps the learner's token (the token only, never their work) in this browser unless
they said it is a shared computer.
"""
import html

from ..content.modules import HOME_NOTEBOOK


def qr_code_svg(text):
    """A QR code of `text` as an inline SVG, drawn here (segno, pure Python): nothing leaves the machine."""
    import segno

    return segno.make(text, error="m").svg_inline(scale=4, border=2, dark="#1b1f23", light="#ffffff",
                                                  svgclass="sl-qr-code")


def personal_link_html(learner, environ, new=False, remember=None, home=True):
    """The learner's personal link: on the home page (`home`, with "this device" choices) or in a module's header.

    `new`: it was issued just now, so the page's address becomes it. `remember`: True or False when the learner
    has just chosen whether this browser keeps their token (False: "this is a shared computer"); None: no change."""
    from ..storage.learner import personal_link

    href = html.escape(learner.link(HOME_NOTEBOOK))
    link = personal_link(environ, learner, HOME_NOTEBOOK)
    address = html.escape(link)
    lead = ("<strong>You have your personal link.</strong> It is the only way back to your work, from this or any "
            "other browser: the address bar now shows it, so bookmark this page, or copy the link somewhere safe."
            if new else "<strong>Your personal link</strong> is the way back to your work from any browser. "
            "Keep it private: anyone with it can see and change your work.")
    if remember is not None:
        lead += (" This browser will remember it, so the course home page offers to bring you back here."
                 if remember else " As this is a shared computer, this browser won't remember it.")
    states = f' data-new="{"yes" if new else "no"}"'
    if remember is not None:
        states += f' data-remember="{"yes" if remember else "no"}"'
    device = ('<div class="sl-this-device">'
              '<p class="sl-device-remembered" hidden>This browser remembers your personal link. '
              '<button type="button" class="sl-forget-device">Forget me on this device</button></p>'
              '<p class="sl-device-forgotten" hidden>This browser doesn\'t remember your personal link. '
              '<button type="button" class="sl-remember-device">Remember me on this device</button></p>'
              "</div>") if home else ""
    return (f'<div class="sl-personal-link"{states}><p>{lead}</p>'
            '<p class="sl-link-actions"><button type="button" class="sl-copy-link">Copy my personal link</button> '
            '<span class="sl-copy-done" role="status" aria-live="polite"></span></p>'
            '<details class="sl-link-details"><summary>Show my personal link</summary>'
            f'<p><input class="sl-personal-address" type="text" readonly value="{address}" '
            'aria-label="Your personal link" spellcheck="false"></p>'
            f'<p><a class="sl-personal-open" href="{href}">Open my course home page with it</a></p>'
            f'<figure class="sl-qr">{qr_code_svg(link)}'
            "<figcaption>To carry on on a phone or tablet, point its camera at this code.</figcaption></figure>"
            f"</details>{device}</div>")


def personal_link_control_html(learner, environ):
    """The small "Your personal link" control in a module's header, collapsed so a shared screen doesn't show it."""
    return ('<details class="sl-link-control"><summary>Your personal link</summary>'
            f"{personal_link_html(learner, environ, home=False)}</details>")
