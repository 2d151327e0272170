// The Conveyor console: signs in with an API key (kept in sessionStorage, sent as a bearer token)
// and shows the /v1 API as tables and charts, polling while it is open.
"use strict";

const KEY = "conveyor.apiKey";
const POLL_MS = 2000;
const state = { key: null, admin: false, tab: null, timer: null, jobsLimit: 20, rateSamples: {}, dlt: null, checks: {} };

const TENANT_TABS = [["jobs", "Jobs & batches"], ["usage", "Usage"], ["budget", "Budget & statement"], ["models", "Models"]];
const ADMIN_TABS = [["providers", "Providers"], ["tenants", "Tenants"], ["dlt", "Dead letters"]];

const SAMPLE_BATCH = [
  ["review-cart", "code_analysis", "Review class Cart for thread safety: class Cart { List<Item> items; void add(Item i) { items.add(i); } }"],
  ["tests-cart", "test_generation", "Write JUnit 5 tests for class Cart with add() and total()"],
  ["doc-cart", "documentation", "Write Javadoc for class Cart and its methods add() and total()"],
  ["refactor-cart", "refactoring", "Refactor class Cart to use an immutable list of items"],
  ["review-order", "code_analysis", "Find bugs in class Order: it computes the total with double arithmetic"],
  ["tests-order", "test_generation", "Write JUnit 5 tests for class Order.total() with discounts"],
].map(([id, task, prompt]) => JSON.stringify({
  custom_id: id, method: "POST", url: "/v1/chat/completions",
  body: { messages: [{ role: "user", content: prompt }], max_tokens: 200, metadata: { task_type: task } },
})).join("\n");

// ---------- helpers ----------
const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function badge(text, kind) { return el("span", { class: "badge " + (kind || text) }, text); }

function usd(value) {
  const n = Number(value || 0);
  if (n === 0) return "$0";
  return "$" + (n < 0.01 ? n.toFixed(6) : n.toFixed(n < 100 ? 4 : 2));
}

function count(n) { return Number(n || 0).toLocaleString("en-US"); }

function progressBar(done, failed, total, extraClass) {
  const bar = el("div", { class: "progress " + (extraClass || ""), role: "progressbar",
    "aria-valuemin": 0, "aria-valuemax": total, "aria-valuenow": done + failed });
  const okShare = total ? (done / total) * 100 : 0;
  const badShare = total ? (failed / total) * 100 : 0;
  bar.append(el("span", { style: `width:${okShare}%` }));
  if (failed) bar.append(el("span", { class: "failed", style: `left:${okShare}%;width:${badShare}%` }));
  return bar;
}

function rows(tbody, list, render, emptyText) {
  const body = typeof tbody === "string" ? document.querySelector(`#${tbody} tbody`) : tbody;
  body.replaceChildren(...(list.length ? list.map(render)
    : [el("tr", {}, el("td", { colspan: 12, class: "muted" }, emptyText || "Nothing yet."))]));
}

class ApiError extends Error {}

async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options || {});
  opts.headers = Object.assign({ Authorization: "Bearer " + state.key }, opts.headers);
  const response = await fetch(path, opts);
  if (!response.ok) {
    let detail = response.statusText;
    try { const p = await response.json(); detail = p.detail || p.title || detail; } catch (e) { /* not JSON */ }
    throw new ApiError(`${response.status}: ${detail}`);
  }
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

