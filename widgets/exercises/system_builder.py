"""'Define your system' (key "system-builder", module 'thinking-about-systems').

The learner names the individuals, organisations and bodies in a system they work in and the
interactions between them; the map is drawn as it grows and reflected back against the deck's
definition: "a set of individuals, organisations or bodies working together or interacting in
some way as part of an interconnecting network; a complex whole".

The state (and its reflections) imports no widgets; `build_view` composes ipywidgets around it.
"""
import html
import unicodedata
from collections import namedtuple

from traitlets import Dict, List, TraitError, validate

from .content import ContentError, load_table
from .exercise import Exercise, ExerciseState
from .network_svg import network_svg

KEY = "system-builder"
TITLE = "Define your system"
DEFINITION = ("A system: a set of individuals, organisations or bodies working together or interacting "
              "in some way as part of an interconnecting network; a complex whole")
MAX_ACTORS = 30
MAX_LINKS = 60
MAX_NAME = 80
MAX_LABEL = 120
HUB_MIN_LINKS = 3          # below this, one actor on every link is just a small start, not a hub
HUB_MOST_SHARE = 2 / 3     # "most links": an actor on at least this share of them (with 5 links or more)
HUB_MOST_MIN_LINKS = 5
ACTOR_KEYS = {"name", "type"}
LINK_KEYS = {"from", "to", "label"}

TYPES_FILE = "actor_types.csv"
EXAMPLE_ACTORS_FILE = "system_example_actors.csv"
EXAMPLE_LINKS_FILE = "system_example_links.csv"

Reflection = namedtuple("Reflection", "code kind text")


