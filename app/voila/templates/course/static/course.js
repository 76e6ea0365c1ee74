// Two fixes to pages as Voila renders them:
// - links between the course's pages open in the same tab (JupyterLab's output renderer,
//   which Voila uses, gives every link target="_blank"; that suits outside links only);
// - the tab's title is the module's title from the manifest, not the notebook's file name.
(function () {
  var COURSE = "Systems Leadership";

  var NEW_TAB_LINKS = 'a[target="_blank"]';
  var HEADING = "h1.sl-module-title";

  function keepCourseLinksInTab(links) {
    links.forEach(function (link) {
      if (link.origin === window.location.origin && /\.ipynb$/.test(link.pathname)) {
        link.removeAttribute("target");
      }
    });
  }

  function titleFromHeading() {
    var heading = document.querySelector(HEADING);
    var title = heading ? heading.textContent.trim() + " · " + COURSE : COURSE;
    if (document.title !== title) {
      document.title = title;
    }
  }

  function tidy() {
    keepCourseLinksInTab(document.querySelectorAll(NEW_TAB_LINKS));
    titleFromHeading();
  }

  // Only what the page's changes added (a click's feedback changes the page once per widget, dozens of times).
  function tidyChanges(records) {
    var heading = false;
    records.forEach(function (record) {
      var nodes = record.type === "attributes" ? [record.target] : Array.from(record.addedNodes);
      heading = heading || (record.target instanceof Element && record.target.closest(HEADING) !== null);
      nodes.forEach(function (node) {
        if (node instanceof Element) {
          var links = Array.from(node.querySelectorAll(NEW_TAB_LINKS));
          keepCourseLinksInTab(node.matches(NEW_TAB_LINKS) ? links.concat([node]) : links);
          heading = heading || node.matches(HEADING) || node.querySelector(HEADING) !== null;
        }
      });
    });
    if (heading) {
      titleFromHeading();
    }
  }

  new MutationObserver(tidyChanges).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["target", "href"],
  });
  document.addEventListener("DOMContentLoaded", tidy);
})();

