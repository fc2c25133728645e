/* Sortable columns and region/cohort filters for the partners table.
   Progressive enhancement: without JavaScript the table is complete and readable. */
(function () {
  "use strict";
  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function enhance(root) {
    var container = root.querySelector("#acip-partners");
    if (!container || container.dataset.enhanced) return;
    var table = container.querySelector("table");
    if (!table || !table.tHead) return;
    container.dataset.enhanced = "1";
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (index === 0) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "acip-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var result = cellText(a, index).localeCompare(cellText(b, index), document.documentElement.lang, { numeric: true });
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    var filters = root.querySelector('.acip-filters[data-table="acip-partners"]');
    if (!filters) return;
    filters.hidden = false;
    var selects = filters.querySelectorAll("select");
    function apply() {
      Array.prototype.forEach.call(body.rows, function (row) {
        var shown = Array.prototype.every.call(selects, function (select) {
          return !select.value || cellText(row, Number(select.dataset.column)) === select.value;
        });
        row.hidden = !shown;
      });
    }
    Array.prototype.forEach.call(selects, function (select) { select.addEventListener("change", apply); });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { enhance(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();
