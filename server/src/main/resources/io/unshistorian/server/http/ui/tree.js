// The namespace tree, each node's children fetched when it is first opened, and the results of a
// search by MQTT filter in its place. Everything is built with textContent: paths are data.
import { api } from './api.js';

export class NamespaceTree {
  /**
   * @param list    the <ul> to fill
   * @param note    where to say what is shown
   * @param actions onNode(path) when a node is chosen, onSeries(path) when a series is clicked
   */
  constructor(list, note, actions) {
    this.list = list;
    this.note = note;
    this.actions = actions;
  }

  async showRoot() {
    const { children } = await api('browse', { path: '' });
    this.list.replaceChildren(...children.map((child) => this.node(child)));
    this.note.textContent = children.length ? '' : 'No series yet.';
  }

  async search(filter) {
    const { series, truncated } = await api('series', { filter, limit: 1000 });
    this.list.replaceChildren(...series.map((one) => this.node({
      segment: one.path, path: one.path, series: one.plottable, children: false,
    })));
    this.note.replaceChildren(`${series.length}${truncated ? '+' : ''} series match ${filter}`
      + (truncated ? ' (the first 1,000 are shown; narrow the filter)' : '') + ' · ');
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'link';
    back.textContent = 'back to the tree';
    back.addEventListener('click', () => this.showRoot().catch(this.actions.onError));
    this.note.append(back);
  }

  /** Marks the series on the chart with their colours (a Map of path to colour). */
  markPlotted(colours) {
    for (const label of this.list.querySelectorAll('.label[data-series]')) {
      const colour = colours.get(label.parentElement.dataset.path);
      label.style.setProperty('--swatch', colour || 'transparent');
      label.classList.toggle('plotted', Boolean(colour));
    }
  }

  node({ segment, path, series, children }) {
    const item = document.createElement('li');
    item.dataset.path = path;
    item.setAttribute('role', 'treeitem');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    toggle.textContent = children ? '▸' : '';
    toggle.disabled = !children;
    toggle.setAttribute('aria-label', children ? `open ${segment}` : '');
    const label = document.createElement('button');
    label.type = 'button';
    label.className = 'label';
    label.textContent = segment;
    label.title = path;
    if (series) label.dataset.series = '';
    item.append(toggle, label);
    if (children) {
      item.setAttribute('aria-expanded', 'false');
      toggle.addEventListener('click', () => this.flip(item, toggle).catch(this.actions.onError));
    }
    label.addEventListener('click', () => {
      for (const chosen of this.list.querySelectorAll('.chosen')) chosen.classList.remove('chosen');
      label.classList.add('chosen');
      if (series) this.actions.onSeries(path);
      else this.actions.onNode(path);
      if (children && item.getAttribute('aria-expanded') === 'false') {
        this.flip(item, toggle).catch(this.actions.onError);
      }
    });
    return item;
  }

  async flip(item, toggle) {
    const open = item.getAttribute('aria-expanded') === 'true';
    item.setAttribute('aria-expanded', String(!open));
    toggle.textContent = open ? '▸' : '▾';
    if (open || item.querySelector(':scope > ul')) return;
    const { children } = await api('browse', { path: item.dataset.path });
    const group = document.createElement('ul');
    group.setAttribute('role', 'group');
    group.append(...children.map((child) => this.node(child)));
    item.append(group);
    this.actions.onExpanded();
  }
}