// Nothing typed is lost when the page loses the course, and the page says so (issue 7).
//
// Voila's page talks to its kernel over one websocket (/api/kernels/<id>/channels), opened by
// @jupyterlab/services, which takes window.WebSocket when Voila's bundle loads at the foot of the page. This
// script runs earlier, in the page head, so it puts in a WebSocket that watches kernel sockets on the way:
// - the connection is lost when no kernel socket is open a few seconds after one closed (the server died or
//   the network went), or when the kernel restarts (Jupyter restarts a killed kernel, empty, under the same id:
//   a 'restarting'/'autorestarting'/'dead' status, or a status from a new kernel session). Then every save line
//   says "Not connected" and a notice at the top offers a reload;
// - what the learner types into an exercise's text box is kept in this tab's sessionStorage (per page and
//   learner link) until it is saved, and put back into its box after a reload, which sends it to the new
//   kernel to be saved. Only the learner's text is kept, with the box's place on the page and a hash of its label.
//   The kernel saves a change just after it has handled the message that made it (so a click's feedback comes
//   first), after it says it is idle: so the kept text is dropped only when the exercise's save line says
//   "Saved" for a request (data-request, the kernel's id of the message) sent after the box's last keystroke;
// - a box never sends more than MAX_FIELD_CHARS characters: the server drops a websocket message over 10 MiB.
// Messages are read in both of Jupyter's framings: the binary v1.kernel.websocket.jupyter.org protocol (what
// Voila 0.5 uses) and JSON text (the legacy protocol).
(function () {
  "use strict";

  var KERNEL_SOCKET = /\/api\/kernels\/[^/]+\/channels/;
  var V1_PROTOCOL = "v1.kernel.websocket.jupyter.org";
  var RECONNECT_GRACE_MS = 3000;     // Voila reopens a dropped socket within about a second when it can
  var GIVE_UP_RESTORING_MS = 5000;   // quiet time after which text without its box any more is shown instead
  var SAVE_DRAFTS_DELAY_MS = 250;
  var MAX_FIELD_CHARS = 1000000;     // far under 10 MiB even at 6 bytes a character; more than any answer may be
  var ENDED = ["restarting", "autorestarting", "dead"];
  var SENT_KEPT = 5000;              // requests whose sending time is remembered: far more than a save lags behind
  var TEXT_FIELDS = "textarea, input[type=text], input:not([type])";
  var NativeWebSocket = window.WebSocket;
  var decoder = new TextDecoder();
  var learnerKey = ":" + hash(new URLSearchParams(location.search).get("learner") || "");
  var storageKey = "sl-drafts:" + location.pathname + learnerKey;

  var connection = {
    openSockets: 0, everOpen: false, lost: false, leaving: false,
    kernelSession: null,   // the session of the kernel the page started with
    sentAt: new Map(),     // id of each recent request the page sent the kernel -> when (performance.now())
    lastSavedClock: "",    // "14:02" from the latest "Saved 14:02" shown on this page
  };
  var drafts = {};                 // key -> {cell, exercise, label, nth, text, typedAt}: see placeOf
  var toRestore = readStoredDrafts();
  var seenStatus = new WeakMap();  // save line -> its last HTML
  var typedText = new WeakMap();   // text box -> its text as the last keystroke left it
  var saveTimer = null, giveUpTimer = null;

  // ---- watching the kernel's websocket

  class CourseWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (KERNEL_SOCKET.test(String(url))) {
        watchKernelSocket(this);
      }
    }

    send(data) {
      if (this.slKernelSocket) {
        quietly(noteSent, data, this.protocol);
      }
      return super.send(data);
    }
  }
  window.WebSocket = CourseWebSocket;

  function quietly(watcher, data, protocol) {
    try {
      watcher(data, protocol);
    } catch (error) {  // watching must never break Voila's own use of the socket
      console.warn("course.js: couldn't read a kernel message", error);
    }
  }

  function watchKernelSocket(socket) {
    var open = false;
    socket.slKernelSocket = true;
    socket.addEventListener("open", function () {
      open = true;
      connection.openSockets += 1;
      connection.everOpen = true;
      restoreDrafts();
    });
    socket.addEventListener("close", function () {
      if (open) {
        open = false;
        connection.openSockets -= 1;
      }
      setTimeout(function () {
        if (connection.openSockets === 0) {
          loseConnection();
        }
      }, RECONNECT_GRACE_MS);
    });
    socket.addEventListener("message", function (event) {
      quietly(noteReceived, event.data, socket.protocol);
    });
  }

  // A kernel message's channel and its parts, read only when asked for: 0 header, 1 parent header, 3 content;
  // mentions(part, word): whether that part's text holds the word (always true in the legacy framing).
  function kernelMessage(data, protocol) {
    if (typeof data === "string") {
      var message = JSON.parse(data);
      var parts = [message.header, message.parent_header, message.metadata, message.content];
      return {channel: message.channel, part: function (index) { return parts[index]; },
              mentions: function () { return true; }};
    }
    if (protocol !== V1_PROTOCOL) {
      return null;  // a legacy binary frame carries buffers, never a status or a request we track
    }
    var bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(data);
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Little-endian 64-bit offsets; reading their low 32 bits is exact below 4 GiB.
    var offset = function (index) { return view.getUint32(8 * (index + 1), true); };
    var text = function (index) { return decoder.decode(bytes.subarray(offset(index), offset(index + 1))); };
    return {channel: text(0), part: function (index) { return JSON.parse(text(index + 1)); },
            mentions: function (index, word) { return text(index + 1).indexOf(word) >= 0; }};
  }

  function noteSent(data, protocol) {
    var message = kernelMessage(data, protocol);
    if (message && message.channel === "shell") {
      connection.sentAt.set(message.part(0).msg_id, performance.now());
      if (connection.sentAt.size > SENT_KEPT) {
        connection.sentAt.delete(connection.sentAt.keys().next().value);  // the oldest
      }
    }
  }

  function noteReceived(data, protocol) {
    var message = kernelMessage(data, protocol);
    if (!message || message.channel !== "iopub" || !message.mentions(0, "status")) {
      return;  // a header is parsed only when it may be a status: most messages are widget updates
    }
    var header = message.part(0);
    if (header.msg_type !== "status") {
      return;
    }
    var state = message.part(3).execution_state;
    if (ENDED.indexOf(state) >= 0 || (connection.kernelSession && header.session !== connection.kernelSession)) {
      loseConnection();
      return;
    }
    connection.kernelSession = connection.kernelSession || header.session;
  }

  // ---- saying that the connection is lost

  function lostLineText() {
    return connection.lastSavedClock
        ? "Not connected — your work up to " + connection.lastSavedClock + " is saved; reload to go on."
        : "Not connected — your work from before this page opened is saved; reload to go on.";
  }

  function loseConnection() {
    if (connection.lost || connection.leaving) {
      return;
    }
    connection.lost = true;
    saveDrafts();
    document.querySelectorAll(".sl-save-status").forEach(showLostOn);
    showLostNotice();
  }

  function showLostOn(status) {
    var content = status.querySelector(".widget-html-content") || status;
    if (content.querySelector(".sl-save-lost") || content.querySelector(".sl-save-off")) {
      return;  // a line that never saved ("Not saved: …") already says the right thing
    }
    var line = document.createElement("p");
    line.className = "sl-save-bad sl-save-lost";
    line.setAttribute("role", "status");
    var symbol = document.createElement("span");
    symbol.className = "sl-save-symbol";
    symbol.setAttribute("aria-hidden", "true");
    symbol.textContent = "✗";
    line.append(symbol, " " + lostLineText());
    content.replaceChildren(line);
  }

  // "<strong>label</strong> text", the shape of every message the course shows.
  function labelled(element, label, text) {
    var strong = document.createElement("strong");
    strong.textContent = label;
    element.replaceChildren(strong, " " + text);
    return element;
  }

  function showLostNotice() {
    var notice = document.createElement("div");
    notice.className = "sl-connection-lost";
    notice.setAttribute("role", "alert");
    var saved = connection.lastSavedClock ? "Your work up to " + connection.lastSavedClock + " is saved. "
        : "Your work from before this page opened is saved. ";
    var text = labelled(document.createElement("p"), "Not connected.", "This page has lost its connection to " +
        "the course, so changes made here now are not saved. " + saved + "What you typed since is kept in this " +
        "browser: reload the page to go on, and it is put back.");
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload the page";
    reload.addEventListener("click", function () { location.reload(); });
    notice.append(text, reload);
    document.body.prepend(notice);
  }

  // ---- the page's exercises, their text boxes and their save lines

  function hash(text) {  // FNV-1a: enough to tell labels and learner links apart, without keeping them
    var value = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) {
      value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return value.toString(16);
  }

  // Where a box is, in terms that stay the same across reloads and while Voila is still drawing the page:
  // the notebook cell that shows its exercise (Voila numbers them in the page it sends), the exercise within
  // that cell, the box's label (hashed) and, among boxes with that same label there, which one.
  function cellOf(element) {
    var cell = element.closest("[cell-index]");
    return cell ? cell.getAttribute("cell-index") : "";
  }

  function cellElement(cellIndex) {
    return cellIndex ? document.querySelector('[cell-index="' + cellIndex + '"]') : document;
  }

  function labelOf(field) {
    var widget = field.closest(".jupyter-widgets");
    var label = widget && widget.querySelector(".widget-label");
    return hash((label ? label.textContent : "") + "|" + (field.placeholder || ""));
  }

  function sameLabelled(exercise, label) {
    return Array.from(exercise.querySelectorAll(TEXT_FIELDS)).filter(function (field) {
      return labelOf(field) === label;
    });
  }

  function placeOf(field) {
    var exercise = field.closest(".sl-exercise");
    if (!exercise) {
      return null;
    }
    var cell = cellOf(exercise);
    var label = labelOf(field);
    var place = {cell: cell, exercise: Array.from(cellElement(cell).querySelectorAll(".sl-exercise")).indexOf(exercise),
                 label: label, nth: sameLabelled(exercise, label).indexOf(field)};
    place.key = [place.cell, place.exercise, place.label, place.nth].join("/");
    return place;
  }

  function exerciseAt(place) {
    var cell = cellElement(place.cell);
    return cell ? cell.querySelectorAll(".sl-exercise")[place.exercise] || null : null;
  }

  function fieldAt(place) {
    var exercise = exerciseAt(place);
    return exercise ? sameLabelled(exercise, place.label)[place.nth] || null : null;
  }

  // An exercise's save line is the first one after it (Page.show puts it right below the exercise).
  function statusOf(exercise) {
    if (!exercise) {
      return null;
    }
    var elements = Array.from(document.querySelectorAll(".sl-exercise, .sl-save-status"));
    var next = elements.slice(elements.indexOf(exercise) + 1).find(function (element) {
      return !exercise.contains(element);
    });
    return next && next.classList.contains("sl-save-status") ? next : null;
  }

  // What a save line says: "saved", "bad", "info", "off", "conflict", "lost" or "" (not shown yet).
  function saveKind(status) {
    if (!status) {
      return "";
    }
    if (status.querySelector(".sl-save-conflict")) {
      return "conflict";
    }
    var kinds = ["lost", "saved", "bad", "info", "off"];
    for (var i = 0; i < kinds.length; i += 1) {
      if (status.querySelector(".sl-save-" + kinds[i])) {
        return kinds[i];
      }
    }
    return "";
  }

  function watchSaveLines() {
    document.querySelectorAll(".sl-save-status").forEach(function (status) {
      var html = status.innerHTML;
      if (seenStatus.get(status) === html) {
        return;
      }
      seenStatus.set(status, html);
      var kind = saveKind(status);
      if (connection.lost) {
        showLostOn(status);
      } else if (kind === "saved") {
        var clock = /\b(\d{1,2}:\d{2})\b/.exec(status.textContent);
        connection.lastSavedClock = clock ? clock[1] : connection.lastSavedClock;
        forgetSavedDrafts();
      } else if (kind === "conflict") {
        forgetDraftsOf(status);  // the other window's newer text wins: a reload shows it
      }
    });
  }

  // A note under a box (the box's own widget), replaced rather than repeated.
  function noteBy(field, label, text, kind) {
    var widget = field.closest(".jupyter-widgets") || field;
    var note = widget.nextElementSibling;
    if (!note || !note.classList.contains("sl-field-note")) {
      note = document.createElement("div");
      widget.after(note);
    }
    note.className = "sl-msg sl-msg-" + kind + " sl-field-note";
    note.setAttribute("role", "status");
    labelled(note, label, text);
  }

  // ---- what the learner types, kept until it is saved

  function onTyping(event) {
    var field = event.target;
    if (!(field instanceof Element) || !field.matches(TEXT_FIELDS)) {
      return;
    }
    keepToFirstPart(field);
    if (event.type === "change" && typedText.get(field) === field.value) {
      return;  // leaving the box: its text was sent as it was typed, so it counts from its last keystroke
    }
    typedText.set(field, field.value);
    var place = placeOf(field);
    var kind = place && saveKind(statusOf(field.closest(".sl-exercise")));
    if (!place || kind === "off" || kind === "conflict") {
      return;  // outside an exercise, nothing on it is ever saved, or another window's newer text wins
    }
    place.text = field.value;
    place.typedAt = performance.now();
    drafts[place.key] = place;
    saveDraftsSoon();
  }

  function keepToFirstPart(field) {
    var length = field.value.length;
    if (length <= MAX_FIELD_CHARS) {
      return;
    }
    var cut = MAX_FIELD_CHARS;
    var last = field.value.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      cut -= 1;  // don't split a character made of two UTF-16 units
    }
    field.value = field.value.slice(0, cut);
    noteBy(field, "Heads up:", "This text was " + length.toLocaleString("en-GB") + " characters long; a box " +
        "can take at most " + MAX_FIELD_CHARS.toLocaleString("en-GB") + ", so only the first " +
        cut.toLocaleString("en-GB") + " were kept.", "warn");
  }

  // A draft is saved once its exercise's save line says "Saved" for a request sent after the draft's last
  // keystroke (a box's text goes with every keystroke, or when the learner leaves the box, which comes before
  // any click elsewhere): the kernel handles requests in order, and a save holds every change made up to the
  // request it names. Merely being idle proves nothing: the kernel saves just after it says so.
  function forgetSavedDrafts() {
    if (connection.lost) {
      return;
    }
    Object.keys(drafts).forEach(function (key) {
      var draft = drafts[key];
      var status = statusOf(exerciseAt(draft));
      var kind = saveKind(status);
      if (kind === "conflict" || (kind === "saved" && savedSince(status, draft.typedAt))) {
        delete drafts[key];
      }
    });
    saveDraftsSoon();
  }

  // True when a save line's "Saved" holds a request this page sent at `moment` or later.
  function savedSince(status, moment) {
    var line = status.querySelector(".sl-save-saved[data-request]");
    var sent = line ? connection.sentAt.get(line.getAttribute("data-request")) : undefined;
    return sent !== undefined && sent >= moment;
  }

  // "Delete all my saved work" (home page) deletes what this tab keeps for the learner too.
  function forgetAllDrafts() {
    drafts = {};
    toRestore = [];
    try {
      Object.keys(sessionStorage).forEach(function (key) {
        if (key.startsWith("sl-drafts:") && key.endsWith(learnerKey)) {
          sessionStorage.removeItem(key);
        }
      });
    } catch (error) {
      console.warn("course.js: couldn't forget typed text kept in this browser", error);
    }
  }

  function forgetDraftsOf(status) {
    var elsewhere = function (draft) { return statusOf(exerciseAt(draft)) !== status; };
    Object.keys(drafts).forEach(function (key) {
      if (!elsewhere(drafts[key])) {
        delete drafts[key];
      }
    });
    toRestore = toRestore.filter(elsewhere);
    saveDrafts();
  }

  function readStoredDrafts() {
    try {
      var stored = JSON.parse(sessionStorage.getItem(storageKey) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return [];
    }
  }

  function saveDrafts() {
    clearTimeout(saveTimer);
    saveTimer = null;
    var kept = toRestore.concat(Object.keys(drafts).map(function (key) {
      var draft = drafts[key];
      return {cell: draft.cell, exercise: draft.exercise, label: draft.label, nth: draft.nth, text: draft.text};
    }));
    try {
      if (kept.length) {
        sessionStorage.setItem(storageKey, JSON.stringify(kept));
      } else {
        sessionStorage.removeItem(storageKey);
      }
    } catch (error) {  // storage full or turned off: the page works as before, without the safety net
      console.warn("course.js: couldn't keep typed text in this browser", error);
    }
  }

  function saveDraftsSoon() {
    if (!saveTimer) {
      saveTimer = setTimeout(saveDrafts, SAVE_DRAFTS_DELAY_MS);
    }
  }

  // After a reload: put each kept text back into its box once the box is on the page and live, and send it.
  // An exercise that saves nothing on this load ("Not saved: …", e.g. the store can't be reached) gets
  // nothing back: its text stays kept for a load that can save it.
  function restoreDrafts() {
    if (!toRestore.length || !connection.everOpen || connection.lost) {
      return;
    }
    var before = toRestore.length;
    toRestore = toRestore.filter(function (draft) {
      var field = fieldAt(draft);
      var kind = saveKind(statusOf(exerciseAt(draft)));
      if (kind === "conflict") {
        return false;
      }
      if (!kind || !field || kind === "off") {
        return true;  // not shown yet, or not saved here
      }
      if (field.value !== draft.text) {
        field.value = draft.text;
        field.dispatchEvent(new Event("input", {bubbles: true}));
        field.dispatchEvent(new Event("change", {bubbles: true}));
        noteBy(field, "Put back:", "this is what you had typed here before the page was reloaded.", "info");
      }
      return false;
    });
    if (toRestore.length !== before) {
      saveDrafts();
    }
    clearTimeout(giveUpTimer);
    if (toRestore.length) {
      giveUpTimer = setTimeout(showUnplacedDrafts, GIVE_UP_RESTORING_MS);
    }
  }

  // Kept text whose box is no longer on the page (the course changed): shown for the learner to copy.
  function showUnplacedDrafts() {
    if (connection.lost) {
      return;
    }
    if (document.getElementById("loading")) {
      giveUpTimer = setTimeout(showUnplacedDrafts, GIVE_UP_RESTORING_MS);
      return;
    }
    var unplaced = toRestore.filter(function (draft) {
      return !fieldAt(draft) && saveKind(statusOf(exerciseAt(draft))) !== "off";
    });
    if (!unplaced.length) {
      return;
    }
    var box = document.createElement("div");
    box.className = "sl-msg sl-msg-warn sl-drafts-unplaced";
    box.setAttribute("role", "status");
    box.append(labelled(document.createElement("p"), "Heads up:", "This text you typed before the page was " +
        "reloaded has no box to go back into on this page any more. Copy it now if you want to keep it."));
    unplaced.forEach(function (draft) {
      var copy = document.createElement("textarea");
      copy.readOnly = true;
      copy.rows = 3;
      copy.value = draft.text;
      copy.setAttribute("aria-label", "Text you typed before");
      box.append(copy);
    });
    (document.getElementById("rendered_cells") || document.body).prepend(box);
    toRestore = toRestore.filter(function (draft) { return unplaced.indexOf(draft) < 0; });
    saveDrafts();
  }

  document.addEventListener("input", onTyping, true);
  document.addEventListener("change", onTyping, true);
  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest(".sl-delete-confirm")) {
      forgetAllDrafts();
    }
  });
  window.addEventListener("pagehide", function () {
    connection.leaving = true;
    forgetSavedDrafts();  // no time left to let the page show the last replies: what is saved by now is saved
    saveDrafts();
  });
  // Save lines are read again only when one changed or came: a click's feedback changes the page dozens of times.
  function touchesSaveLine(record) {
    var target = record.target instanceof Element ? record.target : record.target.parentElement;
    return (target && target.closest(".sl-save-status") !== null) || Array.from(record.addedNodes).some(function (node) {
      return node instanceof Element && (node.matches(".sl-save-status") || node.querySelector(".sl-save-status") !== null);
    });
  }

  new MutationObserver(function (records) {
    if (records.some(touchesSaveLine)) {
      watchSaveLines();
    }
    restoreDrafts();
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
})();

