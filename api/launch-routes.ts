/**
 * The launch page at / : open a scenario (a preset, a saved scenario at a revision, or imported
 * tables), edit all of it (beds and pools, growth, horizon, bed policy, options and every lever),
 * launch it, or save it as a scenario or a new revision; then watch the progress and land on the
 * report. It talks to the same /v1 API as every other client; its scripts are static ES modules
 * next to this file (no inline script, no CDN, no build step).
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

/** The page's modules: launch.js (the form) imports the other two. */
const SCRIPTS = new Map(
  ['launch.js', 'scenario-edits.js', 'labels.js'].map((name) => [
    name,
    readFileSync(new URL(`./launch/${name}`, import.meta.url)),
  ]),
);

const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bedcast: launch a bed simulation</title>
<link rel="icon" href="data:,">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#212b32;max-width:960px;margin:0 auto;padding:1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin:1.4rem 0 .4rem}.lead{color:#4c6272;margin-top:0}
fieldset{border:1px solid #d8dde0;margin:.6rem 0;padding:.5rem .9rem}legend{font-weight:600}fieldset fieldset{border-color:#eef0f1}fieldset fieldset legend{font-weight:500}
.field{display:inline-flex;flex-direction:column;margin:.2rem 1.2rem .4rem 0;vertical-align:top}
.field label{font-size:.92rem}.check{margin:.15rem 0}.check label{margin-left:.3rem}
input[type=number]{width:8em}input[type=text]{width:18em}textarea{width:100%;min-height:5em;font-family:ui-monospace,monospace}
.hint{color:#4c6272;font-size:.85rem}small.id{color:#768692;font-weight:400;font-size:.78rem}
.field-error{color:#d5281b;font-weight:600;font-size:.9rem;max-width:26em}[aria-invalid=true]{border:2px solid #d5281b;outline:none}
button{background:#007f3b;color:#fff;border:0;padding:.6rem 1.4rem;font-size:1rem;border-radius:4px;cursor:pointer;margin:.3rem .6rem .3rem 0}
button.secondary{background:#fff;color:#005eb8;border:1px solid #005eb8;padding:.35rem .9rem;font-size:.92rem}button:disabled{background:#aeb7bd;color:#fff;border-color:#aeb7bd}
progress{width:100%;height:1.2rem;margin:.8rem 0}
#message{white-space:pre-wrap}#message.error{color:#d5281b}#message.info{color:#005eb8}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#recent-runs li{margin:.2rem 0}footer{margin-top:2rem;color:#4c6272;font-size:.9rem}a{color:#005eb8}
</style>
</head>
<body>
<main id="page">
<h1>Launch a bed simulation</h1>
<p class="lead">Will growing demand fit in today's beds, or in the beds the levers leave us needing? Open a plan, change any of it, and see the beds required with their uncertainty.</p>
<form id="form" novalidate>
<fieldset><legend>Start from</legend>
<div class="field"><label for="source">A preset or a saved scenario</label>
<select id="source"><optgroup id="preset-group" label="Presets"></optgroup><optgroup id="saved-group" label="Saved scenarios"></optgroup></select></div>
<div class="field" id="revision-box" hidden><label for="revision">Revision</label><input id="revision" type="number" min="1" step="1"><span class="field-error" id="revision-error" hidden></span></div>
<p id="summary" class="hint"></p>
<details><summary>Or import tables (a KH03 beds table, optionally activity)</summary>
<div class="field" style="display:flex"><label for="import-beds">KH03 beds table (CSV text)</label><textarea id="import-beds" aria-describedby="import-beds-error"></textarea><span class="field-error" id="import-beds-error" hidden></span></div>
<div class="field" style="display:flex"><label for="import-activity">Activity table (CSV text, optional)</label><textarea id="import-activity" aria-describedby="import-activity-error"></textarea><span class="field-error" id="import-activity-error" hidden></span></div>
<div class="field"><label for="import-trusts">Trust codes (optional, e.g. RJ1, RJZ)</label><input id="import-trusts" type="text" aria-describedby="import-trusts-error"><span class="field-error" id="import-trusts-error" hidden></span></div>
<div class="field"><label for="import-base-year">Base year (optional, e.g. 2018-19)</label><input id="import-base-year" type="text" aria-describedby="import-base-year-error"><span class="field-error" id="import-base-year-error" hidden></span></div>
<div class="field"><label for="import-horizon">Years projected (optional)</label><input id="import-horizon" type="number" min="1" max="29" aria-describedby="import-horizon-error"><span class="field-error" id="import-horizon-error" hidden></span></div>
<div><button id="import" type="button" class="secondary">Import</button></div>
</details>
</fieldset>
<div id="editor"></div>
<fieldset><legend>Run</legend>
<div class="field"><label for="iterations">Model runs</label><input id="iterations" name="iterations" type="number" min="1" max="100000" value="1000" aria-describedby="iterations-error"><span class="field-error" id="iterations-error" hidden></span></div>
<div class="field"><label for="seed">Seed (optional)</label><input id="seed" name="seed" type="number" min="0" aria-describedby="seed-error"><span class="field-error" id="seed-error" hidden></span></div>
</fieldset>
<fieldset><legend>Access</legend><div class="field"><label for="token">API token (only if the API asks for one)</label><input id="token" type="password" autocomplete="off"></div></fieldset>
<button id="launch" type="submit" disabled>Launch</button>
<button id="save-new" type="button" class="secondary" disabled>Save as a new scenario</button>
<button id="save-revision" type="button" class="secondary" disabled>Save as a new revision</button>
</form>
<progress id="progress" value="0" max="1"></progress>
<p id="message" role="status" aria-live="polite"></p>
<section><h2>Recent runs</h2><ul id="recent-runs"></ul><p><a href="/v1/simulations">All recent runs</a></p></section>
</main>
<footer>Every run is reproducible: the same plan, seed and model runs give the same figures. <a href="/docs">API documentation</a></footer>
<script type="module" src="/app/launch.js"></script>
</body>
</html>
`;

export function launchRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.html(PAGE));
  app.get('/app/:file{[a-z-]+\\.js}', (c) => {
    const script = SCRIPTS.get(c.req.param('file'));
    if (!script) return c.notFound();
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
  });
  return app;
}
