/// The walk-in scenario, on four screens against one real `layan serve` with the demo city: a
/// citizen takes a ticket at the kiosk, an officer calls it from the console, the display board shows
/// and speaks the call, and the citizen's phone says it is their turn. It asserts every step.
/// The server must run on a clock inside the demo hall's opening hours (LAYAN_CLOCK_START).
import assert from 'node:assert/strict';
import { signInThrough } from './officer.mjs';
import { openPage, screenshot, watch } from './walkin-pages.mjs';

export const kHall = 'mpp-mojokerto';
const kOfficer = { username: 'siti.rahmawati' };
const kTimeout = { timeout: 15_000 };

/// Plays the walk-in on the harness's `page` (the officer's) and `url`; screenshots are named
/// <shots>--<screen>.png in the artifacts folder.
export async function walkIn({ page, url }, shots = 'walk-in') {
    const errors = [];
    const browser = page.context().browser();
    // The hall's screens and the citizen's phone are browsers of their own, where nobody signs in.
    const screens = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    try {
        // 1. The officer signs in (the console sends her to the sign-in page and back), then
        //    opens Loket 3 for KTP.
        const officer = page;
        watch(officer, errors, 'console');
        await signInThrough(officer, url, `/halls/${kHall}/console`, kOfficer.username);
        await officer.locator('#setup').waitFor(kTimeout);
        assert.equal(await officer.locator('#officer').inputValue(), kOfficer.username, 'she acts as herself');
        await officer.selectOption('#counter', { label: 'Loket 3' });
        for (const box of await officer.locator('#skills input[type="checkbox"]').all()) {
            await box.setChecked((await box.getAttribute('value')) === 'KTP');
        }
        await officer.click('#open');
        await officer.locator('#work').waitFor(kTimeout);
        await officer.locator('#work-status', { hasText: 'Buka' }).waitFor(kTimeout);
        await officer.locator('#connection[data-state="live"]').waitFor(kTimeout);

        // 2. The display board, listening, with its sound turned on.
        const board = await openPage(screens, errors, 'board');
        const voices = [];
        board.on('response', (response) => {
            if (response.url().endsWith('/voice.wav')) voices.push(response);
        });
        // The sound button bounces to be seen; reduced motion keeps it still for the click.
        await board.emulateMedia({ reducedMotion: 'reduce' });
        await board.goto(url(`/halls/${kHall}/board`));
        await board.locator('#connection[data-state="live"]').waitFor(kTimeout);
        await board.click('#sound');
        await board.locator('#sound[aria-pressed="true"]').waitFor(kTimeout);

        // 3. A citizen takes a general KTP ticket at the kiosk.
        const kiosk = await openPage(screens, errors, 'kiosk');
        await kiosk.goto(url(`/halls/${kHall}/kiosk`));
        await kiosk.click('[data-unit="dispendukcapil"]');
        await kiosk.click('[data-service="KTP"]');
        await kiosk.click('#take-general');
        await kiosk.locator('#step-ticket').waitFor(kTimeout);
        const number = (await kiosk.locator('#ticket-number').textContent()).trim();
        assert.match(number, /^A-\d{3}$/, 'the ticket shows its number');
        const ticketId = await kiosk.locator('#ticket').getAttribute('data-ticket-id');
        assert.ok(ticketId, 'the ticket carries its id');
        const statusPath = `/t/${kHall}/${encodeURIComponent(ticketId)}`;
        const statusHref = await kiosk.locator('#ticket-link').getAttribute('href');
        // The link carries the ticket's survey key (?k=), which only the kiosk's answer gives.
        const statusUrl = new URL(statusHref);
        assert.equal(statusUrl.pathname, statusPath, `the status link ${statusHref} is the ticket's page`);
        assert.match(statusUrl.searchParams.get('k') ?? '', /^[0-9a-z]{16}$/, 'the status link carries the survey key');
        await kiosk.waitForFunction(() => document.getElementById('ticket-qr').complete, null, kTimeout);
        const qrWidth = await kiosk.locator('#ticket-qr').evaluate((img) => img.naturalWidth);
        assert.ok(qrWidth > 0, 'the QR code image loads');
        assert.match(await kiosk.locator('#ticket-wait').textContent(), /menit|–/);
        await screenshot(kiosk, 'kiosk-ticket', shots);

        // The console sees the citizen waiting (live, over SSE), then calls next.
        await officer.locator('#queue-body tr[data-service="KTP"] td.num strong', { hasText: /^[1-9]/ }).waitFor(kTimeout);
        await officer.click('#call-next');
        await officer.locator('#current-number', { hasText: number }).waitFor(kTimeout);
        await screenshot(officer, 'console-called', shots);

        // 4. The board shows the number and the counter, and speaks the call.
        await board.locator('#now-number', { hasText: number }).waitFor(kTimeout);
        assert.equal((await board.locator('#now-counter').textContent()).trim(), 'Loket 3');
        await board.locator('.counter-tile[data-ticket-status="called"] .ticket', { hasText: number }).waitFor(kTimeout);
        await board.waitForFunction(() => (document.body.dataset.spoken || '').length > 0, null, { timeout: 30_000 });
        assert.ok(voices.length >= 1, 'the board fetched the spoken call');
        const voice = voices[0];
        assert.equal(voice.status(), 200, `voice.wav answered ${voice.status()}`);
        assert.match(voice.headers()['content-type'] ?? '', /^audio\/(wav|x-wav|wave)/);
        const wav = await voice.body();
        assert.equal(wav.subarray(0, 4).toString('latin1'), 'RIFF');
        assert.ok(wav.length > 44 + 22050, 'the spoken call lasts more than half a second');
        await screenshot(board, 'board-called', shots);

        // 5. The citizen's phone, from the QR link: "Giliran Anda", go to Loket 3.
        const status = await openPage(phone, errors, 'status');
        await status.goto(url(statusPath));
        await status.locator('#number', { hasText: number }).waitFor(kTimeout);
        await status.locator('#turn-title', { hasText: 'Giliran Anda' }).waitFor(kTimeout);
        assert.match(await status.locator('#turn-where').textContent(), /Loket 3/);
        await screenshot(status, 'status-your-turn', shots);

        // The officer starts serving: the phone follows, live.
        await officer.click('#start');
        await status.locator('#turn-title', { hasText: 'Sedang dilayani' }).waitFor(kTimeout);

        assert.deepEqual(errors, [], 'no page threw');
    } finally {
        await Promise.allSettled([screens.close(), phone.close()]);
    }
}