// A room learner's personal link in the browser (issue 14). The page's HTML (widgets/pages/personal_link.py)
// marks what is there; this script:
// - puts the exact address into the link box and, just after "Start the course", into the address bar, so a
//   bookmark or a link shared to oneself is the personal link;
// - copies it ("Copy my personal link"), with a confirmation;
// - keeps the learner's token in this browser's localStorage (the token only, never their work), unless they
//   said at Start that this is a shared computer, and forgets it with "Forget me on this device", after "Delete
//   all my saved work", or when the course no longer recognises it;
// - on the home page without a link, offers "Continue as before" when this browser remembers a token.
(function () {
  "use strict";

  var STORED_TOKEN = "sl-learner-token";
  var TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

  function storedToken() {
    try {
      var token = window.localStorage.getItem(STORED_TOKEN) || "";
      return TOKEN.test(token) ? token : "";
    } catch (error) {  // storage turned off: nothing is remembered
      return "";
    }
  }

  function remember(token) {
    try {
      window.localStorage.setItem(STORED_TOKEN, token);
    } catch (error) {
      console.warn("course.js: couldn't remember the personal link in this browser", error);
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORED_TOKEN);
    } catch (error) {
      console.warn("course.js: couldn't forget the personal link in this browser", error);
    }
  }

  function tokenIn(address) {
    return new URL(address, location.href).searchParams.get("learner") || "";
  }

  function once(element) {
    if (element.dataset.slSeen) {
      return false;
    }
    element.dataset.slSeen = "yes";
    return true;
  }

  function showDeviceChoice(box) {
    var link = box.querySelector("a.sl-personal-open");
    var remembered = link && storedToken() === tokenIn(link.getAttribute("href"));
    box.querySelectorAll(".sl-device-remembered").forEach(function (p) { p.hidden = !remembered; });
    box.querySelectorAll(".sl-device-forgotten").forEach(function (p) { p.hidden = remembered; });
  }

  function setUpLinkBox(box) {
    var link = box.querySelector("a.sl-personal-open");
    if (!link || !once(box)) {
      return;
    }
    var address = new URL(link.getAttribute("href"), location.href).href;
    box.querySelectorAll(".sl-personal-address").forEach(function (field) { field.value = address; });
    if (box.dataset.new === "yes" && !tokenIn(location.href)) {
      history.replaceState(history.state, "", address);
    }
    if (box.dataset.remember === "yes") {
      remember(tokenIn(address));
    } else if (box.dataset.remember === "no") {
      forget();  // a shared computer keeps nothing
    }
    showDeviceChoice(box);
  }

  function setUpResume(resume) {
    var token = storedToken();
    var link = resume.querySelector("a.sl-resume-link");
    if (!token || !link || !once(resume)) {
      return;
    }
    link.setAttribute("href", link.getAttribute("href").split("?")[0] + "?learner=" + encodeURIComponent(token));
    resume.hidden = false;
  }

  function forgetIfThisLink() {
    var token = tokenIn(location.href);
    if (token && storedToken() === token) {
      forget();
    }
  }

  function afterDelete(marker) {
    if (!once(marker)) {
      return;
    }
    forgetIfThisLink();
    if (tokenIn(location.href)) {  // the link is dead: the address bar must not offer it as a bookmark
      var address = new URL(location.href);
      address.searchParams.delete("learner");
      history.replaceState(history.state, "", address.href);
    }
  }

  function copy(button) {
    var box = button.closest(".sl-personal-link");
    var field = box && box.querySelector(".sl-personal-address");
    var done = box && box.querySelector(".sl-copy-done");
    if (!field) {
      return;
    }
    var say = function (text) { if (done) { done.textContent = text; } };
    var copied = function () { say("Copied. Paste it somewhere safe, such as an email to yourself."); };
    var byHand = function () {
      // Served over plain http the clipboard API is missing: copy from the selected box instead.
      var details = box.querySelector(".sl-link-details");
      if (details) {
        details.open = true;
      }
      field.focus();
      field.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (error) {
        ok = false;
      }
      if (ok) {
        copied();
      } else {
        say("Your link is selected in the box below: copy it from there.");
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(copied, byHand);
    } else {
      byHand();
    }
  }

  function look() {
    document.querySelectorAll(".sl-personal-link").forEach(setUpLinkBox);
    document.querySelectorAll(".sl-resume").forEach(setUpResume);
    document.querySelectorAll(".sl-work-deleted").forEach(afterDelete);
    if (document.querySelector(".sl-unrecognised")) {
      forgetIfThisLink();  // e.g. its work was deleted from another device
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    if (target.closest(".sl-copy-link")) {
      copy(target.closest(".sl-copy-link"));
    } else if (target.closest(".sl-forget-device")) {
      forget();
      document.querySelectorAll(".sl-resume").forEach(function (resume) { resume.hidden = true; });
      document.querySelectorAll(".sl-personal-link").forEach(showDeviceChoice);
    } else if (target.closest(".sl-remember-device")) {
      var link = target.closest(".sl-personal-link").querySelector("a.sl-personal-open");
      remember(tokenIn(link.getAttribute("href")));
      document.querySelectorAll(".sl-personal-link").forEach(showDeviceChoice);
    } else if (target.matches(".sl-personal-address")) {
      target.select();  // one tap selects the whole link
    }
  });
  var LOOKED_FOR = ".sl-personal-link, .sl-resume, .sl-work-deleted, .sl-unrecognised";

  // Only when one of them came or changed: a click's feedback changes the page dozens of times.
  new MutationObserver(function (records) {
    var found = records.some(function (record) {
      return (record.target instanceof Element && record.target.closest(LOOKED_FOR) !== null) ||
        Array.from(record.addedNodes).some(function (node) {
          return node instanceof Element && (node.matches(LOOKED_FOR) || node.querySelector(LOOKED_FOR) !== null);
        });
    });
    if (found) {
      look();
    }
  }).observe(document.documentElement, {subtree: true, childList: true});
  document.addEventListener("DOMContentLoaded", look);
})();