// ---------- sign in ----------
async function signIn(key) {
  state.key = key;
  // Tenant keys have a fixed shape (cvk_<id>_<secret>); anything else can only be the admin key.
  state.admin = !key.startsWith("cvk_");
  try {
    if (state.admin) await api("/v1/admin/tenants"); else await api("/v1/quota");
  } catch (e) {
    state.key = null;
    sessionStorage.removeItem(KEY);
    $("sign-in-error").textContent = e instanceof ApiError && e.message.startsWith("401")
      ? "That key was not accepted." : "Could not sign in: " + e.message;
    return;
  }
  sessionStorage.setItem(KEY, key);
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  $("who").textContent = state.admin ? "operator" : "tenant " + key.split("_")[1];
  if (state.admin) await discoverDlt();
  buildTabs(state.admin ? ADMIN_TABS : TENANT_TABS);
  const wanted = location.hash.slice(1);
  const tabs = (state.admin ? ADMIN_TABS : TENANT_TABS).map(t => t[0]);
  show(tabs.includes(wanted) ? wanted : tabs[0]);
  if (!state.admin) {
    const who = await api("/v1/quota");
    $("who").textContent = "tenant " + who.tenant;
  }
}

function signOut() {
  sessionStorage.removeItem(KEY);
  location.hash = "";
  location.reload();
}

function buildTabs(tabs) {
  const nav = $("tabs");
  nav.replaceChildren(...tabs.map(([id, title]) => el("button", { id: "tab-" + id, onclick: () => show(id) }, title)));
  nav.hidden = false;
}

function show(tab) {
  state.tab = tab;
  location.hash = tab;
  document.querySelectorAll(".view").forEach(v => { v.hidden = v.id !== "view-" + tab; });
  document.querySelectorAll("#tabs button").forEach(b => b.classList.toggle("active", b.id === "tab-" + tab));
  clearInterval(state.timer);
  refresh();
  state.timer = setInterval(refresh, POLL_MS);
}

async function refresh() {
  try {
    await VIEWS[state.tab]();
    $("updated").textContent = "Updated " + new Date().toLocaleTimeString();
  } catch (e) {
    $("updated").textContent = "Could not update: " + e.message;
  }
}

// ---------- tenant views ----------
async function jobsView() {
  const [batches, jobs] = await Promise.all([api("/v1/batches?limit=10"), api(`/v1/jobs?limit=${state.jobsLimit}`)]);
  rows("batches", batches.data, b => {
    const c = b.request_counts;
    return el("tr", { "data-batch": b.id },
      el("td", { class: "mono" }, b.id),
      el("td", {}, badge(b.status)),
      el("td", {}, progressBar(c.completed, c.failed, c.total)),
      el("td", { class: "num" }, `${c.completed + c.failed} / ${c.total}`),
      el("td", { class: "num cost" }, usd(b.cost_usd)),
      el("td", {}, new Date(b.created_at * 1000).toLocaleString()));
  }, "No batches yet.");
  rows("jobs", jobs.data, j => el("tr", { "data-job": j.job_id },
    el("td", { class: "mono" }, j.job_id),
    el("td", {}, j.task_type || ""),
    el("td", {}, badge(j.status)),
    el("td", {}, j.provider ? `${j.provider} / ${j.model}` : ""),
    el("td", { class: "num" }, j.attempts || ""),
    el("td", { class: "num" }, j.usage ? `${count(j.usage.input_tokens)} / ${count(j.usage.output_tokens)}` : ""),
    el("td", { class: "num" }, j.cost_usd !== undefined ? usd(j.cost_usd) : "")), "No jobs yet.");
  $("jobs-more").hidden = !jobs.has_more;
}

async function submitBatch() {
  const message = $("batch-message");
  message.textContent = "Submitting…";
  try {
    const batch = await api("/v1/batches", {
      method: "POST", headers: { "Content-Type": "application/jsonl" }, body: $("batch-input").value.trim() + "\n",
    });
    message.textContent = `Accepted ${batch.id} (${batch.request_counts.total} jobs).`;
    await jobsView();
  } catch (e) {
    message.textContent = "Rejected: " + e.message;
  }
}

function usageQuery(groupBy) {
  const params = new URLSearchParams({ group_by: groupBy });
  if ($("usage-from").value) params.set("from", $("usage-from").value);
  if ($("usage-to").value) params.set("to", $("usage-to").value);
  return api("/v1/usage?" + params);
}

