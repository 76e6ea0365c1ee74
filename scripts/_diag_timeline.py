import sys, tempfile, time, json
from pathlib import Path
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests")); sys.path.insert(0, str(REPO / "scripts"))
from benchmark_common import BareVoila
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page
from playwright.sync_api import sync_playwright

INIT = """
window.__tl = [];
const Native = window.WebSocket;
const dec = new TextDecoder();
function peek(d){ try { if (typeof d === 'string') return d.slice(0,300); const b = new Uint8Array(d instanceof ArrayBuffer ? d : d.buffer); return dec.decode(b.subarray(0, Math.min(b.length, 900))).replace(/[^\\x20-\\x7e]/g,'.'); } catch(e) { return '?'; } }
window.WebSocket = class extends Native {
  constructor(u, p) { super(u, p); if (String(u).includes('/channels')) this.addEventListener('message', e => window.__tl.push([performance.now(), 'recv', peek(e.data)])); }
  send(d) { if (String(this.url).includes('/channels')) window.__tl.push([performance.now(), 'send', peek(d)]); return super.send(d); }
};
new MutationObserver(() => { if (!window.__fb && document.querySelector(window.__sel || 'nothing')) { window.__fb = performance.now(); } }).observe(document, {subtree:true, childList:true});
"""
import re
def summarize(entries, t0, fb):
    for t, kind, text in entries:
        if t < t0 - 1: continue
        mt = re.search(r'"msg_type":\s*"(\w+)"', text)
        st = re.search(r'"execution_state":\s*"(\w+)"', text)
        cls = re.search(r'(sl-[a-z-]+|bare-[a-z]+)', text)
        meth = re.search(r'"method":\s*"(\w+)"', text)
        print(f"{t - t0:8.1f} {kind} {mt and mt.group(1)} {st and st.group(1) or ''} {meth and meth.group(1) or ''} {cls and cls.group(1) or ''}")
    print(f"feedback at {fb - t0:.1f}")

folder = Path(tempfile.mkdtemp(prefix="sl-diag-"))
server = VoilaServer("solo", folder / "store.sqlite")
bare = BareVoila(folder)
try:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = b.new_page(); tab.add_init_script(INIT); tab.set_default_timeout(60000)
        tab.goto(bare.module_url("bare-button.ipynb")); wait_for_page(tab)
        tab.locator("button.bare-check").wait_for()
        for n in range(3):
            tab.evaluate("s => { window.__sel = s; window.__fb = 0; }", f".bare-feedback[data-n='{n+1}']")
            t0 = tab.evaluate("() => { window.__tl = []; return performance.now(); }")
            tab.locator("button.bare-check").click()
            tab.wait_for_selector(f".bare-feedback[data-n='{n+1}']", state="attached")
            tab.wait_for_timeout(500)
        print("=== bare"); summarize(tab.evaluate("window.__tl"), t0, tab.evaluate("window.__fb"))
        tab.goto(server.module_url("ways-of.ipynb")); wait_for_page(tab)
        sorter = tab.locator(".sl-balcony"); sorter.locator(".sl-balcony-item").first.wait_for()
        for n in range(3):
            sorter.locator("button.sl-balcony-restart").click()
            tab.wait_for_function("() => !document.querySelector('.sl-balcony-feedback .sl-msg')")
            items = sorter.locator(".sl-balcony-item")
            for i in range(items.count()):
                items.nth(i).get_by_role("button", name="From the balcony").click()
            tab.wait_for_timeout(3000)
            tab.evaluate("s => { window.__sel = s; window.__fb = 0; }", ".sl-balcony-feedback .sl-msg")
            t0 = tab.evaluate("() => { window.__tl = []; return performance.now(); }")
            sorter.locator("button.sl-balcony-check").click()
            tab.wait_for_selector(".sl-balcony-feedback .sl-msg", state="attached")
            tab.wait_for_timeout(1500)
            print("=== balcony", n); summarize(tab.evaluate("window.__tl"), t0, tab.evaluate("window.__fb"))
        b.close()
finally:
    server.stop(); bare.stop()
