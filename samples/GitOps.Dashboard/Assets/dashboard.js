// GitOps .NET dashboard: live updates over server-sent events and actions without reloading. Hand-written, no build.
"use strict";
(() => {
  const main = document.getElementById("main");
  const live = document.getElementById("live");
  const notice = document.getElementById("notice");
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";
  let refreshTimer = 0;
  let refreshing = Promise.resolve();

  function setLive(state, text) {
    if (!live) return;
    live.dataset.state = state;
    live.textContent = text;
  }

  function showNotice(ok, text) {
    notice.hidden = false;
    notice.className = "notice " + (ok ? "ok" : "fail");
    notice.textContent = text;
  }

  // Swaps in the server's fresh rendering of the main region, keeping keyboard focus where it was.
  async function refreshMain() {
    const focusedId = document.activeElement?.id;
    const response = await fetch(location.pathname + location.search, { headers: { "X-Dashboard-Partial": "1" }, cache: "no-store" });
    if (!response.ok && response.status !== 404) return;
    main.innerHTML = await response.text();
    if (focusedId) document.getElementById(focusedId)?.focus();
    main.dataset.refreshed = String(Date.now());
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    // Events come in bursts (a sync, then its refresh): render once per burst.
    refreshTimer = setTimeout(() => { refreshing = refreshing.then(refreshMain, refreshMain); }, 120);
  }

  function connect() {
    if (!window.EventSource || !main || main.dataset.page === "login") return;
    const events = new EventSource("/events");
    events.onopen = () => { setLive("live", "Live"); scheduleRefresh(); };
    events.onerror = () => setLive("offline", "Reconnecting…");
    const onChange = (e) => {
      const data = JSON.parse(e.data);
      if (main.dataset.page === "list" || main.dataset.app === data.application) scheduleRefresh();
    };
    events.addEventListener("status", onChange);
    events.addEventListener("operation", onChange);
  }

  // Action forms post by script so the page stays; without script they post and redirect back.
  document.addEventListener("submit", async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("action") || form.action.endsWith("/logout")) return;
    e.preventDefault();
    const button = form.querySelector("button");
    const label = button.textContent;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = label.startsWith("Sync") ? "Syncing…" : label.startsWith("Rollback") ? "Rolling back…" : "Working…";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "X-CSRF-TOKEN": csrf(), "X-Requested-With": "fetch" },
        body: new FormData(form),
      });
      const type = response.headers.get("content-type") ?? "";
      const result = type.includes("json") ? await response.json() : { ok: false, message: (await response.text()) || response.statusText };
      showNotice(result.ok ?? response.ok, result.message ?? result.title ?? response.statusText);
    } catch (error) {
      showNotice(false, "The dashboard did not answer: " + error);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = label;
      scheduleRefresh();
    }
  });

  connect();
})();
