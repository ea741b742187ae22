// The trend chart: uPlot drawing the API's M4 points for exactly the plot's pixel width, fetched
// again whenever the range (zoom, pan, presets) or the width changes, with the periods whose value
// was not Good shaded behind the lines. Colours and shading follow docs/trend.md, shared with
// `historian plot --out`, so both pictures match. What it drew is recorded on the element
// (data-plot, data-shaded) for tests and the curious.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { api, finite } from './api.js';
import { SHADE, seriesColour } from './palette.js';

const HEIGHT = 400;

export class TrendChart {
  constructor(element, note, actions) {
    this.element = element;
    this.note = note;
    this.actions = actions;
    this.paths = [];           // plotted series, in path order (their colours follow it)
    this.view = null;          // {start, end} in epoch ms; null: all data
    this.plot = null;
    this.periods = [];
    this.request = 0;          // answers to older requests are dropped
    this.quiet = false;        // scale changes made here, not by the user
    this.refetch = debounce(() => this.load().catch(this.actions.onError), 150);
    new ResizeObserver(() => this.resize()).observe(element);
    element.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
  }

  colours() {
    return new Map(this.paths.map((path, i) => [path, seriesColour(i)]));
  }

  toggle(path) {
    const at = this.paths.indexOf(path);
    if (at >= 0) this.paths.splice(at, 1);
    else this.paths = [...this.paths, path].sort();
    this.actions.onSeriesChanged(this.colours());
    return this.load();
  }

  show(view) {
    this.view = view;
    return this.load();
  }

  /** Moves the range by a fraction of its width (negative: earlier). */
  pan(fraction) {
    if (!this.shown) return;
    const shift = (this.shown.end - this.shown.start) * fraction;
    this.show({ start: this.shown.start + shift, end: this.shown.end + shift }).catch(this.actions.onError);
  }

  /** Widens (factor > 1) or narrows the range around a time. */
  zoom(factor, centre = this.shown && (this.shown.start + this.shown.end) / 2) {
    if (!this.shown) return;
    const start = centre - (centre - this.shown.start) * factor;
    const end = centre + (this.shown.end - centre) * factor;
    if (end - start >= 1) this.show({ start, end }).catch(this.actions.onError);
  }

  wheel(event) {
    if (!this.plot || !this.shown) return;
    event.preventDefault();
    if (event.shiftKey) {
      this.pan(Math.sign(event.deltaY || event.deltaX) * 0.25);
    } else {
      const left = event.clientX - this.plot.over.getBoundingClientRect().left;
      this.zoom(event.deltaY > 0 ? 1.5 : 1 / 1.5, this.plot.posToVal(left, 'x'));
    }
  }

  /** The plot area's width in CSS pixels: the M4 columns asked for. */
  pixels() {
    if (this.plot) return Math.max(1, Math.round(this.plot.bbox.width / uPlot.pxRatio));
    return Math.max(1, this.element.clientWidth - 90);
  }

  async load() {
    const request = ++this.request;
    if (this.paths.length === 0) {
      this.draw(null);
      return;
    }
    const pixels = this.pixels();
    const range = this.view ? { start: Math.floor(this.view.start), end: Math.ceil(this.view.end) } : {};
    this.element.dataset.state = 'loading';
    const answer = await api('plot', { path: this.paths, pixels, ...range });
    if (request !== this.request) return;
    this.draw(answer);
  }

  draw(answer) {
    this.plot?.destroy();
    this.plot = null;
    this.shown = answer && answer.start !== undefined ? { start: answer.start, end: answer.end } : null;
    const series = answer ? answer.series : [];
    this.periods = series.flatMap((one) => one.periods.map((period) => ({ path: one.path, ...period })));
    const skipped = answer ? answer.skipped.map((one) => `${one.path}: ${one.reason}`) : [];
    this.note.textContent = skipped.length ? `Not plotted: ${skipped.join('; ')}`
      : this.paths.length === 0 ? 'Click a series in the tree or the table to plot it; drag across the chart to zoom in.'
        : series.every((one) => one.t.length === 0) ? 'No samples in this range.'
          : this.periods.length ? 'Shaded: a value was not Good then (red Bad, grey Uncertain).' : '';
    this.element.dataset.state = this.paths.length ? 'drawn' : 'empty';
    if (series.length === 0) {
      delete this.element.dataset.plot;
      this.actions.onRange(this.shown);
      return;
    }
    const data = align(series);
    this.quiet = true;
    this.plot = new uPlot(this.options(series), data, this.element);
    this.plot.setScale('x', { min: this.shown.start, max: this.shown.end });
    this.quiet = false;
    this.element.dataset.plot = JSON.stringify({
      start: this.shown.start, end: this.shown.end, pixels: answer.pixels,
      series: series.map((one, i) => ({ path: one.path, points: data[i + 1].filter((v) => typeof v === 'number').length })),
    });
    this.actions.onRange(this.shown);
  }

