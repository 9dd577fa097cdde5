// The hall's digital twin, as a supervisor uses it: a morning is served at the demo hall (through the
// API, as the counters would), then the supervisor asks the twin page which calling rule is best and who
// should learn which service, watches the progress, and reads the answer as a chart and a table, in
// Bahasa Indonesia and in English.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { signInThrough } from './lib/officer.mjs';

const kMondayMorning = '2026-11-30T09:00:00+07:00';
const kHall = 'mpp-mojokerto';
const kSupervisor = { username: 'supervisor', password: 'layan-demo' };
const kTimeout = { timeout: 30_000 };

/// Serves a few citizens at two counters through the API from the signed-in page (its session and
/// CSRF cookie), so that the hall has a recorded day to learn from.
async function serveAMorning(page) {
    await page.evaluate(async (hall) => {
        const { api, hallApi } = await import('/assets/api.js');
        await api(hallApi(hall, 'counters', 'L01', 'open'), { method: 'POST',
            body: { officer: 'budi.santoso', services: ['KTP'] } });
        await api(hallApi(hall, 'counters', 'L02', 'open'), { method: 'POST',
            body: { officer: 'siti.rahmawati', services: ['KTP', 'KK'] } });
        for (let i = 0; i < 8; i++) {
            await api(hallApi(hall, 'tickets'), { method: 'POST', body: { service: i % 3 ? 'KTP' : 'KK' } });
        }
        for (let round = 0; round < 4; round++) {
            for (const counter of ['L01', 'L02']) {
                const called = await api(hallApi(hall, 'counters', counter, 'call-next'), { method: 'POST' });
                if (!called) continue;
                await api(hallApi(hall, 'tickets', called.id, 'start'), { method: 'POST' });
                await new Promise((resolve) => setTimeout(resolve, 50));
                await api(hallApi(hall, 'tickets', called.id, 'finish'), { method: 'POST' });
            }
        }
    }, kHall);
}

/// Opens the twin page, which sends a visitor to the sign-in page and back, as the supervisor.
async function signIn(page, url) {
    await signInThrough(page, url, `/halls/${kHall}/twin`, kSupervisor.username);
    await page.locator('body[data-ready="true"]').waitFor(kTimeout);
}

async function runStudy(page, study) {
    await page.check(`input[name="study"][value="${study}"]`);
    await page.fill('#days', '3');
    await page.click('#run');
    await page.locator('body[data-study="done"], body[data-study="failed"]').waitFor(kTimeout);
    assert.equal(await page.locator('body').getAttribute('data-study'), 'done',
                 await page.locator('#alert').textContent());
    await page.locator('#results:not([hidden])').waitFor(kTimeout);
}

browserSuite('twin', (it) => {
    it('a supervisor compares the calling rules and gets training advice from the hall\'s own day', async ({ page, url }) => {
        await signIn(page, url);
        await serveAMorning(page);

        // The range ends today, on the server's clock (a Monday in the demo's 2026).
        assert.equal(await page.inputValue('#to'), '2026-11-30');
        await runStudy(page, 'policies');
        const rows = page.locator('#result-rows tr');
        assert.equal(await rows.count(), 5, 'one row per calling rule');
        for (const policy of ['dedicated', 'fcfs', 'balanced', 'default', 'pooled']) {
            assert.equal(await page.locator(`#result-rows tr[data-policy="${policy}"]`).count(), 1, policy);
        }
        assert.match(await page.textContent('#results-title'), /Aturan panggilan/);
        assert.match(await page.textContent('#scenario-line'), /2 layanan, 2 petugas; 3 hari/);
        const chart = await page.evaluate(() => {
            const canvas = document.getElementById('chart');
            const instance = window.Chart.getChart(canvas);
            return { width: canvas.width, datasets: instance?.data.datasets.length };
        });
        assert.ok(chart.width > 0, 'the chart is drawn');
        assert.equal(chart.datasets, 4, 'one line per rule (balanced is the default)');

        await runStudy(page, 'training');
        assert.match(await page.textContent('#results-title'), /Saran pelatihan/);
        assert.ok(await page.locator('#result-rows tr').count() >= 1);

        await page.click('[data-lang-switch]');
        await page.locator('#results-title', { hasText: 'Training advice' }).waitFor(kTimeout);
    });

    it('a day without tickets is explained, not shown as an empty answer', async ({ page, url }) => {
        await signIn(page, url);
        await page.fill('#from', '2026-11-01');
        await page.fill('#to', '2026-11-02');
        await page.click('#run');
        await page.locator('body[data-study="failed"]').waitFor(kTimeout);
        assert.match(await page.textContent('#alert'), /Tidak ada nomor antrean/);
        assert.equal(await page.locator('#results').isHidden(), true);
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
