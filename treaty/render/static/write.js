/* treaty serve --write: table a proposal by selecting words in the draft; support or
   oppose with one click; the secretariat sets statuses. Every request is JSON to the same
   API a script would use, with the CSRF token echoed from its cookie. The page itself is
   shared by everyone (cached); what depends on who is signed in is added here. */
(function () {
  "use strict";
  var STATUSES = ["proposed", "agreed-ad-ref", "adopted", "rejected", "withdrawn"];
  var KINDS = [
    ["replace", "Replace"], ["before", "Insert before"], ["after", "Insert after"],
    ["delete", "Delete"], ["new_paragraph", "New paragraph after"], ["alternative", "Alternative text"]
  ];
  var me = null, selection = null;
  var content = document.getElementById("serve-content");

  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken")},
      body: JSON.stringify(body || {})})
      .then(function (r) {
        return r.json().then(function (d) { d._status = r.status; return d; },
                             function () { return {_status: r.status, error: r.statusText}; });
      });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var style = el("style");
  style.textContent = [
    "#tt-panel { position: fixed; right: 1rem; bottom: 1rem; width: 26rem; max-height: 80vh; overflow: auto;",
    "  z-index: 40; background: #fff; border: 2px solid #1d3f8f; border-radius: .4rem; padding: .6rem .9rem;",
    "  font: 14px/1.4 system-ui, 'DejaVu Sans', Arial, sans-serif; box-shadow: 0 4px 18px rgba(0,0,0,.18); }",
    "#tt-panel h2 { font-size: 1rem; margin: .1rem 0 .4rem; }",
    "#tt-panel blockquote { margin: .3rem 0; padding: .2rem .5rem; background: #fff7d6; border-left: 3px solid #c7a100; }",
    "#tt-panel fieldset { border: 0; padding: 0; margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .2rem .7rem; }",
    "#tt-panel textarea, #tt-panel input[type=text] { width: 100%; box-sizing: border-box; font: inherit; margin: .2rem 0; }",
    "#tt-panel .buttons { display: flex; gap: .5rem; margin: .4rem 0; }",
    "#tt-panel button, .tt-act button { font: inherit; cursor: pointer; }",
    "#tt-preview-box { border: 1px dashed #9ca3af; padding: .3rem .6rem; margin-top: .4rem; font-size: .95em;",
    "  max-height: 40vh; overflow: auto; position: relative; }",
    "#tt-message { min-height: 1.2em; } #tt-message.error { color: #8a1116; } #tt-message.ok { color: #1b6e2a; }",
    ".tt-act { display: inline-flex; gap: .3rem; margin-left: .5rem; font-size: .85em; vertical-align: middle; }",
    ".tt-act button[aria-pressed=true] { background: #1b6e2a; color: #fff; border-color: #1b6e2a; }",
    ".tt-act .tt-own { color: #4b5563; }",
    "#tt-toast { position: fixed; left: 50%; transform: translateX(-50%); bottom: 1rem; z-index: 41; background: #111;",
    "  color: #fff; padding: .4rem .9rem; border-radius: .3rem; font: 14px system-ui, sans-serif; }"
  ].join("\n");
  document.head.appendChild(style);

  function toast(text, error) {
    var t = document.getElementById("tt-toast") || document.body.appendChild(el("div", {id: "tt-toast", role: "status"}));
    t.textContent = text;
    t.style.background = error ? "#8a1116" : "#111";
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 6000);
  }

  // -- who is signed in (shown in the bar, which is replaced on every refresh) -------------
  function showWho() {
    var slot = document.getElementById("serve-who");
    if (!slot || slot.dataset.who === String(me && me.who)) return;
    slot.dataset.who = String(me && me.who);
    slot.textContent = "";
    if (!me || !me.who) { slot.appendChild(el("a", {href: "/signin"}, "Sign in")); return; }
    slot.appendChild(document.createTextNode("signed in: " + me.name + " "));
    var out = el("button", {type: "button", id: "tt-signout"}, "sign out");
    out.addEventListener("click", function () {
      post("/api/signout").then(function () { window.location.reload(); });
    });
    slot.appendChild(out);
  }

  // -- the proposal panel --------------------------------------------------------------------
  var panel = el("aside", {id: "tt-panel", hidden: "", "aria-label": "Propose"});
  panel.innerHTML = '<h2>Propose a change</h2><div id="tt-where"></div><blockquote id="tt-words"></blockquote>' +
    '<fieldset id="tt-kinds"></fieldset>' +
    '<label id="tt-text-label">New words<textarea id="tt-text" rows="3"></textarea></label>' +
    '<input type="text" id="tt-note" placeholder="Note (optional)">' +
    '<label id="tt-by-label" hidden>For the delegation (code)<input type="text" id="tt-by" placeholder="SGP"></label>' +
    '<div class="buttons"><button type="button" id="tt-preview">Preview</button>' +
    '<button type="button" id="tt-table">Table it</button>' +
    '<button type="button" id="tt-cancel">Cancel</button></div>' +
    '<div id="tt-message" role="status"></div><div id="tt-preview-box" hidden></div>';
  document.body.appendChild(panel);
  var kinds = panel.querySelector("#tt-kinds");
  KINDS.forEach(function (k, i) {
    var label = el("label");
    var input = el("input", {type: "radio", name: "tt-kind", value: k[0]});
    if (i === 0) input.checked = true;
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + k[1]));
    kinds.appendChild(label);
  });
  function kind() { return panel.querySelector("input[name=tt-kind]:checked").value; }
  function syncKind() {
    var k = kind();
    panel.querySelector("#tt-text-label").hidden = k === "delete";
    panel.querySelector("#tt-text-label").firstChild.textContent =
      k === "new_paragraph" ? "Text of the new paragraph" : k === "alternative" ? "Alternative text of the whole unit" : "New words";
  }
  kinds.addEventListener("change", syncKind);
  function message(text, cls) {
    var m = panel.querySelector("#tt-message");
    m.textContent = text;
    m.className = cls || "";
  }
  function body() {
    var k = kind(), text = panel.querySelector("#tt-text").value, b = {target: selection.target};
    if (k === "replace") { b.replace = selection.words; b["with"] = text; }
    else if (k === "before") { b.insert = text; b.before = selection.words; }
    else if (k === "after") { b.insert = text; b.after = selection.words; }
    else if (k === "delete") { b["delete"] = selection.words; }
    else if (k === "new_paragraph") { b.new_paragraph = text; }
    else { b.alternative = text; }
    var note = panel.querySelector("#tt-note").value.trim();
    if (note) b.note = note;
    if (me.secretariat) b.by = panel.querySelector("#tt-by").value.trim().toUpperCase();
    return b;
  }
  panel.querySelector("#tt-preview").addEventListener("click", function () {
    message("…");
    post("/api/preview", body()).then(function (d) {
      var box = panel.querySelector("#tt-preview-box");
      if (d._status !== 200) { box.hidden = true; message(d.error, "error"); return; }
      box.innerHTML = d.html;  // rendered by the server with autoescaping
      box.hidden = false;
      var at = box.querySelector("[id='" + selection.target.replace(/'/g, "") + "']");
      if (at) box.scrollTop = at.offsetTop - 8;  // the changed unit, not the article's start
      message(d.summary, "ok");
    });
  });
  panel.querySelector("#tt-table").addEventListener("click", function () {
    message("…");
    post("/api/proposals", body()).then(function (d) {
      if (d._status !== 201) { message(d.error, "error"); return; }
      panel.hidden = true;
      toast("Tabled as " + d.id);
    });
  });
  panel.querySelector("#tt-cancel").addEventListener("click", function () { panel.hidden = true; });

  function unitOf(node) {
    while (node && node !== content) {
      if (node.nodeType === 1 && node.id && /^(art_|preamble)/.test(node.id)) return node;
      node = node.parentNode;
    }
    return null;
  }
  function onSelect() {
    if (!me || !me.who) return;
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    var words = sel.toString().replace(/\s+/g, " ").trim();
    var unit = unitOf(sel.getRangeAt(0).commonAncestorContainer);
    if (!words || !unit) return;
    selection = {target: unit.id, words: words};
    panel.querySelector("#tt-where").textContent = "In " + unit.id;
    panel.querySelector("#tt-words").textContent = words;
    panel.querySelector("#tt-text").value = "";
    panel.querySelector("#tt-preview-box").hidden = true;
    panel.querySelector("#tt-by-label").hidden = !me.secretariat;
    message(me.secretariat ? "The secretariat tables a proposal for the delegation named below." : "");
    syncKind();
    panel.hidden = false;
  }
  document.addEventListener("mouseup", function (e) { if (!panel.contains(e.target)) setTimeout(onSelect, 0); });
  document.addEventListener("keyup", function (e) { if (e.shiftKey && !panel.contains(e.target)) onSelect(); });

  // -- one click: support, oppose; the secretariat's status controls ------------------------
  function act(url, payload) {
    post(url, payload).then(function (d) {
      if (d._status !== 200) { toast(d.error || ("refused (" + d._status + ")"), true); return; }
      toast(d.status ? d.id + ": " + d.status : d.id + ": recorded");
    });
  }
  // Who proposed, supports and opposes what: the read-only JSON (cached by the server).
  var rows = {};
  function decorate() {
    if (!me || !me.who) return;
    fetch("/api/amendments", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (list) {
        rows = {};
        (Array.isArray(list) ? list : []).forEach(function (row) { rows[row.id] = row; });
      }, function () { rows = {}; })
      .then(addControls);
  }
  function addControls() {
    var items = content.querySelectorAll("section.index li[data-amendment], .annex li[data-amendment]");
    Array.prototype.forEach.call(items, function (li) {
      if (li.querySelector(".tt-act")) return;
      var id = li.dataset.amendment, box = el("span", {"class": "tt-act"}), row = rows[id];
      if (!me.secretariat && row && row.proposers.indexOf(me.who) >= 0) {
        box.appendChild(el("em", {"class": "tt-own"}, "your proposal"));
        li.insertBefore(box, li.querySelector("br"));
        return;
      }
      if (me.secretariat) {
        var select = el("select", {"aria-label": "Status of " + id, "class": "tt-status"});
        STATUSES.forEach(function (s) { select.appendChild(el("option", {value: s}, s)); });
        var set = el("button", {type: "button", "class": "tt-set"}, "Set status");
        set.addEventListener("click", function () {
          act("/api/amendments/" + encodeURIComponent(id) + "/status", {status: select.value});
        });
        box.appendChild(select);
        box.appendChild(set);
      } else {
        [["support", "Support", "supporters", "Supported"],
         ["oppose", "Oppose", "opponents", "Opposed"]].forEach(function (p) {
          var taken = !!(row && row[p[2]].indexOf(me.who) >= 0);
          var b = el("button", {type: "button", "class": "tt-" + p[0], "aria-pressed": String(taken)},
                     taken ? p[3] + " \u2713" : p[1]);
          b.addEventListener("click", function () {
            if (b.getAttribute("aria-pressed") === "true") { toast(id + ": " + p[3].toLowerCase() + " already"); return; }
            act("/api/amendments/" + encodeURIComponent(id) + "/" + p[0], {});
          });
          box.appendChild(b);
        });
      }
      li.insertBefore(box, li.querySelector("br"));
    });
  }

  new MutationObserver(function () { decorate(); }).observe(content, {childList: true});
  new MutationObserver(function () { showWho(); }).observe(document.getElementById("serve-bar"), {childList: true});
  fetch("/api/me", {credentials: "same-origin", cache: "no-store"}).then(function (r) { return r.json(); })
    .then(function (d) { me = d; document.body.dataset.who = d.who || ""; showWho(); decorate(); });
})();
