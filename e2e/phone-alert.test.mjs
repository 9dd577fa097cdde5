// Alerts that reach a pocket: the citizen's phone (/t/{hall}/{ticket}, what the ticket's QR code opens) is
// turned on with one tap, then alerts once when two people are left before the citizen and once when the
// ticket is called — also when the phone was offline or asleep at the time of the call, and never again
// after a reload. Vibration and notifications are recorded by spies (headless Chromium has no motor).
// Tickets are issued and called through the JSON API by an officer signed in in a context of her own.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { kHall, officerApi } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow, kWidths } from './lib/checks.mjs';
import { screenshot } from './lib/walkin-pages.mjs';

// The demo hall is open on a Monday morning (the server's clock starts there, then runs normally).
const kMondayMorning = '2026-11-30T09:00:00+07:00';
const kTimeout = { timeout: 15_000 };
const kCounter = 'L03';  // Loket 3
const kVibrateTwoAhead = [200];
const kVibrateCalled = [500, 200, 500, 200, 800];

/// A phone (390 × 844, touch) whose navigator.vibrate and Notification are spies: window.__vibrations
/// (patterns), window.__notifications ({title, body}), window.__permissionAsked (count).
async function newPhone(browser) {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.addInitScript(() => {
        window.__vibrations = [];
        window.__notifications = [];
        window.__permissionAsked = 0;
        Object.defineProperty(Navigator.prototype, 'vibrate', {
            configurable: true,
            value(pattern) {
                window.__vibrations.push(Array.isArray(pattern) ? [...pattern] : [pattern]);
                return true;
            },
        });
        class FakeNotification {
            constructor(title, options = {}) { window.__notifications.push({ title, body: options.body }); }
            close() {}
            static requestPermission() {
                window.__permissionAsked += 1;
                FakeNotification.permission = 'granted';
                return Promise.resolve('granted');
            }
        }
        FakeNotification.permission = 'default';
        window.Notification = FakeNotification;
    });
    return phone;
}

const spies = (page) => page.evaluate(() => ({
    vibrations: window.__vibrations, notifications: window.__notifications, asked: window.__permissionAsked,
    alerted: document.body.dataset.alerted ?? null, log: document.body.dataset.alertLog ?? '',
}));
const count = (patterns, wanted) => patterns.filter((p) => JSON.stringify(p) === JSON.stringify(wanted)).length;
const statusPath = (ticket) => `/t/${kHall}/${encodeURIComponent(ticket.id)}`;

/// Calls and serves tickets at the counter until the next call would be `ticket`; fails if it gets past it.
async function serveUntilNext(officer, ticket) {
    for (;;) {
        const mine = await officer.get(`/tickets/${encodeURIComponent(ticket.id)}`);
        assert.equal(mine.status, 'waiting', `${ticket.number} is still waiting`);
        if (mine.position === 1) return;
        const called = await officer.callNext(kCounter);
        assert.ok(called && called.id !== ticket.id, 'a ticket before it is called');
        await officer.finish(called.id);
    }
}

