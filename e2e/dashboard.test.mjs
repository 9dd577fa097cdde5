// The public performance dashboard, the satisfaction report and the officers' table as people use them: a day
// without tickets is shown honestly (no NaN, no division by zero); then two citizens are served and one answers
// the survey (through the API, as the kiosk, the counter and the citizen's phone would), and the dashboard shows
// them — cards, the services table, the IKM of the regulation's formula, the trend chart and its table, a CSV
// download with Indonesian headers; a supervisor reads the SKM report and the officers' table. Every page passes
// axe-core at WCAG 2.1 AA; the dashboard does not scroll sideways at 320 px. Real server, real Chromium.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { kHall, officerApi, signInThrough } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow } from './lib/checks.mjs';

const kTenant = 'kota-mojokerto';
const kMondayMorning = '2026-11-30T09:00:00+07:00';
const kTimeout = { timeout: 15_000 };
const kService = 'KTP';
// One citizen's answers to U1..U9 (1 = poor … 4 = very good).
const kAnswers = { U1: 4, U2: 3, U3: 4, U4: 4, U5: 3, U6: 4, U7: 4, U8: 2, U9: 3 };

/// The converted index of one respondent by the regulation's formula: NRR of each element is the answer, IKM =
/// Σ NRR × 1/9, converted = IKM × 25, rounded half up to two decimals — in exact integers, as "86,11".
function expectedIkm(answers) {
    const sum = Object.values(answers).reduce((a, b) => a + b, 0);
    const hundredths = Math.floor((2 * sum * 2500 + 9) / 18);  // sum × 25 × 100 / 9, half up
    return `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}`;
}

/// Fails when the page shows a number that is not one (a division by zero, a missing figure).
async function expectNoBrokenFigures(page, state) {
    const text = await page.evaluate(() => document.body.innerText);
    for (const broken of ['NaN', 'Infinity', 'undefined', 'null']) {
        assert.ok(!new RegExp(`\\b${broken}\\b`).test(text), `${state}: the page shows "${broken}"`);
    }
}

async function openDashboard(page, url, query = '') {
    await page.goto(url(`/kinerja/${kTenant}${query}`));
    await page.locator('body[data-state="empty"], body[data-state="ready"], body[data-state="error"]').waitFor(kTimeout);
    assert.notEqual(await page.locator('body').getAttribute('data-state'), 'error', await page.locator('#alert').textContent());
}

const cardValue = (page, card) => page.locator(`#${card} .value`).textContent();

/// Serves two citizens at Loket 3 and has the first one answer the survey; returns the first ticket.
async function serveTwoAndAnswerOne(browser, baseUrl) {
    const officer = await officerApi(browser, baseUrl);
    try {
        await officer.openCounter('L03', [kService]);
        const first = await officer.issue(kService);
        await officer.issue(kService);
        assert.match(first.survey_key ?? '', /^[a-z0-9]{16}$/, 'the issue answer carries the survey key');
        for (let i = 0; i < 2; i++) {
            const called = await officer.callNext('L03');
            assert.ok(called?.id, 'someone is called');
            await officer.finish(called.id);
        }
        const response = await fetch(`${baseUrl}/api/v1/halls/${kHall}/tickets/${encodeURIComponent(first.id)}/survey`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ k: first.survey_key, consent: true, answers: kAnswers }),
        });
        assert.equal(response.status, 201, `the survey answer: ${await response.text()}`);
        return first;
    } finally {
        await officer.close();
    }
}

