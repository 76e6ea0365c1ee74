"""The system builder exercise's view: widgets wired to its state in widgets/exercises/system_builder.py.

`build_view` puts together five parts, each a function that makes its widgets, wires them to the state and
returns them with a `refresh` to call when the map changes: adding actors, adding interactions, the map
itself, changing or removing what is there, and the course's worked example."""
import html
from dataclasses import dataclass
from typing import Callable

import ipywidgets as w
from traitlets import TraitError

from ..content import ContentError
from ..exercises.system_builder import DEFINITION, MAX_ACTORS, MAX_LINKS, REFLECTION_LABELS, TITLE, load_example
from ..markup.figures import quote_figure
from .ui import SharedLooks, message_html, problem_text, read_by_a_button


@dataclass(frozen=True)
class Part:
    children: list               # widgets, in page order
    refresh: Callable = None     # () -> None: shows the map as it is now


def build_view(state, example_loader=load_example):
    """The exercise's widgets, wired to `state`. Every learner action is caught and answered in words."""
    looks = SharedLooks()
    parts = [actor_adder(state, looks), link_adder(state, looks), map_part(state, looks), changes_part(state, looks),
             example_part(state, example_loader, looks)]

    def refresh(_change=None):
        for part in parts:
            if part.refresh:
                part.refresh()

    state.observe(refresh, names=["actors", "links"])
    refresh()
    intro = looks(
        w.HTML, f"<h3>{html.escape(TITLE)}</h3>"
        + quote_figure(DEFINITION, "the workshop, ‘Thinking about systems: making sense of what we see’",
                       css_class="sl-quote sl-sys-definition") +
        "<p>Think of a system you work in. Name the people, organisations and bodies in it, and for a person "
        "or team the organisation they are part of; then say how they work together or interact. The map below "
        "is drawn as you go, and the notes under it hold your system up against the definition.</p>")
    return box(looks, [intro] + [child for part in parts for child in part.children], "sl-system-builder")


# -- the parts ----------------------------------------------------------------------------------------
def actor_adder(state, looks):
    name = labelled(looks, w.Text, "sl-sys-actor-name", description="Name",
                    placeholder="e.g. Ward team, Council adult social care")
    kind = labelled(looks, w.Dropdown, "sl-sys-actor-type", description="Type", options=state.type_names,
                    value=state.type_names[0] if state.type_names else None)
    organisation = labelled(looks, w.Text, "sl-sys-actor-org", description="Part of",
                            placeholder="its organisation, if any, e.g. City Hospital Trust")
    add = action(looks, "sl-sys-add-actor", description="Add to my system", button_style="primary", icon="plus")
    message = looks(w.HTML, classes=["sl-sys-actor-message"])
    type_help = looks(w.HTML, '<ul class="sl-sys-type-help">' + "".join(
        f"<li><strong>{html.escape(t['type'])}</strong>: {html.escape(t['description'])}</li>"
        for t in state.actor_types) + "</ul>")

    def on_add(_button):
        if attempt(message, lambda: f"‘{state.add_actor(name.value, kind.value, organisation.value)}’ is in your "
                                    "system."):
            name.value = ""
            organisation.value = ""

    add.on_click(on_add)
    return Part([heading(looks, f"1. People, organisations and bodies (up to {MAX_ACTORS})"),
                 name, kind, type_help, organisation, looks(w.HBox, [add]), message])


def link_adder(state, looks):
    link_from = labelled(looks, w.Dropdown, "sl-sys-link-from", description="From")
    link_to = labelled(looks, w.Dropdown, "sl-sys-link-to", description="To")
    label = labelled(looks, w.Text, "sl-sys-link-label", description="How they interact",
                     placeholder="e.g. refers patients to")
    add = action(looks, "sl-sys-add-link", description="Add interaction", button_style="primary", icon="plus")
    message = looks(w.HTML, classes=["sl-sys-link-message"])

    def on_add(_button):
        def add_link():
            added = state.add_link(link_from.value, link_to.value, label.value)
            return f"‘{link_from.value}’ → ‘{link_to.value}’: {added}."
        if attempt(message, add_link):
            label.value = ""

    def refresh():
        names = state.actor_names
        set_options(link_from, [(n, n) for n in names])
        set_options(link_to, [(n, n) for n in names])
        if link_to.value == link_from.value and len(names) > 1:
            # offer a pair that can work rather than an actor linked to itself
            link_to.value = next(n for n in names if n != link_from.value)

    add.on_click(on_add)
    return Part([heading(looks, f"2. How they work together or interact (up to {MAX_LINKS})"),
                 link_from, link_to, label, looks(w.HBox, [add]), message], refresh)


