// The moderation page. Picking an assessor's answer (one click) or entering one sets the
// agreed value of a row; every change sends the agreed case to POST /v1/evaluate/draft and
// shows its scores beside each assessor's, and what the change did to them. Saving appends a
// version of the agreed answers; moving an assessment posts its transition. Like the form,
// it holds no rule of the criteria.
"use strict";

(function () {
  const aow = window.aow;
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const FLASH = "aow-moderation-flash";

  // What the last action did, shown after the page reloads with its result.
  const flash = JSON.parse(sessionStorage.getItem(FLASH) || "null");
  sessionStorage.removeItem(FLASH);
  if (flash && document.getElementById(flash.where)) {
    document.getElementById(flash.where).textContent = flash.text;
  }
  function reloadSaying(where, text) {
    sessionStorage.setItem(FLASH, JSON.stringify({ where: where, text: text }));
    location.reload();
  }

  // ---- moves of the assessments ---------------------------------------------------------

  for (const button of $$("[data-move]")) {
    button.addEventListener("click", async function () {
      const body = { to: button.dataset.move };
      if (button.dataset.note) {
        const note = document.getElementById(button.dataset.note).value.trim();
        if (!note) {
          $("#move-status").textContent = "Say what to change before returning the assessment.";
          document.getElementById(button.dataset.note).focus();
          return;
        }
        body.note = note;
      }
      button.disabled = true;
      const answer = await aow.call("POST", "/v1/assessments/" + button.dataset.aid + "/transitions", body);
      button.disabled = false;
      if (answer.ok) {
        reloadSaying("move-status", "Assessment " + button.dataset.aid + " is now " + answer.data.state + ".");
        return;
      }
      $("#move-status").textContent = "Not moved: " + aow.detail(answer);
    });
  }

  const form = document.getElementById("agreed");
  if (!form) return;
  const rows = new Map(boot.rows.map((r) => [r.key, r]));
  const named = (name) => $$("[name]", form).filter((el) => el.name === name);
  const rowBox = (key) => $$("[data-row]", form).find((el) => el.dataset.row === key);
  let seq = 0;
  let timer = null;
  let last = null; // the agreed scores before the latest change
  let changedRow = null;
  let taken = ""; // what the last "take over" did, for its status line

  // ---- the agreed values ----------------------------------------------------------------

  function setValue(row, value) {
    const box = rowBox(row.key);
    if (row.kind === "note") {
      $("#agreed-case-note").value = value || "";
    } else if (row.kind === "fact") {
      const controls = named("fact:" + row.key);
      if (row.type === "bool") {
        for (const c of controls) c.checked = c.value === (value === null ? "" : String(value));
      } else if (row.type === "set") {
        for (const c of controls) c.checked = value !== null && (c.value ? value.includes(c.value) : !value.length);
      } else {
        controls[0].value = value === null ? "" : String(value);
      }
    } else {
      for (const c of named(row.key)) {
        if (c.type === "radio") c.checked = c.value === value;
        else c.value = value || "";
      }
    }
    for (const cell of $$(".mcell", box)) cell.classList.remove("picked");
  }

  function factValue(row) {
    const controls = named("fact:" + row.key);
    if (row.type === "bool") {
      const on = controls.find((c) => c.checked);
      return on && on.value ? on.value === "true" : undefined;
    }
    if (row.type === "set") {
      if (!controls.some((c) => c.checked)) return undefined;
      return controls.filter((c) => c.checked && c.value).map((c) => c.value);
    }
    const value = controls[0].value;
    if (value === "") return undefined;
    if (row.type === "int") return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return value;
  }

  function answerValue(row) {
    for (const c of named(row.key)) {
      if (c.type === "radio" && c.checked) return c.value;
      if (c.tagName === "TEXTAREA" && c.value.trim()) return c.value;
    }
    return undefined;
  }

  function readAgreed() {
    const data = { format: "aow-case/1", case_id: boot.case_id, criteria: boot.criteria, facts: {}, answers: {} };
    const note = $("#agreed-case-note").value;
    if (note.trim()) data.note = note;
    const evidence = {};
    for (const row of boot.rows) {
      if (row.kind === "fact") {
        const value = factValue(row);
        if (value !== undefined) data.facts[row.key] = value;
      } else if (row.kind === "question") {
        const value = answerValue(row);
        if (value === undefined) continue;
        data.answers[row.key] = value;
        // The evidence of the first assessor who gave the agreed answer.
        const col = row.raw.findIndex((v) => v === value);
        if (col >= 0 && row.evidence[col]) evidence[row.key] = row.evidence[col];
      }
    }
    if (Object.keys(evidence).length) data.evidence = evidence;
    return data;
  }

  // ---- what the engine says about the agreed answers ---------------------------------------

  function effectText(before, after) {
    if (after === null) return "No score yet: the agreed answers lack a required fact.";
    const parts = [];
    for (const id of Object.keys(after)) {
      const was = before ? aow.percent(before[id]) || "n/a" : null;
      const now = aow.percent(after[id]) || "n/a";
      if (was !== null && was !== now) parts.push(id + " " + was + " → " + now);
    }
    return parts.length ? "Effect: " + parts.join(", ") + "." : "No change to the scores.";
  }

  function show(result) {
    // No judgement until the agreed answers hold every required fact.
    const outcomes = result.judgement ? result.judgement.outcomes : null;
    for (const tr of $$("#effect-table [data-outcome]")) {
      tr.querySelector("[data-agreed-score]").textContent = outcomes
        ? aow.percent(outcomes[tr.dataset.outcome]) || "n/a"
        : "no score yet";
    }
    $("#agreed-provisional").hidden = result.complete;
    for (const box of $$("[data-row]", form)) {
      const q = result.questions[box.dataset.row];
      const na = box.querySelector("[data-na]");
      if (!q || !na) continue;
      // Undecided questions (a fact not agreed yet) are not flagged: most are, at the start.
      na.hidden = q.applies !== false;
      na.textContent = q.applies === false ? "Does not apply to the agreed case: " + q.why : "";
    }
    if (changedRow === "*") {
      $("#agreed-status").textContent = taken + " " + effectText(last, outcomes);
    } else if (changedRow !== null && last !== null) {
      rowBox(changedRow).querySelector("[data-effect]").textContent = effectText(last, outcomes);
    }
    last = outcomes;
    changedRow = null;
  }

  async function evaluate() {
    clearTimeout(timer);
    const mine = ++seq;
    const answer = await aow.call(
      "POST",
      "/v1/evaluate/draft?criteria=" + encodeURIComponent(boot.criteria),
      readAgreed()
    );
    if (mine !== seq) return null;
    if (!answer.ok) {
      $("#agreed-status").textContent = "The agreed answers could not be scored: " + aow.detail(answer);
      return null;
    }
    show(answer.data);
    return answer.data;
  }

  function changed(key) {
    changedRow = key;
    clearTimeout(timer);
    timer = setTimeout(evaluate, 200);
  }

  // ---- wiring ---------------------------------------------------------------------------

  form.addEventListener("click", function (event) {
    const pick = event.target.closest("[data-pick]");
    if (pick) {
      const row = rows.get(pick.dataset.pick);
      setValue(row, row.raw[Number(pick.dataset.col)]);
      pick.closest(".mcell").classList.add("picked");
      changed(row.key);
      return;
    }
    const clear = event.target.closest("[data-clear]");
    if (clear) {
      for (const c of named(clear.dataset.clear)) c.checked = false;
      changed(clear.dataset.clear);
    }
  });
  form.addEventListener("change", function (event) {
    const box = event.target.closest("[data-row]");
    if (event.target.type === "checkbox" && event.target.checked && box) {
      for (const other of $$('input[type="checkbox"]', box)) {
        if (other !== event.target && (event.target.hasAttribute("data-none") || other.hasAttribute("data-none"))) {
          other.checked = false;
        }
      }
    }
    if (box) changed(box.dataset.row);
  });
  form.addEventListener("input", function (event) {
    const box = event.target.closest("[data-row]");
    if (box && event.target.tagName === "TEXTAREA") changed(box.dataset.row);
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  $("#take-agreed").addEventListener("click", function () {
    let count = 0;
    for (const row of boot.rows) {
      const first = JSON.stringify(row.raw[0]);
      if (row.raw[0] === null || !row.raw.every((v) => JSON.stringify(v) === first)) continue;
      setValue(row, row.raw[0]);
      count += 1;
    }
    taken = "Took over " + count + " answers all assessors agree on.";
    $("#agreed-status").textContent = taken;
    changedRow = "*";
    evaluate();
  });

  $("#only-differing").addEventListener("change", function (event) {
    for (const box of $$("[data-row]", form)) box.hidden = event.target.checked && !box.hasAttribute("data-differs");
  });

  $("#save-agreed").addEventListener("click", async function () {
    const button = this;
    const status = $("#agreed-status");
    const list = $("#agreed-problems");
    const note = $("#moderation-note").value.trim();
    list.hidden = true;
    if (!note) {
      status.textContent = "Not saved: the moderation note says why these are the agreed answers.";
      $("#moderation-note").focus();
      return;
    }
    button.disabled = true;
    try {
      const result = await evaluate();
      if (!result) return;
      if (!result.complete) {
        status.textContent = "Not saved: the agreed answers are not a complete case yet.";
        const ul = list.querySelector("ul");
        ul.replaceChildren();
        for (const p of result.problems) {
          const li = document.createElement("li");
          li.textContent = p.message;
          ul.appendChild(li);
        }
        list.hidden = false;
        return;
      }
      const url =
        "/v1/inspections/" + encodeURIComponent(boot.inspection) + "/cases/" + encodeURIComponent(boot.case_id) + "/agreed";
      const answer = await aow.call("PUT", url, { note: note, case: result.case }, { "If-Match": '"' + boot.version + '"' });
      if (answer.ok) {
        reloadSaying(
          "agreed-status",
          "Saved the agreed answers as version " + answer.data.version + "; the report counts them."
        );
        return;
      }
      status.textContent =
        answer.status === 412
          ? "Not saved: someone saved other agreed answers meanwhile. Reload the page to see them (copy your note first)."
          : "Not saved: " + aow.detail(answer);
    } finally {
      button.disabled = false;
    }
  });

  evaluate();
})();
