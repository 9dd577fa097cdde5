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

/// A phone (390 × 844, touch) with spies: window.__vibrations (patterns), window.__notifications
/// ({via: 'worker' | 'page', title, body, tag, renotify, requireInteraction, vibrate, url}: what
/// ServiceWorkerRegistration.showNotification or `new Notification` was asked to show; headless Chromium has
/// no motor and shows no notification), window.__permissionAsked (count). `notifications` is the citizen's
/// answer to the permission question ('granted' | 'denied'); like a real browser's, it outlives a reload.
/// window.__hidden = true makes the page hidden (document.visibilityState), as a phone in a pocket: then
/// navigator.vibrate does nothing and answers false, as in Chromium. window.__eventSources are the page's
/// EventSources; window.__dropEvents() breaks their connections.
async function newPhone(browser, { notifications = 'granted' } = {}) {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.addInitScript((answer) => {
        window.__vibrations = [];
        window.__notifications = [];
        window.__permissionAsked = 0;
        window.__hidden = false;
        Object.defineProperty(Document.prototype, 'visibilityState', {
            configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible'),
        });
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
        Object.defineProperty(Navigator.prototype, 'vibrate', {
            configurable: true,
            value(pattern) {
                if (window.__hidden) return false;
                window.__vibrations.push(Array.isArray(pattern) ? [...pattern] : [pattern]);
                return true;
            },
        });
        const kPermission = 'test.notification-permission';
        class FakeNotification {
            constructor(title, options = {}) { window.__notifications.push({ via: 'page', title, body: options.body, tag: options.tag }); }
            close() {}
            static get permission() { return sessionStorage.getItem(kPermission) || 'default'; }
            static requestPermission() {
                window.__permissionAsked += 1;
                sessionStorage.setItem(kPermission, answer);
                return Promise.resolve(answer);
            }
        }
        window.Notification = FakeNotification;
        if (window.ServiceWorkerRegistration) {
            ServiceWorkerRegistration.prototype.showNotification = function showNotification(title, options = {}) {
                window.__notifications.push({
                    via: 'worker', title, body: options.body, tag: options.tag, renotify: options.renotify,
                    requireInteraction: options.requireInteraction, vibrate: options.vibrate, url: options.data?.url,
                });
                return Promise.resolve();
            };
        }
        const NativeEventSource = window.EventSource;
        window.__eventSources = [];
        window.EventSource = class extends NativeEventSource {
            constructor(...args) {
                super(...args);
                window.__eventSources.push(this);
            }
        };
        // The connection dies (Chromium's offline emulation keeps an open stream alive): as EventSource does
        // when its stream fails for good, it closes and says "error"; live.js opens a new one.
        window.__dropEvents = () => {
            for (const source of window.__eventSources) {
                if (source.readyState === NativeEventSource.CLOSED) continue;
                source.close();
                source.dispatchEvent(new Event('error'));
            }
        };
    }, notifications);
    return phone;
}

const spies = (page) => page.evaluate(() => ({
    vibrations: window.__vibrations, notifications: window.__notifications, asked: window.__permissionAsked,
    alerted: document.body.dataset.alerted ?? null, log: document.body.dataset.alertLog ?? '',
}));
const count = (patterns, wanted) => patterns.filter((p) => JSON.stringify(p) === JSON.stringify(wanted)).length;
const statusPath = (ticket) => `/t/${kHall}/${encodeURIComponent(ticket.id)}`;
const kEvents = '**/api/v1/halls/*/events';

/// Runs `action`, then waits until the page has shown a new answer for its ticket (body[data-reads] grew):
/// whatever that answer makes due is alerted by then, so "no alert" can be checked without sleeping.
async function afterReread(page, action) {
    const before = await page.evaluate(() => Number(document.body.dataset.reads || 0));
    await action();
    await page.waitForFunction((n) => Number(document.body.dataset.reads || 0) > n, before, kTimeout);
}

/// Cuts the phone off the hall's events: new connections are refused and the open one drops (the phone
/// goes offline for a moment). Returns once the page has re-read its ticket after coming back online, so
/// that from then on only a wake-up (visibilitychange, online, pageshow) can tell it about a call.
async function cutEvents(phone, page) {
    await goOffline(phone, page);
    await afterReread(page, () => phone.setOffline(false));
    await page.locator('#connection[data-state="reconnecting"]').waitFor(kTimeout);
}

