"""The action plan exercise's view: widgets wired to its state in widgets/exercises/action_plan.py."""
import datetime
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.action_plan import (ACTION_MAX_LENGTH, ACTOR, ISSUE, LEVEL_TITLES, LEVELS, TO_DECIDE, WAY,
                                     show_date)
from .ui import SharedLooks, message_html, read_by_a_button, share_tick

NEW = -1  # the editor's choice that means "a new action"


def plan_html(state, today=None):
    parts = [f'<p class="sl-count" role="status" aria-live="polite">{html.escape(state.counts_text())}</p>']
    for level, entries in state.grouped().items():
        title = f"{LEVEL_TITLES[level]} ({len(entries)})"
        if not entries:
            parts.append(f'<h4 class="sl-plan-level">{html.escape(title)}</h4>'
                         '<p class="sl-plan-empty">No actions at this level yet.</p>')
            continue
        rows = []
        for index, action in entries:
            flags = state.flags(action, today)
            flag_html = (f'<br><span class="sl-flag">Still open: {html.escape("; ".join(flags))}</span>'
                         if flags else "")
            who = html.escape(action["who"]) or f"<em>{TO_DECIDE}</em>"
            when = html.escape(show_date(action["by_when"])) if action["by_when"] else f"<em>{TO_DECIDE}</em>"
            rows.append(f'<tr><th scope="row">{index + 1}</th><td>{html.escape(action["text"])}{flag_html}</td>'
                        f"<td>{who}</td><td>{when}</td></tr>")
        caption = html.escape(f"Actions: {LEVEL_TITLES[level].lower()}")
        parts.append(f'<h4 class="sl-plan-level">{html.escape(title)}</h4>'
                     f'<table class="sl-table sl-plan-table"><caption>{caption}</caption>'
                     '<thead><tr><th scope="col">No.</th><th scope="col">Action</th>'
                     '<th scope="col">Who</th><th scope="col">By when</th></tr></thead>'
                     f"<tbody>{''.join(rows)}</tbody></table>")
    return "".join(parts)


OFFER_GROUPS = (
    (ISSUE, "Your wicked issues", "Start an action from this"),
    (WAY, "Your two lowest ‘ways of’", "Start an action from this"),
    (ACTOR, "Who is in your system map", None),   # each actor's button adds it to Who
)
NO_EARLIER_WORK = ("As you work through the course, what you save is offered here to build your plan from: "
                   "the wicked issues you list in Reflection and discussion, your two lowest ‘ways of’ from the "
                   "self-assessment and the people, organisations and bodies in your map of a system.")


def offer_html(state, offer):
    taken = (' <span class="sl-offer-taken">(in your plan)</span>' if state.in_plan(offer) else "")
    return (f'<div class="sl-offer-text"><p class="sl-offer-name"><strong>{html.escape(offer.name)}</strong>{taken}'
            f'</p><p class="sl-help">{html.escape(offer.detail)}</p></div>')


def offers_box(state, use_offer, looks):
    """The learner's earlier work, offered back: each offer with a button that fills the form (never the plan).
    Returns (box, refresh) where refresh() redraws whether each offer is already in the plan."""
    labels = []   # (HTML widget, offer), redrawn as the plan changes
    groups = []
    for kind, title, button_text in OFFER_GROUPS:
        offers = state.offers_of(kind)
        if not offers:
            continue
        rows = []
        for offer in offers:
            label = looks(w.HTML, offer_html(state, offer))
            button = looks(w.Button, description=button_text or f"Add ‘{offer.name}’ to Who",
                           tooltip="Puts this in the form below; nothing is added to your plan until you do",
                           layout=dict(width="auto", max_width="100%", align_self="flex-start"),
                           classes=["sl-offer-use"])
            button.on_click(lambda _, offer=offer: use_offer(offer))
            labels.append((label, offer))
            if kind == ACTOR:
                rows.append(button)
            else:
                row = looks(w.VBox, [label, button], classes=["sl-offer"])
                rows.append(row)
        heading = looks(w.HTML, f'<h4 class="sl-offer-heading">{html.escape(title)}</h4>')
        if kind == ACTOR:
            body = looks(w.HBox, rows, layout=dict(flex_flow="row wrap"), classes=["sl-offer-actors"])
            rows = [looks(w.HTML, '<p class="sl-help">Add any of them to <em>Who</em> for the action in the form.</p>'),
                    body]
        group = looks(w.VBox, [heading, *rows], classes=["sl-offer-group", f"sl-offer-{kind}"])
        groups.append(group)
    if groups:
        intro = ('<h3 class="sl-offers-heading">From your earlier work</h3><p class="sl-help">What you saved '
                 "earlier in the course, to build your plan from. A button puts it in the form below: finish the "
                 "action in your own words, then add it. Nothing goes into your plan until you do.</p>")
    else:
        intro = (f'<h3 class="sl-offers-heading">From your earlier work</h3>'
                 f'<p class="sl-help sl-offers-none">{html.escape(NO_EARLIER_WORK)}</p>')
    box = looks(w.VBox, [looks(w.HTML, intro), *groups], classes=["sl-plan-offers"])

    def refresh():
        for label, offer in labels:
            label.value = offer_html(state, offer)

    return box, refresh


