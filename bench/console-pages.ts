import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { consoleBuilt } from '../src/api/console-static.ts';
import { freePort } from './http-servers.ts';

const chromiumPath = process.env.PERK_CHROMIUM ?? '/usr/bin/chromium';
const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.env.PERK_BENCH_ROUNDS ?? 5);
const password = 'console-bench-password';

/** `perk start --demo` on a fresh embedded database; answers it and its one-time password. */
async function startDemo(
  port: number,
  dataDir: string,
): Promise<{ server: ChildProcess; oneTime: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PERK_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const server = spawn(process.execPath, [join(root, 'bin', 'perk.js'), 'start', '--demo'], {
    env,
  });
  let printed = '';
  const oneTime = await new Promise<string>((resolve, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /one-time password\n\(shown once[^\n]*\n(\S+)\n/.exec(printed);
      if (match?.[1]) resolve(match[1]);
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    server.on('exit', (code) => reject(new Error(`perk start exited (${code}):\n${printed}`)));
  });
  return { server, oneTime };
}

/**
 * Milliseconds from `act` until the page is usable: the address is `path`, the page shows its
 * `heading`, no loading spinner shows and no API request is open — the later of the moment that
 * first held and the last request's end, once it has held for 150 ms (the 150 ms not counted).
 * A page that is not usable within 30 s fails the bench, naming what it showed.
 */
async function untilSettled(
  page: Page,
  path: string,
  heading: string,
  act: () => Promise<unknown>,
): Promise<number> {
  let open = 0;
  let lastEnd = 0;
  const isApi = (request: { url(): string }) => new URL(request.url()).pathname.startsWith('/v1/');
  const started = (request: { url(): string }) => {
    if (isApi(request)) open++;
  };
  const ended = (request: { url(): string }) => {
    if (!isApi(request)) return;
    open--;
    lastEnd = performance.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  const begun = performance.now();
  await act();
  await page.waitForURL((url) => url.pathname === path);
  let readyAt: number | undefined;
  for (;;) {
    const spinning = await page.locator('.ant-spin-spinning, .ant-skeleton-active').count();
    // Until its script is in, the page left keeps showing under the new address.
    const shown = await headingOf(page);
    const now = performance.now();
    if (now - begun > 30_000) throw new Error(`${path} shows "${shown}", not "${heading}"`);
    const elsewhere = shown !== heading;
    if (open > 0 || spinning > 0 || elsewhere) readyAt = undefined;
    else {
      readyAt ??= now;
      if (now - Math.max(readyAt, lastEnd) >= 150) break;
    }
    await page.waitForTimeout(10);
  }
  page.off('request', started);
  page.off('requestfinished', ended);
  page.off('requestfailed', ended);
  return Math.max(readyAt, lastEnd) - begun;
}

const headingOf = (page: Page) => page.locator('.ant-layout-content h2').first().textContent();

/** The heading of the page just opened, once no spinner shows and no request is open. */
async function settledHeading(page: Page, previous: string | null): Promise<string> {
  // A page whose script is still loading leaves the previous one showing under the new address.
  while ((await headingOf(page)) === previous) await page.waitForTimeout(10);
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached' });
  return (await headingOf(page)) ?? '';
}

/** Lists whose first item's page is timed too, opened from the list and by its address. */
const detailLists = ['/promotions', '/segments', '/campaigns', '/customers?q=Иванова'];

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

/**
 * Every page of the console's menu on the demo, opened from the menu as an operator does (the
 * admin, in Russian), `rounds` times each after one round to warm up: time until the page is
 * usable (its data in, no spinner), and the same loading its address afresh. Baseline: the same browser's fetch of `/v1/session`.
 */
export async function runConsolePagesBench(): Promise<string> {
  if (!existsSync(chromiumPath))
    throw new Error(`${chromiumPath} is missing: apt-get install -y chromium`);
  if (!consoleBuilt()) throw new Error('console/dist is missing: run npm ci');
  const dataDir = mkdtempSync(join(tmpdir(), 'perk-console-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { server, oneTime } = await startDemo(port, dataDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail').fill('admin@demo.perk');
    await page.getByLabel('Пароль').fill(oneTime);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByLabel('Одноразовый (текущий) пароль').fill(oneTime);
    await page.getByLabel('Новый пароль', { exact: true }).fill(password);
    await page.getByLabel('Новый пароль ещё раз').fill(password);
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByRole('heading', { name: 'Акции' }).waitFor();
    const menu = JSON.parse(
      readFileSync(join(root, 'console', 'src', 'locales', 'ru.json'), 'utf8'),
    ).menu as Record<string, string>;
    const pages = await page
      .locator('.ant-menu-item')
      .evaluateAll((items) =>
        items.map((item) => (item as unknown as { textContent: string }).textContent.trim()),
      );
    const paths = new Map<string, string>();
    const headings = new Map<string, string>();
    const times = new Map<string, number[]>();
    const loads = new Map<string, number[]>();
    const baseline: number[] = [];
    /** Times opening `path` by `open` (a click), then by loading its address; kept if `kept`. */
    const timeBoth = async (
      label: string,
      path: string,
      open: () => Promise<unknown>,
      kept: boolean,
    ) => {
      const heading = headings.get(label) as string;
      const fromClick = await untilSettled(page, path, heading, open);
      const byAddress = await untilSettled(page, path, heading, () => page.goto(`${base}${path}`));
      if (!kept) return;
      times.set(label, [...(times.get(label) ?? []), fromClick]);
      loads.set(label, [...(loads.get(label) ?? []), byAddress]);
    };
    for (let round = 0; round <= rounds; round++) {
      for (const label of pages) {
        const item = page.locator('.ant-menu-item').filter({ hasText: new RegExp(`^${label}$`) });
        if (!paths.has(label)) {
          // The first round finds each item's address (the first is the page already open).
          const before = new URL(page.url()).pathname;
          const shown = label === pages[0] ? null : await headingOf(page);
          await item.click();
          if (label !== pages[0]) await page.waitForURL((url) => url.pathname !== before);
          paths.set(label, new URL(page.url()).pathname);
          headings.set(label, await settledHeading(page, shown));
          continue;
        }
        const path = paths.get(label) as string;
        if (path === new URL(page.url()).pathname) continue;
        await timeBoth(label, path, () => item.click(), round > 0);
      }
      // A list's first item: the page an operator opens from the list (a promotion, a customer).
      for (const list of detailLists) {
        const label = `${list} → ${list.split('?')[0]}/…`;
        await page.goto(`${base}${list}`);
        await page.waitForLoadState('networkidle');
        const link = page
          .locator('.ant-layout-content .ant-table-row a[href]')
          .filter({ hasNot: page.locator('[href*="?"]') })
          .first();
        const href = await link.getAttribute('href');
        if (href === null) throw new Error(`${list} lists no item to open`);
        if (!paths.has(label)) {
          const shown = await headingOf(page);
          await link.click();
          await page.waitForURL((url) => url.pathname === href);
          paths.set(label, href);
          headings.set(label, await settledHeading(page, shown));
          continue;
        }
        await timeBoth(label, href, () => link.click(), round > 0);
      }
      const started = performance.now();
      await page.evaluate(`fetch('/v1/session').then((answer) => answer.json())`);
      if (round > 0) baseline.push(performance.now() - started);
    }
    const known = new Set(Object.values(menu));
    const rows = [...times].map(([label, runs]) => {
      const menuRuns = [...runs].sort((a, b) => a - b);
      const loadRuns = [...(loads.get(label) ?? [])].sort((a, b) => a - b);
      const worst = Math.max(...menuRuns, ...loadRuns);
      const name = known.has(label) || label.includes('→') ? label : `${label} (?)`;
      return `| ${name} | ${paths.get(label)} | ${quantile(menuRuns, 0.5).toFixed(0)} (${(menuRuns.at(-1) as number).toFixed(0)}) | ${quantile(loadRuns, 0.5).toFixed(0)} (${(loadRuns.at(-1) as number).toFixed(0)}) | ${worst < 1000 ? 'met' : 'NOT met'} |`;
    });
    const sortedBaseline = baseline.sort((a, b) => a - b);
    return [
      '## Console pages',
      '',
      `Every page of the console's menu on the demo (\`perk start --demo\`, embedded database), opened from the menu by the admin in Russian in Debian's chromium, and the first item of four lists (a promotion, a segment, a campaign, a customer found by name) opened from its list, ${rounds} rounds after one to warm up: milliseconds from the click (and, apart, from loading the page's address afresh) until the page's data is in: no API request open, no spinner. Baseline: the browser's own \`fetch('/v1/session')\`, median ${quantile(sortedBaseline, 0.5).toFixed(1)} ms. Target: every page interactive in under 1 s.`,
      '',
      '| page | path | from the menu or list, median (slowest) ms | by address, median (slowest) ms | < 1 s |',
      '|---|---|---:|---:|---|',
      ...rows,
      '',
    ].join('\n');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    if (server.exitCode === null) await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runConsolePagesBench());
}
