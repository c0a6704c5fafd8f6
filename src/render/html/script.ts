/**
 * The review's inline script: filter the findings table (severity, category, component, text), keep the filters in
 * the URL hash (`#severity=high&q=payments`, so that a filtered view can be shared and survives a reload), say so
 * when nothing matches, and sort it.
 */
export const SCRIPT = `
(function () {
  document.documentElement.classList.add('js');
  var table = document.getElementById('findings');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var severity = document.getElementById('filter-severity');
  var category = document.getElementById('filter-category');
  var component = document.getElementById('filter-component');
  var text = document.getElementById('filter-text');
  var count = document.getElementById('shown-count');
  var noMatch = document.getElementById('no-match');
  var fields = [['severity', severity], ['category', category], ['component', component], ['q', text]];
  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    fields.forEach(function (f) { f[1].value = params.get(f[0]) || ''; });
  }
  function writeHash() {
    var parts = [];
    fields.forEach(function (f) {
      var v = f[1].value.trim();
      if (v) parts.push(encodeURIComponent(f[0]) + '=' + encodeURIComponent(v));
    });
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (location.hash === hash) return;
    try { history.replaceState(null, '', hash || location.pathname + location.search); } catch (e) { location.replace(hash || '#'); }
  }
  function apply() {
    var q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!severity.value || r.getAttribute('data-severity') === severity.value)
        && (!category.value || r.getAttribute('data-category') === category.value)
        && (!component.value || r.getAttribute('data-component') === component.value)
        && (!q || r.getAttribute('data-text').indexOf(q) !== -1);
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' findings shown';
    noMatch.hidden = shown > 0 || rows.length === 0;
  }
  function update() {
    apply();
    writeHash();
  }
  [severity, category, component].forEach(function (el) { el.addEventListener('change', update); });
  text.addEventListener('input', update);
  noMatch.querySelector('button').addEventListener('click', function () {
    fields.forEach(function (f) { f[1].value = ''; });
    update();
  });
  window.addEventListener('hashchange', function () {
    readHash();
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-set-severity]'), function (chip) {
    chip.addEventListener('click', function () {
      severity.value = chip.getAttribute('data-set-severity');
      update();
      table.scrollIntoView();
    });
  });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      var numeric = th.getAttribute('data-numeric') === 'true';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = a.getAttribute('data-' + key), y = b.getAttribute('data-' + key);
        var c = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
        return c * dir || Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  readHash();
  apply();
})();
`;
