/**
 * `npm run screenshots`: the README's picture of the report, for the SEL STP 2016 preset at 1,000
 * model runs (seed 2016), rendered by the same code the API serves and photographed in Debian's
 * chromium. Deterministic inputs, so a rerun changes the picture only when the report changes.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../api/report/report-html.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { runInProcess } from '../models/run-document.js';
import { findChromium, launchChromium } from '../harness/chromium.js';

const OUT = fileURLToPath(new URL('../docs/report-sel-stp-2016.png', import.meta.url));

async function main(): Promise<void> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
  const document = runInProcess({
    scenario: selStp2016.scenario,
    seed: 2016,
    iterations: 1000,
    source: { preset: 'sel-stp-2016' },
  });
  const html = renderReport(document.result, {
    bedPolicy: selStp2016.scenario.bedPolicy,
    links: { json: '#', csv: '#', run: '#' },
  });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bedcast-shot-')), 'report.html');
  writeFileSync(file, html);
  const browser = await launchChromium(chromium);
  try {
    const page = await browser.newPage({ viewport: { width: 1040, height: 800 } });
    await page.goto(`file://${file}`);
    // The headline, the system's beds over the years and the options side by side.
    const top = await page.locator('header').boundingBox();
    const options = await page.locator('#options svg').first().boundingBox();
    const system = await page.locator('#scope-system svg').boundingBox();
    await page.screenshot({
      path: OUT,
      clip: { x: 0, y: top!.y, width: 1040, height: system!.y + system!.height - top!.y + 8 },
    });
    await page
      .locator('#options svg')
      .first()
      .screenshot({ path: OUT.replace('.png', '-options.png') });
    console.log(`wrote ${OUT} (options chart at ${Math.round(options!.y)} px down the page)`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