/// The phone loses the network, and with it its events; they stay cut (refused) until restoreEvents.
async function goOffline(phone, page) {
    await page.route(kEvents, (route) => route.abort());
    await phone.setOffline(true);
    await page.evaluate(() => window.__dropEvents());
    await page.waitForFunction(() => navigator.onLine === false &&
        window.__eventSources.every((source) => source.readyState !== EventSource.OPEN), null, kTimeout);
}

/// Lets the events through again and waits for the page to be live.
async function restoreEvents(page) {
    await page.unroute(kEvents);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 30_000 });
}

/// Calls and serves tickets at the counter until the next call would be `ticket`; fails if it gets past it.
async function serveUntilNext(officer, ticket, counter = kCounter) {
    for (;;) {
        const mine = await officer.get(`/tickets/${encodeURIComponent(ticket.id)}`);
        assert.equal(mine.status, 'waiting', `${ticket.number} is still waiting`);
        if (mine.position === 1) return;
        const called = await officer.callNext(counter);
        assert.ok(called && called.id !== ticket.id, 'a ticket before it is called');
        await officer.finish(called.id);
    }
}

/// Loket 3 open for KTP with nobody at it and nobody waiting for it (earlier tests may have left some).
async function freshCounter(officer) {
    const hall = await officer.get('/queue');
    const counter = hall.counters.find((c) => c.id === kCounter);
    if (counter?.status !== 'open') await officer.openCounter(kCounter, ['KTP']);
    if (counter?.ticket) await officer.finish(counter.ticket.id);
    for (let called = await officer.callNext(kCounter); called; called = await officer.callNext(kCounter)) {
        await officer.finish(called.id);
    }
}

/// Another demo officer (every one has an account, password layan-demo): { post } under the hall.
async function signIn(browser, baseUrl, username) {
    const context = await browser.newContext({ baseURL: baseUrl });
    const answer = await context.request.post('/api/v1/session', { data: { username, password: 'layan-demo' } });
    assert.equal(answer.status(), 200, `sign-in of ${username} answered ${answer.status()}`);
    const { csrf_token: csrf } = await answer.json();
    return {
        async post(path, body = {}) {
            const response = await context.request.post(`/api/v1/halls/${kHall}${path}`,
                                                        { data: body, headers: { 'X-CSRF-Token': csrf } });
            const text = await response.text();
            assert.ok(response.ok(), `POST ${path} as ${username} answered ${response.status()}: ${text}`);
            return text ? JSON.parse(text) : null;
        },
        close: () => context.close(),
    };
}

/// The phone's page, alerts turned on with the tap; waits for the service worker to control the page.
async function openWithAlerts(phone, url, ticket) {
    const status = await phone.newPage();
    await status.goto(url(statusPath(ticket)));
    await status.locator('#number', { hasText: ticket.number }).waitFor(kTimeout);
    await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
    await status.locator('#alerts-enable').tap();
    await status.locator('body[data-alerts="on"]').waitFor(kTimeout);
    return status;
}

