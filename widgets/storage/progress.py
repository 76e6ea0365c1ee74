"""A learner's progress through the course, from what the store recorded.

The rule: a module is "not started" until the learner opens it, "in progress" once opened
(`open_module` records each visit), and "done" when the learner ticks "I've finished this module"
at its foot (`Page.end`). Unticking it makes the module "in progress" again.
"""
NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
DONE = "done"


def module_status(progress):
    """The status for one module's `ModuleProgress` (or None when never opened)."""
    if progress is None:
        return NOT_STARTED
    return DONE if progress.done else IN_PROGRESS


def module_statuses(modules, progress):
    """{module id: status} for every module, from the store's {module id: ModuleProgress}."""
    return {module.id: module_status(progress.get(module.id)) for module in modules}


def summary_text(modules, statuses):
    """E.g. "3 of 12 modules done, 2 in progress"."""
    done = sum(1 for m in modules if statuses.get(m.id) == DONE)
    started = sum(1 for m in modules if statuses.get(m.id) == IN_PROGRESS)
    text = f"{done} of {len(modules)} module{'' if len(modules) == 1 else 's'} done"
    if started:
        text += f", {started} in progress"
    return text


def summary_html(modules, statuses):
    import html

    done = sum(1 for m in modules if statuses.get(m.id) == DONE)
    total = max(len(modules), 1)
    return (f'<div class="sl-progress"><p class="sl-progress-summary">'
            f"<strong>Your progress:</strong> {html.escape(summary_text(modules, statuses))}</p>"
            f'<div class="sl-progress-bar" aria-hidden="true"><span style="width:{round(100 * done / total)}%">'
            f"</span></div></div>")
