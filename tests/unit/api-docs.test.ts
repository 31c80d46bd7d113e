import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { tempStore } from '../support/temp-store.js';

const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });

describe('/docs', () => {
  it('serves a page whose every asset comes from the API itself, with no inline script', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect(url.startsWith('/'), url).toBe(true);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    for (const url of urls) expect((await app.request(url)).status, url).toBe(200);
  });

  it('serves the Swagger UI bundle as JavaScript and points it at /openapi.json', async () => {
    const bundle = await app.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toContain('text/javascript');
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(500_000);
    expect(await (await app.request('/docs/assets/init.js')).text()).toContain("url: '/openapi.json'");
  });

  it('serves nothing outside its whitelist', async () => {
    for (const path of [
      '/docs/assets/package.json',
      '/docs/assets/..%2F..%2Fpackage.json',
      '/docs/assets/index.html',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});

describe('launch page', () => {
  it('serves the page at / with its scripts as files (no inline script)', async () => {
    const { createApp } = await import('../../api/app.js');
    const { FakeSimulationService } = await import('../support/fake-simulation-service.js');
    const { tempStore } = await import('../support/temp-store.js');
    const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });
    const page = await app.request('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form id="form" novalidate>');
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/app/launch.js">']);
    const script = await app.request('/app/launch.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const text = await script.text();
    expect(text).toContain('fetch(path');
    // The modules it imports are served beside it; nothing else is.
    const imports = [...text.matchAll(/from '\.\/([a-z-]+\.js)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['labels.js', 'scenario-edits.js']);
    for (const name of imports) {
      const module = await app.request(`/app/${name}`);
      expect(module.status).toBe(200);
      expect(module.headers.get('content-type')).toContain('text/javascript');
    }
    expect((await app.request('/app/launch-routes.js')).status).toBe(404);
  });
});
