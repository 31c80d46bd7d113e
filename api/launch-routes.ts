/**
 * The launch page at / : pick a preset, adjust its main levers (effect sizes, go-live year, target
 * occupancy), choose options and model runs, launch, watch the progress and land on the report.
 * It posts to the same /v1 API as every other client; its script is a static file next to this
 * one (no inline script, no CDN, no build step).
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

const SCRIPT = readFileSync(new URL('./launch/launch.js', import.meta.url));

const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bedcast: launch a bed simulation</title>
<link rel="icon" href="data:,">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#212b32;max-width:880px;margin:0 auto;padding:1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}.lead{color:#4c6272;margin-top:0}
fieldset{border:1px solid #d8dde0;margin:.8rem 0;padding:.6rem .9rem}legend{font-weight:600}
label{display:inline-block;margin:.2rem 1rem .2rem 0}input[type=number]{width:7em}
.lever span{display:block;color:#4c6272;font-size:.9rem}
button{background:#007f3b;color:#fff;border:0;padding:.6rem 1.4rem;font-size:1rem;border-radius:4px;cursor:pointer}button:disabled{background:#aeb7bd}
progress{width:100%;height:1.2rem;margin:.8rem 0}
#message{white-space:pre-wrap}#message.error{color:#d5281b}#message.info{color:#005eb8}
footer{margin-top:2rem;color:#4c6272;font-size:.9rem}a{color:#005eb8}
</style>
</head>
<body>
<h1>Launch a bed simulation</h1>
<p class="lead">Will growing demand fit in today's beds, or in the beds the levers leave us needing? Pick a plan, adjust its levers, and see the beds required with their uncertainty.</p>
<form id="form">
<fieldset><legend>Plan</legend>
<label>Preset <select id="preset" name="preset"></select></label>
<p id="summary"></p>
<label>Target occupancy <input id="occupancy" name="occupancy" type="number" min="0.5" max="1" step="0.01"></label>
<label>Model runs <input id="iterations" name="iterations" type="number" min="1" max="100000" value="1000"></label>
<label>Seed (optional) <input id="seed" name="seed" type="number" min="0"></label>
</fieldset>
<fieldset><legend>Options to compare</legend><div id="options"></div></fieldset>
<div id="levers"></div>
<fieldset><legend>Access</legend><label>API token (only if the API asks for one) <input id="token" type="password" autocomplete="off"></label></fieldset>
<button id="launch" type="submit" disabled>Launch</button>
</form>
<progress id="progress" value="0" max="1"></progress>
<p id="message" role="status" aria-live="polite"></p>
<footer>Every run is reproducible: the same plan, seed and model runs give the same figures. <a href="/docs">API documentation</a> · <a href="/v1/simulations">recent runs</a></footer>
<script src="/app/launch.js"></script>
</body>
</html>
`;

export function launchRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.html(PAGE));
  app.get('/app/launch.js', (c) =>
    c.body(SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }),
  );
  return app;
}
