// The latest value of each series of the chosen node or filter, with its quality; Bad and
// Uncertain rows are highlighted. Clicking a row plots the series (or takes it off the chart).
import { api } from './api.js';

const LIMIT = 500;

export class LatestTable {
  constructor(body, scope, note, actions) {
    this.body = body;
    this.scope = scope;
    this.note = note;
    this.actions = actions;
    this.filter = null;
  }

  async show(filter) {
    this.filter = filter;
    const { latest, truncated } = await api('latest', { filter, limit: LIMIT });
    if (filter !== this.filter) return;   // a later choice was made meanwhile
    this.scope.textContent = `· ${filter}`;
    this.body.replaceChildren(...latest.map((row) => this.row(row)));
    this.note.textContent = latest.length === 0 ? 'No values under this node.'
      : truncated ? `The first ${LIMIT} series are shown; choose a narrower node or filter.` : '';
    this.actions.onShown();
  }

  /** Marks the series on the chart with their colours (a Map of path to colour). */
  markPlotted(colours) {
    for (const row of this.body.rows) {
      const colour = colours.get(row.dataset.path);
      row.cells[0].style.setProperty('--swatch', colour || 'transparent');
      row.classList.toggle('plotted', Boolean(colour));
    }
  }

  row({ path, type, time, value, quality, severity }) {
    const row = document.createElement('tr');
    row.dataset.path = path;
    row.dataset.value = String(value);
    row.dataset.severity = severity;
    row.className = `q-${severity}`;
    const plottable = type !== 'STRING';
    if (plottable) {
      row.classList.add('clickable');
      row.title = 'Click to plot or unplot';
      row.addEventListener('click', () => this.actions.onSeries(path));
    }
    const swatch = cell('', 'swatch');
    const code = `0x${quality.toString(16).toUpperCase().padStart(8, '0')}`;
    row.append(swatch, cell(path, 'path'), cell(formatValue(value), 'num'),
      cell(new Date(time).toISOString().replace('T', ' ').replace('Z', ''), 'time'),
      cell(`${severity} (${code})`, 'quality'));
    return row;
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}

function formatValue(value) {
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(8)));
}