async function usageView() {
  const measure = $("usage-measure").value;
  const value = g => measure === "cost" ? Number(g.cost_usd) : g.input_tokens + g.output_tokens;
  const format = measure === "cost" ? usd : count;
  const groups = ["day", "model", "provider", "task_type"];
  const reports = await Promise.all(groups.map(usageQuery));
  const total = reports[0];
  $("usage-total").textContent = `${count(total.requests)} calls, ${count(total.input_tokens)} input and ` +
    `${count(total.output_tokens)} output tokens (${count(total.cached_input_tokens)} cached), ${usd(total.cost_usd)}.`;
  groups.forEach((g, i) => {
    const data = (reports[i].groups || []).map(row => ({ label: row.key, value: value(row) }));
    if (g === "day") Charts.columns($("chart-day"), data, format);
    else Charts.bars($("chart-" + g), data.sort((a, b) => b.value - a.value), format);
  });
}

async function budgetView() {
  const q = await api("/v1/quota");
  const box = $("budget");
  const parts = [el("p", {}, `Month ${q.month}: spent ${usd(q.cost_usd)}, ${count(q.tokens)} tokens.`)];
  const meter = (label, used, limit, format) => {
    const share = limit > 0 ? used / limit : 0;
    return el("div", { class: "meter" }, el("p", {}, `${label}: ${format(used)} of ${format(limit)} (${(share * 100).toFixed(1)}%)`),
      progressBar(Math.min(used, limit), 0, limit, share >= 1 ? "over" : share >= 0.8 ? "near" : ""));
  };
  if (q.monthly_budget_usd !== undefined) parts.push(meter("Budget", Number(q.cost_usd), Number(q.monthly_budget_usd), usd));
  if (q.monthly_token_quota !== undefined) parts.push(meter("Token quota", q.tokens, q.monthly_token_quota, count));
  if (q.monthly_budget_usd === undefined && q.monthly_token_quota === undefined) parts.push(el("p", { class: "muted" }, "No budget or token quota is set."));
  // The forecast comes from billing when it has one; its fields are shown as they come.
  for (const [k, v] of Object.entries(q).filter(([k]) => k.startsWith("forecast"))) {
    const text = typeof v === "object" ? Object.entries(v).map(([a, b]) => `${a.replaceAll("_", " ")}: ${b}`).join(", ") : String(v);
    parts.push(el("p", { class: "forecast" }, `${k.replaceAll("_", " ")}: ${text}`));
  }
  box.replaceChildren(...parts);
}

