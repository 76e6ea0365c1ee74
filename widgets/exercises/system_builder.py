"""'Define your system' (key "system-builder", module 'thinking-about-systems').

The learner names the individuals, organisations and bodies in a system they work in and the
interactions between them; the map is drawn as it grows and reflected back against the source's
definition: "a set of individuals, organisations or bodies working together or interacting in
some way as part of an interconnecting network; a complex whole".

A hub is found from the links (an actor that every interaction, or most of them, goes through), and a
boundary from organisations, not from the kinds of actor: each actor may say which organisation it is
part of, and an actor of an organisation's own kind (ORGANISATION_TYPES) is an organisation itself. A map
of organisations alone fits the definition as well as one of individuals or bodies.

The state (and its reflections) imports no widgets; `build_view` in widgets/views/system_builder.py
composes ipywidgets around it.
"""
import unicodedata
from collections import namedtuple

from traitlets import Dict, List, TraitError, validate

from ..content import ContentError, load_table
from ..markup.network_svg import network_svg
from ..markup.escape import markdown_line, markdown_text
from .base import Exercise, ExerciseState

KEY = "system-builder"
TITLE = "Define your system"
DEFINITION = ("A system: a set of individuals, organisations or bodies working together or interacting "
              "in some way as part of an interconnecting network; a complex whole")
MAX_ACTORS = 30
MAX_LINKS = 60
MAX_NAME = 80
MAX_LABEL = 120
HUB_MIN_LINKS = 2          # two interactions through one actor already hang on that actor
HUB_MOST_SHARE = 2 / 3     # "most links": an actor on at least this share of them (with 5 links or more)
HUB_MOST_MIN_LINKS = 5
ACTOR_KEYS = {"name", "type"}
OPTIONAL_ACTOR_KEYS = {"organisation"}  # which organisation the actor is part of (absent: none said)
# Kinds of actor (data/actor_types.csv) that are an organisation or body in their own right: such an actor is its
# own organisation unless it says it is part of another. Individuals and teams are part of one only when they say so.
ORGANISATION_TYPES = {"organisation", "public body", "community group"}

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


