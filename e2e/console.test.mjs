// The officer console as an officer works it: it offers only what can be done now (with countdowns where time
// will allow it), its "next" list is the order call-next follows, a refusal is explained in Bahasa Indonesia and
// the console re-reads its counter, another officer's counter is not offered, and every state passes axe-core
// at WCAG 2.1 AA without sideways scrolling from 320 to 1920 px. Real server, real Chromium.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { kHall, officerApi, signInThrough } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow, kWidths } from './lib/checks.mjs';

const kTimeout = { timeout: 15_000 };
// Short queue rules so that the countdowns run out within the test (2 calls, 10 s apart), yet last long enough
// for the checks made while they run on a loaded machine.
const kGapSeconds = 10;
const kMaxCalls = 2;

/// Signs `page` in as `username` through the console's redirect to the sign-in page.
async function signInToConsole(page, url, username) {
    await signInThrough(page, url, `/halls/${kHall}/console`, username);
    await page.locator('#setup:not([hidden]), #work:not([hidden])').waitFor(kTimeout);
}

/// Opens the counter for `services`, or enters it when this officer has it open already (from an earlier test).
async function openCounter(page, counterId, services) {
    if (await page.locator('#work').isVisible()) return;
    await page.locator('#setup:not([hidden])').waitFor(kTimeout);
    await page.selectOption('#counter', counterId);
    if ((await page.locator('#open').textContent()).includes('Buka loket')) {
        for (const box of await page.locator('#skills input[type="checkbox"]').all()) {
            await box.setChecked(services.includes(await box.getAttribute('value')));
        }
    }
    await page.click('#open');
    await page.locator('#work-status', { hasText: 'Buka' }).waitFor(kTimeout);
}

async function takeTicket(baseUrl, service) {
    const response = await fetch(`${baseUrl}/api/v1/halls/${kHall}/tickets`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ service }),
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    return JSON.parse(text);
}

const enabled = (page, id) => page.locator(`#${id}`).isEnabled();

async function expectOnly(page, allowed, state) {
    const all = ['call-next', 'recall', 'start', 'finish', 'no-show', 'transfer', 'pause', 'close'];
    for (const id of all) {
        assert.equal(await enabled(page, id), allowed.includes(id),
                     `${state}: #${id} should be ${allowed.includes(id) ? 'enabled' : 'disabled'}`);
    }
}

