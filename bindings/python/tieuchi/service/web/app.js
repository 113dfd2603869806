// The page of tieuchi-serve (docs/web.md). A door like the others: it turns the officer's choices
// into requests to /v1 and shows the service's answers. It validates, formats and computes
// nothing of its own: every status, count, share, amount, word and diagnostic on the page is a
// value of the service's JSON (tieuchi.annexes/1, problem documents), shown as it comes.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const I18N = window.TIEUCHI_I18N;
  const state = {
    lang: "vi", token: sessionStorage.getItem("tieuchi.token") || "",
    packs: [], pack: null,
    data: null,        // {name, source: {csv} | {workbook}}: the uploaded file, sent again with every call
    view: null,        // the assessment's tieuchi.annexes/1
    plan: null,        // the plan's tieuchi.annexes/1
    planRequest: null, // the request that made it
    levelAnnex: "units",
  };

  // ---- words ------------------------------------------------------------------------------
  function t(key, args) {
    let s = (I18N[state.lang] && I18N[state.lang][key]) || I18N.vi[key] || key;
    if (args) for (const k in args) s = s.replace("{" + k + "}", args[k]);
    return s;
  }
  function translate() {
    document.documentElement.lang = state.lang;
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    $("lang-vi").setAttribute("aria-pressed", String(state.lang === "vi"));
    $("lang-en").setAttribute("aria-pressed", String(state.lang === "en"));
  }
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "class") e.className = attrs[k];
      else if (k === "text") e.textContent = attrs[k];
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function status(text, error) {
    const s = $("status");
    s.textContent = text || "";
    s.classList.toggle("error", !!error);
  }

  // ---- the service --------------------------------------------------------------------------
  class ProblemError extends Error {
    constructor(status, problem) {
      super(problem.detail || problem.title || String(status));
      this.status = status;
      this.problem = problem;
    }
  }
  async function call(method, path, body, raw) {
    const headers = {};
    if (state.token) headers["Authorization"] = "Bearer " + state.token;
    const init = { method, headers };
    if (body !== undefined) {
      if (raw) {
        init.body = body;
        headers["Content-Type"] = raw;
      } else {
        init.body = JSON.stringify(body);
        headers["Content-Type"] = "application/json";
      }
    }
    let r;
    try {
      r = await fetch(path, init);
    } catch (e) {
      throw new ProblemError(0, { title: t("err.network"), detail: String(e) });
    }
    if (r.status === 401) {
      $("token-box").hidden = false;
      $("token").focus();
    }
    if (!r.ok) {
      let problem;
      try { problem = await r.json(); } catch (e) { problem = { title: r.statusText }; }
      throw new ProblemError(r.status, problem);
    }
    return r;
  }
  const getJSON = async (path) => (await call("GET", path)).json();
  const postJSON = async (path, body) => (await call("POST", path, body)).json();

  function download(blob, name) {
    const a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    status(t("done.download", { f: name }));
  }
  function fileName(r, fallback) {
    const m = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
    return m ? m[1] : fallback;
  }

  /** A problem document in a box: its title and detail, and the library's diagnostics with their
   * places (sheet, row, column) as the service gives them. */
  function showProblem(box, err) {
    box.replaceChildren();
    box.hidden = false;
    const p = err.problem || { title: String(err) };
    if (err.status === 401) box.append(el("p", { text: t("err.token") }));
    const heading = (p.diagnostics || []).length ? t("err.problems") : (p.title || t("err.service"));
    box.append(el("p", {}, el("strong", { text: heading }), p.detail ? " — " + p.detail : ""));
    const diags = p.diagnostics || [];
    const schema = p.errors || [];
    if (diags.length) {
      const head = el("tr", {}, ...["d.code", "d.sheet", "d.row", "d.column", "d.message", "d.hint"]
        .map((k) => el("th", { scope: "col", text: t(k) })));
      const rows = diags.map((d) => el("tr", { class: "diagnostic", "data-code": d.code },
        el("td", { text: d.code }), el("td", { text: d.sheet || d.file || "" }),
        el("td", { text: d.row ? String(d.row) : "" }),
        el("td", { text: d.column_name ? d.column_name : "" }),
        el("td", { text: d.message }), el("td", { text: d.hint || "" })));
      box.append(el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
      box.append(el("pre", { class: "muted diagnostic-text", text: diags.map((d) => d.text).join("\n") }));
    } else if (schema.length) {
      box.append(el("ul", {}, ...schema.map((e) => el("li", { text: e.location + ": " + e.message }))));
    }
  }
  function clearProblem(box) { box.hidden = true; box.replaceChildren(); }

  // ---- step 1: packs --------------------------------------------------------------------------
  async function loadPacks() {
    status(t("busy.packs"));
    try {
      const [health, list] = await Promise.all([getJSON("health"), getJSON("v1/packs")]);
      $("version").textContent = "v" + health.version;
      state.packs = list.packs.filter((p) => p.ok);
      const sel = $("pack");
      const keep = sel.value;
      sel.replaceChildren(...state.packs.map((p) => el("option", { value: p.id, text: p.id + " — " + (p.title[state.lang] || p.title.vi || "") })));
      if (keep && state.packs.some((p) => p.id === keep)) sel.value = keep;
      choosePack(false);
      status("");
    } catch (e) {
      status(e.message, true);
    }
  }
  function choosePack(resetYear) {
    state.pack = state.packs.find((p) => p.id === $("pack").value) || null;
    const info = $("pack-info");
    info.replaceChildren();
    if (!state.pack) return;
    const p = state.pack;
    const year = $("year");
    if (resetYear || !year.value) year.value = p.default_year;
    year.min = p.valid.from ?? "";
    year.max = p.valid.to ?? "";
    const th = p.thresholds;
    const add = (k, v, cls) => info.append(el("dt", { text: t(k) }), el("dd", { class: cls }, v));
    add("info.title", p.title[state.lang] || p.title.vi || "");
    add("info.lineage", p.lineage.join(" › "));
    add("info.valid", (p.valid.from ?? "…") + "–" + (p.valid.to ?? "…"));
    add("info.thresholds", el("span", { id: "threshold-counts" },
      el("span", { "data-count": "verified", text: th.verified + " " + t("info.verified") }), " · ",
      el("span", { "data-count": "unverified", text: th.unverified + " " + t("info.unverified") }), " · ",
      el("span", { "data-count": "illustrative", text: th.illustrative + " " + t("info.illustrative") }), " · ",
      el("span", { "data-count": "missing", text: th.missing_count + " " + t("info.missing") })));
    if (th.illustrative > 0) info.append(el("dt", {}), el("dd", { class: "warn", text: t("info.illustrative_warning") }));
  }
  async function getTemplate() {
    const box = $("template-problems");
    clearProblem(box);
    const body = { pack: $("pack").value, year: numberOrNull($("year").value), lang: state.lang };
    const f = $("unit-list").files[0];
    if (f) {
      body.units = await f.text();
      body.file = f.name;
    }
    status(t("busy.download"));
    try {
      const r = await call("POST", "v1/template", body);
      download(await r.blob(), fileName(r, "template.xlsx"));
    } catch (e) {
      status(e.message, true);
      showProblem(box, e);
    }
  }
  // An input's text as the JSON number the request's schema takes, or null when empty. The
  // library (not the page) says whether the number makes sense (a year outside the pack: E506).
  function numberOrNull(v) { return v === "" ? null : Number(v); }

  // ---- step 2: data -----------------------------------------------------------------------------
  function base64(bytes) {
    let s = "";
    const chunk = 0x8000;
    for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
    return btoa(s);
  }
  async function readData() {
    const f = $("data-file").files[0];
    if (!f) return null;
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (/\.csv$/i.test(f.name)) {
      // CSV text goes as text when it is UTF-8; otherwise its bytes go to the CSV upload, whose
      // reader names the first byte that is not (E517), as `tieuchi assess` does.
      try {
        return { name: f.name, source: { csv: new TextDecoder("utf-8", { fatal: true }).decode(bytes) } };
      } catch (e) {
        return { name: f.name, bytes };
      }
    }
    return { name: f.name, source: { workbook: base64(bytes) } };
  }
  function unitsRequest() {
    return Object.assign({ pack: $("pack").value, year: numberOrNull($("year").value), file: state.data.name,
      sheet: $("sheet").value, recognized: "recognized" }, state.data.source);
  }
  function filterOf(district, review, plan) {
    return { district: district || "", review_outcome: review || "", plan_outcome: plan || "" };
  }
  async function assess() {
    const box = $("problems");
    clearProblem(box);
    try {
      state.data = await readData();
    } catch (e) {
      state.data = null;
    }
    if (!state.data) {
      status(t("err.no_file"), true);
      return;
    }
    status(t("busy.assess"));
    try {
      if (state.data.bytes) {
        // Not UTF-8: the CSV door says so, with the row and column.
        const q = new URLSearchParams({ pack: $("pack").value, file: state.data.name, format: "annexes" });
        await call("POST", "v1/assess/csv?" + q, state.data.bytes, "text/csv");
      }
      state.plan = null;
      $("plan-out").hidden = true;
      await refreshReview(true);
      status(t("done.assess", { n: state.view.units }));
      for (const id of ["step3", "step4", "step5", "step6"]) $(id).hidden = false;
      setupPlanForm();
      $("h3").scrollIntoView();
    } catch (e) {
      status(t("err.problems"), true);
      showProblem(box, e);
      for (const id of ["step3", "step4", "step5", "step6"]) $(id).hidden = true;
    }
  }

  // ---- step 3: the review -------------------------------------------------------------------
  async function refreshReview(reset) {
    const body = Object.assign(unitsRequest(), { format: "annexes", lang: state.lang,
      filter: filterOf(reset ? "" : $("f-district").value, reset ? "" : $("f-outcome").value) });
    state.view = await postJSON("v1/assess", body);
    if (reset) state.levelAnnex = "units";
    fillFilters();
    showReview();
    fillExplainChoices();
  }
  function options(sel, items, value) {
    sel.replaceChildren(...items.map(([v, text]) => el("option", { value: v, text })));
    if (items.some(([v]) => v === value)) sel.value = value;
  }
  function fillFilters() {
    const v = state.view;
    options($("f-level"), [["units", t("all_units")]].concat(
      v.annexes.filter((a) => a.kind === "review").map((a) => [String(a.number), a.sheet + " — " + levelTitle(a.level)])),
      state.levelAnnex);
    options($("f-district"), [["", t("all")]].concat(v.choices.districts.map((d) => [d.id, d.text])), v.filter.district);
    options($("f-outcome"), [["", t("all")]].concat(v.choices.review_outcomes.map((o) => [o.id, o.text])),
      v.filter.review_outcome);
  }
  function levelTitle(id) {
    const l = (state.view || state.plan).levels.find((x) => x.id === id);
    return l ? l.title : id;
  }
  function currentReviewAnnex() {
    const v = state.view;
    if (state.levelAnnex === "units") return v.units_annex;
    return v.annexes.find((a) => String(a.number) === state.levelAnnex) || v.units_annex;
  }
  function annexHead(box, a) {
    box.replaceChildren(el("strong", { text: a.title }));
    if (a.attached) box.append(el("span", { text: a.attached }), el("br"));
    box.append(el("span", { class: "muted", text: a.subtitle }));
  }
  /** An annex as a table: the two header rows of the Biểu (a group heading over a run of columns),
   * then the province row, each district's row and its units, every cell as the service words it. */
  function annexTable(a, onUnit) {
    const cols = a.columns;
    const h1 = el("tr"), h2 = el("tr");
    for (let c = 0; c < cols.length;) {
      const col = cols[c];
      if (!col.group) {
        h1.append(el("th", { scope: "col", rowspan: 2, text: col.title, "data-kind": col.kind }));
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < cols.length && cols[end + 1].group === col.group) end++;
      h1.append(el("th", { scope: "colgroup", colspan: end - c + 1, text: col.group }));
      for (let k = c; k <= end; k++) {
        const rot = cols[k].kind === "criterion" || cols[k].kind === "level";
        h2.append(el("th", { scope: "col", class: rot ? "rot" : "", title: cols[k].title, "data-id": cols[k].id,
          "data-kind": cols[k].kind }, rot ? el("span", { text: cols[k].title }) : cols[k].title));
      }
      c = end + 1;
    }
    const body = el("tbody");
    for (const r of a.rows) {
      const tr = el("tr", { class: r.kind, "data-unit": r.unit, "data-district": r.district, "data-outcome": r.outcome });
      r.cells.forEach((cell, i) => {
        const kind = cols[i].kind;
        const cls = [cell.look, kind === "unit" ? "name" : "",
          kind === "criteria_unmet" || kind === "agency" || kind === "review" || kind === "outcome" ? "wide" : ""].join(" ").trim();
        const td = el(r.kind === "unit" || kind !== "unit" ? "td" : "th", { class: cls, "data-col": cols[i].id || kind });
        if (r.kind === "unit" && kind === "unit" && onUnit) {
          td.append(el("button", { type: "button", class: "link unit-link", "data-unit": r.unit, text: cell.text,
            onclick: () => onUnit(r.unit, tr) }));
        } else {
          td.textContent = cell.text;
        }
        tr.append(td);
      });
      body.append(tr);
    }
    if (a.units === 0) body.append(el("tr", {}, el("td", { colspan: cols.length, text: a.empty })));
    return el("table", { class: "annex", "data-annex": a.sheet }, el("thead", {}, h1, h2), body);
  }
  function showReview() {
    const a = currentReviewAnnex();
    annexHead($("review-head"), a);
    $("review-table").replaceChildren(annexTable(a, (unit, tr) => explainUnit(unit, a.level, tr)));
    $("review-note").textContent = a.note;
    $("heatmap").replaceChildren(heatmap(a));
  }
  /** The district rows × the criterion columns, coloured by the share the service gives. */
  function heatmap(a) {
    const marks = a.columns.map((c, i) => [c, i]).filter(([c]) => c.kind === "criterion" || c.kind === "level");
    const head = el("tr", {}, el("th", { scope: "col", text: t("s3.district") }),
      ...marks.map(([c]) => el("th", { scope: "col", class: "rot", title: c.title }, el("span", { text: c.id }))));
    const rows = a.rows.filter((r) => r.kind !== "unit").map((r) => el("tr", { class: r.kind, "data-district": r.district },
      el("th", { scope: "row", class: "name", text: r.cells[1].text }),
      ...marks.map(([c, i]) => {
        const cell = r.cells[i];
        const td = el("td", { class: "cell", title: c.title + ": " + cell.text, "data-share": cell.share, text: cell.text });
        if (typeof cell.share === "number") td.style.backgroundColor = "hsl(" + Math.round(120 * cell.share) + ", 60%, " + (92 - 35 * cell.share) + "%)";
        return td;
      })));
    return el("div", {}, el("table", { class: "annex heat" }, el("thead", {}, head), el("tbody", {}, ...rows)),
      el("p", { class: "note", text: t("heat.legend") }));
  }
  function showTab(which) {
    const table = which === "table";
    $("tab-table").setAttribute("aria-selected", String(table));
    $("tab-heat").setAttribute("aria-selected", String(!table));
    $("review-table").hidden = !table;
    $("heatmap").hidden = table;
  }

  // ---- step 4: explanations ---------------------------------------------------------------------
  function fillExplainChoices() {
    const v = state.view;
    const unitRows = v.units_annex.rows.filter((r) => r.kind === "unit");
    const nameCol = v.units_annex.columns.findIndex((c) => c.kind === "unit");
    options($("x-unit"), unitRows.map((r) => [r.unit, r.cells[nameCol].text + " (" + r.unit + ")"]), $("x-unit").value);
    options($("x-node"), v.levels.map((l) => [l.id, l.title]).concat(v.criteria.map((c) => [c.id, c.title])),
      $("x-node").value || (v.levels[0] && v.levels[0].id));
  }
  async function explainUnit(unit, node, tr) {
    for (const r of document.querySelectorAll("tr.unit.selected")) r.classList.remove("selected");
    if (tr) tr.classList.add("selected");
    if (unit) $("x-unit").value = unit;
    if (node) $("x-node").value = node;
    const out = $("explanation");
    status(t("busy.explain"));
    try {
      const r = await postJSON("v1/explain", Object.assign(unitsRequest(),
        { unit: $("x-unit").value, node: $("x-node").value, lang: state.lang, depth: 2 }));
      out.textContent = r.text;
      out.dataset.unit = r.unit;
      out.dataset.node = r.node;
      status("");
      if (tr) $("h4").scrollIntoView();
    } catch (e) {
      out.textContent = e.message;
      status(e.message, true);
    }
  }

  // ---- step 5: the roadmap -----------------------------------------------------------------------
  function setupPlanForm() {
    const v = state.view;
    const year = v.year;
    const box = $("targets");
    if (box.dataset.pack !== v.pack.id) {
      box.dataset.pack = v.pack.id;
      const reviewed = new Set(v.annexes.filter((a) => a.kind === "review").map((a) => a.level));
      box.replaceChildren(...v.levels.map((l) => {
        const id = "t-" + l.id;
        return el("div", { class: "row target", "data-level": l.id },
          el("input", { type: "checkbox", id, checked: reviewed.has(l.id) ? "checked" : null }),
          el("label", { for: id, text: l.title + " (" + l.id + ")" }),
          el("label", { for: id + "-scope", class: "sr", text: t("b.scope") }),
          el("select", { id: id + "-scope" }, el("option", { value: "keep", text: t("t.keep") }),
            el("option", { value: "all", text: t("t.all") })),
          el("label", { for: id + "-year", text: t("t.by") }),
          el("input", { type: "number", id: id + "-year", step: 1, value: year + 1 }));
      }));
      $("h-from").value = year;
      $("h-to").value = year + 2;
      $("weights").replaceChildren(...v.criteria.map((c) => el("label", { for: "w-" + c.id },
        el("span", { text: c.title }), el("input", { type: "number", id: "w-" + c.id, step: "any", min: 0, "data-id": c.id }))));
      if (!$("budget-rows").children.length) addBudgetRow();
    }
  }
  function addBudgetRow(values) {
    const v = values || {};
    const n = $("budget-rows").children.length + 1;
    const scope = el("select", { "aria-label": t("b.scope") + " " + n, class: "b-scope" },
      ...["province", "district", "agency"].map((s) => el("option", { value: s, text: t("scope." + s) })));
    if (v.scope) scope.value = v.scope;
    const tr = el("tr", {},
      el("td", {}, el("input", { type: "number", step: 1, class: "b-year", "aria-label": t("b.year") + " " + n, value: v.year })),
      el("td", {}, scope),
      el("td", {}, el("input", { type: "text", class: "b-name", "aria-label": t("b.name") + " " + n, value: v.name })),
      el("td", {}, el("input", { type: "text", inputmode: "decimal", class: "b-amount", "aria-label": t("b.amount") + " " + n, value: v.amount })),
      el("td", {}, el("button", { type: "button", class: "small", "aria-label": t("b.remove") + " " + n, text: "×",
        onclick: () => tr.remove() })));
    $("budget-rows").append(tr);
    return tr;
  }
  async function planRequest() {
    const targets = [];
    for (const row of document.querySelectorAll("#targets .target")) {
      const id = "t-" + row.dataset.level;
      if (!$(id).checked) continue;
      targets.push(row.dataset.level + ":" + $(id + "-year").value + ($(id + "-scope").value === "all" ? ":all" : ""));
    }
    const req = Object.assign(unitsRequest(), { targets, policy: $("policy").value, lang: state.lang,
      plan_name: $("plan-name").value });
    if ($("h-from").value || $("h-to").value) req.horizon = $("h-from").value + "-" + $("h-to").value;
    const bf = $("budget-file").files[0];
    if (bf) req.budgets = await bf.text();
    else {
      // The rows as typed: the library reads them as it reads a budget file (E610 names the row).
      const rows = [...$("budget-rows").children].map((tr) => ({
        year: tr.querySelector(".b-year").value, scope: tr.querySelector(".b-scope").value,
        name: tr.querySelector(".b-name").value, amount: tr.querySelector(".b-amount").value }))
        .filter((r) => r.year !== "" || r.amount !== "" || r.name !== "");
      if (rows.length) req.budgets = rows;
    }
    const cf = $("cost-file").files[0];
    if (cf) req.costs = await cf.text();
    const weights = {};
    for (const w of document.querySelectorAll("#weights input")) if (w.value !== "") weights[w.dataset.id] = Number(w.value);
    req.weights = weights;
    return req;
  }
  async function runPlan(keepFilter) {
    const box = $("plan-problems");
    clearProblem(box);
    status(t("busy.plan"));
    try {
      if (!keepFilter) state.planRequest = await planRequest();
      const req = Object.assign({}, state.planRequest, { format: "annexes", lang: state.lang,
        filter: filterOf(keepFilter ? $("r-district").value : "", "", keepFilter ? $("r-outcome").value : "") });
      state.plan = await postJSON("v1/plan", req);
      showPlan();
      status(t("done.plan"));
      if (!keepFilter) $("plan-totals").scrollIntoView();
    } catch (e) {
      status(e.message, true);
      showProblem(box, e);
    }
  }
  function plainTable(tbl, id) {
    const head = el("tr", {}, ...tbl.columns.map((c) => el("th", { scope: "col", text: c.title, "data-name": c.name })));
    const rows = tbl.rows.map((r) => el("tr", {}, ...r.map((v, i) => el("td", { "data-name": tbl.columns[i].name,
      class: /^(cost|planned|amount|left|value|tasks|units)/.test(tbl.columns[i].name) ? "num" : "", text: v === null ? "" : v }))));
    return el("table", { class: "plain", id }, el("thead", {}, head), el("tbody", {}, ...rows));
  }
  function showPlan() {
    const v = state.plan, p = v.plan;
    $("plan-out").hidden = false;
    const info = $("plan-totals");
    info.replaceChildren();
    const add = (k, text, id) => info.append(el("dt", { text: t(k) }), el("dd", { id, text }));
    add("plan.method", p.method, "plan-method");
    add("plan.optimality", p.optimality_text, "plan-optimality");
    add("plan.policy", p.policy_text, "plan-policy");
    add("plan.tasks", String(p.tasks), "plan-tasks");
    add("plan.cost", p.total_cost_text + " " + p.cost_unit, "plan-cost");
    add("plan.outcomes", v.choices.plan_outcomes.map((o) => o.text + ": " + p.outcomes[o.id]).join(" · "), "plan-outcomes");
    const roadmaps = v.annexes.filter((a) => a.kind === "roadmap");
    const sel = $("r-annex");
    options(sel, roadmaps.map((a) => [String(a.number), a.sheet + " — " + levelTitle(a.level)]), sel.value);
    options($("r-district"), [["", t("all")]].concat(v.choices.districts.map((d) => [d.id, d.text])), v.filter.district);
    options($("r-outcome"), [["", t("all")]].concat(v.choices.plan_outcomes.map((o) => [o.id, o.text])), v.filter.plan_outcome);
    showRoadmap();
    $("agencies").replaceChildren(plainTable(p.agencies, "agencies-table"));
    $("not-on-time").replaceChildren(plainTable(p.not_on_time, "not-on-time-table"));
    $("budget-use").replaceChildren(plainTable(p.budgets, "budgets-table"));
  }
  function showRoadmap() {
    const v = state.plan;
    const a = v.annexes.find((x) => x.kind === "roadmap" && String(x.number) === $("r-annex").value)
      || v.annexes.find((x) => x.kind === "roadmap");
    if (!a) return;
    annexHead($("roadmap-head"), a);
    $("roadmap-table").replaceChildren(annexTable(a, (unit, tr) => explainUnit(unit, a.level, tr)));
    $("roadmap-note").textContent = a.note;
  }

  // ---- step 6: downloads ------------------------------------------------------------------------
  async function downloadAnnexes() {
    status(t("busy.download"));
    try {
      let r;
      if (state.planRequest) r = await call("POST", "v1/plan", Object.assign({}, state.planRequest, { format: "xlsx", lang: state.lang }));
      else r = await call("POST", "v1/assess", Object.assign(unitsRequest(), { format: "xlsx", lang: state.lang, plan_name: $("plan-name").value }));
      download(await r.blob(), state.planRequest ? "bieu-01-04.xlsx" : "bieu-01-02.xlsx");
    } catch (e) {
      status(e.message, true);
    }
  }
  async function downloadJSON(kind) {
    status(t("busy.download"));
    try {
      let r;
      if (kind === "plan") {
        if (!state.planRequest) state.planRequest = await planRequest();
        r = await call("POST", "v1/plan", Object.assign({}, state.planRequest, { format: "json", lang: state.lang }));
      } else {
        r = await call("POST", "v1/assess", Object.assign(unitsRequest(), { format: "json" }));
      }
      download(await r.blob(), kind === "plan" ? "plan.json" : "assessment.json");
    } catch (e) {
      status(e.message, true);
      if (kind === "plan") showProblem($("plan-problems"), e);
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------
  async function setLang(lang) {
    if (lang === state.lang) return;
    state.lang = lang;
    translate();
    await loadPacks();
    try {
      if (state.view) await refreshReview(false);
      if (state.plan) await runPlan(true);
    } catch (e) {
      status(e.message, true);
    }
  }
  function init() {
    translate();
    $("lang-vi").addEventListener("click", () => setLang("vi"));
    $("lang-en").addEventListener("click", () => setLang("en"));
    $("token").value = state.token;
    $("token-save").addEventListener("click", () => {
      state.token = $("token").value.trim();
      sessionStorage.setItem("tieuchi.token", state.token);
      $("token-box").hidden = true;
      loadPacks();
    });
    $("pack").addEventListener("change", () => choosePack(true));
    $("get-template").addEventListener("click", getTemplate);
    $("assess").addEventListener("click", assess);
    $("f-level").addEventListener("change", () => { state.levelAnnex = $("f-level").value; showReview(); });
    const refilter = async () => {
      try { await refreshReview(false); } catch (e) { status(e.message, true); showProblem($("problems"), e); }
    };
    $("f-district").addEventListener("change", refilter);
    $("f-outcome").addEventListener("change", refilter);
    $("tab-table").addEventListener("click", () => showTab("table"));
    $("tab-heat").addEventListener("click", () => showTab("heat"));
    $("explain").addEventListener("click", () => explainUnit(null, null, null));
    $("budget-add").addEventListener("click", () => addBudgetRow().querySelector("input").focus());
    $("run-plan").addEventListener("click", () => runPlan(false));
    $("r-annex").addEventListener("change", showRoadmap);
    $("r-district").addEventListener("change", () => runPlan(true));
    $("r-outcome").addEventListener("change", () => runPlan(true));
    $("dl-annexes").addEventListener("click", downloadAnnexes);
    $("dl-plan-json").addEventListener("click", () => downloadJSON("plan"));
    $("dl-assessment-json").addEventListener("click", () => downloadJSON("assessment"));
    loadPacks();
  }
  document.addEventListener("DOMContentLoaded", init);
})();
