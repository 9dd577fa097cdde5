// The self-service kiosk (issue #10): a citizen finds a service by typing ("ktp", "akta", "pindah") without
// choosing its office first; priority numbers only on a kiosk set up with a device link; the predicted wait as a
// range even before a counter opens; every screen fits 1366×768 and 1080×1920, passes axe (WCAG 2.1 AA) and never
// scrolls sideways at 320, 390, 1366 and 1920 px; an error message replaces the previous one.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { kioskDeviceToken } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectFits, expectNoHorizontalOverflow, kWidths } from './lib/checks.mjs';

// The demo hall is open on a Monday morning (the server's clock starts there).
const kMondayMorning = '2026-11-30T09:00:00+07:00';
const kHall = 'mpp-mojokerto';
const kTimeout = { timeout: 15_000 };
const kLandscape = { width: 1366, height: 768 };
const kPortrait = { width: 1080, height: 1920 };
const kKtpName = 'KTP-el baru / penggantian';
const kCapil = 'Dinas Kependudukan dan Pencatatan Sipil';

/// Opens the kiosk (with `hash`, e.g. "#device=…") at 1366×768 and waits for its first screen.
async function openKiosk(page, url, hash = '') {
    await page.setViewportSize(kLandscape);
    await page.goto(url(`/halls/${kHall}/kiosk`) + hash);
    await page.locator('#step-unit [data-unit]').first().waitFor(kTimeout);
    await page.locator('#popular [data-popular]').first().waitFor(kTimeout);
}

/// The checks every kiosk screen passes: axe; the `main` elements on screen without scrolling at 1366×768 and at
/// 1080×1920; nothing wider than the screen at every width of kWidths. Leaves the page at 1366×768.
async function expectGoodScreen(page, state, main) {
    await expectAccessible(page, state);
    for (const size of [kLandscape, kPortrait]) {
        await page.setViewportSize(size);
        await page.evaluate(() => window.scrollTo(0, 0));
        for (const selector of main) await expectFits(page, selector, `${state} at ${size.width}×${size.height}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    await atWidths(page, kWidths, (width) => expectNoHorizontalOverflow(page, `${state} at ${width} px`));
    await page.setViewportSize(kLandscape);
    await page.evaluate(() => window.scrollTo(0, 0));
}

/// The data-result codes of the services found, in order.
async function results(page) {
    return page.locator('#results [data-result]').evaluateAll((buttons) => buttons.map((b) => b.dataset.result));
}

async function typeSearch(page, text) {
    await page.fill('#search', '');
    await page.locator('#search').pressSequentially(text);
}

/// Takes the ticket the page asks for and returns the API's answer, once the ticket is on screen.
async function takeTicket(page, button) {
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/halls/${kHall}/tickets`) &&
                                            r.request().method() === 'POST', kTimeout);
    await page.click(button);
    const response = await answer;
    assert.equal(response.status(), 201, `the ticket is issued: ${await response.text()}`);
    await page.locator('#step-ticket').waitFor(kTimeout);
    return response.json();
}

/// An anonymous ticket taken through the API (as a citizen's phone would).
async function issue(baseUrl, service) {
    const response = await fetch(new URL(`/api/v1/halls/${kHall}/tickets`, baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ service }),
    });
    assert.equal(response.status, 201, `a ${service} ticket is issued`);
    return response.json();
}

/// WCAG contrast of an element's text colour against the page's background colour.
async function contrastOf(page, selector) {
    return page.locator(selector).evaluate((el) => {
        const rgb = (css) => css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
        const luminance = ([r, g, b]) => {
            const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        };
        const fg = luminance(rgb(getComputedStyle(el).color));
        const bg = luminance(rgb(getComputedStyle(document.body).backgroundColor));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    });
}

/// How the kiosk rounds a predicted wait (common.js waitText): to 5 minutes from 10 up.
function rounded(minutes) {
    return minutes >= 10 ? Math.round(minutes / 5) * 5 : Math.round(minutes);
}

