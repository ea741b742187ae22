// The colours every trend display shares (docs/trend.md), so the page matches `historian plot --out`:
// the n-th plotted series in path order takes SERIES[n mod 10]; a period whose value was not Good is
// shaded over the plot's height, Bad red, Uncertain grey. No series colour is red.
export const SERIES = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b',
  '#17becf', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79'];

export const SHADE = { bad: 'rgba(214, 39, 40, 0.18)', uncertain: 'rgba(127, 127, 127, 0.22)' };

export function seriesColour(index) {
  return SERIES[index % SERIES.length];
}
