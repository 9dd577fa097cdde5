// Smoke test: the home page of a freshly seeded layan server works in a real browser.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';

browserSuite('home page', (it) => {
    it('is titled layan and lists the demo city hall', async ({ page, url }) => {
        await page.goto(url('/'));
        assert.match(await page.title(), /layan/i);
        // The hall list is fetched from GET /api/v1/halls after the page loads: wait for it.
        await page.getByText('Mal Pelayanan Publik Kota Mojokerto').locator('visible=true').first().waitFor({ state: 'visible', timeout: 15_000 });
    });
});