def map_part(state, looks):
    """The drawing, the notes that hold the map up against the definition, and the map in words."""
    drawing = looks(w.HTML, classes=["sl-sys-drawing"])
    reflections = looks(w.HTML, classes=["sl-sys-reflections"])
    in_words = looks(w.HTML, classes=["sl-sys-words"])

    def refresh():
        drawing.value = state.journal_svg()
        reflections.value = reflections_html(state)
        in_words.value = words_html(state)

    return Part([heading(looks, "Your system"), drawing, reflections, in_words], refresh)


def changes_part(state, looks):
    """Changing and removing actors and interactions, in plain sections rather than an Accordion: its
    headers can't be reached with the keyboard."""
    actor_pick = labelled(looks, w.Dropdown, "sl-sys-edit-actor", description="Actor")
    actor_name = labelled(looks, w.Text, "sl-sys-edit-name", description="New name")
    actor_type = labelled(looks, w.Dropdown, "sl-sys-edit-type", description="New type", options=state.type_names)
    actor_org = labelled(looks, w.Text, "sl-sys-edit-org", description="Part of",
                         placeholder="its organisation, if any")
    save_actor = action(looks, "sl-sys-save-actor", description="Save changes", icon="check")
    remove_actor = action(looks, "sl-sys-remove-actor", description="Remove actor", icon="trash",
                          button_style="warning")
    actor_message = looks(w.HTML)
    link_pick = labelled(looks, w.Dropdown, "sl-sys-edit-link", description="Interaction")
    link_label = labelled(looks, w.Text, "sl-sys-edit-label", description="New description")
    save_link = action(looks, "sl-sys-save-link", description="Save description", icon="check")
    remove_link = action(looks, "sl-sys-remove-link", description="Remove interaction", icon="trash",
                         button_style="warning")
    link_message = looks(w.HTML)

    def fill_actor(_change=None):
        name = actor_pick.value
        if name in state.actor_names:
            actor_name.value = name
            actor_type.value = state.type_of(name)
            actor_org.value = state.organisation_said(name)
        else:
            actor_name.value = actor_org.value = ""

    def fill_link(_change=None):
        pair = link_pick.value
        link_label.value = state.find_link(*pair)["label"] if pair else ""

    def on_save_actor(_button):
        old = actor_pick.value

        def save():
            if old is None:
                raise ValueError("Add an actor first; then you can change it here.")
            new = state.edit_actor(old, actor_name.value, actor_type.value, actor_org.value)
            actor_pick.value = new
            kind, part_of = state.type_of(new), state.organisation_said(new)
            where = f", part of ‘{part_of}’" if part_of else ""
            return (f"‘{new}’ is now of type ‘{kind}’{where}." if new == old
                    else f"‘{old}’ is now ‘{new}’ ({kind}{where}).")
        attempt(actor_message, save)

    def on_remove_actor(_button):
        name = actor_pick.value

        def remove():
            if name is None:
                raise ValueError("There is no actor to remove.")
            gone = state.remove_actor(name)
            return f"Removed ‘{name}’" + (f" and its {gone} interaction(s)." if gone else ".")
        attempt(actor_message, remove)

    def on_save_link(_button):
        pair = link_pick.value

        def save():
            if pair is None:
                raise ValueError("Add an interaction first; then you can change it here.")
            label = state.edit_link(*pair, link_label.value)
            return f"‘{pair[0]}’ → ‘{pair[1]}’: {label}."
        attempt(link_message, save)

    def on_remove_link(_button):
        pair = link_pick.value

        def remove():
            if pair is None:
                raise ValueError("There is no interaction to remove.")
            state.remove_link(*pair)
            return f"Removed the interaction from ‘{pair[0]}’ to ‘{pair[1]}’."
        attempt(link_message, remove)

    def refresh():
        set_options(actor_pick, [(n, n) for n in state.actor_names])
        set_options(link_pick, [(f"{l['from']} → {l['to']}: {l['label']}", (l["from"], l["to"]))
                                for l in state.links])
        fill_actor()
        fill_link()

    save_actor.on_click(on_save_actor)
    remove_actor.on_click(on_remove_actor)
    save_link.on_click(on_save_link)
    remove_link.on_click(on_remove_link)
    actor_pick.observe(fill_actor, names="value")
    link_pick.observe(fill_link, names="value")
    changes = box(looks, [
        heading(looks, "Change or remove an actor"),
        looks(w.HTML, "<p>Removing an actor removes its interactions too.</p>"),
        box(looks, [actor_pick, actor_name, actor_type, actor_org, looks(w.HBox, [save_actor, remove_actor]),
                    actor_message], "sl-sys-edit-actors"),
        heading(looks, "Change or remove an interaction"),
        box(looks, [link_pick, link_label, looks(w.HBox, [save_link, remove_link]), link_message],
            "sl-sys-edit-links"),
    ], "sl-sys-changes")
    return Part([changes], refresh)