def plural(kind):
    """'public body' -> 'public bodies', 'team' -> 'teams' (the kinds of actor are English nouns)."""
    if kind.endswith("y") and kind[-2:-1] not in "aeiou":
        return kind[:-1] + "ies"
    return kind + "s"


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

    def organisation_said(self, name):
        """The organisation the learner said this actor is part of, or ''."""
        return {a["name"]: a.get("organisation", "") for a in self.actors}.get(name, "")

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

    def _checked_organisation(self, organisation):
        organisation = clean_text(organisation or "")
        if len(organisation) > MAX_NAME:
            raise ValueError(f"That organisation's name has {len(organisation)} characters; please shorten it to "
                             f"{MAX_NAME} or fewer.")
        return organisation

    @staticmethod
    def _actor(name, actor_type, organisation):
        return {"name": name, "type": actor_type, **({"organisation": organisation} if organisation else {})}

    def _checked_label(self, label):
        label = clean_text(label)
        if not label:
            raise ValueError("Please say in a few words how they work together or interact.")
        if len(label) > MAX_LABEL:
            raise ValueError(f"That description has {len(label)} characters; please keep it to {MAX_LABEL} or fewer.")
        return label

    # -- changing the system ----------------------------------------------------------------
    def add_actor(self, name, actor_type, organisation=""):
        """Add an actor (and the organisation it is part of, if any); returns the name as kept. ValueError
        (with a message for the learner) if it can't."""
        if len(self.actors) >= MAX_ACTORS:
            raise ValueError(f"Your system has {MAX_ACTORS} actors, the most this map can hold. "
                             "Remove one, or group several into one (e.g. ‘GP practices’).")
        name = self._checked_name(name)
        actor = self._actor(name, self._checked_type(actor_type), self._checked_organisation(organisation))
        self.actors = self.actors + [actor]
        return name

    def edit_actor(self, old_name, new_name, new_type, organisation=None):
        """Rename an actor and/or change its type (and the organisation it is part of, unless None); its
        interactions follow the new name."""
        self.find_actor(old_name)
        new_name = self._checked_name(new_name, ignore=old_name)
        new_type = self._checked_type(new_type)
        organisation = (self.organisation_said(old_name) if organisation is None
                        else self._checked_organisation(organisation))
        rename = {old_name: new_name}
        with self.hold_trait_notifications():
            self.actors = [self._actor(new_name, new_type, organisation) if a["name"] == old_name else dict(a)
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
            if not isinstance(actor, dict) or not ACTOR_KEYS <= set(actor) <= ACTOR_KEYS | OPTIONAL_ACTOR_KEYS:
                raise TraitError(f"actor {index + 1} should have a name and a type (and perhaps an organisation)")
            name, actor_type = actor["name"], actor["type"]
            if not isinstance(name, str) or not name or name != clean_text(name) or len(name) > MAX_NAME:
                raise TraitError(f"actor {index + 1} has no usable name")
            if actor_type not in self.type_names:
                raise TraitError(f"actor ‘{name}’ has a type the course doesn't know: {actor_type!r}")
            organisation = actor.get("organisation", "")
            if "organisation" in actor and (not isinstance(organisation, str) or not organisation
                                            or organisation != clean_text(organisation)
                                            or len(organisation) > MAX_NAME):
                raise TraitError(f"actor ‘{name}’ has no usable organisation")
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

    # -- reflecting the system back against the source's definition ---------------------------------
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

    def organisation_of(self, name):
        """The organisation (as a comparable key) an actor is part of or is, or None when the map doesn't say."""
        said = self.organisation_said(name)
        if said:
            return name_key(said)
        return name_key(name) if self.type_of(name) in ORGANISATION_TYPES else None

    def organisation_names(self):
        """The organisations the map names, each once, as the learner wrote them (first spelling wins)."""
        found = {}
        for actor in self.actors:
            said = actor.get("organisation") or (actor["name"] if actor["type"] in ORGANISATION_TYPES else "")
            if said:
                found.setdefault(name_key(said), said)
        return list(found.values())

    def unplaced_actors(self):
        """Individuals and teams that don't say which organisation, if any, they are part of."""
        return [a["name"] for a in self.actors if self.organisation_of(a["name"]) is None]

    def cross_boundary_links(self):
        """Interactions between two different organisations (both ends' organisations known)."""
        found = []
        for link in self.links:
            ends = self.organisation_of(link["from"]), self.organisation_of(link["to"])
            if None not in ends and ends[0] != ends[1]:
                found.append(link)
        return found

    def hub(self):
        """(name, links it is on) for an actor on every link (of two or more) or on most links, else None."""
        total = len(self.links)
        if total < HUB_MIN_LINKS:
            return None
        name, count = max(self.link_counts().items(), key=lambda item: item[1])
        if count == total or (total >= HUB_MOST_MIN_LINKS and count >= HUB_MOST_SHARE * total):
            return name, count
        return None

    def kinds_in_words(self):
        """The map's actors counted by kind, in the course's order of kinds: '2 individuals and 3 organisations'."""
        parts = []
        for kind in self.types_used():
            count = sum(1 for a in self.actors if a["type"] == kind)
            parts.append(f"{count} {kind if count == 1 else plural(kind)}")
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    def reflections(self):
        """What the map says about the system, as (code, kind, text); kind is info, warn or good."""
        if not self.actors:
            return [Reflection("empty", "info",
                               "Start with the people, organisations and bodies in a system you work in: "
                               "add each one with its type, and say which organisation it is part of, if any. "
                               "Then add how they work together or interact.")]
        found = []
        isolated = self.isolated_actors()
        if isolated:
            verb = "isn't" if len(isolated) == 1 else "aren't"
            found.append(Reflection("isolated", "warn",
                                    f"{names_in_words(isolated)} {verb} connected to anyone yet — a system is an "
                                    "interconnecting network. Who do they work with or interact with?"))
        organisations = self.organisation_names()
        everyone_placed = not self.unplaced_actors()
        if len(self.actors) >= 2 and everyone_placed and len(organisations) == 1:
            found.append(Reflection("one-organisation", "warn",
                                    f"Everyone in your map is part of ‘{organisations[0]}’. The workshop describes "
                                    "systems leadership as ‘taking leadership beyond your organisation’: who "
                                    f"outside ‘{organisations[0]}’ is part of this system?"))
        elif everyone_placed and len(organisations) > 1 and self.links and not self.cross_boundary_links():
            found.append(Reflection("no-cross-boundary", "warn",
                                    "None of your interactions crosses from one organisation to another: each "
                                    "stays inside one. The workshop describes systems leadership as ‘taking "
                                    "leadership beyond your organisation’. Where do "
                                    + names_in_words(organisations[:2]) + " meet?"))
        hub = self.hub()
        if hub:
            name, count = hub
            total = len(self.links)
            share = ("Both of your interactions go through" if count == total == 2 else
                     "Every interaction in your map goes through" if count == total else
                     f"{count} of your {total} interactions go through")
            found.append(Reflection("hub", "warn",
                                    f"{share} ‘{name}’. Depending on a hub means the system only works while "
                                    f"‘{name}’ is there and has time: if they are away, overloaded or move on, the "
                                    "connections stop, and the others never build relationships with each other. "
                                    "As the workshop puts it, ‘Leadership in systems is seldom done by one "
                                    "person’. Which of the others work together directly?"))
        if not found and len(self.actors) >= 3 and len(self.links) >= 2:
            crossing = len(self.cross_boundary_links())
            across = (f" {crossing} of the interactions cross{'es' if crossing == 1 else ''} from one organisation "
                      "to another." if crossing else "")
            found.append(Reflection("network", "good",
                                    f"This fits the definition: {self.kinds_in_words()} (individuals, organisations "
                                    "or bodies, in any mix), every one connected, joined by "
                                    f"{len(self.links)} interactions in an interconnecting network, with no single "
                                    f"actor they all go through.{across} The definition also calls a system ‘a "
                                    "complex whole’: what does this one do, or fail to do, that none of its parts "
                                    "would on its own?"))
        elif not found:
            found.append(Reflection("keep-going", "info",
                                    "A good start. A system usually has more than two or three actors: who else "
                                    "works together or interacts in this system?"))
        unplaced = [n for n in self.unplaced_actors() if n not in isolated]
        if unplaced and len(self.actors) >= 2:
            found.append(Reflection("part-of", "info",
                                    f"If {names_in_words(unplaced)} {'is' if len(unplaced) == 1 else 'are'} part of "
                                    "an organisation, say which under ‘Part of’ (change an actor below): then your "
                                    "map shows where interactions cross from one organisation to another. A "
                                    "patient or carer acting for themselves is part of none."))
        return found

    # -- the journal ------------------------------------------------------------------------
    def journal_markdown(self):
        lines = [f"**{TITLE}** — {len(self.actors)} actor(s), {len(self.links)} interaction(s)", ""]
        if not self.actors:
            lines.append("_No actors added yet._")
        else:
            lines.append("People, organisations and bodies:")
            lines += [f"- {markdown_text(a['name'])} ({markdown_line(a['type'])}"
                      + (f", part of {markdown_line(a['organisation'])}" if a.get("organisation") else "") + ")"
                      for a in self.actors]
            lines += ["", "Interactions:"]
            lines += ([f"- {markdown_text(l['from'])} → {markdown_line(l['to'])}: {markdown_line(l['label'])}"
                       for l in self.links] or ["- _none yet_"])
        lines += ["", "Reflections:"]
        lines += [f"- {REFLECTION_LABELS[r.kind]} {markdown_line(r.text)}" for r in self.reflections()]
        return "\n".join(lines) + "\n"

    def journal_svg(self):
        return network_svg(self.actors, self.links, self.actor_types)


REFLECTION_LABELS = {"info": "Next step:", "warn": "To think about:", "good": "✓ Looks like a system:"}


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
    return Exercise(key=key, build_state=build_state)