browserSuite('console', (it) => {
    it('offers only what can be done now, with countdowns, and calls in the order it shows', async ({ page, url, baseUrl }) => {
        await signInToConsole(page, url, 'siti.rahmawati');
        await expectAccessible(page, 'the console setup');
        await openCounter(page, 'L03', ['KTP']);
        await page.locator('#connection[data-state="live"]').waitFor(kTimeout);

        // Nobody waits: calling is not offered; a break or closing is.
        await page.locator('#action-hint', { hasText: 'Tidak ada warga yang menunggu' }).waitFor(kTimeout);
        await expectOnly(page, ['pause', 'close'], 'an open counter with nobody waiting');
        await expectAccessible(page, 'an open counter with nobody waiting');

        // Two citizens at the kiosk, then an elderly citizen issued by the officer: priority goes first.
        const first = await takeTicket(baseUrl, 'KTP');
        const second = await takeTicket(baseUrl, 'KTP');
        const siti = await officerApi(page.context().browser(), baseUrl);
        const elderly = { body: await siti.post('/tickets', { service: 'KTP', priority: 'elderly' }) };
        await page.locator('#next-list li[data-ticket]').nth(2).waitFor(kTimeout);
        const shown = await page.locator('#next-list li[data-ticket] .number').allTextContents();
        const policy = await siti.get('/counters/L03/next');
        await siti.close();
        assert.deepEqual(shown, policy.next.map((t) => t.number).slice(0, shown.length),
                         'the console lists the order of the server\'s routing policy');
        assert.deepEqual(shown, [elderly.body.number, first.number, second.number]);

        // F1 calls exactly the first one shown.
        await page.locator('#call-next:enabled').waitFor(kTimeout);
        await page.keyboard.press('F1');
        await page.locator('#current-number', { hasText: elderly.body.number }).waitFor(kTimeout);
        await page.locator('#notice', { hasText: `${elderly.body.number} dipanggil ke Loket 3` }).waitFor(kTimeout);

        // Called: start is offered; recall only after the gap, with a countdown; no-show only after the last call.
        await page.locator('#recall-countdown', { hasText: /\d+ dtk/ }).waitFor(kTimeout);
        await page.locator('#action-hint', { hasText: /Panggil ulang bisa lagi dalam \d+ detik/ }).waitFor(kTimeout);
        await expectOnly(page, ['start', 'transfer'], 'a ticket just called');
        await expectAccessible(page, 'a ticket just called (countdown)');
        await page.locator('#recall:enabled').waitFor({ timeout: (kGapSeconds + 5) * 1000 });
        await expectOnly(page, ['recall', 'start', 'transfer'], 'a ticket called once, the gap passed');
        await page.keyboard.press('r');
        await page.locator('#notice', { hasText: `${elderly.body.number} dipanggil ulang` }).waitFor(kTimeout);

        // The last call was made: no recall any more; a no-show after the gap, counted down on its button.
        await page.locator('#no-show-countdown', { hasText: /\d+ dtk/ }).waitFor(kTimeout);
        await expectOnly(page, ['start', 'transfer'], 'the last call, within the gap');
        await page.locator('#no-show:enabled').waitFor({ timeout: (kGapSeconds + 5) * 1000 });
        await expectOnly(page, ['start', 'no-show', 'transfer'], 'the last call, the gap passed');
        await page.locator('#action-hint', { hasText: `${elderly.body.number} sudah dipanggil ${kMaxCalls} kali` }).waitFor(kTimeout);

        // Serving: done and transfer only.
        await page.keyboard.press('s');
        await page.locator('#current-meta', { hasText: 'Sedang dilayani' }).waitFor(kTimeout);
        await expectOnly(page, ['finish', 'transfer'], 'a service in progress');
        await page.keyboard.press('d');
        await page.locator('#notice', { hasText: `${elderly.body.number} selesai dilayani` }).waitFor(kTimeout);
        await page.locator('#next-list li[data-ticket] .number', { hasText: first.number }).first().waitFor(kTimeout);
        await expectOnly(page, ['call-next', 'pause', 'close'], 'the counter free again, two waiting');
    });

    it('explains a refusal in Bahasa Indonesia and re-reads the counter', async ({ page, url, baseUrl }) => {
        // No live events reach this console (as on a dropped connection): it can only learn by re-reading.
        await page.route('**/api/v1/halls/*/events', (route) => route.abort());
        await signInToConsole(page, url, 'siti.rahmawati');
        await openCounter(page, 'L03', ['KTP']);
        await takeTicket(baseUrl, 'KTP');
        await page.locator('#switch').click();
        await page.selectOption('#counter', 'L03');
        await page.locator('#open').click();  // re-enters the open counter and reads it
        await page.locator('#call-next:enabled').waitFor(kTimeout);
        const first = (await page.locator('#next-list li[data-ticket] .number').first().textContent()).trim();
        await page.click('#call-next');
        await page.locator('#current-number', { hasText: first }).waitFor(kTimeout);
        const ticket = { id: await page.locator('.current').getAttribute('data-ticket'), number: first };

        // Meanwhile the service starts from elsewhere (another tab of the same officer).
        const siti = await officerApi(page.context().browser(), baseUrl);
        await siti.post(`/tickets/${ticket.id}/start`);

        // The console still offers start: the server refuses, the console says so in Indonesian, then shows the truth.
        await page.click('#start');
        const alert = page.locator('#alert');
        await alert.locator('.alert', { hasText: `${ticket.number} sedang dilayani` }).waitFor(kTimeout);
        assert.doesNotMatch(await alert.textContent(), /already being served/, 'not the server\'s English sentence');
        assert.equal(await page.locator('#notice').isVisible(), false, 'the earlier notice is replaced, not kept beside it');
        await page.locator('#current-meta', { hasText: 'Sedang dilayani' }).waitFor(kTimeout);
        await expectOnly(page, ['finish', 'transfer'], 'after the refusal, re-read');
        await expectAccessible(page, 'a refusal shown');

        // In English the same refusal reads in English.
        await page.click('[data-lang-switch]');
        await siti.post(`/tickets/${ticket.id}/finish`);
        await siti.close();
        await page.click('#finish');
        await alert.locator('.alert', { hasText: /is not being served|Press Start service/ }).waitFor(kTimeout);
        await page.click('[data-lang-switch]');
    });

    it('does not offer another officer\'s open counter', async ({ page, url }) => {
        // Siti's Loket 3 is open from the tests before; another officer of the unit signs in.
        const siti = await page.context().browser().newContext();
        try {
            const sitiPage = await siti.newPage();
            await signInToConsole(sitiPage, url, 'siti.rahmawati');
            await openCounter(sitiPage, 'L03', ['KTP']);
        } finally {
            await siti.close();
        }
        await signInToConsole(page, url, 'budi.santoso');
        await page.locator('#setup:not([hidden])').waitFor(kTimeout);
        const option = page.locator('#counter option', { hasText: /^Loket 3 — dipakai/ });
        assert.equal(await option.count(), 1, 'Loket 3 is listed as in use by another officer');
        assert.equal(await option.isDisabled(), true, 'and cannot be chosen');
        await expectAccessible(page, 'the setup of a second officer');
    });

    it('fits from a 320 px phone to a 1920 px screen, with the hall\'s whole name', async ({ page, url }) => {
        await signInToConsole(page, url, 'siti.rahmawati');
        await openCounter(page, 'L03', ['KTP']);
        await atWidths(page, kWidths, async (width) => {
            await expectNoHorizontalOverflow(page, `the console at ${width} px`);
            const name = await page.locator('#hall-name').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
            assert.ok(name.scroll <= name.client + 1, `the hall's name is cut at ${width} px`);
        });
        await page.setViewportSize({ width: 1366, height: 768 });
        await expectAccessible(page, 'the console at 1366 px');
    });

    it('the sign-in, twin and audit pages pass axe-core', async ({ page, url }) => {
        await page.goto(url('/login'));
        await page.locator('#username').waitFor(kTimeout);
        await expectAccessible(page, 'the sign-in page');
        for (const [username, path, ready] of [['supervisor', `/halls/${kHall}/twin`, 'body[data-ready="true"]'],
                                                 ['auditor', '/audit', '#head-anchor']]) {
            await signInThrough(page, url, path, username);
            await page.locator(ready).waitFor(kTimeout);
            await expectAccessible(page, `${path} as ${username}`);
            await atWidths(page, [390, 1366], (width) => expectNoHorizontalOverflow(page, `${path} at ${width} px`));
            await page.context().clearCookies();
        }
    });
}, {
    env: {
        LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? '2026-11-30T09:00:00+07:00',
        LAYAN_MIN_RECALL_GAP_S: String(kGapSeconds),
        LAYAN_MAX_CALLS: String(kMaxCalls),
    },
});