def example_part(state, example_loader, looks):
    """The course's worked example, loaded on request; replacing the learner's own map asks first."""
    load = action(looks, "sl-sys-example", description="Load the course's example", icon="folder-open",
                  tooltip="A hospital discharge system, written for this course")
    message = looks(w.HTML)
    confirm = action(looks, "sl-sys-example-confirm", description="Yes, replace my map", button_style="danger")
    keep_mine = action(looks, "sl-sys-example-cancel", description="No, keep my map")
    confirm_row = looks(w.HBox, [confirm, keep_mine], layout=dict(display="none"), own_layout=True)

    def load_now(replace):
        try:
            example = example_loader()
        except ContentError as exc:
            say(message, problem_text(exc), "warn")
            return
        confirm_row.layout.display = "none"
        attempt(message, lambda: (state.load_example(example, replace=replace) or
                                  "The course's hospital discharge example is in the map. Change it, "
                                  "or clear it by removing actors, to map your own system."))

    def on_load(_button):
        if state.is_empty():
            load_now(False)
            return
        say(message, f"Loading the example replaces your {len(state.actors)} actor(s) and "
                     f"{len(state.links)} interaction(s). Your own map can't be brought back afterwards.", "warn")
        confirm_row.layout.display = "flex"

    def on_keep_mine(_button):
        confirm_row.layout.display = "none"
        say(message, "Your map is unchanged.", "info")

    load.on_click(on_load)
    confirm.on_click(lambda _b: load_now(True))
    keep_mine.on_click(on_keep_mine)
    return Part([box(looks, [looks(w.HTML, "<p>Not sure where to start? The course's worked example maps who is "
                                          "involved when a patient leaves hospital.</p>"),
                             looks(w.HBox, [load]), confirm_row, message], "sl-sys-example-box")])


# -- small pieces every part uses ------------------------------------------------------------------
def labelled(looks, widget_class, css, **settings):
    """A labelled field: its label 9rem wide, the field as wide as it needs."""
    widget = looks(widget_class, style={"description_width": "9rem"}, layout={"width": "auto"}, classes=[css],
                   **settings)
    if isinstance(widget, w.Text):  # every text field here feeds an Add or Save button
        read_by_a_button(widget)
    return widget


def action(looks, css, **settings):
    """A button as wide as its words."""
    return looks(w.Button, layout={"width": "auto"}, classes=[css], **settings)


def box(looks, children, css):
    return looks(w.VBox, children, classes=[css])


def heading(looks, text):
    return looks(w.HTML, f"<h4>{html.escape(text)}</h4>")


def set_options(dropdown, options):
    """New options for a dropdown, keeping its choice while it is still there."""
    keep = dropdown.value
    values = [value for _, value in options]
    dropdown.options = options
    dropdown.value = keep if keep in values else (values[0] if values else None)


def say(target, text, kind, label=None):
    target.value = message_html(text, kind, label)


def attempt(target, act, done_label="✓ Done:"):
    """Run a learner's action; any refusal is shown in words and nothing they typed is lost."""
    try:
        text = act()
    except (ValueError, TraitError) as exc:
        say(target, str(exc), "bad", "✗ Not changed:")
        return False
    say(target, text, "good", done_label)
    return True


def reflections_html(state):
    return ('<div class="sl-sys-reflection-list" aria-live="polite">'
            "<h4>What your map says about your system</h4>"
            + "".join(message_html(r.text, r.kind, REFLECTION_LABELS[r.kind]) for r in state.reflections())
            + "</div>")


def words_html(state):
    """The map in words: the text alternative a screen reader (or a printout) gets, and a handy list."""
    if not state.actors:
        return ""
    by_type = "".join(
        f"<li><strong>{html.escape(t)}</strong>: "
        + html.escape(", ".join(a["name"] + (f" (part of {a['organisation']})" if a.get("organisation") else "")
                                for a in state.actors if a["type"] == t)) + "</li>"
        for t in state.types_used())
    said = "".join(f"<li>{html.escape(l['from'])} → {html.escape(l['to'])}: {html.escape(l['label'])}</li>"
                   for l in state.links) or "<li>None yet.</li>"
    return (f'<details class="sl-sys-in-words"><summary>Your system in words ({len(state.actors)} actor(s), '
            f"{len(state.links)} interaction(s))</summary><p>Actors by type:</p><ul>{by_type}</ul>"
            f"<p>Interactions:</p><ul>{said}</ul></details>")
