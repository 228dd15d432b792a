// The console: moves focus to the list of problems after a refused save, and follows an ingest job until it ends.
(() => {
  "use strict";

  document.getElementById("error-summary")?.focus();

  const job = document.getElementById("job");
  if (job && job.dataset.finished === "false") {
    const progress = document.getElementById("job-progress");
    const state = document.getElementById("job-state");
    const phase = document.getElementById("job-phase");
    const timer = setInterval(async () => {
      const response = await fetch(job.dataset.job, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      progress.value = body.progress;
      progress.textContent = `${Math.round(body.progress * 100)}%`;
      state.textContent = body.state;
      phase.textContent = body.phase;
      if (["succeeded", "failed", "cancelled"].includes(body.state)) {
        clearInterval(timer);
        location.reload();
      }
    }, 500);
  }
})();
