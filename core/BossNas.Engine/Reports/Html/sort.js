// Click a column header to sort the table by it; click again to reverse. Cells that start with a number (a K/M/B
// count suffix, a trailing unit, %, ± spread or thousands separators allowed) sort numerically, others as text; empty
// and "–" cells go last either way.
(function () {
  function key(cell) {
    // A cell may carry the value to sort by (seconds behind "3.2 h").
    var text = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    var m = text.replace(/,/g, '').match(/^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)([KMB](?![a-z]))?/);
    // Counts written 1.5K, 2.30M, 1.200B (Cost.Human) compare by their value.
    if (m) return { n: parseFloat(m[1]) * ({ K: 1e3, M: 1e6, B: 1e9 }[m[4]] || 1), t: text };
    return { n: null, t: text };
  }
  function blank(k) { return k.t === '' || k.t === '–' || k.t === '—'; }
  // dir is 1 (ascending) or -1; blank cells stay last either way.
  function compare(a, b, dir) {
    if (blank(a) || blank(b)) return blank(a) === blank(b) ? 0 : blank(a) ? 1 : -1;
    if (a.n !== null && b.n !== null) return dir * (a.n - b.n);
    if (a.n !== null) return -dir;
    if (b.n !== null) return dir;
    return dir * a.t.localeCompare(b.t);
  }
  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var descending = th.getAttribute('aria-sort') === 'ascending';
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return { row: row, i: i, k: row.cells[column] ? key(row.cells[column]) : { n: null, t: '' } }; });
    keyed.sort(function (x, y) {
      var c = compare(x.k, y.k, descending ? -1 : 1);
      return c !== 0 ? c : x.i - y.i; // stable: equal keys keep their order
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }
  document.querySelectorAll('table').forEach(function (table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.title = 'sort by this column';
      th.addEventListener('click', function () { sortBy(table, column, th); });
    });
  });
})();
