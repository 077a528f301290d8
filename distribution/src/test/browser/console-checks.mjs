// Drives Debian's headless Chromium through the console of a running appliance and prints one JSON line per check:
// {"name": …, "ok": true|false, "detail": …}, then {"done": true}. ConsoleBrowserIT turns each line into a test.
//
// Usage: node console-checks.mjs <base-url> <screenshot-dir> <facts.json>
//   facts.json (written by the IT from the API): chromium (executable), payloads {script, img, svg}, hostile
//   {session_id, turn_id, call_id, tool_result_call_id, model_call_id, exchange_id, model, calls}, pipeline,
//   wire_api (a wire API to filter on).
//
// The console's test hooks (shared with the frontend): the page root has data-page and data-loaded="true" once its
// data arrived; KPI cards data-testid="kpi-<name>" with data-value; charts data-testid="chart-<name>" with
// data-ready; table rows data-testid="row"; theme toggle data-testid="theme-toggle", <html data-theme>, localStorage
// egret-theme; toolbar filters data-testid="filter-<dim>"; drill-down links data-testid="call-link" and
// "raw-http-link".

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, shotDir, factsFile] = process.argv.slice(2);
if (!base || !shotDir || !factsFile) {
  console.error('usage: node console-checks.mjs <base-url> <screenshot-dir> <facts.json>');
  process.exit(2);
}
const facts = JSON.parse(fs.readFileSync(factsFile, 'utf8'));
const { script: SCRIPT, img: IMG } = facts.payloads;
const THEMES = ['kami', 'dark', 'light'];
const LOAD_MS = 20_000;

function emit(name, ok, detail = '') {
  process.stdout.write(JSON.stringify({ name, ok: !!ok, detail: String(detail) }) + '\n');
}

/** Runs one check; a throw is a failed check with the error as its detail. */
async function check(name, fn) {
  try {
    const detail = await fn();
    emit(name, true, detail ?? '');
    return true;
  } catch (e) {
    emit(name, false, e?.message ?? String(e));
    return false;
  }
}

function fail(message) {
  throw new Error(message);
}

const enc = encodeURIComponent;
const h = facts.hostile;
// Every route of the console, with the data it must show: 'any' is a table row, a KPI above zero or a drawn chart;
// a string is text the page must hold.
const ROUTES = [
  { path: '/', page: 'overview', shows: 'any' },
  { path: '/performance', page: 'performance', shows: 'any' },
  { path: '/usage', page: 'usage', shows: 'any' },
  { path: '/errors', page: 'errors', shows: 'any' },
  { path: '/services', page: 'services', shows: 'any' },
  { path: '/agent-sessions', page: 'sessions', shows: 'any' },
  { path: `/agent-sessions/${enc(h.session_id)}`, page: 'session-detail', shows: 'any' },
  { path: '/agent-turns', page: 'turns', shows: 'any' },
  { path: `/agent-turns/${enc(h.turn_id)}`, page: 'turn-detail', shows: SCRIPT },
  { path: '/llm-calls', page: 'calls', shows: 'any' },
  { path: `/llm-calls/${enc(h.call_id)}`, page: 'call-detail', shows: SCRIPT },
  { path: '/http-exchanges', page: 'http', shows: 'any' },
  { path: `/http-exchanges/${enc(h.exchange_id)}`, page: 'http-detail', shows: '/v1/chat/completions' },
  { path: '/pipeline-health', page: 'health', shows: facts.pipeline },
  { path: '/settings', page: 'settings', shows: 'duckdb' },
];

// ------------------------------------------------------------------ what every visit watches

const dialogs = []; // any alert/confirm/prompt is captured content run as code
const injected = []; // elements from captured markup found in the DOM