def build_view(state):
    looks = SharedLooks()
    wide = {"description_width": "initial"}
    rules = looks(
        w.HTML, '<p class="sl-help">Add the actions you might take at each level. An action needs some words '
        f"(up to {ACTION_MAX_LENGTH} characters). <em>Who</em> and <em>by when</em> can wait: the plan marks them "
        "“to decide”, and marks a date that has passed. To change or remove an action, choose it under "
        "<em>Action to change</em>.</p>")
    chooser = looks(w.Dropdown, description="Action to change:", style=wide, layout=dict(width="100%"),
                    classes=["sl-plan-chooser", "sl-stacked"])
    level = looks(w.RadioButtons, options=[(LEVEL_TITLES[lv], lv) for lv in LEVELS], value="individual",
                  description="Level:", style=wide, classes=["sl-plan-level-choice"])
    text = read_by_a_button(looks(w.Textarea, description="Action:", rows=3, placeholder="What will you do?",
                                  style=wide, layout=dict(width="100%"), classes=["sl-plan-text", "sl-stacked"]))
    who = read_by_a_button(looks(w.Text, description="Who:", placeholder="e.g. me, our leadership team", style=wide,
                                 layout=dict(width="100%"), classes=["sl-plan-who", "sl-stacked"]))
    by_when = looks(w.DatePicker, description="By when:", style=wide, classes=["sl-plan-when"])
    save = looks(w.Button, button_style="primary", classes=["sl-plan-save"])
    remove = looks(w.Button, description="Remove this action", classes=["sl-plan-remove"])
    new = looks(w.Button, description="Start a new action", classes=["sl-plan-new"])
    message = looks(w.HTML)
    plan = looks(w.HTML, classes=["sl-plan"])
    updating = {"chooser": False}

    def fill_form(index):
        if index == NEW:
            level.value, text.value, who.value, by_when.value = "individual", "", "", None
        else:
            action = state.actions[index]
            level.value, text.value, who.value = action["level"], action["text"], action["who"]
            by_when.value = datetime.date.fromisoformat(action["by_when"]) if action["by_when"] else None
        save.description = "Add action" if index == NEW else "Save changes"
        remove.disabled = index == NEW

    def refresh(selected):
        updating["chooser"] = True
        chooser.options = [("A new action", NEW)] + [(state.label(i), i) for i in range(len(state.actions))]
        chooser.value = selected
        updating["chooser"] = False
        save.description = "Add action" if selected == NEW else "Save changes"
        remove.disabled = selected == NEW
        plan.value = plan_html(state)
        refresh_offers()

    def on_choose(change):
        if not updating["chooser"]:
            fill_form(change["new"])
            message.value = ""

    def form_date():
        return by_when.value.isoformat() if by_when.value else ""

    def on_save(_):
        try:
            if chooser.value == NEW:
                index = state.add_action(level.value, text.value, who.value, form_date())
                done = f"Added action {index + 1}."
            else:
                index = chooser.value
                state.update_action(index, level.value, text.value, who.value, form_date())
                done = f"Saved your changes to action {index + 1}."
        except TraitError as exc:
            message.value = message_html(str(exc), "warn")
            return
        open_items = state.flags(state.actions[index])
        if open_items:
            done += " Still to decide: " + "; ".join(open_items) + "."
        message.value = message_html(done, "info", label="Done:")
        if chooser.value == NEW:
            fill_form(NEW)  # ready for the next one
            refresh(NEW)
        else:
            refresh(index)

    def on_remove(_):
        index = chooser.value
        try:
            removed = state.label(index)
            state.remove_action(index)
        except (TraitError, IndexError, TypeError):
            message.value = message_html("That action is not in your plan any more.", "warn")
            refresh(NEW)
            return
        message.value = message_html(f"Removed {removed}", "info", label="Done:")
        fill_form(NEW)
        refresh(NEW)

    def on_new(_):
        fill_form(NEW)
        refresh(NEW)
        message.value = ""

    def use_offer(offer):
        try:
            if offer.kind == ACTOR:
                who.value = state.who_with(offer, who.value)
                done = (f"Added ‘{offer.name}’ to Who. Press “{save.description}” to keep it: "
                        "nothing changes in your plan until you do.")
            else:
                if chooser.value != NEW:   # the form holds an action of the plan, perhaps with unsaved changes
                    raise TraitError(f"The form holds action {chooser.value + 1} of your plan: save your changes "
                                     "or press “Start a new action”, then start from this.")
                level.value, text.value = state.draft(offer, text.value)
                done = ("The form now starts an action from ‘" + offer.name + "’. Finish it in your own words, "
                        "then press “Add action”: nothing goes into your plan until you do.")
        except TraitError as exc:
            message.value = message_html(str(exc), "warn")
            return
        message.value = message_html(done, "info", label="In the form:")

    offers, refresh_offers = offers_box(state, use_offer, looks)

    chooser.observe(on_choose, names="value")
    save.on_click(on_save)
    remove.on_click(on_remove)
    new.on_click(on_new)
    fill_form(NEW)
    refresh(NEW)
    form = looks(w.VBox, [chooser, level, text, who, by_when,
                          looks(w.HBox, [save, remove, new], layout=dict(flex_flow="row wrap")), message],
                 classes=["sl-plan-form"])
    box = looks(w.VBox, [rules, offers, form, looks(w.HTML, '<h3 class="sl-plan-heading">Your plan</h3>'), plan,
                         share_tick(state, "actions", looks)], classes=["sl-action-plan"])
    return box