async function downloadStatement(format) {
  const month = $("statement-month").value;
  const message = $("statement-message");
  try {
    const response = await fetch(`/v1/statements/${month}.${format}`, { headers: { Authorization: "Bearer " + state.key } });
    if (!response.ok) throw new ApiError(`${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: `conveyor-statement-${month}.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    message.textContent = `Downloaded the ${month} statement (${format.toUpperCase()}).`;
  } catch (e) {
    message.textContent = "No statement: " + e.message;
  }
}

async function modelsView() {
  const models = await api("/v1/models");
  const price = v => v === undefined || v === null ? "" : "$" + Number(v).toFixed(3);
  rows("models", models.data, m => el("tr", {},
    el("td", { class: "mono" }, m.id), el("td", {}, m.owned_by),
    el("td", {}, badge(m.enabled ? "enabled" : "disabled")),
    el("td", { class: "num" }, price(m.input_per_million)), el("td", { class: "num" }, price(m.output_per_million)),
    el("td", { class: "num" }, price(m.cached_input_per_million)),
    el("td", { class: "num" }, count(m.context_window)), el("td", { class: "num" }, count(m.max_output_tokens)),
    el("td", {}, (m.capabilities || []).join(", "))));
}

// ---------- admin views ----------
async function providersView() {
  const providers = await api("/v1/admin/providers");
  $("providers").replaceChildren(...providers.data.map(p => el("div", { class: "provider", "data-provider": p.name },
    el("header", {}, el("h3", {}, p.name), badge(p.enabled ? "enabled" : "disabled"), el("span", { class: "muted" }, p.kind),
      p.enabled ? el("button", { class: "secondary", onclick: e => healthCheck(p.name, e.target) }, "Health check") : null,
      el("span", { class: "check-result muted" }, state.checks[p.name] || "")),
    el("table", {}, el("thead", {}, el("tr", {}, ["Model", "Circuit", "Failures in a row", "Failure rate", "Latency (avg)", "Last probe"].map(h => el("th", {}, h)))),
      el("tbody", {}, p.models.map(m => el("tr", { "data-model": m.id },
        el("td", { class: "mono" }, m.id), el("td", {}, badge(m.circuit.state)),
        el("td", { class: "num" }, m.circuit.consecutive_failures),
        el("td", { class: "num" }, (Number(m.circuit.failure_rate) * 100).toFixed(0) + "%"),
        el("td", { class: "num latency" }, m.latency_ms !== undefined ? Math.round(m.latency_ms) + " ms" : "not called yet"),
        el("td", {}, m.circuit.last_probe ? `${m.circuit.last_probe.outcome} (${m.circuit.last_probe.source.toLowerCase()}) ${new Date(m.circuit.last_probe.started_at).toLocaleTimeString()}` : "none"))))))));
  rateLimitsView(providers.data);
}

function rateLimitsView(providers) {
  const now = Date.now();
  const lines = [];
  for (const p of providers) for (const l of p.rate_limits || []) {
    const id = `${p.name}/${l.model}/${l.kind}`;
    const before = state.rateSamples[id];
    state.rateSamples[id] = { at: now, granted: l.permits_granted };
    const perMinute = before && now > before.at ? ((l.permits_granted - before.granted) * 60000) / (now - before.at) : 0;
    const share = l.limit_per_window > 0 ? perMinute / l.limit_per_window : 0;
    lines.push(el("tr", {}, el("td", {}, p.name), el("td", { class: "mono" }, l.model), el("td", {}, l.kind),
      el("td", { class: "num" }, count(Math.round(perMinute))), el("td", { class: "num" }, count(l.limit_per_window)),
      el("td", {}, progressBar(Math.min(perMinute, l.limit_per_window), 0, l.limit_per_window, share >= 1 ? "over" : share >= 0.8 ? "near" : "")),
      el("td", { class: "num" }, count(l.waiting))));
  }
  $("rate-limits").replaceChildren(lines.length
    ? el("table", {}, el("thead", {}, el("tr", {}, ["Provider", "Model", "Kind", "Use per minute", "Limit per window", "Use", "Waiting"].map(h => el("th", {}, h)))), el("tbody", {}, lines))
    : el("p", { class: "muted" }, "No provider rate limits are configured (conveyor.router.rate-limits.providers)."));
}

async function healthCheck(provider, button) {
  const out = button.parentElement.querySelector(".check-result");
  out.textContent = "Probing…";
  // Kept in state: the providers view is redrawn on every poll.
  try {
    const report = await api(`/v1/admin/providers/${encodeURIComponent(provider)}/health-check`, { method: "POST" });
    state.checks[provider] = el("span", {}, ...report.models.map(m => el("span", {}, " ", badge(`${m.model}: ${m.outcome} ${m.latency_ms} ms`, m.outcome))));
  } catch (e) {
    state.checks[provider] = "Health check failed: " + e.message;
  }
  await providersView();
}

async function tenantsView() {
  const tenants = await api("/v1/admin/tenants");
  const spends = await Promise.all(tenants.map(t => api(`/v1/admin/tenants/${encodeURIComponent(t.id)}/spend`)));
  Charts.bars($("chart-spend"), spends.map(s => ({ label: s.tenant, value: Number(s.cost_usd) })).sort((a, b) => b.value - a.value), usd);
  rows("tenants", tenants.map((t, i) => [t, spends[i]]), ([t, s]) => {
    const budget = s.monthly_budget_usd !== undefined ? Number(s.monthly_budget_usd) : null;
    const share = budget ? Number(s.cost_usd) / budget : 0;
    return el("tr", { "data-tenant": t.id }, el("td", { class: "mono" }, t.id), el("td", {}, t.name || ""),
      el("td", { class: "num" }, usd(s.cost_usd)), el("td", { class: "num" }, budget === null ? "none" : usd(budget)),
      el("td", {}, budget ? progressBar(Math.min(Number(s.cost_usd), budget), 0, budget, share >= 1 ? "over" : share >= 0.8 ? "near" : "") : ""),
      el("td", { class: "num" }, count(s.tokens)));
  }, "No tenants yet.");
}

// The dead-letter API (GET /v1/admin/dead-letters, POST /v1/admin/dead-letters/redrive).
async function discoverDlt() {
  state.dlt = { list: "/v1/admin/dead-letters", redrive: "/v1/admin/dead-letters/redrive" };
}

async function dltView() {
  const box = $("dlt");
  const answer = await api(state.dlt.list + "?limit=100");
  const items = answer.data || [];
  if (!items.length) { box.replaceChildren(el("p", { class: "muted" }, "The dead-letter topic " + answer.topic + " is empty.")); return; }
  const columns = ["timestamp", "job_id", "tenant_id", "original_topic", "error_type", "error_message"];
  const redrive = item => {
    if (item.redriven) return el("span", { class: "badge succeeded" }, "re-driven");
    if (!item.job_id) return null;
    return el("button", { class: "secondary", onclick: async e => {
      e.target.disabled = true;
      try {
        const done = await api(state.dlt.redrive, { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ job_ids: [item.job_id], topic: answer.topic }) });
        e.target.textContent = done.redriven ? "Re-driven" : "Already re-driven";
      } catch (err) { e.target.textContent = err.message; }
    } }, "Re-drive");
  };
  box.replaceChildren(el("p", { class: "muted" }, answer.topic + ": the latest " + items.length + " records, newest first"),
    el("table", {}, el("thead", {}, el("tr", {}, columns.map(c => el("th", {}, c.replaceAll("_", " "))), el("th", {}))),
    el("tbody", {}, items.map(item => el("tr", { "data-offset": String(item.offset) },
      columns.map(c => el("td", {}, String(item[c] ?? ""))), el("td", {}, redrive(item)))))));
}

const VIEWS = { jobs: jobsView, usage: usageView, budget: budgetView, models: modelsView,
  providers: providersView, tenants: tenantsView, dlt: dltView };

// ---------- start ----------
function start() {
  const today = new Date();
  const iso = d => d.toISOString().slice(0, 10);
  $("usage-from").value = iso(new Date(today.getTime() - 13 * 86400000));
  $("usage-to").value = iso(today);
  $("statement-month").value = iso(today).slice(0, 7);
  $("batch-input").value = SAMPLE_BATCH;
  ["usage-from", "usage-to", "usage-measure"].forEach(id => $(id).addEventListener("change", refresh));
  $("submit-batch").addEventListener("click", submitBatch);
  $("jobs-more").addEventListener("click", () => { state.jobsLimit = Math.min(100, state.jobsLimit + 20); refresh(); });
  $("statement-csv").addEventListener("click", () => downloadStatement("csv"));
  $("statement-json").addEventListener("click", () => downloadStatement("json"));
  $("sign-out").addEventListener("click", signOut);
  $("sign-in-form").addEventListener("submit", e => { e.preventDefault(); signIn($("api-key").value.trim()); });
  const saved = sessionStorage.getItem(KEY);
  if (saved) signIn(saved);
}

start();
