// The report page's case list: reads the compact case data (script#case-data), lists the
// cases a page at a time (search; filters by group and score, breakdown value and status;
// order by a group's score) and draws a case's explanation when it is opened. Everything is
// built with DOM calls and textContent: no data is ever parsed as HTML.
(function () {
  "use strict";
  var source = document.getElementById("case-data");
  var box = document.getElementById("case-browser");
  if (!source || !box) return;
  var D = JSON.parse(source.textContent);
  var A = D.alphabet, BASE = A.length, F = D.fields;
  var I = {};
  F.forEach(function (name, i) { I[name] = i; });
  var WORDS = {
    counted: "counted", answered_na: "answered n/a: not counted", not_applicable: "does not apply",
    unanswered: "no answer", unscored: "not scored", condition_error: "condition error"
  };
  var slots = {};
  var slot = 0;
  D.groups.forEach(function (g) { g[1].forEach(function (id) { slots[g[0] + ":" + id] = slot++; }); });
  var outcomes = (D.groups[0] && D.groups[0][0] === "outcomes") ? D.groups[0][1] : [];

  function decode(text, width) {
    var out = [];
    for (var i = 0; i < text.length; i += width) {
      var n = 0;
      for (var j = 0; j < width; j++) n = n * BASE + A.indexOf(text.charAt(i + j));
      out.push(n);
    }
    return out;
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  // A case's score of a group: {yes, counted, p, q} (p/q the exact fraction) or null.
  function score(c, key) {
    var cache = c.__s || (c.__s = c[I.scores].split(","));
    var s = cache[slots[key]];
    if (!s) return null;
    var eq = s.indexOf("="), yc = (eq < 0 ? s : s.slice(0, eq)).split("/");
    var pq = eq < 0 ? yc : s.slice(eq + 1).split("/");
    return { yes: yc[0], counted: yc[1], p: parseInt(pq[0], 10), q: parseInt(pq[1], 10) };
  }
  // As the report rounds: integer arithmetic, the criteria's places and mode.
  function percent(p, q) {
    var places = D.display.places, scale = Math.pow(10, places);
    var n = p * 100 * scale, whole = Math.floor(n / q), rest = n - whole * q;
    if (D.display.mode === "half_up") { if (rest !== 0 && 2 * rest >= q) whole += 1; }
    else if (D.display.mode === "half_even") {
      if (2 * rest > q || (2 * rest === q && whole % 2 === 1)) whole += 1;
    }
    var digits = String(whole);
    while (digits.length < places + 1) digits = "0" + digits;
    return (places ? digits.slice(0, -places) + "." + digits.slice(-places) : digits) + "%";
  }
  function met(s) {
    return s ? s.yes + " of " + s.counted + " (" + percent(s.p, s.q) + ")" : "not applicable";
  }
  function findingsOf(c) {
    return decode(c[I.findings], D.width.findings).map(function (i) { return D.findings[i]; });
  }
  function answersOf(c) { return decode(c[I.answers], D.width.questions); }
  function factOf(c, k) {
    var codes = decode(c[I.facts], D.width.facts);
    return D.facts[k][1][codes[k]];
  }
  function counts(c) {
    var e = 0, w = 0;
    findingsOf(c).forEach(function (f) { if (f.severity === "error") e++; else w++; });
    return [e, w];
  }

  var form = box.querySelector("form.filters");
  var rows = document.getElementById("case-rows");
  var count = document.getElementById("case-count");
  var at = document.getElementById("page-at");
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  var page = 0, shown = [], open = {};

  function wanted() {
    var v = {};
    ["search", "group", "score", "fact", "status", "sort", "size"].forEach(function (k) {
      v[k] = form.elements[k].value;
    });
    return v;
  }
  function statusHas(c, status) {
    if (!status) return true;
    var n = counts(c);
    if (status === "errors") return n[0] > 0;
    if (status === "warnings") return n[1] > 0;
    if (status === "clean") return n[0] + n[1] === 0;
    if (status.indexOf("code:") === 0) {
      var code = status.slice(5);
      return findingsOf(c).some(function (f) { return f.code === code; });
    }
    var codes = answersOf(c);
    for (var i = 0; i < codes.length; i++) {
      var entry = codes[i] && D.questions[i][3][codes[i] - 1];
      if (entry && entry.status === status) return true;
    }
    return false;
  }
  function filter() {
    var v = wanted(), needle = v.search.trim().toLowerCase();
    var fact = -1, value = null;
    if (v.fact) {
      var cut = v.fact.indexOf("=");
      var name = v.fact.slice(0, cut);
      value = v.fact.slice(cut + 1);
      D.facts.forEach(function (f, k) { if (f[0] === name) fact = k; });
    }
    shown = [];
    D.cases.forEach(function (c, i) {
      if (needle) {
        var hay = (c[I.case_id] + " " + (D.assessors[c[I.assessor]] || "") + " " + c[I.source]).toLowerCase();
        if (hay.indexOf(needle) < 0) return;
      }
      if (v.group) {
        var s = score(c, v.group);
        if (!s) return;
        if (v.score === "full" && s.p !== s.q) return;
        if (v.score === "none" && s.p !== 0) return;
        if (v.score === "partial" && (s.p === 0 || s.p === s.q)) return;
      }
      if (fact >= 0 && JSON.stringify(factOf(c, fact)) !== value) return;
      if (!statusHas(c, v.status)) return;
      shown.push(i);
    });
    if (v.group && v.sort !== "sample") {
      var sign = v.sort === "low" ? 1 : -1;
      var key = {};
      shown.forEach(function (i) { var s = score(D.cases[i], v.group); key[i] = s.p / s.q; });
      shown.sort(function (a, b) { return sign * (key[a] - key[b]) || a - b; });
    }
    form.elements.score.disabled = !v.group;
  }
  function explain(i) {
    var c = D.cases[i], div = el("div", null, "case-body");
    div.id = "case-" + (i + 1);
    var n = counts(c);
    var words = outcomes.map(function (o) {
      var s = score(c, "outcomes:" + o);
      return D.titles.outcomes[o] + ": " + (s ? s.yes + " of " + s.counted +
        " applicable questions met (" + percent(s.p, s.q) + ")." : "not applicable to this case.");
    });
    words.push(n[0] + n[1] ? "Findings: " + n[0] + " error(s), " + n[1] + " warning(s)." : "No findings.");
    div.appendChild(el("h3", "Case " + c[I.case_id]));
    div.appendChild(el("p", words.join(" ")));
    var dl = el("dl", null, "facts");
    var facts = [["assessor", D.assessors[c[I.assessor]] || "\u2013"]];
    if (c[I.source]) facts.push(["source", c[I.source]]);
    D.facts.forEach(function (f, k) { facts.push([f[0], show(factOf(c, k))]); });
    facts.forEach(function (f) { dl.appendChild(el("dt", f[0])); dl.appendChild(el("dd", f[1])); });
    div.appendChild(dl);
    var table = el("table", null, "scores"), body = el("tbody");
    D.groups.slice(0, 2).forEach(function (g) {
      var tr = el("tr");
      tr.appendChild(el("th", g[0] === "outcomes" ? "Outcomes" : "Stages")).scope = "row";
      g[1].forEach(function (id) {
        var td = el("td"), a = el("a", id);
        a.href = "#" + D.anchors[g[0] + ":" + id];
        td.appendChild(a);
        td.appendChild(document.createTextNode(" " + met(score(c, g[0] + ":" + id))));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    div.appendChild(table);
    div.appendChild(el("h4", "Findings"));
    var found = findingsOf(c);
    if (!found.length) div.appendChild(el("p", "No findings.", "muted"));
    else {
      var ul = el("ul", null, "findings");
      found.forEach(function (f) {
        var li = el("li");
        li.appendChild(el("span", f.severity, "sev sev-" + f.severity));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("code", f.code));
        li.appendChild(document.createTextNode((f.question ? " " + f.question : "") + ": " + f.message));
        ul.appendChild(li);
      });
      div.appendChild(ul);
    }
    div.appendChild(el("h4", "Questions"));
    div.appendChild(questions(c));
    return div;
  }
  function show(v) {
    if (v === null || v === undefined) return "\u2013";
    if (v === true) return "yes";
    if (v === false) return "no";
    return String(v);
  }
  function read(r) {
    return Object.keys(r).map(function (k) { return k + " = " + JSON.stringify(r[k]); }).join(", ");
  }
  function why(q, before) {
    var text = WORDS[q.status] || q.status;
    if (q.status === "not_applicable") {
      var r = q.read || {};
      if (before && before.status === q.status && before.condition === q.condition &&
          JSON.stringify(before.read) === JSON.stringify(q.read)) {
        text += " (same condition and values as above)";
      } else if (Object.keys(r).length === 1 && Object.keys(r)[0] === q.condition) {
        text += ": " + read(r);
      } else {
        text += ": " + q.condition + (Object.keys(r).length ? "; read " + read(r) : "");
      }
      if (q.answer !== undefined && q.answer !== null) text += " (an answer was given: kept, not counted)";
    } else if (q.status === "condition_error") {
      text += ": " + q.condition + " " + (q.error || "");
    }
    return text;
  }
  function questions(c) {
    var table = el("table", null, "data compact questions");
    var head = el("thead"), tr = el("tr");
    ["Question", "Answer", "Credit", "Status"].forEach(function (h) {
      var th = el("th", h); th.scope = "col"; tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var codes = answersOf(c), by = {}, order = [];
    D.questions.forEach(function (q, i) {
      if (!codes[i]) return;
      var g = q[1] && slots["criteria_groups:" + q[1]] !== undefined ? q[1] : "";
      if (!by[g]) { by[g] = []; order.push(g); }
      by[g].push(i);
    });
    var groups = (D.groups[2] ? D.groups[2][1] : []).filter(function (g) { return by[g]; });
    if (by[""]) groups.push("");
    groups.forEach(function (g) {
      var body = el("tbody"), hr = el("tr"), th = el("th");
      th.colSpan = 4; th.scope = "rowgroup";
      if (g) {
        var a = el("a", g);
        a.href = "#" + D.anchors["criteria_groups:" + g];
        th.appendChild(a);
        th.appendChild(document.createTextNode(" " + D.titles.criteria_groups[g] + ": score " +
          met(score(c, "criteria_groups:" + g))));
      } else th.textContent = "Other questions";
      hr.appendChild(th);
      body.appendChild(hr);
      var before = null, context = [];
      by[g].forEach(function (i) {
        var q = D.questions[i], entry = q[3][codes[i] - 1];
        if (entry.status === "unscored") {
          context.push(q[0] + ": " + (entry.answer === undefined || entry.answer === null ? "\u2013" : entry.answer));
          return;
        }
        var row = el("tr", null, entry.status === "counted" ? "" : "st-" + entry.status);
        var qh = el("th", null);
        qh.scope = "row";
        qh.appendChild(el("span", q[0], "gid"));
        qh.appendChild(document.createTextNode(" " + q[2]));
        row.appendChild(qh);
        row.appendChild(el("td", entry.answer === undefined || entry.answer === null ? "" : entry.answer));
        row.appendChild(el("td", entry.credit === undefined || entry.credit === null ? "" : entry.credit, "num"));
        row.appendChild(el("td", why(entry, before)));
        body.appendChild(row);
        before = entry;
      });
      if (context.length) {
        var cr = el("tr", null, "st-unscored"), td = el("td", "Not scored: " + context.join(" \u00b7 "));
        td.colSpan = 4;
        cr.appendChild(td);
        body.appendChild(cr);
      }
      table.appendChild(body);
    });
    return table;
  }
  function draw() {
    var size = parseInt(form.elements.size.value, 10), pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.min(Math.max(page, 0), pages - 1);
    var width = 5 + D.facts.length + outcomes.length;
    while (rows.firstChild) rows.removeChild(rows.firstChild);
    shown.slice(page * size, page * size + size).forEach(function (i) {
      var c = D.cases[i], tr = el("tr"), n = counts(c);
      tr.appendChild(el("td", i + 1, "num"));
      var td = el("td"), b = el("button", c[I.case_id], "link");
      b.type = "button";
      b.setAttribute("aria-expanded", open[i] ? "true" : "false");
      b.setAttribute("aria-controls", "case-" + (i + 1));
      b.addEventListener("click", function () { open[i] = !open[i]; draw(); });
      td.appendChild(b);
      tr.appendChild(td);
      tr.appendChild(el("td", D.assessors[c[I.assessor]] || ""));
      D.facts.forEach(function (f, k) { tr.appendChild(el("td", show(factOf(c, k)))); });
      outcomes.forEach(function (o) {
        var s = score(c, "outcomes:" + o), cell = el("td", s ? percent(s.p, s.q) : "\u2013", "num");
        if (s) cell.title = s.yes + " of " + s.counted;
        tr.appendChild(cell);
      });
      tr.appendChild(el("td", n[0], n[0] ? "num bad" : "num"));
      tr.appendChild(el("td", n[1], "num"));
      rows.appendChild(tr);
      if (open[i]) {
        var more = el("tr", null, "case-open"), cell = el("td");
        cell.colSpan = width;
        cell.appendChild(explain(i));
        more.appendChild(cell);
        rows.appendChild(more);
      }
    });
    count.textContent = shown.length.toLocaleString("en-GB") + " of " + D.cases.length.toLocaleString("en-GB") +
      " cases" + (shown.length ? "" : ": none matches the filters");
    at.textContent = "Page " + (page + 1) + " of " + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  function clear() {
    form.elements.search.value = "";
    ["group", "score", "fact", "status"].forEach(function (k) { form.elements[k].value = ""; });
    form.elements.sort.value = "sample";
  }
  function refresh() { filter(); page = 0; draw(); }
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function (ev) { ev.preventDefault(); clear(); refresh(); });
  prev.addEventListener("click", function () { page -= 1; draw(); });
  next.addEventListener("click", function () { page += 1; draw(); });
  // A score's "cases" link, a breakdown value's or a finding's: the list, so filtered.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a.to-cases") : null;
    if (!a) return;
    clear();
    if (a.dataset.group) { form.elements.group.value = a.dataset.group; form.elements.sort.value = "low"; }
    if (a.dataset.fact) form.elements.fact.value = a.dataset.fact + "=" + a.dataset.value;
    if (a.dataset.finding) form.elements.status.value = "code:" + a.dataset.finding;
    refresh();
  });
  // #case-N (N from 1, the case's place in the sample) opens that case.
  function follow() {
    var m = /^#case-(\d+)$/.exec(location.hash);
    if (!m) return;
    var i = parseInt(m[1], 10) - 1;
    if (!(i >= 0 && i < D.cases.length)) return;
    clear();
    filter();
    page = Math.floor(shown.indexOf(i) / parseInt(form.elements.size.value, 10));
    open[i] = true;
    draw();
    var target = document.getElementById("case-" + (i + 1));
    if (target) target.scrollIntoView();
  }
  box.hidden = false;
  filter();
  draw();
  window.addEventListener("hashchange", follow);
  follow();
})();