browserSuite('phone alert', (it) => {
    it('one tap turns alerts on; two ahead and called alert once each, also after being offline', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        const phone = await newPhone(browser);
        try {
            // The service worker the page registers is served at the root, as a script.
            const worker = await page.request.get(url('/sw.js'));
            assert.equal(worker.status(), 200, 'GET /sw.js');
            assert.match(worker.headers()['content-type'] ?? '', /javascript/);
            assert.match(await worker.text(), /notificationclick/);

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
            assert.equal(await status.evaluate(() => navigator.serviceWorker.controller), null,
                         'no service worker before alerts are turned on');
            await atWidths(status, kWidths, async (w) => {
                await expectNoHorizontalOverflow(status, `the status page (waiting) at ${w} px`);
                await expectAccessible(status, `the status page (waiting) at ${w} px`);
            });
            await status.setViewportSize({ width: 390, height: 844 });
            await screenshot(status, 'waiting', 'phone-alert');

            // The tap: sound, a short buzz, the question for notifications, the service worker, the visible line.
            await enable.tap();
            await status.locator('#alerts-on', { hasText: 'Pemberitahuan aktif' }).waitFor(kTimeout);
            await status.locator('body[data-alerts="on"]').waitFor(kTimeout);
            assert.equal(await enable.isVisible(), false, 'the button goes once alerts are on');
            let seen = await spies(status);
            assert.equal(seen.asked, 1, 'notifications were asked for once, inside the tap');
            assert.ok(seen.vibrations.length >= 1, 'the tap vibrates briefly (unlocks vibration)');
            assert.equal(seen.alerted, null, 'no alert yet at position 4');
            await status.locator('#alerts-on', { hasText: 'suara dan getar dan notifikasi' }).waitFor(kTimeout);
            // The service worker at /sw.js controls the page (clients.claim) and is the way notifications go.
            await status.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js'), null, kTimeout);
            assert.equal(await status.evaluate(async () => (await navigator.serviceWorker.ready).scope), url('/'));
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
            assert.deepEqual(seen.notifications, [{
                via: 'worker', title: 'Bersiaplah: tinggal 2 orang sebelum Anda', body: `Nomor antrian ${ticket.number}`,
                tag: `layan-${ticket.id}`, renotify: true, requireInteraction: true, vibrate: kVibrateTwoAhead,
                url: url(statusPath(ticket)),
            }], 'the notification goes through the service worker, vibrating, and opens this page');
            await atWidths(status, kWidths, async (w) => {
                await expectNoHorizontalOverflow(status, `the status page (two ahead) at ${w} px`);
                await expectAccessible(status, `the status page (two ahead) at ${w} px`);
            });
            await status.setViewportSize({ width: 390, height: 844 });
            await screenshot(status, 'two-ahead', 'phone-alert');

            // The next one: one person left; the "two ahead" alert is not repeated (the page alerts on the
            // answer that it shows, so once it shows "1 person" it is too late for a second alert).
            await officer.finish(called.id);
            called = await officer.callNext(kCounter);
            assert.equal(called.id, before[1].id);
            await status.locator('#turn-where', { hasText: 'Tinggal 1 orang' }).waitFor(kTimeout);
            seen = await spies(status);
            assert.equal(seen.log, 'two_ahead', 'still one alert');
            assert.equal(count(seen.vibrations, kVibrateTwoAhead), 1);
            assert.equal(seen.notifications.length, 1);
            await officer.finish(called.id);
            await serveUntilNext(officer, ticket);

            // The phone loses the network; meanwhile the ticket is called. Its events stay cut until after
            // the alert, so only the re-read when the network comes back can tell it.
            await goOffline(phone, status);
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
            assert.equal(await status.locator('#connection').getAttribute('data-state'), 'reconnecting',
                         'the events were still cut: the "online" re-read found the call');
            await restoreEvents(status);
            // Waking up again (the screen turns on) must not repeat it.
            await afterReread(status, () => status.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))));
            await afterReread(status, () => status.evaluate(() => window.dispatchEvent(new Event('online'))));
            seen = await spies(status);
            assert.equal(seen.log, 'two_ahead called', 'each alert once, in order');
            assert.equal(count(seen.vibrations, kVibrateCalled), 1, `one call vibration: ${JSON.stringify(seen.vibrations)}`);
            assert.deepEqual(seen.notifications.filter((n) => n.title.startsWith('Giliran Anda')).map((n) => [n.via, n.title, n.vibrate]),
                             [['worker', 'Giliran Anda: menuju Loket 3', kVibrateCalled]]);
            assert.equal(await status.locator('#alert').isVisible(), false, 'no error is left once back online');
            await atWidths(status, kWidths, async (w) => {
                await expectNoHorizontalOverflow(status, `the status page (called) at ${w} px`);
                await expectAccessible(status, `the status page (called) at ${w} px`);
            });
            await status.setViewportSize({ width: 390, height: 844 });
            await screenshot(status, 'called', 'phone-alert');

            // A reload remembers it: no second alert, and it says alerts are on (notifications still work).
            await status.reload();
            await status.locator('#turn-title', { hasText: 'Giliran Anda' }).waitFor(kTimeout);
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            await status.locator('#alerts-on', { hasText: 'Pemberitahuan aktif: notifikasi' }).waitFor(kTimeout);
            seen = await spies(status);
            assert.equal(seen.log, '', 'nothing alerted again after the reload');
            assert.equal(count(seen.vibrations, kVibrateCalled), 0);
            assert.deepEqual(seen.notifications, []);
            assert.equal(seen.alerted, 'called', 'the page remembers the call alert');
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
            await freshCounter(officer);
            const ticket = await officer.issue('KTP');
            const status = await phone.newPage();
            await status.goto(url(statusPath(ticket) + '?lang=en'));
            await status.locator('#number', { hasText: ticket.number }).waitFor(kTimeout);
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            assert.equal((await status.locator('#alerts-enable').textContent()).trim(), 'Turn on alerts');
            await status.locator('#alerts-enable').tap();
            await status.locator('#alerts-on', { hasText: 'Alerts on: sound and vibration and notifications' }).waitFor(kTimeout);
            await serveUntilNext(officer, ticket);

            // The phone goes to sleep without its events (a sleeping phone's connection dies): hidden, then
            // frozen, as a mobile browser does. It is called meanwhile, and nothing tells it.
            await cutEvents(phone, status);
            await status.evaluate(() => { window.__hidden = true; document.dispatchEvent(new Event('visibilitychange')); });
            const cdp = await phone.newCDPSession(status);
            await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
            const called = await officer.callNext(kCounter);
            assert.equal(called.id, ticket.id);
            await new Promise((resolve) => setTimeout(resolve, 1500));
            await cdp.send('Page.setWebLifecycleState', { state: 'active' });
            let seen = await spies(status);
            assert.equal(seen.log, '', 'asleep, the phone did not know');
            // The screen turns on: the page re-reads its ticket and alerts, once.
            await status.evaluate(() => { window.__hidden = false; document.dispatchEvent(new Event('visibilitychange')); });
            await status.locator('body[data-alerted="called"]').waitFor(kTimeout);
            await status.locator('#turn-title', { hasText: 'Your turn' }).waitFor(kTimeout);
            assert.equal(await status.locator('#connection').getAttribute('data-state'), 'reconnecting',
                         'the events were still cut: the wake-up re-read found the call');
            await restoreEvents(status);
            await afterReread(status, () => status.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))));
            seen = await spies(status);
            assert.equal(seen.log, 'called', 'one alert');
            assert.equal(count(seen.vibrations, kVibrateCalled), 1);
            assert.deepEqual(seen.notifications.map((n) => [n.via, n.title]), [['worker', 'Your turn: go to Loket 3']]);
            await expectAccessible(status, 'the status page in English (called)');
        } finally {
            await Promise.allSettled([phone.close(), officer.close()]);
        }
    });

    it('a transferred ticket alerts again for its new service: two ahead, then its call', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        const dewi = await signIn(browser, baseUrl, 'dewi.lestari');  // KK is among her skills
        const phone = await newPhone(browser);
        try {
            await freshCounter(officer);
            // Two citizens wait for KK; ours comes later for KTP, with three before it.
            const kk = [await officer.issue('KK'), await officer.issue('KK')];
            for (let i = 0; i < 3; ++i) await officer.issue('KTP');
            const ticket = await officer.issue('KTP');
            assert.equal(ticket.position, 4, 'three people wait before the citizen');
            const status = await openWithAlerts(phone, url, ticket);
            await status.locator('#alerts-on', { hasText: 'notifikasi' }).waitFor(kTimeout);

            // First service: two ahead, then the call to Loket 3.
            let called = await officer.callNext(kCounter);
            await status.locator('body[data-alert-log="two_ahead"]').waitFor(kTimeout);
            await officer.finish(called.id);
            await serveUntilNext(officer, ticket);
            called = await officer.callNext(kCounter);
            assert.equal(called.id, ticket.id);
            await status.locator('body[data-alert-log="two_ahead called"]').waitFor(kTimeout);

            // The officer sends it to KK (the server allows it while called or served): it waits again, behind
            // the two KK citizens who came before it — two ahead, for the second time.
            const moved = await officer.post(`/tickets/${encodeURIComponent(ticket.id)}/transfer`, { service: 'KK' });
            assert.equal(moved.status, 'waiting');
            assert.deepEqual(moved.transferred_from, ['KTP']);
            assert.equal(moved.calls, 0, 'the server counts the calls again for the new service');
            assert.equal(moved.position, 3);
            await status.locator('body[data-alert-log="two_ahead called two_ahead"]').waitFor(kTimeout);

            // Loket 4 opens for KK and calls the two, then ours: its call alerts again.
            await dewi.post('/counters/L04/open', { officer: 'dewi.lestari', services: ['KK'] });
            for (const before of kk) {
                called = await dewi.post('/counters/L04/call-next');
                assert.equal(called.id, before.id);
                await dewi.post(`/tickets/${encodeURIComponent(called.id)}/start`);
                await dewi.post(`/tickets/${encodeURIComponent(called.id)}/finish`);
            }
            await status.locator('#turn-where', { hasText: 'Anda berikutnya' }).waitFor(kTimeout);
            called = await dewi.post('/counters/L04/call-next');
            assert.equal(called.id, ticket.id);
            await status.locator('body[data-alert-log="two_ahead called two_ahead called"]').waitFor(kTimeout);
            await status.locator('#turn-where', { hasText: 'Loket 4' }).waitFor(kTimeout);
            const seen = await spies(status);
            assert.equal(count(seen.vibrations, kVibrateCalled), 2, `two call vibrations: ${JSON.stringify(seen.vibrations)}`);
            assert.equal(count(seen.vibrations, kVibrateTwoAhead), 2);
            assert.deepEqual(seen.notifications.map((n) => n.title), [
                'Bersiaplah: tinggal 2 orang sebelum Anda', 'Giliran Anda: menuju Loket 3',
                'Bersiaplah: tinggal 2 orang sebelum Anda', 'Giliran Anda: menuju Loket 4',
            ]);
            await dewi.post('/counters/L04/close').catch(() => {});

            // A tap on the notification focuses this page (the service worker's notificationclick), or opens
            // the ticket's page when it is not open. Headless Chromium shows no notification: the event is
            // dispatched in the worker, with focus and openWindow recorded.
            const sw = phone.serviceWorkers().find((w) => w.url().endsWith('/sw.js'));
            assert.ok(sw, 'the service worker runs');
            const clicks = await sw.evaluate(async ([open, other]) => {
                const done = [];
                WindowClient.prototype.focus = function focus() { done.push(['focus', this.url]); return Promise.resolve(this); };
                self.clients.openWindow = (href) => { done.push(['open', href]); return Promise.resolve(null); };
                for (const href of [open, other]) {
                    const waits = [];
                    const event = new Event('notificationclick');
                    event.notification = { data: { url: href }, close() { done.push(['close']); } };
                    event.waitUntil = (promise) => waits.push(promise);
                    self.dispatchEvent(event);
                    await Promise.all(waits);
                }
                return done;
            }, [url(statusPath(ticket)), url(statusPath(kk[0]))]);
            assert.deepEqual(clicks, [['close'], ['focus', url(statusPath(ticket))], ['close'], ['open', url(statusPath(kk[0]))]]);
        } finally {
            await Promise.allSettled([phone.close(), officer.close(), dewi.close()]);
        }
    });

    it('after a reload a call waits for a tap when nothing else can reach the citizen, then alerts once', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        const phone = await newPhone(browser, { notifications: 'denied' });
        try {
            await freshCounter(officer);
            const ticket = await officer.issue('KTP');
            const status = await openWithAlerts(phone, url, ticket);
            // Notifications were refused: the line says only what works.
            await status.locator('#alerts-on', { hasText: 'Pemberitahuan aktif: suara dan getar' }).waitFor(kTimeout);
            assert.doesNotMatch(await status.locator('#alerts-on').textContent(), /notifikasi/);

            // A reload: alerts are still on, but sound and vibration need a new tap.
            await status.reload();
            await status.locator('#connection[data-state="live"]').waitFor(kTimeout);
            const again = status.locator('#alerts-enable');
            await again.waitFor(kTimeout);
            assert.equal((await again.textContent()).trim(), 'Ketuk untuk menyalakan suara lagi');
            assert.equal((await status.locator('#alerts-on').textContent()).trim(), 'Pemberitahuan aktif');

            // The call comes before any tap: shown on the screen, but nothing reached the citizen yet.
            await serveUntilNext(officer, ticket);
            const called = await officer.callNext(kCounter);
            assert.equal(called.id, ticket.id);
            await status.locator('#turn-title', { hasText: 'Giliran Anda' }).waitFor(kTimeout);
            let seen = await spies(status);
            assert.equal(seen.log, '', 'no alert without sound, vibration or notification');
            assert.equal(count(seen.vibrations, kVibrateCalled), 0);
            assert.deepEqual(seen.notifications, []);

            // A tap anywhere on the page (not the button) brings the sound back and delivers the call, once.
            await status.locator('#number').tap();
            await status.locator('body[data-alerted="called"]').waitFor(kTimeout);
            await status.locator('#alerts-on', { hasText: 'suara dan getar' }).waitFor(kTimeout);
            assert.equal(await again.isVisible(), false);
            await status.locator('#turn-title').tap();
            await afterReread(status, () => status.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))));
            seen = await spies(status);
            assert.equal(seen.log, 'called', 'the waiting call alerted once');
            assert.equal(count(seen.vibrations, kVibrateCalled), 1, JSON.stringify(seen.vibrations));

            // Delivered is remembered: another reload and tap give nothing more.
            await status.reload();
            await status.locator('#turn-title', { hasText: 'Giliran Anda' }).waitFor(kTimeout);
            await status.locator('#number').tap();
            await afterReread(status, () => status.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))));
            seen = await spies(status);
            assert.equal(seen.log, '');
            assert.equal(count(seen.vibrations, kVibrateCalled), 0);
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
