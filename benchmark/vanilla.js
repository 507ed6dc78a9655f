// The yardstick of ./bench: the card list's DOM (the same filter form, the
// same table, the same first 200 rows) built by hand with plain DOM calls,
// from the same plan. Loaded by target/bench/vanilla-N.html, which holds
// the plan as a JSON data block.
"use strict";
(function () {
  const PAGE = 200;
  const file = JSON.parse(document.getElementById("plan").textContent);
  const today = new Date();
  const month = today.toISOString().slice(0, 7);
  const years = [];
  for (let y = file.plan.start_year; y <= file.plan.end_year; y++) years.push(y);
  // Status → mark, written into the page by the benchmark from plan-core.
  const SYMBOL = JSON.parse(document.getElementById("symbols").textContent);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function rows(text) {
    const q = text.normalize("NFKC").toLowerCase();
    return file.cards
      .filter((c) => !q || (c.title + c.overview + c.number + (c.departments || []).join(" ")).normalize("NFKC").toLowerCase().includes(q))
      .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
      .map((c) => {
        let overdue = 0;
        for (const y of c.years || []) {
          for (const a of y.actions || []) if (!a.done && a.due && a.due < month) overdue++;
        }
        return {
          id: c.id,
          number: c.number,
          title: c.title,
          lead: (c.departments || [])[0] || "",
          statuses: years.map((y) => {
            const cy = (c.years || []).find((x) => x.year === y);
            return cy ? cy.status : null;
          }),
          overdue,
          updated: (c.updated_at || "").slice(0, 10),
        };
      });
  }

  function select(label, options) {
    const d = el("div", { class: "field" });
    d.appendChild(el("label", null, label));
    const s = el("select");
    for (const [v, t] of options) s.appendChild(el("option", { value: v }, t));
    d.appendChild(s);
    return d;
  }

  function fillBody(tbody, list) {
    for (const r of list.slice(0, PAGE)) {
      const tr = el("tr", { class: "card-row", "data-card-id": r.id });
      tr.appendChild(el("td", { class: "num" }, r.number));
      const td = el("td");
      td.appendChild(el("a", { href: "#/card/" + encodeURIComponent(r.id) }, r.title));
      tr.appendChild(td);
      tr.appendChild(el("td", null, r.lead));
      for (const s of r.statuses) tr.appendChild(el("td", { class: "year" }, s ? SYMBOL[s] || "" : ""));
      const o = el("td", { class: "num" });
      if (r.overdue > 0) o.appendChild(el("span", { class: "tag tag-overdue" }, String(r.overdue)));
      tr.appendChild(o);
      tr.appendChild(el("td", null, r.updated));
      tbody.appendChild(tr);
    }
  }

  // The whole list page: heading, filter form, count, table.
  window.buildList = function () {
    const main = document.getElementById("main");
    main.textContent = "";
    const article = el("article", { class: "list-page" });
    article.appendChild(el("h1", null, "カードの検索"));
    const form = el("form", { class: "filters" });
    const tf = el("div", { class: "field" });
    tf.appendChild(el("label", null, "キーワード"));
    const input = el("input", { type: "text", "data-testid": "filter-text" });
    tf.appendChild(input);
    form.appendChild(tf);
    const all = [["", "すべて"]];
    form.appendChild(select("柱", all.concat(file.plan.pillars.map((p) => [p.id, p.name]))));
    form.appendChild(select("施策", all.concat(file.plan.pillars.flatMap((p) => (p.measures || []).map((m) => [m.id, m.name])))));
    form.appendChild(select("部署", all.concat(file.plan.departments.map((d) => [d, d]))));
    form.appendChild(select("年度", all.concat(years.map((y) => [String(y), y + "年度"]))));
    article.appendChild(form);
    const list = rows("");
    const count = el("p", { class: "card-count", "data-testid": "list-count" }, "該当 " + list.length + "件");
    article.appendChild(count);
    const table = el("table", { class: "card-table list-table" });
    const head = el("tr");
    for (const h of ["番号", "取組", "主担当"].concat(years.map((y) => y + "年度"), ["期限超過", "更新"])) head.appendChild(el("th", null, h));
    table.appendChild(el("thead")).appendChild(head);
    const tbody = el("tbody");
    fillBody(tbody, list);
    table.appendChild(tbody);
    article.appendChild(table);
    main.appendChild(article);
    // A keystroke filters at once and rebuilds the rows (no debounce).
    input.addEventListener("input", () => {
      const l = rows(input.value);
      count.textContent = "該当 " + l.length + "件";
      tbody.textContent = "";
      fillBody(tbody, l);
    });
  };
})();