/** A page that records its console errors, page errors and dialogs. */
async function watchedPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`console: ${m.text()} (${m.location()?.url ?? ''})`);
  });
  page.on('pageerror', (e) => page.errors.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()} "${d.message()}" on ${page.url()}`);
    await d.dismiss().catch(() => {});
  });
  return page;
}

/** Elements that only captured markup parsed as HTML would make: on* attributes, foreign scripts, img src=x. */
async function injectedElements(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) bad.push(`<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`);
      }
    }
    for (const s of document.querySelectorAll('script')) {
      const src = s.getAttribute('src');
      const own = src && new URL(src, location.href).origin === location.origin
        && new URL(src, location.href).pathname.startsWith('/assets/');
      if (!own) bad.push(`<script src="${src ?? ''}">${s.textContent.slice(0, 60)}`);
    }
    for (const i of document.querySelectorAll('img[src="x"], svg[onload], iframe, object, embed')) {
      bad.push(`<${i.tagName.toLowerCase()}>`);
    }
    return bad;
  });
}

/** Goes to a route and waits for its page to say it loaded; returns the page's facts. */
async function visit(page, route, timeout = LOAD_MS) {
  page.errors.length = 0;
  await page.goto(base + route.path, { waitUntil: 'domcontentloaded' });
  const selector = `[data-page="${route.page}"][data-loaded="true"]`;
  try {
    await page.waitForSelector(selector, { timeout });
  } catch {
    const seen = await page.evaluate(() =>
      [...document.querySelectorAll('[data-page]')].map((e) => `${e.dataset.page}(loaded=${e.dataset.loaded})`));
    fail(`${route.path}: no ${selector} within ${timeout} ms (pages in the DOM: ${seen.join(', ') || 'none'})`);
  }
  // charts draw after the data; give them a moment, then read what the page shows
  await page.waitForSelector('[data-testid^="chart-"][data-ready="true"]', { timeout: 1500 }).catch(() => {});
  const shown = await page.evaluate((sel) => {
    const root = document.querySelector(sel);
    const kpis = [...root.querySelectorAll('[data-testid^="kpi-"]')]
      .map((k) => [k.dataset.testid, Number.parseFloat(k.dataset.value)])
      .filter(([, v]) => v > 0);
    return {
      rows: root.querySelectorAll('[data-testid="row"]').length,
      kpis,
      charts: root.querySelectorAll('[data-testid^="chart-"][data-ready="true"]').length,
      text: root.textContent,
    };
  }, selector);
  for (const bad of await injectedElements(page)) injected.push(`${route.path}: ${bad}`);
  return shown;
}

async function screenshot(page, theme, name) {
  const file = path.join(shotDir, theme, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
}

function dataShown(route, shown) {
  if (route.shows === 'any') {
    if (shown.rows > 0 || shown.kpis.length > 0 || shown.charts > 0) {
      return `${shown.rows} row(s), KPIs above zero: ${shown.kpis.map(([k]) => k).join(' ') || 'none'}, ${shown.charts} chart(s) drawn`;
    }
    fail(`${route.path} shows no data: no row, no KPI above zero, no chart drawn`);
  }
  if (!shown.text.includes(route.shows)) fail(`${route.path} does not show ${JSON.stringify(route.shows)}`);
  return `shows ${JSON.stringify(route.shows)}`;
}

// ------------------------------------------------------------------ the checks

const browser = await chromium.launch({
  executablePath: facts.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

/** A browser context whose console starts in this theme (as if chosen before). */
async function themed(theme, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  await context.addInitScript((t) => {
    if (!sessionStorage.getItem('egret-browser-test')) {
      localStorage.setItem('egret-theme', t);
      sessionStorage.setItem('egret-browser-test', '1');
    }
  }, theme);
  return context;
}

try {
  // Every route in the first theme: loads, no console or page error, shows data. Then screenshots in the others.
  const loaded = new Set();
  {
    const context = await themed(THEMES[0]);
    const page = await watchedPage(context);
    for (const route of ROUTES) {
      await check(`route ${route.page} (${route.path.length > 40 ? route.path.slice(0, 40) + '…' : route.path})`, async () => {
        try {
          const shown = await visit(page, route);
          loaded.add(route.page);
          const data = dataShown(route, shown);
          if (page.errors.length > 0) fail(`${route.path}: ${page.errors.join(' | ')}`);
          return data;
        } finally {
          await screenshot(page, THEMES[0], route.page);
        }
      });
    }
    await context.close();
  }
  for (const theme of THEMES.slice(1)) {
    const context = await themed(theme);
    const page = await watchedPage(context);
    const missing = [];
    for (const route of ROUTES) {
      try {
        await visit(page, route, loaded.has(route.page) ? LOAD_MS : 2000);
        const actual = await page.evaluate(() => document.documentElement.dataset.theme);
        if (actual !== theme) missing.push(`${route.page}: html data-theme is ${actual}`);
      } catch (e) {
        missing.push(`${route.page}: ${e.message}`);
      }
      await screenshot(page, theme, route.page);
    }
    await check(`screenshots in theme ${theme}`, async () => {
      if (missing.length > 0) fail(missing.join(' | '));
      return `${ROUTES.length} pages in ${path.join(shotDir, theme)}`;
    });
    await context.close();
  }

  // Drill-down: turn list → turn detail → call → raw HTTP exchange, by clicking.
  {
    const context = await themed('kami');
    const page = await watchedPage(context);
    let ok = await check('drill-down: turn list row opens the turn detail', async () => {
      await visit(page, { path: '/agent-turns', page: 'turns' });
      const link = page.locator('[data-testid="row"] a[href*="/agent-turns/"]').first();
      if ((await link.count()) === 0) fail('no turn row links to /agent-turns/:id');
      const href = await link.getAttribute('href');
      await link.click();
      await page.waitForURL(/\/agent-turns\/[^/?]+/, { timeout: LOAD_MS });
      await page.waitForSelector('[data-page="turn-detail"][data-loaded="true"]', { timeout: LOAD_MS });
      return `${href} → ${page.url()}`;
    });
    if (ok) {
      ok = await check('drill-down: turn detail call-link opens the call detail', async () => {
        const link = page.locator('[data-testid="call-link"]').first();
        await link.waitFor({ timeout: 5000 }).catch(() => fail('the turn detail has no data-testid="call-link"'));
        await link.click();
        await page.waitForURL(/\/llm-calls\/[^/?]+/, { timeout: LOAD_MS });
        await page.waitForSelector('[data-page="call-detail"][data-loaded="true"]', { timeout: LOAD_MS });
        return page.url();
      });
    }
    if (ok) {
      await check('drill-down: call detail raw-http-link opens the raw HTTP exchange', async () => {
        const link = page.locator('[data-testid="raw-http-link"]').first();
        await link.waitFor({ timeout: 5000 }).catch(() => fail('the call detail has no data-testid="raw-http-link"'));
        await link.click();
        await page.waitForURL(/\/http-exchanges\/[^/?]+/, { timeout: LOAD_MS });
        await page.waitForSelector('[data-page="http-detail"][data-loaded="true"]', { timeout: LOAD_MS });
        const text = await page.locator('[data-page="http-detail"]').textContent();
        if (!/POST/.test(text)) fail(`the raw HTTP exchange shows no request method: ${text.slice(0, 200)}`);
        return page.url();
      });
    } else {
      emit('drill-down: call detail raw-http-link opens the raw HTTP exchange', false, 'an earlier drill-down step failed');
    }
    if (page.errors.length > 0) emit('drill-down: no console error', false, page.errors.join(' | '));
    else emit('drill-down: no console error', true);
    await context.close();
  }

  // Global filter: choosing a wire API in the toolbar changes a KPI and the URL; that URL reproduces the view.
  {
    const context = await themed('kami');
    const page = await watchedPage(context);
    let filtered = null;
    await check(`filter: choosing wire_api ${facts.wire_api} changes a KPI and the URL`, async () => {
      const before = await visit(page, { path: '/', page: 'overview' });
      if (before.kpis.length === 0) fail('the overview has no KPI above zero to compare');
      const [kpi, value] = before.kpis[0];
      await page.locator('[data-testid="filter-wire_api"] button').first().click();
      const option = page.locator(`[data-testid="filter-wire_api"] input[value="${facts.wire_api}"]`);
      await option.waitFor({ timeout: 5000 }).catch(() => fail(`the wire API filter offers no ${facts.wire_api}`));
      await option.check();
      await page.waitForURL((u) => u.searchParams.get('wire_api') === facts.wire_api, { timeout: 5000 })
        .catch(() => fail(`the URL has no wire_api=${facts.wire_api}: ${page.url()}`));
      const after = await page.waitForFunction(([id, old]) => {
        const root = document.querySelector('[data-page="overview"][data-loaded="true"]');
        const v = root?.querySelector(`[data-testid="${id}"]`)?.dataset.value;
        return v !== undefined && v !== '' && Number.parseFloat(v) !== old ? Number.parseFloat(v) : null;
      }, [kpi, value], { timeout: 10_000 }).then((r) => r.jsonValue())
        .catch(() => fail(`${kpi} stayed ${value} after filtering on wire_api=${facts.wire_api}`));
      filtered = { url: page.url(), kpi, value: after };
      return `${kpi}: ${value} → ${after}; ${page.url()}`;
    });
    await check('filter: the filtered URL reproduces the view', async () => {
      if (!filtered) fail('no filtered view to reproduce (the filter check failed)');
      const fresh = await watchedPage(context);
      const u = new URL(filtered.url);
      await visit(fresh, { path: u.pathname + u.search, page: 'overview' });
      const value = await fresh.locator(`[data-testid="${filtered.kpi}"]`).getAttribute('data-value');
      if (Number.parseFloat(value) !== filtered.value) fail(`${filtered.kpi} is ${value} on reload, ${filtered.value} before`);
      const chosen = await fresh.locator('[data-testid="filter-wire_api"]').getAttribute('data-value');
      if (chosen !== facts.wire_api) fail(`the wire API filter shows "${chosen}" on reload`);
      await fresh.close();
      return `${filtered.kpi} = ${value} with the filter shown as ${chosen}`;
    });
    await check('filter: a model filter in the URL selects the hostile model\'s calls', async () => {
      const shown = await visit(page, { path: `/llm-calls?model=${enc(h.model)}`, page: 'calls' });
      if (shown.rows !== h.model_calls) fail(`${shown.rows} call row(s), expected ${h.model_calls}`);
      return `${shown.rows} rows for the model named ${JSON.stringify(h.model)}`;
    });
    await context.close();
  }

  // Theme: the toggle cycles kami → dark → light, the choice survives a reload (localStorage egret-theme).
  {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await watchedPage(context);
    await check('theme: toggle cycles kami → dark → light and persists after reload', async () => {
      await visit(page, { path: '/', page: 'overview' });
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
      const seen = [await theme()];
      for (let i = 0; i < 2; i++) {
        await page.locator('[data-testid="theme-toggle"]').click();
        seen.push(await theme());
      }
      if (seen.join(',') !== 'kami,dark,light') fail(`themes seen: ${seen.join(' → ')}`);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.waitForSelector('[data-page="overview"][data-loaded="true"]', { timeout: LOAD_MS });
      const after = await theme();
      const stored = await page.evaluate(() => localStorage.getItem('egret-theme'));
      if (after !== 'light' || stored !== 'light') fail(`after reload: data-theme ${after}, egret-theme ${stored}`);
      await page.locator('[data-testid="theme-toggle"]').click();
      const back = await theme();
      if (back !== 'kami') fail(`after light the toggle gives ${back}`);
      return `${seen.join(' → ')}, reload keeps ${after}, then ${back}`;
    });
    await context.close();
  }

  // Captured markup: shown as text on the pages that show captured content, never run, never parsed as HTML.
  {
    const context = await themed('kami');
    const page = await watchedPage(context);
    const shows = (what, route, texts) => check(`hostile content: ${what} shown as text`, async () => {
      const shown = await visit(page, route);
      const missing = texts.filter((t) => !shown.text.includes(t));
      if (missing.length > 0) fail(`${route.path} does not show ${missing.map((t) => JSON.stringify(t)).join(', ')}`);
      return `${route.path} shows ${texts.map((t) => JSON.stringify(t)).join(', ')}`;
    });
    await shows('the user prompt and answer (turn detail)', { path: `/agent-turns/${enc(h.turn_id)}`, page: 'turn-detail' },
      [h.prompt, SCRIPT, IMG]);
    // a list may cut a long prompt or model name short: the opening tag comes early in both
    await shows('the turn list (prompt or model)', { path: '/agent-turns', page: 'turns' }, ['<script>']);
    await shows('the tool call arguments (call detail)', { path: `/llm-calls/${enc(h.call_id)}`, page: 'call-detail' },
      [h.tool_path]);
    await shows('the tool result (call detail)', { path: `/llm-calls/${enc(h.tool_result_call_id)}`, page: 'call-detail' },
      [h.tool_result_fragment]);
    await shows('the model name (call detail)', { path: `/llm-calls/${enc(h.model_call_id)}`, page: 'call-detail' },
      [h.model]);
    await shows('the model name (call list)', { path: '/llm-calls', page: 'calls' }, [h.model]);
    await shows('the request header (raw HTTP)', { path: `/http-exchanges/${enc(h.exchange_id)}`, page: 'http-detail' },
      [h.header]);
    await context.close();
  }

  // Phone width: the nav collapses behind a menu button and the overview does not scroll sideways.
  {
    const context = await themed('kami', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await watchedPage(context);
    await check('phone 390×844: menu button shown, no horizontal overflow on the overview', async () => {
      try {
        await visit(page, { path: '/', page: 'overview' });
        const menu = page.locator('[data-testid="menu-button"]');
        if (!(await menu.isVisible())) fail('no visible data-testid="menu-button"');
        const { scroll, width } = await page.evaluate(() => ({
          scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
          width: window.innerWidth,
        }));
        if (scroll > width + 1) fail(`the page is ${scroll} px wide on a ${width} px screen`);
        return `menu button visible, width ${scroll} ≤ ${width}`;
      } finally {
        await screenshot(page, 'kami', 'overview-phone');
      }
    });
    await context.close();
  }

  // What every visit above watched.
  emit('hostile content: no dialog fired on any page', dialogs.length === 0, dialogs.join(' | '));
  emit('hostile content: no element from captured markup in the DOM', injected.length === 0,
    [...new Set(injected)].slice(0, 20).join(' | '));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ done: true }) + '\n');
