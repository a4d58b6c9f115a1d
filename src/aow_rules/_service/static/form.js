// The assessment form. It holds no rule of the criteria: on every change (debounced) it sends
// the draft to POST /v1/evaluate/draft and shows what the engine answers: which questions
// apply (the others hidden, with the reason in words), which wait for a fact, the running
// judgement, and what stops a save. Saving sends the case the engine returned (answers to
// questions that do not apply left out) with the revision it was loaded at (If-Match); a
// stale save says who saved since and reloads their revision with this page's changes on top.
"use strict";

(function () {
  const aow = window.aow;
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const form = document.getElementById("assessment");
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const named = (name, root) => $$("[name]", root || form).filter((el) => el.name === name);

  let aid = boot.aid;
  let revision = boot.revision;
  let state = boot.state;
  let base = boot.loaded; // the case as the service last gave it (what "my changes" are against)
  let seq = 0;
  let timer = null;
  let dirty = false;

  // ---- reading and filling the form -----------------------------------------------------

  function factValue(box) {
    const id = box.dataset.fact;
    const type = box.dataset.type;
    const controls = named("fact:" + id, box);
    if (type === "bool") {
      const on = controls.find((c) => c.checked);
      return on && on.value ? on.value === "true" : undefined;
    }
    if (type === "set") {
      if (!controls.some((c) => c.checked)) return undefined;
      return controls.filter((c) => c.checked && c.value).map((c) => c.value);
    }
    const value = controls[0].value;
    if (value === "") return undefined;
    if (type === "int") return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return value;
  }

  function readDraft() {
    const data = { format: "aow-case/1", case_id: form.elements.case_id.value.trim(), criteria: boot.criteria };
    const assessor = form.elements.assessor;
    if (assessor && assessor.value.trim()) data.assessor = assessor.value.trim();
    if (form.elements.note.value.trim()) data.note = form.elements.note.value;
    data.facts = {};
    for (const box of $$("[data-fact]", form)) {
      const value = factValue(box);
      if (value !== undefined) data.facts[box.dataset.fact] = value;
    }
    data.answers = {};
    for (const box of $$("[data-question]", form)) {
      const id = box.dataset.question;
      for (const control of named(id, box)) {
        if (control.type === "radio" && control.checked) data.answers[id] = control.value;
        if (control.tagName === "TEXTAREA" && control.value.trim()) data.answers[id] = control.value;
      }
    }
    data.evidence = {};
    for (const area of $$('textarea[name^="evidence:"]', form)) {
      if (area.value.trim()) data.evidence[area.name.slice("evidence:".length)] = area.value;
    }
    return data;
  }

  function fill(data) {
    form.elements.note.value = data.note || "";
    const facts = data.facts || {};
    for (const box of $$("[data-fact]", form)) {
      const value = facts[box.dataset.fact];
      const controls = named("fact:" + box.dataset.fact, box);
      const type = box.dataset.type;
      if (type === "bool") {
        for (const c of controls) c.checked = c.value === (value === undefined ? "" : String(value));
      } else if (type === "set") {
        for (const c of controls) {
          c.checked = value !== undefined && (c.value ? value.includes(c.value) : value.length === 0);
        }
      } else {
        controls[0].value = value === undefined ? "" : String(value);
      }
    }
    const answers = data.answers || {};
    for (const box of $$("[data-question]", form)) {
      const id = box.dataset.question;
      for (const control of named(id, box)) {
        if (control.type === "radio") control.checked = answers[id] === control.value;
        else control.value = answers[id] || "";
      }
    }
    const evidence = data.evidence || {};
    for (const area of $$('textarea[name^="evidence:"]', form)) {
      area.value = evidence[area.name.slice("evidence:".length)] || "";
      if (area.value) {
        const details = area.closest("details");
        if (details) details.open = true;
      }
    }
  }

  // ---- what the engine says ------------------------------------------------------------

  function show(result) {
    const active = document.activeElement;
    for (const box of $$("[data-question]", form)) {
      const id = box.dataset.question;
      const q = result.questions[id];
      if (!q) continue;
      const hidden = q.applies === false;
      const why = document.querySelector('[data-why-for="' + CSS.escape(id) + '"]');
      if (hidden && !box.hidden && box.contains(active) && why) {
        why.hidden = false;
        why.querySelector("summary").focus(); // the control that had focus is going away
      }
      box.hidden = hidden;
      if (why) {
        why.hidden = !hidden;
        $("[data-why]", why).textContent = hidden ? q.why : "";
        $("[data-kept]", why).hidden = !(id in result.set_aside);
      }
      const undecided = $("[data-undecided]", box);
      undecided.hidden = q.applies !== null;
      undecided.textContent = q.applies === null ? q.why : "";
    }
    aow.showScores($("#scores"), result.judgement ? result.judgement.outcomes : null);
    const findings = result.judgement ? result.judgement.findings.length : null;
    $("#findings-line").textContent =
      findings === null
        ? "Findings once every required fact is given"
        : findings + (findings === 1 ? " finding" : " findings");
    $("#provisional").hidden = result.complete;
    showProblems(result.problems);
  }

  function showProblems(problems) {
    const box = $("#problems");
    for (const control of $$("[aria-invalid]", form)) control.removeAttribute("aria-invalid");
    box.hidden = problems.length === 0 || !boot.editable;
    $("#problems-count").textContent = String(problems.length);
    const list = $("#problems-list");
    list.replaceChildren();
    for (const p of problems) {
      const item = document.createElement("li");
      item.textContent = p.message;
      list.appendChild(item);
      const m = /^\$\.(facts)\.([^[.]+)|^\$\.answers\["(.+)"\]|^\$\.(case_id)$/.exec(p.location || "");
      if (!m) continue;
      const name = m[2] ? "fact:" + m[2] : m[3] || "case_id";
      for (const control of named(name)) control.setAttribute("aria-invalid", "true");
    }
  }

  async function evaluate() {
    clearTimeout(timer);
    const mine = ++seq;
    const result = await aow.call(
      "POST",
      "/v1/evaluate/draft?criteria=" + encodeURIComponent(boot.criteria),
      readDraft()
    );
    if (mine !== seq) return null; // a newer draft is on its way
    if (!result.ok) {
      say("The draft could not be scored: " + aow.detail(result));
      return null;
    }
    show(result.data);
    return result.data;
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(evaluate, 250);
  }

  // ---- saving ---------------------------------------------------------------------------

  function say(text) {
    $("#status").textContent = text;
  }

  function busy(on) {
    for (const id of ["save", "save-end", "submit"]) {
      const button = document.getElementById(id);
      if (button) button.disabled = on;
    }
  }

  function stateLine(saved) {
    const badge = $("#state-badge");
    badge.className = "badge st-" + state;
    badge.textContent = state === "new" ? "not saved yet" : state;
    if (saved) {
      $("#revision-line").textContent =
        "revision " + saved.revision + ", saved by " + saved.by + " " + aow.when(saved.at);
    }
  }

  function readOnly() {
    $("#editable").disabled = true;
    form.classList.add("readonly");
    const actions = $("#actions");
    if (actions) actions.hidden = true;
    $("#problems").hidden = true;
  }

  async function save() {
    busy(true);
    try {
      const result = await evaluate();
      if (!result) return false;
      if (!result.complete) {
        say("Not saved: put right what is listed under the scores first.");
        $("#problems details").open = true;
        $("#problems").focus();
        return false;
      }
      let answer;
      if (aid === null) {
        answer = await aow.call(
          "POST",
          "/v1/inspections/" + encodeURIComponent(boot.inspection) + "/assessments",
          result.case
        );
      } else {
        answer = await aow.call("PUT", "/v1/assessments/" + aid, result.case, { "If-Match": '"' + revision + '"' });
      }
      if (answer.ok) {
        const made = aid === null;
        aid = answer.data.id;
        revision = answer.data.revision;
        state = answer.data.state;
        base = result.case;
        dirty = false;
        $("#stale").hidden = true;
        if (made) {
          history.replaceState(null, "", "/assessments/" + aid);
          form.elements.case_id.readOnly = true;
          const assessor = form.elements.assessor;
          if (assessor) assessor.readOnly = true;
        }
        stateLine({ revision: revision, by: boot.user || answer.data.assessor, at: new Date().toISOString() });
        say("Saved: revision " + revision + ".");
        return true;
      }
      if (answer.status === 412) {
        await stale();
        return false;
      }
      say("Not saved: " + aow.detail(answer));
      return false;
    } finally {
      busy(false);
    }
  }

  async function stale() {
    const revisions = await aow.call("GET", "/v1/assessments/" + aid + "/revisions");
    const last = revisions.ok && revisions.data.length ? revisions.data[revisions.data.length - 1] : null;
    const who = last
      ? last.by + " saved revision " + last.revision + " " + aow.when(last.at)
      : "Someone saved a newer revision";
    $("#stale-text").textContent =
      "Not saved: " + who + ", after this page loaded revision " + revision + ". Nothing you typed is lost: " +
      "reload their revision and your changes are put back on top of it, then save again.";
    const box = $("#stale");
    box.hidden = false;
    box.focus();
    say("Not saved: the assessment was changed by someone else.");
  }

  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  // Their revision, with every item I changed since the page loaded put back on top.
  function merge(mine, theirs) {
    const merged = JSON.parse(JSON.stringify(theirs));
    const clashes = [];
    const keep = (key, mineValue, baseValue, theirValue, put) => {
      if (same(mineValue, baseValue)) return;
      if (!same(theirValue, baseValue) && !same(theirValue, mineValue)) clashes.push(key);
      put(mineValue);
    };
    keep("note", mine.note, base.note, theirs.note, (v) => {
      if (v === undefined) delete merged.note;
      else merged.note = v;
    });
    for (const part of ["facts", "answers", "evidence"]) {
      merged[part] = merged[part] || {};
      const keys = new Set([
        ...Object.keys(mine[part] || {}),
        ...Object.keys(base[part] || {}),
        ...Object.keys(theirs[part] || {}),
      ]);
      for (const key of keys) {
        keep(key, (mine[part] || {})[key], (base[part] || {})[key], (theirs[part] || {})[key], (v) => {
          if (v === undefined) delete merged[part][key];
          else merged[part][key] = v;
        });
      }
    }
    return { merged: merged, clashes: clashes };
  }

  async function reloadKeepingMine() {
    const answer = await aow.call("GET", "/v1/assessments/" + aid);
    if (!answer.ok) {
      say("Could not reload: " + aow.detail(answer));
      return;
    }
    const { merged, clashes } = merge(readDraft(), answer.data.case);
    fill(merged);
    revision = answer.data.revision;
    state = answer.data.state;
    base = answer.data.case;
    dirty = true;
    $("#stale").hidden = true;
    stateLine(null);
    $("#revision-line").textContent = "revision " + revision + " loaded, with your changes on top: not saved yet";
    let text = "Loaded revision " + revision + "; your changes are kept. Save to keep them.";
    if (clashes.length) text += " Where you both changed the same item, yours is kept: " + clashes.join(", ") + ".";
    say(text);
    if (state !== "draft") {
      readOnly();
      say("The assessment is now " + state + ": it can no longer be changed here.");
    }
    await evaluate();
    $("#save").focus();
  }

  async function submit() {
    if (dirty || aid === null) {
      if (!(await save())) return;
    }
    busy(true);
    const answer = await aow.call(
      "POST",
      "/v1/assessments/" + aid + "/transitions",
      { to: "submitted" },
      { "If-Match": '"' + revision + '"' }
    );
    busy(false);
    if (answer.ok) {
      state = answer.data.state;
      stateLine(null);
      readOnly();
      say("Submitted: it goes to the QA lead and can no longer be changed unless returned for rework.");
      $("#status").focus();
      return;
    }
    if (answer.status === 412) {
      await stale();
      return;
    }
    say("Not submitted: " + aow.detail(answer));
  }

  // ---- wiring ---------------------------------------------------------------------------

  form.addEventListener("input", changed);
  form.addEventListener("change", function (event) {
    const target = event.target;
    // "None of these" and the options of a set exclude each other.
    if (target.type === "checkbox" && target.checked) {
      const box = target.closest("[data-fact]");
      for (const other of named(target.name, box)) {
        if (other !== target && (target.hasAttribute("data-none") || other.hasAttribute("data-none"))) {
          other.checked = false;
        }
      }
    }
    changed();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter in a field saves
    if (boot.editable) save();
  });
  form.addEventListener("click", function (event) {
    const clear = event.target.closest("[data-clear]");
    if (!clear) return;
    for (const control of named(clear.dataset.clear)) control.checked = false;
    changed();
  });
  const saveButton = document.getElementById("save");
  if (saveButton) saveButton.addEventListener("click", save);
  const submitButton = document.getElementById("submit");
  if (submitButton) submitButton.addEventListener("click", submit);
  $("#stale-reload").addEventListener("click", reloadKeepingMine);
  $("#status").tabIndex = -1;
  $("#problems").tabIndex = -1;
})();
