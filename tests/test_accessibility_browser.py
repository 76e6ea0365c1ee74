"""axe-core audits every page in a real browser, as it opens and after a learner's work on it (issue 13): the
audit and the work are here, and test_browser_smoke.py's walk of every page runs them, at a desktop's width
and then a phone's.

axe-core is the npm package scripts/test.sh installs into tests/axe/node_modules (pinned by
tests/axe/package-lock.json); it is injected from that file, so nothing is fetched while the tests run.
"""
import collections
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.browser
AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

# Moderate findings the course accepts, each with its reason: {rule id: reason}. Critical and serious ones are
# never accepted. (Empty: every moderate finding so far has been fixed rather than accepted.)
ALLOWED_MODERATE = {}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" "))}));
}"""

# A learner's work, done the same way on every page: text in every box, the first choice in every set of
# radio buttons, toggle buttons and tick boxes, the second in every dropdown, then every button that checks,
# adds, loads or shows something. (What each exercise does with it is tested in its own file.)
DO_WORK = """() => {
  const inExercises = selector => [...document.querySelectorAll(".sl-exercise " + selector)]
    .filter(e => !e.disabled && e.offsetParent !== null);
  for (const field of inExercises("textarea, input[type=text], input:not([type])")) {
    if (field.readOnly) continue;
    field.value = "A test learner's note";
    for (const name of ["input", "change", "blur"]) field.dispatchEvent(new Event(name, {bubbles: true}));
  }
  for (const box of inExercises(".widget-radio-box")) box.querySelector("input")?.click();
  for (const row of inExercises(".widget-toggle-buttons")) row.querySelector("button:not(.mod-active)")?.click();
  for (const tick of inExercises("input[type=checkbox]")) if (!tick.checked) tick.click();
  for (const select of inExercises("select")) {
    if (select.options.length > 1) {
      select.selectedIndex = 1;
      select.dispatchEvent(new Event("change", {bubbles: true}));
    }
  }
  const pressed = [];
  for (const button of inExercises("button.widget-button")) {
    const words = button.textContent.trim();
    if (/^(Check|Add|Show|Make|Load|Try)/.test(words)) {
      button.click();
      pressed.push(words);
    }
  }
  return pressed;
}"""


# course.js looks only where the page changed (a click changes it once per widget), yet after a learner's work
# every announced widget's text must be a live region, and no region inside another read out twice.
LIVE_REGIONS = """() => {
  const region = "[role=status], [role=alert], [aria-live=polite], [aria-live=assertive]";
  const speaking = [...document.querySelectorAll(region)].filter(
    r => r.parentElement && r.parentElement.closest(region) && r.getAttribute("aria-live") !== "off");
  const silent = [...document.querySelectorAll(".sl-live > .widget-html-content")].filter(
    c => c.getAttribute("aria-live") !== "polite");
  return {nestedStillSpeaking: speaking.length, announcedButSilent: silent.length,
          regions: document.querySelectorAll(region).length};
}"""


def audit(page):
    """axe-core's findings on the page as it is now: [{rule, impact, help, nodes}]."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # course.js adds its ARIA a moment after each change to the page: let it finish first.
    page.wait_for_function("() => new Promise(done => setTimeout(() => done(true), 100))")
    return page.evaluate(RUN_AXE)


def by_impact(findings):
    counts = collections.Counter()
    for finding in findings:
        counts[finding["impact"]] += len(finding["nodes"])
    return dict(counts)


def unacceptable(findings):
    return [f"{f['impact']} {f['rule']} ({f['help']}): {f['nodes'][:3]}" for f in findings
            if f["impact"] in ("critical", "serious")
            or (f["impact"] == "moderate" and f["rule"] not in ALLOWED_MODERATE)]


def test_axe_core_is_installed_locally():
    assert AXE.exists(), "axe-core is missing: scripts/test.sh installs it (npm ci --prefix tests/axe)"
    assert Path(AXE).stat().st_size > 100_000
