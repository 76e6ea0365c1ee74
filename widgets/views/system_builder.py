"""The system builder exercise's view: widgets wired to its state in widgets/exercises/system_builder.py."""
import html

import ipywidgets as w
from traitlets import TraitError

from ..content import ContentError
from ..markup.figures import quote_figure
from ..exercises.system_builder import DEFINITION, MAX_ACTORS, MAX_LINKS, REFLECTION_LABELS, TITLE, load_example
from .ui import message_html, problem_text, read_by_a_button


def build_view(state, example_loader=load_example):
    """The exercise's widgets, wired to `state`. Every learner action is caught and answered in words."""
    def labelled(widget, css):
        if isinstance(widget, w.Text):  # every text field here feeds an Add or Save button
            read_by_a_button(widget)
        widget.add_class(css)
        widget.style.description_width = "9rem"
        widget.layout.width = "auto"
        return widget

    def action(widget, css):
        widget.add_class(css)
        widget.layout.width = "auto"
        return widget

    def box(children, css, **layout):
        widget = w.VBox(children, layout=w.Layout(**layout))
        widget.add_class(css)
        return widget

    type_options = state.type_names
    type_help = w.HTML('<ul class="sl-sys-type-help">' + "".join(
        f"<li><strong>{html.escape(t['type'])}</strong>: {html.escape(t['description'])}</li>"
        for t in state.actor_types) + "</ul>")

    intro = w.HTML(
        f"<h3>{html.escape(TITLE)}</h3>"
        + quote_figure(DEFINITION, "the workshop deck, ‘Thinking about systems: making sense of what we see’",
                       css_class="sl-quote sl-sys-definition") +
        "<p>Think of a system you work in. Name the people, organisations and bodies in it, then say how they "
        "work together or interact. The map below is drawn as you go, and the notes under it hold your system "
        "up against the definition.</p>")

    # adding actors
    actor_name = labelled(w.Text(description="Name", placeholder="e.g. Ward team, Council adult social care"),
                          "sl-sys-actor-name")
    actor_type = labelled(w.Dropdown(description="Type", options=type_options, value=state.type_names[0]
                                     if state.type_names else None), "sl-sys-actor-type")
    add_actor_button = action(w.Button(description="Add to my system", button_style="primary", icon="plus"),
                              "sl-sys-add-actor")
    actor_message = w.HTML()
    actor_message.add_class("sl-sys-actor-message")

    # adding interactions
    link_from = labelled(w.Dropdown(description="From"), "sl-sys-link-from")
    link_to = labelled(w.Dropdown(description="To"), "sl-sys-link-to")
    link_label = labelled(w.Text(description="How they interact", placeholder="e.g. refers patients to"),
                          "sl-sys-link-label")
    add_link_button = action(w.Button(description="Add interaction", button_style="primary", icon="plus"),
                             "sl-sys-add-link")
    link_message = w.HTML()
    link_message.add_class("sl-sys-link-message")

    drawing = w.HTML()
    drawing.add_class("sl-sys-drawing")
    reflections = w.HTML()
    reflections.add_class("sl-sys-reflections")
    in_words = w.HTML()
    in_words.add_class("sl-sys-words")

    # changing and removing actors
    edit_actor_pick = labelled(w.Dropdown(description="Actor"), "sl-sys-edit-actor")
    edit_actor_name = labelled(w.Text(description="New name"), "sl-sys-edit-name")
    edit_actor_type = labelled(w.Dropdown(description="New type", options=type_options), "sl-sys-edit-type")
    save_actor_button = action(w.Button(description="Save changes", icon="check"), "sl-sys-save-actor")
    remove_actor_button = action(w.Button(description="Remove actor", icon="trash", button_style="warning"),
                                 "sl-sys-remove-actor")
    edit_actor_message = w.HTML()

    # changing and removing interactions
    edit_link_pick = labelled(w.Dropdown(description="Interaction"), "sl-sys-edit-link")
    edit_link_label = labelled(w.Text(description="New description"), "sl-sys-edit-label")
    save_link_button = action(w.Button(description="Save description", icon="check"), "sl-sys-save-link")
    remove_link_button = action(w.Button(description="Remove interaction", icon="trash", button_style="warning"),
                                "sl-sys-remove-link")
    edit_link_message = w.HTML()

    # the worked example
    example_button = action(w.Button(description="Load the course's example", icon="folder-open",
                              tooltip="A hospital discharge system, written for this course"), "sl-sys-example")
    example_message = w.HTML()
    confirm_replace = action(w.Button(description="Yes, replace my map", button_style="danger"),
                             "sl-sys-example-confirm")
    keep_mine = action(w.Button(description="No, keep my map"), "sl-sys-example-cancel")
    confirm_row = w.HBox([confirm_replace, keep_mine], layout=w.Layout(display="none"))

    def say(target, text, kind, label=None):
        target.value = message_html(text, kind, label)

    def attempt(target, action, done_label="✓ Done:"):
        """Run a learner's action; any refusal is shown in words and nothing they typed is lost."""
        try:
            text = action()
        except (ValueError, TraitError) as exc:
            say(target, str(exc), "bad", "✗ Not changed:")
            return False
        say(target, text, "good", done_label)
        return True

    def set_options(dropdown, options):
        keep = dropdown.value
        values = [value for _, value in options]
        dropdown.options = options
        dropdown.value = keep if keep in values else (values[0] if values else None)

    def refresh(_change=None):
        names = state.actor_names
        name_options = [(n, n) for n in names]
        set_options(link_from, name_options)
        set_options(link_to, name_options)
        if link_to.value == link_from.value and len(names) > 1:
            # offer a pair that can work rather than an actor linked to itself
            link_to.value = next(n for n in names if n != link_from.value)
        set_options(edit_actor_pick, name_options)
        set_options(edit_link_pick, [(f"{l['from']} → {l['to']}: {l['label']}", (l["from"], l["to"]))
                                     for l in state.links])
        fill_actor_edit()
        fill_link_edit()
        drawing.value = state.journal_svg()
        reflections.value = ('<div class="sl-sys-reflection-list" aria-live="polite">'
                             "<h4>What your map says about your system</h4>"
                             + "".join(message_html(r.text, r.kind, REFLECTION_LABELS[r.kind])
                                       for r in state.reflections()) + "</div>")
        in_words.value = words_html(state)

    def fill_actor_edit(_change=None):
        name = edit_actor_pick.value
        if name in state.actor_names:
            edit_actor_name.value = name
            edit_actor_type.value = state.type_of(name)
        else:
            edit_actor_name.value = ""

    def fill_link_edit(_change=None):
        pair = edit_link_pick.value
        edit_link_label.value = state.find_link(*pair)["label"] if pair else ""

    def on_add_actor(_button):
        if attempt(actor_message, lambda: f"‘{state.add_actor(actor_name.value, actor_type.value)}’ "
                                          "is in your system."):
            actor_name.value = ""

    def on_add_link(_button):
        def add():
            label = state.add_link(link_from.value, link_to.value, link_label.value)
            return f"‘{link_from.value}’ → ‘{link_to.value}’: {label}."
        if attempt(link_message, add):
            link_label.value = ""

    def on_save_actor(_button):
        old = edit_actor_pick.value

        def save():
            if old is None:
                raise ValueError("Add an actor first; then you can change it here.")
            new = state.edit_actor(old, edit_actor_name.value, edit_actor_type.value)
            edit_actor_pick.value = new
            kind = state.type_of(new)
            return f"‘{new}’ is now of type ‘{kind}’." if new == old else f"‘{old}’ is now ‘{new}’ ({kind})."
        attempt(edit_actor_message, save)

    def on_remove_actor(_button):
        name = edit_actor_pick.value

        def remove():
            if name is None:
                raise ValueError("There is no actor to remove.")
            gone = state.remove_actor(name)
            return f"Removed ‘{name}’" + (f" and its {gone} interaction(s)." if gone else ".")
        attempt(edit_actor_message, remove)

    def on_save_link(_button):
        pair = edit_link_pick.value

        def save():
            if pair is None:
                raise ValueError("Add an interaction first; then you can change it here.")
            label = state.edit_link(*pair, edit_link_label.value)
            return f"‘{pair[0]}’ → ‘{pair[1]}’: {label}."
        attempt(edit_link_message, save)

    def on_remove_link(_button):
        pair = edit_link_pick.value

        def remove():
            if pair is None:
                raise ValueError("There is no interaction to remove.")
            state.remove_link(*pair)
            return f"Removed the interaction from ‘{pair[0]}’ to ‘{pair[1]}’."
        attempt(edit_link_message, remove)

    def load_example_now(replace):
        try:
            example = example_loader()
        except ContentError as exc:
            say(example_message, problem_text(exc), "warn")
            return
        confirm_row.layout.display = "none"
        attempt(example_message, lambda: (state.load_example(example, replace=replace) or
                                          "The course's hospital discharge example is in the map. Change it, "
                                          "or clear it by removing actors, to map your own system."))

    def on_example(_button):
        if state.is_empty():
            load_example_now(False)
            return
        say(example_message, f"Loading the example replaces your {len(state.actors)} actor(s) and "
                             f"{len(state.links)} interaction(s). Your own map can't be brought back afterwards.",
            "warn")
        confirm_row.layout.display = "flex"

    def on_keep_mine(_button):
        confirm_row.layout.display = "none"
        say(example_message, "Your map is unchanged.", "info")

    add_actor_button.on_click(on_add_actor)
    add_link_button.on_click(on_add_link)
    save_actor_button.on_click(on_save_actor)
    remove_actor_button.on_click(on_remove_actor)
    save_link_button.on_click(on_save_link)
    remove_link_button.on_click(on_remove_link)
    example_button.on_click(on_example)
    confirm_replace.on_click(lambda _b: load_example_now(True))
    keep_mine.on_click(on_keep_mine)
    edit_actor_pick.observe(fill_actor_edit, names="value")
    edit_link_pick.observe(fill_link_edit, names="value")
    state.observe(refresh, names=["actors", "links"])
    refresh()

    def heading(text):
        return w.HTML(f"<h4>{html.escape(text)}</h4>")

    # plain sections rather than an Accordion: its headers can't be reached with the keyboard
    changes = box([
        heading("Change or remove an actor"),
        w.HTML("<p>Removing an actor removes its interactions too.</p>"),
        box([edit_actor_pick, edit_actor_name, edit_actor_type,
             w.HBox([save_actor_button, remove_actor_button]), edit_actor_message], "sl-sys-edit-actors"),
        heading("Change or remove an interaction"),
        box([edit_link_pick, edit_link_label, w.HBox([save_link_button, remove_link_button]), edit_link_message],
            "sl-sys-edit-links"),
    ], "sl-sys-changes")

    example_box = box([w.HTML("<p>Not sure where to start? The course's own worked example (not from the deck) "
                              "maps who is involved when a patient leaves hospital.</p>"),
                       w.HBox([example_button]), confirm_row, example_message], "sl-sys-example-box")

    root = box([
        intro,
        heading(f"1. People, organisations and bodies (up to {MAX_ACTORS})"),
        actor_name, actor_type, type_help, w.HBox([add_actor_button]), actor_message,
        heading(f"2. How they work together or interact (up to {MAX_LINKS})"),
        link_from, link_to, link_label, w.HBox([add_link_button]), link_message,
        heading("Your system"),
        drawing, reflections, in_words,
        changes,
        example_box,
    ], "sl-system-builder")
    return root


def words_html(state):
    """The map in words: the text alternative a screen reader (or a printout) gets, and a handy list."""
    if not state.actors:
        return ""
    by_type = "".join(
        f"<li><strong>{html.escape(t)}</strong>: "
        + html.escape(", ".join(a["name"] for a in state.actors if a["type"] == t)) + "</li>"
        for t in state.types_used())
    said = "".join(f"<li>{html.escape(l['from'])} → {html.escape(l['to'])}: {html.escape(l['label'])}</li>"
                   for l in state.links) or "<li>None yet.</li>"
    return (f'<details class="sl-sys-in-words"><summary>Your system in words ({len(state.actors)} actor(s), '
            f"{len(state.links)} interaction(s))</summary><p>Actors by type:</p><ul>{by_type}</ul>"
            f"<p>Interactions:</p><ul>{said}</ul></details>")