  options(series) {
    const colours = this.colours();
    return {
      width: this.element.clientWidth,
      height: HEIGHT,
      padding: [12, 36, 0, 0],   // room for the last time label
      ms: 1,
      tzDate: (ms) => uPlot.tzDate(new Date(ms), 'Etc/UTC'),
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false } },
      series: [{ label: 'UTC' }, ...series.map((one) => ({
        label: one.path, stroke: colours.get(one.path), width: 1.6, points: { show: false },
      }))],
      axes: [
        { stroke: '#222', grid: { stroke: '#e6e6e6', width: 1 }, ticks: { stroke: '#999', width: 1 }, values: timeLabels },
        { stroke: '#222', grid: { stroke: '#e6e6e6', width: 1 }, ticks: { stroke: '#999', width: 1 }, size: 64 },
      ],
      hooks: {
        drawAxes: [(plot) => this.shade(plot)],   // over the grid, behind the lines
        setScale: [(plot, key) => this.scaled(plot, key)],
      },
    };
  }

  /**
   * Shades the not-Good periods as docs/trend.md's rule says (full height, edges rounded outwards
   * to whole pixels, at least one wide), and records where (CSS pixels from the plot area's left).
   */
  shade(plot) {
    const { ctx } = plot;
    const { left, top, width, height } = plot.bbox;
    const { min, max } = plot.scales.x;
    const shaded = [];
    ctx.save();
    for (const period of this.periods) {
      if (period.end <= min || period.start >= max) continue;
      const x0 = Math.floor(plot.valToPos(Math.max(period.start, min), 'x', true));
      const x1 = Math.max(x0 + 1, Math.ceil(plot.valToPos(Math.min(period.end, max), 'x', true)));
      ctx.fillStyle = SHADE[period.severity] || SHADE.uncertain;
      ctx.fillRect(x0, top, x1 - x0, height);
      shaded.push({ path: period.path, severity: period.severity,
        x0: (x0 - left) / uPlot.pxRatio, x1: (x1 - left) / uPlot.pxRatio });
    }
    ctx.restore();
    this.element.dataset.shaded = JSON.stringify(shaded);
    this.element.dataset.plotWidth = String(width / uPlot.pxRatio);
  }

  /** A range the user chose on the chart (drag to zoom, double-click to reset): fetched anew. */
  scaled(plot, key) {
    if (this.quiet || key !== 'x' || !this.shown) return;
    const { min, max } = plot.scales.x;
    if (min == null || max == null || (Math.abs(min - this.shown.start) < 1 && Math.abs(max - this.shown.end) < 1)) return;
    this.view = { start: min, end: max };
    this.refetch();
  }

  resize() {
    if (!this.plot) return;
    const width = this.element.clientWidth;
    if (Math.abs(width - this.plot.width) < 2) return;
    this.quiet = true;
    this.plot.setSize({ width, height: HEIGHT });
    this.quiet = false;
    this.refetch();
  }
}

/**
 * uPlot's one shared time axis: the union of the series' times; where a series has no point at a
 * time its value is undefined, which uPlot draws the line on across (as the PNG joins columns).
 */
function align(series) {
  const times = [...new Set(series.flatMap((one) => one.t))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  return [times, ...series.map((one) => {
    const values = new Array(times.length).fill(undefined);
    one.t.forEach((t, i) => { values[index.get(t)] = finite(one.v[i]); });
    return values;
  })];
}

/** Time labels in UTC, 24-hour: the date under the first label of each day. */
function timeLabels(plot, splits, axis, space, step) {
  return splits.map((ms, i) => {
    const text = new Date(ms).toISOString();
    const day = text.slice(0, 10);
    if (step >= 86_400_000) return day;
    const clock = step < 60_000 ? text.slice(11, 19) : text.slice(11, 16);
    return i === 0 || new Date(splits[i - 1]).toISOString().slice(0, 10) !== day ? `${clock}\n${day}` : clock;
  });
}

function debounce(action, ms) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, ms);
  };
}
