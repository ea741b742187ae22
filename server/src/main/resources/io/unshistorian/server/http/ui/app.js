// The trend page: wires the namespace tree, the latest-values table and the chart together, and
// shows what goes wrong as one line (or the token box when the server wants a token).
import { ApiError, setToken } from './api.js';
import { NamespaceTree } from './tree.js';
import { LatestTable } from './table.js';
import { TrendChart } from './chart.js';

const $ = (id) => document.getElementById(id);

const errorLine = $('error');
function showError(error) {
  if (error instanceof ApiError && error.status === 401) {
    $('token-form').hidden = false;
    $('token').focus();
  }
  errorLine.textContent = error.message || String(error);
  errorLine.hidden = false;
}
function clearError() {
  errorLine.hidden = true;
  errorLine.textContent = '';
}
const guarded = (promise) => promise.then(clearError, showError);

const marks = (colours) => {
  tree.markPlotted(colours);
  table.markPlotted(colours);
};
const toggleSeries = (path) => guarded(chart.toggle(path));
const tree = new NamespaceTree($('tree'), $('tree-note'), {
  onNode: (path) => guarded(table.show(`${path}/#`)),
  onSeries: toggleSeries,
  onExpanded: () => marks(chart.colours()),
  onError: showError,
});
const table = new LatestTable($('latest-rows'), $('latest-scope'), $('latest-note'), {
  onSeries: toggleSeries,
  onShown: () => marks(chart.colours()),
});
const chart = new TrendChart($('chart'), $('chart-note'), {
  onSeriesChanged: marks,
  onRange: showRange,
  onError: showError,
});

// Range: presets end now; custom start and end are UTC, as every time on the page.
for (const button of document.querySelectorAll('[data-range]')) {
  button.addEventListener('click', () => {
    const span = button.dataset.range;
    const now = Date.now();
    guarded(chart.show(span === 'all' ? null : { start: now - Number(span), end: now }));
  });
}
$('pan-left').addEventListener('click', () => chart.pan(-0.5));
$('pan-right').addEventListener('click', () => chart.pan(0.5));
$('zoom-out').addEventListener('click', () => chart.zoom(2));
$('range-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const start = Date.parse(`${$('range-start').value}Z`);
  const end = Date.parse(`${$('range-end').value}Z`);
  if (!(start < end)) {
    showError(new Error('The range needs a start before its end.'));
    return;
  }
  guarded(chart.show({ start, end }));
});
function showRange(range) {
  if (!range) return;
  $('range-start').value = new Date(range.start).toISOString().slice(0, 19);
  $('range-end').value = new Date(range.end).toISOString().slice(0, 19);
}

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const filter = $('search').value.trim();
  if (!filter) {
    guarded(tree.showRoot());
    return;
  }
  guarded(Promise.all([tree.search(filter), table.show(filter)]));
});

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken($('token').value.trim());
  $('token-form').hidden = true;
  start();
});

function start() {
  guarded(Promise.all([tree.showRoot(), table.show('#')]));
}
start();
