/* cmscheck site: filter and sort the nonconformity register (site/register.py writes the table).
   Plain JavaScript, nothing fetched, works from file://. Without it the page shows the full table;
   with it the filter bar appears and the column heads become sort buttons. Reads only data-* attributes
   and text the page already shows; never writes HTML, only text and attributes. */
(function () {
  "use strict";

  function rowsOf(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".cmscheck-register tbody tr"));
  }

  function matches(row, filters) {
    var words = function (name) { return (row.getAttribute("data-" + name) || "").split(" "); };
    if (filters.standards && words("standards").indexOf(filters.standards) < 0) return false;
    if (filters.grade && row.getAttribute("data-grade") !== filters.grade) return false;
    if (filters.type && words("type").indexOf(filters.type) < 0) return false;
    if (filters.text && row.textContent.toLowerCase().indexOf(filters.text) < 0) return false;
    return true;
  }

  function applyFilters(root, bar) {
    var filters = {};
    bar.querySelectorAll("[data-filter]").forEach(function (el) {
      filters[el.getAttribute("data-filter")] = el.value.trim().toLowerCase();
    });
    var rows = rowsOf(root), shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, filters);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var out = bar.querySelector("[data-shown]");
    if (out) out.textContent = out.getAttribute("data-shown").replace("{n}", shown).replace("{total}", rows.length);
  }

  function sortKey(row, key, column) {
    if (key === "text") return row.cells[column].textContent.trim().toLowerCase();
    if (key === "rank" || key === "count") return Number(row.getAttribute("data-" + key)) || 0;
    if (key === "deadline") return row.getAttribute("data-deadline") || "9999-99-99";  // none: last
    if (key === "type") return row.getAttribute("data-type") || "";
    return row.cells[column] ? row.cells[column].textContent.trim().toLowerCase() : "";
  }

  function makeSortable(table) {
    if (table.hasAttribute("data-sortable")) return;  // already set up (Material may call init again)
    table.setAttribute("data-sortable", "");
    var heads = table.querySelectorAll("thead th[data-sort]");
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, key, column), y = sortKey(b, key, column);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function init() {
    var root = document.querySelector(".md-content") || document.body;
    var bar = root.querySelector(".cmscheck-register-filter");
    root.querySelectorAll(".cmscheck-register table").forEach(makeSortable);
    if (!bar || !root.querySelector(".cmscheck-register tbody tr")) return;
    if (!bar.hidden) return;
    bar.hidden = false;
    bar.querySelectorAll("[data-filter]").forEach(function (el) {
      el.addEventListener(el.tagName === "SELECT" ? "change" : "input", function () { applyFilters(root, bar); });
    });
    applyFilters(root, bar);
  }

  // Material's instant navigation swaps pages without a load event; document$ announces each page
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