def clean_text(text):
    """What we keep of typed text: NFC unicode, no control characters, single spaces, no outer spaces."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(text.split())


def name_key(name):
    """Two names are the same actor when they differ only in case or spacing."""
    return clean_text(name).casefold()


def names_in_words(names, most=5):
    names = [f"‘{n}’" for n in names]
    if len(names) > most:
        names = names[:most] + [f"{len(names) - most} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class SystemBuilderState(ExerciseState):
    """The learner's system: actors (name, type) and links (from, to, label), with reflections on it."""

    actors = List(Dict()).tag(saved=True)
    links = List(Dict()).tag(saved=True)
    actor_types = List(Dict())   # rows of data/actor_types.csv: type, shape, description

    # -- names of things ------------------------------------------------------------------
    @property
    def type_names(self):
        return [t["type"] for t in self.actor_types]

    @property
    def actor_names(self):
        return [a["name"] for a in self.actors]

    def type_of(self, name):
        return {a["name"]: a["type"] for a in self.actors}.get(name)

    def find_actor(self, name):
        for actor in self.actors:
            if actor["name"] == name:
                return actor
        raise ValueError(f"There is no actor called ‘{name}’ in your system.")

    # -- checking what the learner typed (friendly ValueErrors) ---------------------------
    def _checked_name(self, name, ignore=None):
        name = clean_text(name)
        if not name:
            raise ValueError("Please type a name: a person's role, a team, an organisation or a body.")
        if len(name) > MAX_NAME:
            raise ValueError(f"That name has {len(name)} characters; please shorten it to {MAX_NAME} or fewer.")
        for other in self.actor_names:
            if other != ignore and name_key(other) == name_key(name):
                raise ValueError(f"‘{other}’ is in your system already; each actor needs a different name.")
        return name

    def _checked_type(self, actor_type):
        if actor_type not in self.type_names:
            raise ValueError("Please choose a type: " + ", ".join(self.type_names) + ".")
        return actor_type

    def _checked_label(self, label):
        label = clean_text(label)
        if not label:
            raise ValueError("Please say in a few words how they work together or interact.")
        if len(label) > MAX_LABEL:
            raise ValueError(f"That description has {len(label)} characters; please keep it to {MAX_LABEL} or fewer.")
        return label

    # -- changing the system ----------------------------------------------------------------
    def add_actor(self, name, actor_type):
        """Add an actor; returns the name as kept. ValueError (with a message for the learner) if it can't."""
        if len(self.actors) >= MAX_ACTORS:
            raise ValueError(f"Your system has {MAX_ACTORS} actors, the most this map can hold. "
                             "Remove one, or group several into one (e.g. ‘GP practices’).")
        name = self._checked_name(name)
        self.actors = self.actors + [{"name": name, "type": self._checked_type(actor_type)}]
        return name

    def edit_actor(self, old_name, new_name, new_type):
        """Rename an actor and/or change its type; its interactions follow the new name."""
        self.find_actor(old_name)
        new_name = self._checked_name(new_name, ignore=old_name)
        new_type = self._checked_type(new_type)
        rename = {old_name: new_name}
        with self.hold_trait_notifications():
            self.actors = [{"name": new_name, "type": new_type} if a["name"] == old_name else dict(a)
                           for a in self.actors]
            self.links = [{"from": rename.get(l["from"], l["from"]), "to": rename.get(l["to"], l["to"]),
                           "label": l["label"]} for l in self.links]
        return new_name

    def remove_actor(self, name):
        """Remove an actor and every interaction it is part of; returns how many interactions went."""
        self.find_actor(name)
        kept = [dict(l) for l in self.links if name not in (l["from"], l["to"])]
        removed = len(self.links) - len(kept)
        with self.hold_trait_notifications():
            self.links = kept
            self.actors = [dict(a) for a in self.actors if a["name"] != name]
        return removed

    def find_link(self, source, target):
        for link in self.links:
            if (link["from"], link["to"]) == (source, target):
                return link
        raise ValueError(f"There is no interaction from ‘{source}’ to ‘{target}’.")

    def add_link(self, source, target, label):
        if len(self.links) >= MAX_LINKS:
            raise ValueError(f"Your system has {MAX_LINKS} interactions, the most this map can hold. "
                             "Remove one before adding another.")
        if len(self.actors) < 2:
            raise ValueError("Add at least two actors first; an interaction is between two of them.")
        if not source or not target:
            raise ValueError("Please choose who the interaction is from and who it is to.")
        self.find_actor(source)
        self.find_actor(target)
        if source == target:
            raise ValueError(f"An interaction links two different actors; ‘{source}’ can't interact with itself "
                             "here. Choose someone else for ‘to’.")
        for link in self.links:
            if (link["from"], link["to"]) == (source, target):
                raise ValueError(f"There is an interaction from ‘{source}’ to ‘{target}’ already "
                                 f"(‘{link['label']}’). Change its description below instead.")
        label = self._checked_label(label)
        self.links = self.links + [{"from": source, "to": target, "label": label}]
        return label

    def edit_link(self, source, target, label):
        self.find_link(source, target)
        label = self._checked_label(label)
        self.links = [dict(l, label=label) if (l["from"], l["to"]) == (source, target) else dict(l)
                      for l in self.links]
        return label

    def remove_link(self, source, target):
        self.find_link(source, target)
        self.links = [dict(l) for l in self.links if (l["from"], l["to"]) != (source, target)]

    def is_empty(self):
        return not self.actors and not self.links

    def load_example(self, example, replace=False):
        """Put the worked example in place of the learner's map; refuses (ValueError) to replace work unasked."""
        actors, links = example
        if not self.is_empty() and not replace:
            raise ValueError(f"Loading the example would replace your {len(self.actors)} actor(s) and "
                             f"{len(self.links)} interaction(s).")
        with self.hold_trait_notifications():
            self.links = []
            self.actors = [dict(a) for a in actors]
            self.links = [dict(l) for l in links]

    # -- guards on saved data (restore, and anything else that sets the traits) ------------------
    @validate("actors")
    def _valid_actors(self, proposal):
        actors = proposal["value"]
        if len(actors) > MAX_ACTORS:
            raise TraitError(f"a system map holds at most {MAX_ACTORS} actors, not {len(actors)}")
        seen = set()
        for index, actor in enumerate(actors):
            if set(actor) != ACTOR_KEYS:
                raise TraitError(f"actor {index + 1} should have exactly a name and a type")
            name, actor_type = actor["name"], actor["type"]
            if not isinstance(name, str) or not name or name != clean_text(name) or len(name) > MAX_NAME:
                raise TraitError(f"actor {index + 1} has no usable name")
            if actor_type not in self.type_names:
                raise TraitError(f"actor ‘{name}’ has a type the course doesn't know: {actor_type!r}")
            if name_key(name) in seen:
                raise TraitError(f"two actors are called ‘{name}’")
            seen.add(name_key(name))
        names = {a["name"] for a in actors}
        for link in self.links:
            if link["from"] not in names or link["to"] not in names:
                raise TraitError("an interaction names an actor that isn't in the system")
        return [dict(a) for a in actors]

    @validate("links")
    def _valid_links(self, proposal):
        links = proposal["value"]
        if len(links) > MAX_LINKS:
            raise TraitError(f"a system map holds at most {MAX_LINKS} interactions, not {len(links)}")
        names = set(self.actor_names)
        pairs = set()
        for index, link in enumerate(links):
            if set(link) != LINK_KEYS:
                raise TraitError(f"interaction {index + 1} should have exactly from, to and label")
            source, target, label = link["from"], link["to"], link["label"]
            if source not in names or target not in names:
                raise TraitError(f"interaction {index + 1} names an actor that isn't in the system")
            if source == target:
                raise TraitError(f"interaction {index + 1} links ‘{source}’ to itself")
            if (source, target) in pairs:
                raise TraitError(f"there are two interactions from ‘{source}’ to ‘{target}’")
            if not isinstance(label, str) or not label or label != clean_text(label) or len(label) > MAX_LABEL:
                raise TraitError(f"interaction {index + 1} has no usable description")
            pairs.add((source, target))
        return [dict(l) for l in links]

    # -- reflecting the system back against the deck's definition ---------------------------------
    def link_counts(self):
        counts = {name: 0 for name in self.actor_names}
        for link in self.links:
            counts[link["from"]] += 1
            counts[link["to"]] += 1
        return counts

    def isolated_actors(self):
        return [name for name, count in self.link_counts().items() if count == 0]

    def types_used(self):
        return sorted({a["type"] for a in self.actors}, key=self.type_names.index)

    def cross_boundary_links(self):
        return [l for l in self.links if self.type_of(l["from"]) != self.type_of(l["to"])]

    def hub(self):
        """(name, links it is on) for an actor on every link or most links, else None."""
        total = len(self.links)
        if total < HUB_MIN_LINKS:
            return None
        name, count = max(self.link_counts().items(), key=lambda item: item[1])
        if count == total or (total >= HUB_MOST_MIN_LINKS and count >= HUB_MOST_SHARE * total):
            return name, count
        return None

    def reflections(self):
        """What the map says about the system, as (code, kind, text); kind is info, warn or good."""
        if not self.actors:
            return [Reflection("empty", "info",
                               "Start with the people, organisations and bodies in a system you work in: "
                               "add each one with its type. Then add how they work together or interact.")]
        found = []
        isolated = self.isolated_actors()
        if isolated:
            verb = "isn't" if len(isolated) == 1 else "aren't"
            found.append(Reflection("isolated", "warn",
                                    f"{names_in_words(isolated)} {verb} connected to anyone yet — a system is an "
                                    "interconnecting network. Who do they work with or interact with?"))
        types = self.types_used()
        if len(self.actors) >= 2 and len(types) == 1:
            found.append(Reflection("one-type", "warn",
                                    f"All {len(self.actors)} of your actors are of one type, ‘{types[0]}’. The "
                                    "definition names individuals, organisations or bodies: who else, of a "
                                    "different kind, is part of this system?"))
        elif len(types) > 1 and self.links and not self.cross_boundary_links():
            found.append(Reflection("no-cross-boundary", "warn",
                                    "None of your interactions crosses a boundary: each one joins actors of the "
                                    "same type. The deck describes systems leadership as taking leadership beyond "
                                    "your organisation, cross-sector. Where do the "
                                    + " and the ".join(types[:2]) + " in your system meet?"))
        hub = self.hub()
        if hub:
            name, count = hub
            share = ("Every interaction in your map goes through"
                     if count == len(self.links) else f"{count} of your {len(self.links)} interactions go through")
            found.append(Reflection("hub", "warn",
                                    f"{share} ‘{name}’. Depending on a hub means the system only works while "
                                    f"‘{name}’ is there and has time: if they are away, overloaded or move on, the "
                                    "connections stop, and the others never build relationships with each other. "
                                    "The deck says leadership in systems is seldom done by one person. Which of "
                                    "the others work together directly?"))
        if found:
            return found
        if len(self.actors) >= 3 and len(self.links) >= 2:
            return [Reflection("network", "good",
                               f"This looks like an interconnecting network: {len(self.actors)} actors of "
                               f"{len(types)} kinds, every one connected, joined by {len(self.links)} interactions, "
                               f"{len(self.cross_boundary_links())} of them across a boundary between kinds, and no "
                               "single hub everything depends on. What would you see from the balcony that you "
                               "miss on the dance floor?")]
        return [Reflection("keep-going", "info",
                           "A good start. A system usually has more than two or three actors: who else works "
                           "together or interacts in this system?")]

    # -- the journal ------------------------------------------------------------------------
    def journal_markdown(self):
        lines = [f"**{TITLE}** — {len(self.actors)} actor(s), {len(self.links)} interaction(s)", ""]
        if not self.actors:
            lines.append("_No actors added yet._")
        else:
            lines.append("People, organisations and bodies:")
            lines += [f"- {md(a['name'])} ({md(a['type'])})" for a in self.actors]
            lines += ["", "Interactions:"]
            lines += ([f"- {md(l['from'])} → {md(l['to'])}: {md(l['label'])}" for l in self.links]
                      or ["- _none yet_"])
        lines += ["", "Reflections:"]
        lines += [f"- {REFLECTION_LABELS[r.kind]} {md(r.text)}" for r in self.reflections()]
        return "\n".join(lines) + "\n"

    def journal_svg(self):
        return network_svg(self.actors, self.links, self.actor_types)