browserSuite('kiosk', (it) => {
    it('typing a service name finds it in any office, and takes a ticket without choosing the office', async ({ page, url }) => {
        await openKiosk(page, url);
        assert.equal(await page.locator('body').getAttribute('data-step'), 'unit');
        // The step label reads at 4.5:1 at least (it was 4.45:1); axe checks it too.
        assert.ok((await contrastOf(page, '#step-unit .step-count')) >= 4.5, 'the step label has enough contrast');
        await expectGoodScreen(page, 'the first screen', ['#search', '#popular li:last-child', '#units [data-unit]:last-child']);

        // Names, codes and keywords; any case; word prefixes; diacritics ignored; each result names its office.
        const cases = [
            ['ktp', ['KTP']],
            ['KTP', ['KTP']],
            ['akta', ['AKTA_LAHIR', 'AKTA_MATI']],
            ['akte lahir', ['AKTA_LAHIR']],
            ['pindah', ['PINDAH']],
            ['NIB', ['NIB']],
            ['bpjs', ['JKN']],
            ['Kelahirán', ['AKTA_LAHIR']],
            ['birth cert', ['AKTA_LAHIR']],
        ];
        for (const [query, expected] of cases) {
            await typeSearch(page, query);
            assert.deepEqual(await results(page), expected, `"${query}" finds ${expected.join(', ')}`);
            assert.equal(await page.locator('#step-unit').isVisible(), true, 'still on the first screen');
            assert.equal(await page.locator('#browse').isVisible(), false, 'the results replace the lists');
        }
        await typeSearch(page, 'akta');
        for (const office of await page.locator('#results .choice-office').allTextContents()) {
            assert.equal(office, kCapil, 'each result names its office');
        }
        assert.match(await page.locator('#search-status').textContent(), /^2 layanan ditemukan/);
        await expectGoodScreen(page, 'the search results', ['#search', '#results [data-result]:last-child']);

        // Nothing found: said so, and the offices are offered again.
        await typeSearch(page, 'xyzzy');
        assert.deepEqual(await results(page), []);
        assert.match(await page.locator('#search-status').textContent(), /Tidak ada layanan untuk “xyzzy”/);
        assert.equal(await page.locator('#units').isVisible(), true, 'the offices are offered when nothing is found');
        await page.click('#search-clear');
        assert.equal(await page.inputValue('#search'), '');
        assert.equal(await page.locator('#popular').isVisible(), true);

        // Three citizens, three services, found by typing: straight to general/priority, then the ticket.
        const walks = [['ktp', 'KTP', /^A-\d{3}$/, kKtpName], ['akta', 'AKTA_LAHIR', /^C-\d{3}$/, 'Akta kelahiran'],
                       ['pindah', 'PINDAH', /^E-\d{3}$/, 'Pindah datang / pindah keluar']];
        for (const [query, code, number, name] of walks) {
            await typeSearch(page, query);
            await page.click(`#results [data-result="${code}"]`);
            await page.locator('#step-kind').waitFor(kTimeout);
            assert.equal(await page.locator('#step-service').isVisible(), false, 'the office step is skipped');
            assert.ok((await page.locator('#kind-service').textContent()).startsWith(name), 'the service chosen is named');
            if (code === 'KTP') {
                await expectGoodScreen(page, 'the queue-type step after a search', ['#take-general', '#kind-back']);
                // Back returns to the results, the query kept.
                await page.click('#kind-back');
                await page.locator('#step-unit').waitFor(kTimeout);
                assert.equal(await page.inputValue('#search'), 'ktp');
                assert.deepEqual(await results(page), ['KTP']);
                await page.click('#results [data-result="KTP"]');
                await page.locator('#step-kind').waitFor(kTimeout);
            }
            const ticket = await takeTicket(page, '#take-general');
            assert.equal(ticket.service, code);
            assert.equal(ticket.priority, null);
            assert.match((await page.locator('#ticket-number').textContent()).trim(), number);
            assert.equal(await page.locator('#ticket-number').textContent(), ticket.number);
            assert.equal(await page.locator('#ticket-service').textContent(), name);
            assert.equal(await page.locator('#ticket').getAttribute('data-ticket-id'), ticket.id);
            await page.click('#done');
            await page.locator('#step-unit').waitFor(kTimeout);
            assert.equal(await page.inputValue('#search'), '', 'the next citizen starts with an empty search');
        }

        // An "often chosen" button goes straight to the queue type too.
        await page.click('#popular [data-popular="NIB"]');
        await page.locator('#step-kind').waitFor(kTimeout);
        assert.ok((await page.locator('#kind-service').textContent()).startsWith('Nomor Induk Berusaha'));
    });

    it('the office path still works; an anonymous kiosk offers no priority numbers but says who helps', async ({ page, url }) => {
        await openKiosk(page, url);
        await page.click('[data-unit="dispendukcapil"]');
        await page.locator('#step-service').waitFor(kTimeout);
        assert.equal(await page.locator('#service-unit').textContent(), kCapil);
        await expectGoodScreen(page, 'the service step', ['#services [data-service]:last-child', '#step-service .btn-back']);
        await page.click('[data-service="KTP"]');
        await page.locator('#step-kind').waitFor(kTimeout);

        assert.equal(await page.locator('#show-priority').isVisible(), false, 'no priority button without a device link');
        assert.equal(await page.locator('[data-priority]:visible').count(), 0, 'no priority reasons either');
        const help = page.locator('#priority-help');
        assert.equal(await help.isVisible(), true, 'a sentence says who helps priority citizens');
        for (const word of ['petugas', 'kios', 'disabilitas', 'lansia', 'ibu hamil', 'anak-anak', 'bencana']) {
            assert.ok((await help.textContent()).includes(word), `the sentence names "${word}"`);
        }
        await expectGoodScreen(page, 'the queue-type step of an anonymous kiosk', ['#take-general', '#priority-help']);
        await page.click('[data-lang-switch]');
        for (const word of ['officer', 'kiosk', 'disabilities', 'elderly', 'pregnant', 'children', 'disaster']) {
            assert.ok((await help.textContent()).includes(word), `the English sentence names "${word}"`);
        }
        await page.click('[data-lang-switch]');

        // Back goes to the office's services, then to the first screen.
        await page.click('#kind-back');
        await page.locator('#step-service').waitFor(kTimeout);
        await page.click('#step-service .btn-back');
        await page.locator('#step-unit').waitFor(kTimeout);
    });

    it('a kiosk set up with a device link issues priority numbers', async ({ page, url, baseUrl }) => {
        const token = await kioskDeviceToken(baseUrl, 'Kios uji e2e');
        await openKiosk(page, url, `#device=${token}`);
        assert.ok(!page.url().includes('device='), 'the token leaves the address bar');
        await typeSearch(page, 'ktp');
        await page.click('#results [data-result="KTP"]');
        await page.locator('#step-kind').waitFor(kTimeout);
        assert.equal(await page.locator('#show-priority').isVisible(), true, 'the priority button is offered');
        assert.equal(await page.locator('#priority-help').isVisible(), false);
        await page.click('#show-priority');
        await page.locator('#priority-panel').waitFor(kTimeout);
        assert.equal(await page.locator('#show-priority').getAttribute('aria-expanded'), 'true');
        assert.equal(await page.locator('#reasons [data-priority]').count(), 6);
        await expectGoodScreen(page, 'the priority reasons', ['#show-priority', '#reasons [data-priority]:last-child']);

        const ticket = await takeTicket(page, '[data-priority="elderly"]');
        assert.equal(ticket.priority, 'elderly');
        assert.equal(ticket.service, 'KTP');
        assert.equal(await page.locator('#ticket-priority').isVisible(), true);
        assert.equal(await page.locator('#ticket-priority').textContent(), 'Prioritas · Lansia');
        await expectGoodScreen(page, 'a priority ticket', ['#ticket-number', '#print', '#done']);
    });

    it('the predicted wait shows a range before any counter opens, with a note', async ({ page, url, baseUrl }) => {
        // Three citizens wait for Samsat already, and no counter is open for it.
        for (let i = 0; i < 3; ++i) await issue(baseUrl, 'PKB');
        await openKiosk(page, url);
        await typeSearch(page, 'pajak');
        assert.deepEqual(await results(page), ['PKB']);
        assert.equal(await page.locator('#results .choice-office').textContent(), 'Samsat (Sistem Administrasi Manunggal Satu Atap)');
        await page.click('#results [data-result="PKB"]');
        await page.locator('#step-kind').waitFor(kTimeout);
        const ticket = await takeTicket(page, '#take-general');

        const predicted = ticket.predicted_wait;
        assert.equal(predicted.no_counter_open, true, 'the API says no counter is open');
        assert.ok(predicted.low_min >= 10 && predicted.high_min > predicted.low_min, `a real range: ${JSON.stringify(predicted)}`);
        const wait = (await page.locator('#ticket-wait').textContent()).trim();
        assert.notEqual(wait, '–');
        assert.equal(wait, `± ${rounded(predicted.low_min)}–${rounded(predicted.high_min)} menit`, 'the API\'s range is shown');
        const note = page.locator('#ticket-note');
        assert.equal(await note.isVisible(), true, 'a note says no counter is open yet');
        assert.match(await note.textContent(), /Belum ada loket yang buka untuk layanan ini\. Waktu tunggu dihitung sejak loket dibuka\./);
        assert.equal(await page.locator('#ticket-ahead').textContent(), '3 orang');
        await page.waitForFunction(() => document.getElementById('ticket-qr').complete, null, kTimeout);
        await expectGoodScreen(page, 'the ticket', ['#ticket-number', '#ticket-wait', '#ticket-note', '#print', '#done']);

        // The same in English.
        await page.click('[data-lang-switch]');
        assert.equal((await page.locator('#ticket-wait').textContent()).trim(),
                     `± ${rounded(predicted.low_min)}–${rounded(predicted.high_min)} min`);
        assert.match(await note.textContent(), /No counter is open for this service yet\. The wait counts from when one opens\./);
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });

// Real refusals, not faked answers: a server whose clock starts before the hall opens (07:30) and that lets one
// address take one ticket a minute. The first try is refused as "closed", the second by the rate limit.
browserSuite('kiosk refusals', (it) => {
    it('a refusal shows its sentence in Bahasa Indonesia, and a new one replaces it', async ({ page, url }) => {
        await openKiosk(page, url);
        await typeSearch(page, 'ktp');
        await page.click('#results [data-result="KTP"]');
        await page.locator('#step-kind').waitFor(kTimeout);

        const alert = page.locator('#alert');
        await page.click('#take-general');
        await alert.getByText('Mal pelayanan sedang tutup. Hari ini buka pukul 07:30–16:00.').waitFor(kTimeout);
        assert.equal(await page.locator('#step-kind').isVisible(), true, 'the citizen stays on the step');
        await expectAccessible(page, 'a refusal on the queue-type step');

        await page.click('#take-general');
        await alert.getByText(/^Terlalu banyak permintaan dari perangkat ini\. Coba lagi dalam \d+ detik\.$/).waitFor(kTimeout);
        assert.equal(await alert.locator('.alert').count(), 1, 'one message at a time');
        assert.ok(!(await alert.textContent()).includes('tutup'), 'the new message replaces the previous one');
        assert.doesNotMatch(await alert.textContent(), /Too many requests|closed now/, 'never the server\'s English');
    });
}, {
    env: {
        LAYAN_CLOCK_START: '2026-11-30T07:00:00+07:00',
        LAYAN_PUBLIC_RATE_BURST: '1',
        LAYAN_PUBLIC_RATE_PER_MIN: '1',
    },
});