browserSuite('dashboard', (it) => {
    it('shows an empty day honestly, then the day\'s served tickets, the IKM, the trend and the downloads; ' +
       'a supervisor reads the SKM report and the officers\' table', async ({ page, url, baseUrl }) => {
        // The server's own today (the demo's clock).
        const today = (await (await fetch(`${baseUrl}/api/v1/tenants/${kTenant}/performance`)).json()).from;
        assert.equal(today, '2026-11-30');

        // A day without tickets: said so, every figure a number or "—".
        await openDashboard(page, url);
        assert.equal(await page.locator('body').getAttribute('data-state'), 'empty');
        assert.match(await page.locator('#empty').textContent(), /Belum ada data pada periode ini/);
        assert.equal(await page.locator('#empty').isVisible(), true);
        assert.equal(await cardValue(page, 'card-tickets'), '0');
        assert.equal(await cardValue(page, 'card-mean-wait'), '—');
        assert.equal(await cardValue(page, 'card-ikm'), '—');
        assert.match(await page.locator('#government').textContent(), /Mojokerto/);
        await page.locator(`#live-halls [data-hall="${kHall}"]`).waitFor(kTimeout);
        await expectNoBrokenFigures(page, 'the dashboard of an empty day');
        await expectAccessible(page, 'the dashboard of an empty day');
        await atWidths(page, [320], () => expectNoHorizontalOverflow(page, 'the empty dashboard'));
        await page.setViewportSize({ width: 1280, height: 800 });

        await serveTwoAndAnswerOne(page.context().browser(), baseUrl);

        // The figures follow the log within seconds: reload until they show.
        const deadline = Date.now() + 10_000;
        for (;;) {
            await openDashboard(page, url);
            if ((await cardValue(page, 'card-served')) === '2' && (await cardValue(page, 'card-ikm')) !== '—') break;
            assert.ok(Date.now() < deadline, `the dashboard still shows ${await cardValue(page, 'card-served')} served ` +
                      `and IKM ${await cardValue(page, 'card-ikm')} after 10 s`);
            await page.waitForTimeout(500);
        }
        assert.equal(await page.locator('body').getAttribute('data-state'), 'ready');
        assert.equal(await page.locator('#empty').isHidden(), true);
        assert.equal(await cardValue(page, 'card-tickets'), '2');
        assert.equal(await cardValue(page, 'card-ikm'), expectedIkm(kAnswers));
        assert.match(await page.locator('#card-ikm .grade').textContent(), /^B · Baik$/);
        assert.match(await page.locator('#card-ikm .sample').textContent(), /1 dari minimum 2 responden/);
        const serviceRow = page.locator(`#table-services tr[data-code="${kService}"]`);
        assert.equal(await serviceRow.locator('td[data-col="served"]').textContent(), '2');
        assert.equal(await serviceRow.locator('td[data-col="tickets"]').textContent(), '2');
        assert.match(await page.locator('#table-halls caption').textContent(), /Per mal pelayanan/);

        // The trend: a drawn chart, described, and its table with today's row.
        const chart = await page.evaluate(() => {
            const canvas = document.getElementById('chart-tickets');
            return { width: canvas.width, role: canvas.getAttribute('role'), label: canvas.getAttribute('aria-label'),
                     drawn: Boolean(window.Chart?.getChart(canvas)) };
        });
        assert.ok(chart.width > 0 && chart.drawn, 'the trend chart is drawn');
        assert.equal(chart.role, 'img');
        assert.match(chart.label, /2 nomor antrean, 2 selesai/);
        const todayRow = page.locator(`#table-tickets tr[data-from="${today}"]`);
        assert.equal(await todayRow.locator('td[data-col="tickets"]').textContent(), '2');
        assert.equal(await todayRow.locator('td[data-col="served"]').textContent(), '2');
        await page.locator('#trend-tickets summary').click();
        await todayRow.waitFor({ state: 'visible', ...kTimeout });

        // The services table downloads as CSV, with Indonesian headers and the same period.
        const href = await page.locator('a[data-export="services"][data-format="csv"]').getAttribute('href');
        assert.match(href, new RegExp(`^/api/v1/tenants/${kTenant}/performance/services\\.csv\\?from=${today}&to=${today}&`));
        const csv = await page.request.get(url(href));
        assert.equal(csv.status(), 200);
        assert.match(csv.headers()['content-type'], /^text\/csv/);
        assert.match(csv.headers()['content-disposition'] ?? '', /attachment; filename="kinerja-layanan-/);
        const lines = (await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/);
        assert.match(lines[0], /Kode.*Layanan.*Tiket.*Dilayani/, `the CSV's header line: ${lines[0]}`);
        assert.ok(lines.some((line) => line.startsWith(`${kService},`) || line.startsWith(`"${kService}"`)),
                  `the CSV has a ${kService} row:\n${lines.join('\n')}`);

        await expectNoBrokenFigures(page, 'the dashboard of a served day');
        await expectAccessible(page, 'the dashboard of a served day');
        await atWidths(page, [320], () => expectNoHorizontalOverflow(page, 'the dashboard of a served day'));
        await page.setViewportSize({ width: 1280, height: 800 });

        // The period is in the address: a link shares the view.
        await page.selectOption('#period', '7d');
        await page.waitForURL(/[?&]period=7d/, kTimeout);
        await page.locator('body[data-state="ready"]').waitFor(kTimeout);
        await openDashboard(page, url, '?period=7d');
        assert.equal(await page.inputValue('#period'), '7d');
        assert.equal(await page.inputValue('#from'), '2026-11-24');
        assert.equal(await cardValue(page, 'card-served'), '2');

        // In English.
        await page.click('[data-lang-switch]');
        await page.locator('#card-served dt', { hasText: 'Served' }).waitFor(kTimeout);
        assert.equal(await cardValue(page, 'card-ikm'), expectedIkm(kAnswers).replace(',', '.'));
        await page.click('[data-lang-switch]');

        // What the figures mean.
        await page.goto(url(`/kinerja/${kTenant}/tentang`));
        await page.locator('body[data-ready="true"]').waitFor(kTimeout);
        assert.match(await page.locator('[data-lang-block="id"]').textContent(), /Krejcie/);
        assert.equal(await page.locator('[data-lang-block="en"]').isHidden(), true);
        await expectAccessible(page, 'the explanation of the figures');

        // The satisfaction report, signed in as a supervisor.
        await signInThrough(page, url, `/tenants/${kTenant}/skm`, 'supervisor');
        await page.locator('body[data-state="ready"], body[data-state="error"]').waitFor(kTimeout);
        assert.equal(await page.locator('body').getAttribute('data-state'), 'ready', await page.locator('#alert').textContent());
        assert.equal(await page.locator('#population').textContent(), '2');
        assert.equal(await page.locator('#respondents').textContent(), '1');
        assert.match(await page.locator('#sample').textContent(), /belum tercukupi/);
        assert.equal(await page.locator('#elements-table tbody tr').count(), 9);
        const u8 = page.locator('#elements-table tr[data-code="U8"]');
        assert.equal(await u8.locator('td[data-col="answered"]').textContent(), '1');
        assert.equal(await u8.locator('td[data-col="nrr"]').textContent(), '2,000');
        assert.match(await u8.getAttribute('class') ?? '', /lowest/, 'the weakest element is highlighted');
        assert.equal(await page.locator('#ikm-converted').textContent(), expectedIkm(kAnswers));
        assert.match(await page.locator('#ikm-grade').textContent(), /B · Baik/);
        assert.equal(await page.locator('#improve li').count(), 3);
        assert.equal(await page.locator(`#services-table tr[data-code="${kService}"] td[data-col="respondents"]`).textContent(), '1');
        await expectNoBrokenFigures(page, 'the SKM report');
        await expectAccessible(page, 'the SKM report');

        // The officers' table: Siti served both.
        await page.goto(url(`/tenants/${kTenant}/officers`));
        await page.locator('body[data-state="ready"], body[data-state="error"]').waitFor(kTimeout);
        assert.equal(await page.locator('body').getAttribute('data-state'), 'ready', await page.locator('#alert').textContent());
        const siti = page.locator('#officers-table tr[data-officer="siti.rahmawati"]');
        assert.equal(await siti.locator('td[data-col="served"]').textContent(), '2');
        assert.equal(await page.locator('#officers-table tbody tr').first().getAttribute('data-officer'), 'siti.rahmawati',
                     'sorted by served, most first');
        await page.click('button[data-sort="name"]');
        assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'ascending');
        const download = await page.request.get(url(await page.locator('#download-csv').getAttribute('href')));
        assert.equal(download.status(), 200);
        assert.match((await download.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0], /Nama.*Dilayani/);
        await expectNoBrokenFigures(page, 'the officers\' table');
        await expectAccessible(page, 'the officers\' table');
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
