"""Small building blocks every view shares: messages and the guard against tracebacks."""
import functools
import html
import os

from ..content import ContentError
from ..log import log

# A word as well as a colour, so right and wrong never rest on colour alone.
MESSAGE_LABELS = {"info": "Note:", "good": "✓ Correct:", "bad": "✗ Not quite:", "warn": "Heads up:"}


def message_html(text, kind="info", label=None):
    """A message box as HTML; `text` is escaped, so a learner's words are shown as written."""
    label = MESSAGE_LABELS[kind] if label is None else label
    strong = f"<strong>{html.escape(label)}</strong>" if label else ""
    return f'<div class="sl-msg sl-msg-{kind}" role="status">{strong}{html.escape(text)}</div>'


def read_by_a_button(field):
    """A text field whose value a button's click reads: its text goes to the kernel whole when the learner
    leaves the field. Typed text is otherwise sent in throttled bursts while a click is sent at once, so on a
    busy kernel a quick click could find only the start of what was typed."""
    field.continuous_update = False
    return field


def labelled_group(control, label):
    """Mark a box of controls (e.g. tick boxes) as one group named by `label`, an HTML widget shown before it in the
    same box: course.js gives the box role="group" and aria-labelledby (ipywidgets has no ARIA of its own)."""
    control.add_class("sl-group")
    label.add_class("sl-group-label")
    return control


def announced(widget):
    """An HTML widget whose new text a screen reader reads out once: course.js makes it the live region."""
    widget.add_class("sl-live")
    return widget


def share_tick(state, part, looks=None):
    """The "Share with the room (without my name)" tick for one part of a `Shareable` exercise, saved with it;
    `looks`: the view's SharedLooks, if it has one."""
    import ipywidgets as widgets

    from ..exercises.sharing import SHARE_LABEL

    tick = (looks or SharedLooks())(widgets.Checkbox, value=state.is_shared(part), description=SHARE_LABEL,
                                    indent=False, layout=dict(width="auto"), classes=["sl-share", f"sl-share-{part}"])
    tick.observe(lambda change: state.set_shared(part, change["new"]), names="value")
    state.observe(lambda change: setattr(tick, "value", state.is_shared(part)), names="shared")
    return tick


class SharedLooks:
    """One Layout, and one Style of each kind, for the widgets of one view that look alike.

    Every ipywidget otherwise makes a Layout and a Style of its own, and each of those is one more comm: the
    kernel builds it, the Voila server reads its opening and the browser builds a model for it. ipywidgets lets
    widgets share them, so a view makes one per distinct setting (on first use) and its widgets share it.
    Only for widgets whose layout and style stay as built: a change to a shared one changes every widget using
    it (a widget shown and hidden by its `layout.display` keeps a Layout of its own)."""

    def __init__(self):
        self._made = {}

    def _one(self, kind, settings):
        key = (kind, tuple(sorted(settings.items())))
        if key not in self._made:
            self._made[key] = kind(**settings)
        return self._made[key]

    def layout(self, **settings):
        import ipywidgets as widgets

        return self._one(widgets.Layout, settings)

    def style(self, widget_class, **settings):
        """The shared Style for `widget_class` (e.g. ipywidgets.Button) with these settings."""
        return self._one(widget_class.class_traits()["style"].klass, settings)

    def __call__(self, widget_class, *args, layout=None, style=None, classes=(), own_layout=False, **kwargs):
        """`widget_class(*args, **kwargs)` with the shared Layout (and Style, if it has one) for `layout` and
        `style`, each a dict of settings (None: the defaults), and the CSS `classes`: given here, they go to the
        browser with the widget rather than each as a message of its own, as `add_class` sends them.
        `own_layout`: a Layout of the widget's own, for one the view shows and hides by its `layout.display`."""
        import ipywidgets as widgets

        if "style" in widget_class.class_traits():
            kwargs["style"] = self.style(widget_class, **(style or {}))
        if classes:
            kwargs["_dom_classes"] = tuple(classes)
        layout = widgets.Layout(**(layout or {})) if own_layout else self.layout(**(layout or {}))
        return widget_class(*args, layout=layout, **kwargs)


def problem_text(exc):
    """What to tell a learner about an error: content problems in full, anything else briefly."""
    if isinstance(exc, ContentError):
        return (f"This part of the course can't be shown because one of its files has a problem. "
                f"Please tell your tutor: {exc}")
    return ("Something went wrong while showing this part of the course. Your saved work is safe; "
            "try reloading the page, and tell your tutor if it happens again.")


def strict():
    """Under the test suite (SL_STRICT=1) a problem fails the notebook instead of becoming a message."""
    return os.environ.get("SL_STRICT") == "1"


def show_problem(exc):
    from IPython.display import HTML, display

    if strict():
        raise exc

    if not isinstance(exc, ContentError):
        log("a part of a page couldn't be shown", exc)
    display(HTML(message_html(problem_text(exc), "warn")))


def shows_problems(function):
    """Run a notebook-facing function so that a failure becomes a message, never a traceback."""
    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a learner must never see a traceback
            show_problem(exc)
            return None
    return guarded
