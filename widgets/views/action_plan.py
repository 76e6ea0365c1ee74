"""The action plan exercise's view: widgets wired to its state in widgets/exercises/action_plan.py."""
import datetime
import html

import ipywidgets as w
from traitlets import TraitError

from ..exercises.action_plan import ACTION_MAX_LENGTH, LEVEL_TITLES, LEVELS, TO_DECIDE, show_date
from .ui import message_html, read_by_a_button, share_tick

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


def build_view(state):
    wide = {"description_width": "initial"}
    rules = w.HTML(
        '<p class="sl-help">Add the actions you might take at each level. An action needs some words '
        f"(up to {ACTION_MAX_LENGTH} characters). <em>Who</em> and <em>by when</em> can wait: the plan marks them "
        "“to decide”, and marks a date that has passed. To change or remove an action, choose it under "
        "<em>Action to change</em>.</p>")
    chooser = w.Dropdown(description="Action to change:", style=wide, layout=w.Layout(width="100%"))
    chooser.add_class("sl-plan-chooser")
    chooser.add_class("sl-stacked")
    level = w.RadioButtons(options=[(LEVEL_TITLES[lv], lv) for lv in LEVELS], value="individual",
                           description="Level:", style=wide)
    level.add_class("sl-plan-level-choice")
    text = read_by_a_button(w.Textarea(description="Action:", rows=3, placeholder="What will you do?", style=wide,
                                       layout=w.Layout(width="100%")))
    text.add_class("sl-plan-text")
    text.add_class("sl-stacked")
    who = read_by_a_button(w.Text(description="Who:", placeholder="e.g. me, our leadership team", style=wide,
                                  layout=w.Layout(width="100%")))
    who.add_class("sl-plan-who")
    who.add_class("sl-stacked")
    by_when = w.DatePicker(description="By when:", style=wide)
    by_when.add_class("sl-plan-when")
    save = w.Button(button_style="primary")
    save.add_class("sl-plan-save")
    remove = w.Button(description="Remove this action")
    remove.add_class("sl-plan-remove")
    new = w.Button(description="Start a new action")
    new.add_class("sl-plan-new")
    message = w.HTML()
    plan = w.HTML()
    plan.add_class("sl-plan")
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

    chooser.observe(on_choose, names="value")
    save.on_click(on_save)
    remove.on_click(on_remove)
    new.on_click(on_new)
    fill_form(NEW)
    refresh(NEW)
    form = w.VBox([chooser, level, text, who, by_when,
                   w.HBox([save, remove, new], layout=w.Layout(flex_flow="row wrap")), message])
    form.add_class("sl-plan-form")
    box = w.VBox([rules, form, w.HTML('<h3 class="sl-plan-heading">Your plan</h3>'), plan,
                  share_tick(state, "actions")])
    box.add_class("sl-action-plan")
    return box