// What ipywidgets leaves out for keyboards and screen readers (it has no ARIA of its own), added to every page
// as widgets are drawn (issue 13). Keyed on ipywidgets' own classes and on a few the course sets from Python
// (widgets/views/ui.py):
// - a widget's description names its control: text boxes, dropdowns and slider handles get aria-labelledby;
// - a set of radio buttons is one radio group: one Tab stop, arrow keys move the choice, its description names it;
// - a toggle button says whether it is chosen (aria-pressed); a row of them (ToggleButtons, one choice) is a group
//   named by its description and one Tab stop (the chosen button, or the first), where arrow keys, Home and End
//   move the choice, as in a radio group. They stay buttons, so Enter and Space press them as before;
// - a box marked `sl-group` is a group named by the box marked `sl-group-label` before it (ui.labelled_group);
// - feedback is announced once: an HTML widget marked `sl-live` (ui.announced) is itself the live region, there
//   from the start, so each new text in it is read out; a live region inside another is silenced (it would be
//   read out twice). Done as the page changes, before the browser tells a screen reader about the change;
// - a picture that scrolls sideways in its box (on a phone) makes the box a Tab stop, named, so a keyboard can
//   scroll it;
// - the skip link goes past the module's header and its top navigation to the first thing after them;
// - before printing, every text box grows to show all of its text (paper can't scroll);
// - the learner's time zone goes to the kernel through the hidden box marked `sl-time-zone` (the journal's
//   times), and a save line's time (data-at) is shown in the browser's own zone.
(function () {
  "use strict";

  var ARROWS = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
  var PICTURES = ".sl-pert-chart, .sl-sa-radar, .sl-sys-drawing .widget-html-content";
  var serial = 0;
  var pending = false;
  var picturesChanged = true;  // measuring them makes the browser lay the page out: only when one changed

  function idOf(element) {
    if (!element.id) {
      serial += 1;
      element.id = "sl-a11y-" + serial;
    }
    return element.id;
  }

  function setIfChanged(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  function describedLabel(widget) {
    var label = widget.querySelector(":scope > .widget-label");
    return label && label.textContent.trim() ? label : null;
  }

  function nameControls() {
    var controls = "input:not([type=radio]):not([type=checkbox]), select, textarea, [role=slider]";
    document.querySelectorAll(".jupyter-widgets.widget-inline-hbox").forEach(function (widget) {
      var label = describedLabel(widget);
      if (!label) {
        return;
      }
      widget.querySelectorAll(controls).forEach(function (control) {
        if (!control.getAttribute("aria-label") && !control.closest(".widget-radio-box, .widget-toggle-buttons > div")) {
          setIfChanged(control, "aria-labelledby", idOf(label));
        }
      });
    });
  }

  function radioGroups() {
    document.querySelectorAll(".widget-radio-box").forEach(function (box) {
      setIfChanged(box, "role", "radiogroup");
      var label = describedLabel(box.parentElement);
      if (label) {
        setIfChanged(box, "aria-labelledby", idOf(label));
      }
      var name = idOf(box) + "-choice";  // one name: the browser makes the radios one Tab stop with arrow keys
      box.querySelectorAll("input[type=radio]").forEach(function (radio) {
        if (radio.name !== name) {
          radio.name = name;
        }
      });
    });
  }

  function toggleGroups() {
    document.querySelectorAll(".widget-toggle-buttons").forEach(function (widget) {
      var buttons = Array.from(widget.querySelectorAll("button.widget-toggle-button"));
      if (!buttons.length) {
        return;
      }
      var group = buttons[0].parentElement;
      setIfChanged(group, "role", "group");
      var label = describedLabel(widget);
      if (label) {
        setIfChanged(group, "aria-labelledby", idOf(label));
      }
      var chosen = buttons.find(function (button) { return button.classList.contains("mod-active"); });
      var stop = chosen && !chosen.disabled ? chosen : buttons.find(function (button) { return !button.disabled; });
      buttons.forEach(function (button) {
        setIfChanged(button, "tabindex", button === stop ? "0" : "-1");
      });
    });
    document.querySelectorAll("button.widget-toggle-button").forEach(function (button) {
      setIfChanged(button, "aria-pressed", button.classList.contains("mod-active") ? "true" : "false");
    });
  }

  function labelledGroups() {
    document.querySelectorAll(".sl-group").forEach(function (group) {
      setIfChanged(group, "role", "group");
      var label = group.previousElementSibling;
      while (label && !label.classList.contains("sl-group-label")) {
        label = label.previousElementSibling;
      }
      if (label) {
        setIfChanged(group, "aria-labelledby", idOf(label));
      }
    });
  }

  // Arrow keys in a row of toggle buttons choose the next or previous button, as in any radio group.
  function onKey(event) {
    var button = event.target instanceof Element && event.target.closest(".widget-toggle-buttons button.widget-toggle-button");
    if (!button || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var buttons = Array.from(button.parentElement.querySelectorAll("button.widget-toggle-button"))
      .filter(function (each) { return !each.disabled; });
    var index = buttons.indexOf(button);
    var next = null;
    if (event.key in ARROWS) {
      next = buttons[(index + ARROWS[event.key] + buttons.length) % buttons.length];
    } else if (event.key === "Home") {
      next = buttons[0];
    } else if (event.key === "End") {
      next = buttons[buttons.length - 1];
    }
    if (!next) {
      return;
    }
    event.preventDefault();
    buttons.forEach(function (each) { each.setAttribute("tabindex", each === next ? "0" : "-1"); });
    next.focus();
    if (!next.classList.contains("mod-active")) {
      next.click();
    }
  }

  function skipTarget() {
    var nav = document.querySelector("#rendered_cells nav.sl-nav");
    var cells = Array.from(document.querySelectorAll("#rendered_cells .jp-Cell"));
    var after = cells.slice(cells.indexOf(nav && nav.closest(".jp-Cell")) + 1).find(function (cell) {
      return nav && cell.textContent.trim();
    });
    return after || document.getElementById("rendered_cells");
  }

  function onSkip(event) {
    if (!(event.target instanceof Element) || !event.target.closest(".sl-skip-link")) {
      return;
    }
    var target = skipTarget();
    if (target) {
      event.preventDefault();
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
      target.scrollIntoView();
    }
  }

  // Only where the page changed (`roots`): a click's feedback changes the page once per widget, dozens of times.
  function liveRegions(roots) {
    roots.forEach(function (root) {
      within(root, ".sl-live > .widget-html-content").forEach(function (content) {
        setIfChanged(content, "aria-live", "polite");
      });
      within(root, "[role=status], [role=alert], [aria-live=polite], [aria-live=assertive]").forEach(function (region) {
        var outer = region.parentElement && region.parentElement.closest(
          "[role=status], [role=alert], [aria-live=polite], [aria-live=assertive]");
        if (outer) {
          setIfChanged(region, "aria-live", "off");
        }
      });
    });
  }

  // `root` and the elements in it that match `selector`.
  function within(root, selector) {
    var found = Array.from(root.querySelectorAll(selector));
    return root.matches(selector) ? [root].concat(found) : found;
  }

  // The elements the mutation `records` changed, each once and none inside another.
  function changedRoots(records) {
    var roots = [];
    records.forEach(function (record) {
      var target = record.target.nodeType === Node.ELEMENT_NODE ? record.target : record.target.parentElement;
      if (target && roots.indexOf(target) < 0) {
        roots.push(target);
      }
    });
    return roots.filter(function (root) {
      return !roots.some(function (other) { return other !== root && other.contains(root); });
    });
  }

  function scrollingPictures() {
    document.querySelectorAll(PICTURES)
      .forEach(function (box) {
        if (box.scrollWidth > box.clientWidth + 1) {
          if (box.getAttribute("tabindex") !== "0") {
            box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;  // start from the picture's middle
          }
          setIfChanged(box, "tabindex", "0");
          setIfChanged(box, "role", "region");
          var title = box.querySelector("svg > title");
          var name = title && title.textContent.trim() ? title.textContent.trim() : "Picture";
          setIfChanged(box, "aria-label", name + " (scroll sideways to see all of it)");
        } else if (box.getAttribute("tabindex") === "0") {
          ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
        }
      });
  }

  var zoneFound = null;

  function browserZone() {  // asked once: making a DateTimeFormat takes about a millisecond
    if (zoneFound === null) {
      try {
        zoneFound = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      } catch (error) {
        zoneFound = "";
      }
    }
    return zoneFound;
  }

  function timeZone() {
    var zone = browserZone();
    document.querySelectorAll(".sl-time-zone input").forEach(function (field) {
      if (zone && field.value !== zone) {
        field.value = zone;
        field.dispatchEvent(new Event("input", {bubbles: true}));
        field.dispatchEvent(new Event("change", {bubbles: true}));
      }
    });
  }

  function localClocks(roots) {
    roots.forEach(function (root) {
      within(root, ".sl-save-status [data-at]:not([data-sl-local])").forEach(localClock);
    });
  }

  function localClock(line) {
    var moment = new Date(line.getAttribute("data-at"));
    if (isNaN(moment.getTime())) {
      return;
    }
    var local = moment.toLocaleTimeString("en-GB", {hour: "2-digit", minute: "2-digit"});
    line.setAttribute("data-sl-local", "yes");
    var walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      walker.currentNode.nodeValue = walker.currentNode.nodeValue.replace(/\b\d{1,2}:\d{2}\b/, local);
    }
  }

  function pass() {
    pending = false;
    timeZone();
    if (picturesChanged) {
      picturesChanged = false;
      scrollingPictures();
    }
    nameControls();
    radioGroups();
    toggleGroups();
    labelledGroups();
  }

  function soon() {
    if (!pending) {
      pending = true;
      setTimeout(pass, 30);
    }
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("click", onSkip);
  function resized() {
    picturesChanged = true;
    soon();
  }

  new MutationObserver(function (records) {
    var roots = changedRoots(records);
    liveRegions(roots);
    localClocks(roots);
    picturesChanged = picturesChanged || roots.some(function (root) {
      return root.closest(PICTURES) !== null || root.querySelector(PICTURES) !== null;
    });
    soon();
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class", "disabled"],
  });
  document.addEventListener("DOMContentLoaded", resized);
  window.addEventListener("resize", resized);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("#rendered_cells textarea").forEach(function (box) {
      box.dataset.slHeight = box.style.height;
      box.style.height = Math.max(box.scrollHeight, box.clientHeight) + 4 + "px";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("#rendered_cells textarea").forEach(function (box) {
      box.style.height = box.dataset.slHeight || "";
    });
  });
})();
