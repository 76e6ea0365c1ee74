"""The knowledge check exercise's view: widgets wired to its state in widgets/exercises/knowledge_check.py."""
import html

import ipywidgets as w

from ..exercises.knowledge_check import SINGLE
from .ui import SharedLooks, announced, labelled_group, message_html


def build_view(state):
    looks = SharedLooks()
    intro = looks(
        w.HTML, '<p class="sl-help">Answer each question, then press its <strong>Check</strong> button. You will see '
        "feedback on what you chose; once you are right, or after a second try, on every option. Try again as "
        "often as you like; your answers are saved.</p>")
    score = looks(w.HTML, classes=["sl-kc-score"])
    boxes = []
    redraws = {}    # question id -> its redraw
    total = len(state.questions)

    for number, question in enumerate(state.questions, start=1):
        how = "choose one" if question.kind == SINGLE else "choose all that apply"
        heading = looks(w.HTML, f'<h3 class="sl-kc-heading">Question {number} of {total}'
                        f'<span class="sl-kc-kind"> · {how}</span></h3>')
        shown = state.shown_options(question.id)
        if question.kind == SINGLE:
            current = state.selection(question.id)
            radios = looks(w.RadioButtons, options=[(o.text, o.number) for o in shown],
                           value=current[0] if current else None,
                           description=question.text, style={"description_width": "initial"},
                           layout=dict(width="100%"), classes=["sl-kc-choice", "sl-kc-single"])

            def on_radio(change, qid=question.id):
                state.select(qid, [] if change["new"] is None else [change["new"]])

            radios.observe(on_radio, names="value")
            control = radios
            question_text = None
        else:
            ticks = []
            for option in shown:
                box = looks(w.Checkbox, value=option.number in state.selection(question.id), description=option.text,
                            indent=False, layout=dict(width="100%"), classes=["sl-kc-option"])
                ticks.append((option.number, box))

            def on_tick(_, qid=question.id, ticks=ticks):
                state.select(qid, sorted(n for n, box in ticks if box.value))

            for _, box in ticks:
                box.observe(on_tick, names="value")
            control = looks(w.VBox, [box for _, box in ticks], classes=["sl-kc-choice", "sl-kc-multiple"])
            question_text = looks(w.HTML, f'<p class="sl-kc-question">{html.escape(question.text)}</p>')
            labelled_group(control, question_text)
        check = looks(w.Button, description="Check", button_style="primary",
                      tooltip=f"Check your answer to question {number}", classes=["sl-kc-check"])
        message = announced(looks(w.HTML, classes=["sl-kc-message"]))
        result = announced(looks(w.HTML, classes=["sl-kc-result"]))
        feedback = looks(w.HTML, classes=["sl-kc-feedback"])

        def on_check(_, qid=question.id, message=message):
            problem = state.check(qid)
            message.value = message_html(problem, "info") if problem else ""

        check.on_click(on_check)

        def redraw(_=None, qid=question.id, result=result, feedback=feedback, message=message):
            if state.is_stale(qid):
                result.value = ""
                feedback.value = ""
                message.value = message_html("You've changed your answer: press Check to see feedback on it.",
                                             "info")
                return
            if state.last_attempt(qid) is None:
                result.value = feedback.value = ""
                if state.selection(qid):
                    message.value = ""  # "choose an answer first" no longer applies once one is chosen
                return
            message.value = ""
            kind = "good" if state.results[qid] else "bad"
            result.value = (f'<p class="sl-kc-result-text sl-kc-{kind}" role="status">'
                            f"{html.escape(state.result_text(qid))}</p>")
            items = "".join(
                f'<li class="sl-kc-option-feedback"><p class="sl-kc-option-text">{html.escape(said.option.text)}</p>'
                f"{message_html(said.feedback.text, said.feedback.kind, label=said.feedback.label)}</li>"
                for said in state.option_feedback(qid))
            feedback.value = f'<ul class="sl-kc-feedback-list" aria-label="Feedback on your answer">{items}</ul>'

        redraws[question.id] = redraw
        parts = [heading] + ([question_text] if question_text else []) + [control, check, message, result, feedback]
        box = looks(w.VBox, parts, classes=["sl-kc-question-box"])
        boxes.append(box)

    def redraw_all(_=None):
        for redraw in redraws.values():
            redraw()
        score.value = f'<p class="sl-count" role="status" aria-live="polite">{html.escape(state.score_text())}</p>'

    def redraw_changed(change):
        # Only the questions whose entry changed: a click's feedback isn't held up by redrawing the others.
        old, new = (value if isinstance(value, dict) else {} for value in (change["old"], change["new"]))
        for qid, redraw in redraws.items():
            if old.get(qid) != new.get(qid):
                redraw()
        score.value = f'<p class="sl-count" role="status" aria-live="polite">{html.escape(state.score_text())}</p>'

    state.observe(redraw_changed, names=["selections", "attempts", "results"])
    redraw_all()
    root = looks(w.VBox, [intro, *boxes, score], classes=["sl-knowledge-check"])
    return root
