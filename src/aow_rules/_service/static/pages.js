// aow-rules pages: what every page's script shares. Calls go to the service's own API with
// the session cookie and the page's CSRF token; nothing is fetched from elsewhere.
"use strict";

window.aow = (function () {
  function csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // One API call: {status, ok, data (decoded JSON or null), etag}. A network failure is
  // status 0, never an exception.
  async function call(method, url, body, headers) {
    const sent = Object.assign({ Accept: "application/json" }, headers || {});
    if (body !== undefined) sent["Content-Type"] = "application/json";
    if (method !== "GET") sent["X-CSRF-Token"] = csrf();
    let response;
    try {
      response = await fetch(url, {
        method: method,
        headers: sent,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (err) {
      return { status: 0, ok: false, data: { detail: "the service did not answer" }, etag: null };
    }
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (err) {
        data = null;
      }
    }
    return { status: response.status, ok: response.ok, data: data, etag: response.headers.get("ETag") };
  }

  // What a failed call says, for people.
  function detail(result) {
    if (result.status === 0) return "The service did not answer: check the connection and retry.";
    if (result.status === 401) return "You are signed out: sign in again (what you typed stays on this page).";
    return (result.data && result.data.detail) || "The service answered " + result.status + ".";
  }

  // A score as people round it: yes of counted as a whole percentage, halves up. The exact
  // fraction ("15/16") is used when the judgement gives it.
  function percent(outcome) {
    if (!outcome || !outcome.counted) return "";
    if (outcome.fraction) {
      const parts = String(outcome.fraction).split("/");
      const num = Number(parts[0]);
      const den = parts.length > 1 ? Number(parts[1]) : 1;
      return Math.floor((num * 100) / den + 0.5) + "%";
    }
    return Math.floor((outcome.yes * 100) / outcome.counted + 0.5) + "%";
  }

  function number(n) {
    return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
  }

  function when(iso) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso || "");
    return m ? m[1] + " " + m[2] + " UTC" : iso || "";
  }

  // Show the scores of a judgement (or a report) in an <ol class="scores">; null outcomes:
  // no judgement yet (a draft without every required fact).
  function showScores(list, outcomes) {
    for (const item of list.querySelectorAll("[data-outcome]")) {
      const score = item.querySelector("[data-score]") || item.querySelector(".score");
      const meter = item.querySelector("meter");
      const more = item.querySelector("[data-detail]") || item.querySelector(".detail");
      if (outcomes === null) {
        score.textContent = "no score yet";
        meter.value = 0;
        more.textContent = "scored once every required fact is given";
        continue;
      }
      const o = outcomes[item.dataset.outcome];
      if (!o) continue;
      score.textContent = o.counted ? percent(o) : "not applicable";
      meter.value = o.score === null || o.score === undefined ? 0 : o.score;
      let text = o.counted
        ? number(o.yes) + " of " + number(o.counted) + " applicable judgements met"
        : "nothing counted";
      if (o.cases !== undefined && o.counted) text += ", in " + o.cases + (o.cases === 1 ? " case" : " cases");
      if (o.band) text += " · " + o.band;
      more.textContent = text;
    }
  }

  return { call: call, detail: detail, percent: percent, number: number, when: when, showScores: showScores };
})();