REFLECTION_LABELS = {"info": "Next step:", "warn": "To think about:", "good": "✓ Looks like a system:"}


def md(text):
    """Learner text made safe for Markdown: HTML escaped and Markdown punctuation taken literally."""
    text = html.escape(str(text), quote=False)
    return "".join("\\" + c if c in "\\`*_[]#|" else c for c in text)


# -- content ------------------------------------------------------------------------------------
def load_actor_types(data_dir=None):
    return load_table(TYPES_FILE, data_dir)


def load_example(data_dir=None):
    """The course's worked example (hospital discharge) as (actors, links), checked beyond the schema."""
    actors = load_table(EXAMPLE_ACTORS_FILE, data_dir)
    links = load_table(EXAMPLE_LINKS_FILE, data_dir)
    if len(actors) > MAX_ACTORS:
        raise ContentError(EXAMPLE_ACTORS_FILE, f"the example has {len(actors)} actors; at most {MAX_ACTORS} fit.")
    if len(links) > MAX_LINKS:
        raise ContentError(EXAMPLE_LINKS_FILE, f"the example has {len(links)} interactions; at most {MAX_LINKS} fit.")
    for row, actor in enumerate(actors, start=2):
        if actor["name"] != clean_text(actor["name"]):
            raise ContentError(EXAMPLE_ACTORS_FILE, "the name has doubled spaces or hidden characters.",
                               row=row, column="name")
    first_row = {}
    for row, link in enumerate(links, start=2):
        if link["from"] == link["to"]:
            raise ContentError(EXAMPLE_LINKS_FILE, f"'{link['from']}' is linked to itself; 'to' must name "
                                                   "another actor.", row=row, column="to")
        pair = (link["from"], link["to"])
        if pair in first_row:
            raise ContentError(EXAMPLE_LINKS_FILE, f"this from/to pair is in row {first_row[pair]} already.",
                               row=row, column="to")
        first_row[pair] = row
        if link["label"] != clean_text(link["label"]):
            raise ContentError(EXAMPLE_LINKS_FILE, "the label has doubled spaces or hidden characters.",
                               row=row, column="label")
    return ([{"name": a["name"], "type": a["type"]} for a in actors],
            [{"from": l["from"], "to": l["to"], "label": l["label"]} for l in links])


def build_state(rng=None, data_dir=None):
    # rng is unused: nothing here is shuffled; the learner's map keeps the order they built it in.
    return SystemBuilderState(actor_types=load_actor_types(data_dir))


def exercise(key=KEY):
    return Exercise(key=key, title=TITLE, build_state=build_state, build_view=build_view)


# -- the view ---------------------------------------------------------------------------------------
def build_view(state, example_loader=load_example):
    """The exercise's widgets, wired to `state`. Every learner action is caught and answered in words."""
    import ipywidgets as w

    from .ui import message_html, problem_text, read_by_a_button

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
        f'<figure class="sl-quote sl-sys-definition"><blockquote><p>“{html.escape(DEFINITION)}”</p></blockquote>'
        "<footer>— the workshop deck, ‘Thinking about systems: making sense of what we see’</footer></figure>"
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
