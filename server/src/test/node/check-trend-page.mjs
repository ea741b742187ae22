// Drives the trend page in headless Chromium (Debian's, never a downloaded one) for
// TrendPageBrowserTest, which starts the server and checks what this prints, one fact a line
// (fields separated by tabs):
//   tree <path> <child segments, comma-separated>
//   row <path> <data-value> <severity> <class>
//   plot <phase: all|custom|pan|zoom|resize> <start ms> <end ms> <pixels> <plot width px>
//   points <phase> <path> <points uPlot holds>
//   shaded <path> <severity> <x0> <x1>
//   pixels <inside|outside> <r,g,b,a of canvas pixels down the plot>
//   locked <token box visible> <error line>
//   unlocked <root segments after giving the token>
// Usage: node check-trend-page.mjs CHROMIUM URL LOCKED_URL TOKEN SERIES FROM TO SCREENSHOT
// (FROM and TO: a custom range in UTC, as the page's inputs take it: 2014-01-06T00:00:00)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [executablePath, url, lockedUrl, token, seriesPath, from, to, screenshot] = process.argv.slice(2);
const say = (...fields) => console.log(fields.join('\t'));
const profile = mkdtempSync(join(tmpdir(), 'trend-page-chromium-'));

const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(url);
  const children = async (path) => page.locator(
    path ? `#tree li[data-path="${path}"] > ul > li` : '#tree > li').evaluateAll(
    (items) => items.map((item) => item.querySelector('.label').textContent));
  await page.locator('#tree > li').first().waitFor();
  say('tree', '', (await children('')).join(','));

  // Open the levels above the series, as a user would, reading each level on the way.
  const levels = seriesPath.split('/');
  for (let depth = 1; depth < levels.length; depth++) {
    const path = levels.slice(0, depth).join('/');
    await page.locator(`#tree li[data-path="${path}"] > .toggle`).click();
    await page.locator(`#tree li[data-path="${path}"] > ul > li`).first().waitFor();
    say('tree', path, (await children(path)).join(','));
  }
  for (const top of ['nab', 'skab']) {
    await page.locator(`#tree li[data-path="${top}"] > .toggle`).click();
    await page.locator(`#tree li[data-path="${top}"] > ul > li`).first().waitFor();
    say('tree', top, (await children(top)).join(','));
  }

  // The node above the series: its latest values in the table.
  const parent = levels.slice(0, -1).join('/');
  await page.locator(`#tree li[data-path="${parent}"] > .label`).click();
  await page.locator('#latest-scope', { hasText: `${parent}/#` }).waitFor();
  for (const row of await page.locator('#latest-rows tr').all()) {
    say('row', await row.getAttribute('data-path'), await row.getAttribute('data-value'),
      await row.getAttribute('data-severity'), await row.getAttribute('class'));
  }

  // Plot the series by clicking its row, then a real data set's series from the tree: all data.
  const chart = page.locator('#chart');
  const plotted = (count) => page.waitForFunction((n) => (JSON.parse(document.getElementById('chart').dataset.plot
    || '{}').series || []).length === n, count);
  await page.locator(`#latest-rows tr[data-path="${seriesPath}"]`).click();
  await plotted(1);
  await page.locator('#tree li[data-path="nab/machine"] > .toggle').click();
  await page.locator('#tree li[data-path="nab/machine/temperature"] > .label').click();
  await plotted(2);
  const report = async (phase) => {
    const drawn = JSON.parse(await chart.getAttribute('data-plot'));
    say('plot', phase, drawn.start, drawn.end, drawn.pixels, await chart.getAttribute('data-plot-width'));
    for (const one of drawn.series) say('points', phase, one.path, one.points);
    return drawn;
  };
  const all = await report('all');

  // A custom range, typed as a user would (UTC): the page fetches that range for its width.
  await page.locator('#range-start').fill(from);
  await page.locator('#range-end').fill(to);
  await page.locator('#range-form button[type=submit]').click();
  await page.waitForFunction((before) => JSON.parse(document.getElementById('chart').dataset.plot).start !== before,
    all.start);
  await report('custom');
  const shaded = JSON.parse(await chart.getAttribute('data-shaded'));
  for (const span of shaded) say('shaded', span.path, span.severity, span.x0, span.x1);

  // The canvas itself: a column of pixels down the first shaded band (a third in: not on a grid line), and one left of it.
  if (shaded.length > 0) {
    const columns = await page.evaluate(({ x0, x1 }) => {
      const canvas = document.querySelector('#chart .uplot canvas');
      const over = document.querySelector('#chart .uplot .u-over').getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const ratio = canvas.width / box.width;
      const context = canvas.getContext('2d');
      const column = (x) => {
        const pixels = [];
        for (let y = 2; y < over.height - 2; y += 10) {
          const at = context.getImageData(Math.round((over.left - box.left + x) * ratio),
            Math.round((over.top - box.top + y) * ratio), 1, 1).data;
          pixels.push(Array.from(at).join(','));
        }
        return pixels;
      };
      return { inside: column((2 * x0 + x1) / 3), outside: column(Math.max(1, x0 - 25)) };
    }, shaded[0]);
    say('pixels', 'inside', ...columns.inside);
    say('pixels', 'outside', ...columns.outside);
  }
  await page.screenshot({ path: screenshot });

  // Pan, zoom (a drag across the plot) and a narrower window: each fetches anew for the plot's width.
  const changed = async (action) => {
    const before = await chart.getAttribute('data-plot');
    await action();
    await page.waitForFunction((was) => document.getElementById('chart').dataset.plot !== was, before);
  };
  await changed(() => page.locator('#pan-right').click());
  await report('pan');
  await changed(async () => {
    const box = await page.locator('#chart .u-over').boundingBox();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
  });
  await report('zoom');
  await changed(() => page.setViewportSize({ width: 1100, height: 900 }));
  await report('resize');
  if (problems.length > 0) say('console', problems.join(' | '));

  // A server that requires a token: the page asks for one, then works with it.
  const locked = await browser.newPage();
  await locked.goto(lockedUrl);
  await locked.locator('#token-form').waitFor();
  say('locked', await locked.locator('#token-form').isVisible(), await locked.locator('#error').textContent());
  await locked.locator('#token').fill(token);
  await locked.locator('#token-form button').click();
  await locked.locator('#tree > li').first().waitFor();
  say('unlocked', (await locked.locator('#tree > li > .label').allTextContents()).join(','));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