browserSuite('phone alert', (it) => {
    it('one tap turns alerts on; two ahead and called alert once each, also after being offline', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        const phone = await newPhone(browser);
        try {
            await officer.openCounter(kCounter, ['KTP']);
            // Three citizens before ours: position 4.
            const before = [];
            for (let i = 0; i < 3; ++i) before.push(await officer.issue('KTP'));
            const ticket = await officer.issue('KTP');
            assert.equal(ticket.position, 4, 'three people wait before the citizen');

            const status = await phone.newPage();
            const errors = [];
            status.on('pageerror', (e) => errors.push(e));
            await status.goto(url(statusPath(ticket)));
            await status.locator('#number', { hasText: ticket.number }).waitFor(kTimeout);
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            const enable = status.locator('#alerts-enable');
            await enable.waitFor(kTimeout);
            assert.equal((await enable.textContent()).trim(), 'Aktifkan pemberitahuan');
            const box = await enable.boundingBox();
            assert.ok(box.height >= 48 && box.width >= 48, `the alerts button is a 48 px touch target (${box.width}×${box.height})`);
            assert.equal(await status.locator('#alerts-on').isVisible(), false, 'alerts are not on before the tap');
            await atWidths(status, kWidths, async (w) => {
                await expectNoHorizontalOverflow(status, `the status page (waiting) at ${w} px`);
                await expectAccessible(status, `the status page (waiting) at ${w} px`);
            });
            await status.setViewportSize({ width: 390, height: 844 });
            await screenshot(status, 'waiting', 'phone-alert');

            // The tap: sound, a short buzz, the question for notifications, and the visible line.
            await enable.tap();
            await status.locator('#alerts-on', { hasText: 'Pemberitahuan aktif' }).waitFor(kTimeout);
            await status.locator('body[data-alerts="on"]').waitFor(kTimeout);
            assert.equal(await enable.isVisible(), false, 'the button goes once alerts are on');
            let seen = await spies(status);
            assert.equal(seen.asked, 1, 'notifications were asked for once, inside the tap');
            assert.ok(seen.vibrations.length >= 1, 'the tap vibrates briefly (unlocks vibration)');
            assert.equal(seen.alerted, null, 'no alert yet at position 4');
            await status.locator('#alerts-on', { hasText: 'notifikasi' }).waitFor(kTimeout);
            await expectAccessible(status, 'the status page with alerts on');
            await screenshot(status, 'alerts-on', 'phone-alert');

            // The first is called: two people are left before the citizen → one soft alert.
            let called = await officer.callNext(kCounter);
            assert.equal(called.id, before[0].id);
            await status.locator('body[data-alerted="two_ahead"]').waitFor(kTimeout);
            await status.locator('#turn[data-kind="soon"] #turn-where', { hasText: 'Tinggal 2 orang' }).waitFor(kTimeout);
            seen = await spies(status);
            assert.equal(count(seen.vibrations, kVibrateTwoAhead), 1, `one soft buzz: ${JSON.stringify(seen.vibrations)}`);
            assert.equal(count(seen.vibrations, kVibrateCalled), 0, 'no call alert yet');
            assert.ok(seen.notifications.some((n) => /tinggal 2 orang/i.test(n.title)), JSON.stringify(seen.notifications));
            await atWidths(status, kWidths, async (w) => {
                await expectNoHorizontalOverflow(status, `the status page (two ahead) at ${w} px`);
                await expectAccessible(status, `the status page (two ahead) at ${w} px`);
            });
            await status.setViewportSize({ width: 390, height: 844 });
            await screenshot(status, 'two-ahead', 'phone-alert');

            // The next one: one person left; the "two ahead" alert is not repeated.
            await officer.finish(called.id);
            called = await officer.callNext(kCounter);
            assert.equal(called.id, before[1].id);
            await status.locator('#turn-where', { hasText: 'Tinggal 1 orang' }).waitFor(kTimeout);
            await status.waitForTimeout(800);
            seen = await spies(status);
            assert.equal(seen.log, 'two_ahead', 'still one alert');
            assert.equal(count(seen.vibrations, kVibrateTwoAhead), 1);
            await officer.finish(called.id);
            await serveUntilNext(officer, ticket);

            // The phone loses the network; meanwhile the ticket is called.
            await phone.setOffline(true);
            await status.waitForFunction(() => navigator.onLine === false, null, kTimeout);
            called = await officer.callNext(kCounter);
            assert.equal(called.id, ticket.id, 'our ticket is called');
            await status.waitForTimeout(1500);
            seen = await spies(status);
            assert.equal(seen.alerted, 'two_ahead', 'an offline phone cannot know yet');

            // Back online: the page re-reads the ticket and alerts, once.
            await phone.setOffline(false);
            await status.locator('body[data-alerted="called"]').waitFor(kTimeout);
            await status.locator('#turn-title', { hasText: 'Giliran Anda' }).waitFor(kTimeout);
            assert.match(await status.locator('#turn-where').textContent(), /Loket 3/);
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            // Waking up again (the screen turns on) must not repeat it.
            await status.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
            await status.evaluate(() => window.dispatchEvent(new Event('online')));
            await status.waitForTimeout(1200);
            seen = await spies(status);
            assert.equal(seen.log, 'two_ahead called', 'each alert once, in order');
            assert.equal(count(seen.vibrations, kVibrateCalled), 1, `one call vibration: ${JSON.stringify(seen.vibrations)}`);
            assert.deepEqual(seen.notifications.filter((n) => n.title.startsWith('Giliran Anda')).map((n) => n.title),
                             ['Giliran Anda: menuju Loket 3']);
            assert.equal(await status.locator('#alert').isVisible(), false, 'no error is left once back online');
            await atWidths(status, kWidths, async (w) => {
                await expectNoHorizontalOverflow(status, `the status page (called) at ${w} px`);
                await expectAccessible(status, `the status page (called) at ${w} px`);
            });
            await status.setViewportSize({ width: 390, height: 844 });
            await screenshot(status, 'called', 'phone-alert');

            // A reload remembers it: no second alert, and it says alerts are on.
            await status.reload();
            await status.locator('#turn-title', { hasText: 'Giliran Anda' }).waitFor(kTimeout);
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            await status.waitForTimeout(800);
            seen = await spies(status);
            assert.equal(seen.log, '', 'nothing alerted again after the reload');
            assert.equal(count(seen.vibrations, kVibrateCalled), 0);
            assert.equal(seen.alerted, 'called', 'the page remembers the call alert');
            await status.locator('#alerts-on', { hasText: 'Pemberitahuan aktif' }).waitFor(kTimeout);
            await expectAccessible(status, 'the status page (called, reloaded)');
            await screenshot(status, 'called-reloaded', 'phone-alert');
            assert.deepEqual(errors, [], 'the phone threw no error');
        } finally {
            await Promise.allSettled([phone.close(), officer.close()]);
        }
    });

    it('a phone that slept through its call alerts when it wakes up', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        const phone = await newPhone(browser);
        try {
            // Loket 3 may still be open from the first test; open it only if it is not.
            const hall = await officer.get('/queue');
            if (hall.counters.find((c) => c.id === kCounter)?.status !== 'open') await officer.openCounter(kCounter, ['KTP']);
            const busy = hall.counters.find((c) => c.id === kCounter)?.ticket;
            if (busy) await officer.finish(busy.id);
            const ticket = await officer.issue('KTP');
            const status = await phone.newPage();
            await status.goto(url(statusPath(ticket) + '?lang=en'));
            await status.locator('#number', { hasText: ticket.number }).waitFor(kTimeout);
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            assert.equal((await status.locator('#alerts-enable').textContent()).trim(), 'Turn on alerts');
            await status.locator('#alerts-enable').tap();
            await status.locator('#alerts-on', { hasText: 'Alerts on' }).waitFor(kTimeout);
            await serveUntilNext(officer, ticket);

            // The phone sleeps (the page is frozen, as a mobile browser does), is called, and wakes up.
            const cdp = await phone.newCDPSession(status);
            await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
            const called = await officer.callNext(kCounter);
            assert.equal(called.id, ticket.id);
            await new Promise((resolve) => setTimeout(resolve, 1500));
            await cdp.send('Page.setWebLifecycleState', { state: 'active' });
            await status.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
            await status.locator('body[data-alerted="called"]').waitFor(kTimeout);
            await status.locator('#turn-title', { hasText: 'Your turn' }).waitFor(kTimeout);
            await status.waitForTimeout(1000);
            const seen = await spies(status);
            assert.equal(seen.log, 'called', 'one alert');
            assert.equal(count(seen.vibrations, kVibrateCalled), 1);
            assert.deepEqual(seen.notifications.map((n) => n.title), ['Your turn: go to Loket 3']);
            await expectAccessible(status, 'the status page in English (called)');
        } finally {
            await Promise.allSettled([phone.close(), officer.close()]);
        }
    });

    it('an unknown ticket says so, in the citizen\'s language', async ({ page, url }) => {
        await page.goto(url(`/t/${kHall}/20261130-Z-999`));
        await page.locator('#alert', { hasText: 'Nomor antrian tidak ditemukan untuk hari ini' }).waitFor(kTimeout);
        assert.equal(await page.locator('#alerts').isVisible(), false, 'no alerts to turn on for a missing ticket');
        await atWidths(page, kWidths, async (w) => {
            await expectNoHorizontalOverflow(page, `the status page (not found) at ${w} px`);
            await expectAccessible(page, `the status page (not found) at ${w} px`);
        });
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
