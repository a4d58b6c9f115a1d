// The inspection page: the live report. The scores are the server's as the page was loaded;
// they are read again from the report endpoint every 30 seconds while the page is shown, and
// on "Refresh", so the page follows assessments as they arrive.
"use strict";

(function () {
  const live = document.getElementById("live");
  if (!live) return;
  const status = document.getElementById("live-status");
  const list = document.getElementById("live-scores");
  const summary = document.getElementById("live-summary");
  const button = document.getElementById("live-refresh");
  let busy = false;

  async function refresh() {
    if (busy) return;
    busy = true;
    button.disabled = true;
    const result = await window.aow.call("GET", live.dataset.report);
    busy = false;
    button.disabled = false;
    if (!result.ok) {
      status.textContent = "The report could not be read: " + window.aow.detail(result);
      return;
    }
    const report = result.data.report;
    window.aow.showScores(list, report.outcomes);
    summary.textContent = report.summary;
    const n = report.sample.cases;
    const at = new Date().toISOString();
    status.textContent =
      "Scores over the " + n + " counted case" + (n === 1 ? "" : "s") + ", as of " + window.aow.when(at) + ".";
  }

  button.addEventListener("click", refresh);
  setInterval(function () {
    if (document.visibilityState === "visible") refresh();
  }, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh();
  });
})();
