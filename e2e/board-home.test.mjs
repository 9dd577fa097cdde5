// The display board and the home page. Board: the waiting strip never cuts a service's name while there is
// room (long English names included), and its settings show and set the language, which a reload keeps.
// Home: "Cek nomor antrian" finds today's ticket from a loosely written number and opens its status page,
// says so clearly when there is no such ticket, and the staff sign-in link goes to /login.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { kHall, officerApi } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow, kWidths } from './lib/checks.mjs';
import { screenshot } from './lib/walkin-pages.mjs';

// The demo hall is open on a Monday morning (the server's clock starts there, then runs normally).
const kMondayMorning = '2026-11-30T09:00:00+07:00';
const kTimeout = { timeout: 15_000 };

/// Resizes the board and waits until it has fitted the names again (#waiting[data-fits] counts the fittings).
async function resizeBoard(page, width, height) {
    const size = page.viewportSize();
    if (size.width === width && size.height === height) return;  // no resize: the names stand as fitted
    const before = Number(await page.locator('#waiting').getAttribute('data-fits') ?? 0);
    await page.setViewportSize({ width, height });
    await page.waitForFunction((n) => Number(document.getElementById('waiting').dataset.fits ?? 0) > n, before, kTimeout);
}

/// Every name in the board's waiting strip, with whether it is cut: wider or taller than its box, clipped by an
/// ellipsis, or outside the screen (the board does not scroll on a TV).
const waitingNames = (page) => page.$$eval('#waiting li[data-service] .name', (names) => names.map((el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
        service: el.closest('li').dataset.service,
        text: el.textContent,
        cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1
            || (style.textOverflow === 'ellipsis' && style.overflow !== 'visible')
            || box.bottom > window.innerHeight + 1 || box.right > window.innerWidth + 1,
        lines: Math.round(box.height / parseFloat(style.lineHeight)),
    };
}));

async function expectNamesWhole(page, services, language, state) {
    const names = await waitingNames(page);
    assert.ok(names.length >= services.length, `${state}: every service with people waiting is listed (${names.length})`);
    for (const name of names) {
        const service = services.find((s) => s.code === name.service);
        assert.equal(name.text, service.name[language], `${state}: ${name.service} shows its whole ${language} name`);
        assert.equal(name.cut, false, `${state}: the name of ${name.service} ("${name.text}") is cut`);
    }
    return names;
}

browserSuite('board and home', (it) => {
    it('the board never cuts service names, and its settings show and keep the language', async ({ page, url, baseUrl }) => {
        const officer = await officerApi(page.context().browser(), baseUrl);
        try {
            // Someone waits for every service: the strip lists them all, the longest names included.
            const { services } = await officer.get('');
            for (const service of services) await officer.issue(service.code);
            await officer.openCounter('L03', ['KTP']);
        } finally {
            await officer.close();
        }
        const { services } = await (await page.request.get(url('/api/v1/halls/mpp-mojokerto'))).json();

        await page.emulateMedia({ reducedMotion: 'reduce' });
        await page.setViewportSize({ width: 1920, height: 1080 });
        await page.goto(url('/halls/mpp-mojokerto/board?lang=en'));
        await page.locator('#connection[data-state="live"]').waitFor(kTimeout);
        await page.locator('#waiting li[data-service="DTKS"]').waitFor(kTimeout);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
        assert.equal((await page.locator('.waiting-title').textContent()).trim(), 'Waiting');
        assert.equal((await page.locator('#settings-lang-code').textContent()).trim(), 'EN', 'the board shows its language');

        // Long English names are whole at TV sizes (1080p and a 1366 × 768 set), wrapped rather than cut.
        for (const [width, height] of [[1920, 1080], [1366, 768]]) {
            await resizeBoard(page, width, height);
            const names = await expectNamesWhole(page, services, 'en', `the English board at ${width}×${height}`);
            assert.ok(names.some((n) => n.lines >= 2), 'a long name wraps onto a second line instead of being cut');
            await screenshot(page, `board-en-${width}`, 'board-home');
        }
        await page.setViewportSize({ width: 1920, height: 1080 });
        await expectAccessible(page, 'the English board');

        // The settings: the current language, and a choice of the other.
        await page.click('#settings');
        const panel = page.locator('#settings-panel');
        await panel.waitFor({ state: 'visible', ...kTimeout });
        assert.equal((await page.locator('#settings-lang-current').textContent()).trim(), 'English');
        assert.equal(await page.locator('[data-set-lang="en"]').getAttribute('aria-pressed'), 'true');
        assert.equal(await page.locator('[data-set-lang="id"]').getAttribute('aria-pressed'), 'false');
        await expectAccessible(page, 'the board settings (English)');
        await screenshot(page, 'board-settings', 'board-home');
        await page.click('[data-set-lang="id"]');
        await page.locator('#settings-lang-current', { hasText: 'Bahasa Indonesia' }).waitFor(kTimeout);
        assert.equal(await page.locator('[data-set-lang="id"]').getAttribute('aria-pressed'), 'true');
        assert.equal((await page.locator('.waiting-title').textContent()).trim(), 'Menunggu');
        assert.equal(new URL(page.url()).searchParams.get('lang'), 'id', 'the address keeps the choice for reloads');
        await page.click('#settings-close');
        await panel.waitFor({ state: 'hidden', ...kTimeout });

        // A reload (as a TV's browser does now and then) keeps Indonesian, though the board was opened in English.
        await page.reload();
        await page.locator('#connection[data-state="live"]').waitFor(kTimeout);
        await page.locator('#waiting li[data-service="DTKS"]').waitFor(kTimeout);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
        assert.equal((await page.locator('#settings-lang-code').textContent()).trim(), 'ID');
        await page.locator('#waiting[data-fits]').waitFor({ state: 'attached', ...kTimeout });  // fitted once rendered
        await expectNamesWhole(page, services, 'id', 'the Indonesian board after a reload');

        // The sound control still works, and the settings say so.
        await page.click('#sound');
        await page.locator('#sound[aria-pressed="true"]').waitFor(kTimeout);
        await page.click('#settings');
        await page.locator('#settings-sound-state', { hasText: 'Suara aktif' }).waitFor(kTimeout);
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'hidden', ...kTimeout });

        for (const w of kWidths) {
            await resizeBoard(page, w, 1080);
            await expectNoHorizontalOverflow(page, `the board at ${w} px`);
            await expectAccessible(page, `the board at ${w} px`);
        }
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, 'board-390', 'board-home');
    });

    it('check my ticket finds today\'s ticket and says when there is none; staff sign in from home', async ({ page, url, baseUrl }) => {
        const officer = await officerApi(page.context().browser(), baseUrl);
        let ticket;
        try {
            ticket = await officer.issue('KK');
        } finally {
            await officer.close();
        }
        const [letter, digits] = ticket.number.split('-');

        // No colour transitions half-way when axe looks (the button fades back from disabled).
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await page.goto(url('/'));
        await page.locator('article.hall[data-hall="mpp-mojokerto"]').waitFor(kTimeout);
        // The only hall is chosen already.
        assert.equal(await page.locator('#check-hall').inputValue(), 'mpp-mojokerto');
        assert.match(await page.locator('.qr-hint').textContent(), /kode QR/);
        const staff = page.locator('#staff-link');
        assert.equal((await staff.textContent()).trim(), 'Masuk petugas');
        assert.equal(await staff.getAttribute('href'), '/login');
        await atWidths(page, kWidths, async (w) => {
            await expectNoHorizontalOverflow(page, `home at ${w} px`);
            await expectAccessible(page, `home at ${w} px`);
        });
        await page.setViewportSize({ width: 390, height: 844 });

        // The number written loosely is normalised (the prefix's one to three letters, a dash, three digits).
        const normalized = await page.evaluate(async () => {
            const { normalizeNumber } = await import('/assets/home.js');
            return ['a12', 'A 12', 'a-012', ' A-012 ', 'A12x', '12', 'AB-1', 'abcd-1'].map(normalizeNumber);
        });
        assert.deepEqual(normalized, ['A-012', 'A-012', 'A-012', 'A-012', null, null, 'AB-001', null]);

        // A wrong number: a clear sentence, and the page stays.
        await page.fill('#check-number', 'z 999');
        await page.click('#check-submit');
        await page.locator('#check-alert', { hasText: 'Nomor antrian tidak ditemukan untuk hari ini' }).waitFor(kTimeout);
        assert.equal(await page.locator('#check-number').inputValue(), 'Z-999');
        assert.equal(await page.locator('#check-number').getAttribute('aria-invalid'), 'true');
        await expectAccessible(page, 'home with a ticket not found');
        await expectNoHorizontalOverflow(page, 'home with a ticket not found');
        await screenshot(page, 'home-not-found', 'board-home');
        // Not a number at all.
        await page.fill('#check-number', 'halo');
        await page.click('#check-submit');
        await page.locator('#check-alert', { hasText: 'huruf lalu angka' }).waitFor(kTimeout);
        // In English.
        await page.click('[data-lang-switch]');
        await page.locator('#check-title', { hasText: 'Check my ticket' }).waitFor(kTimeout);
        assert.equal((await staff.textContent()).trim(), 'Staff sign-in');
        await page.fill('#check-number', 'Z-998');
        await page.click('#check-submit');
        await page.locator('#check-alert', { hasText: 'No such ticket today' }).waitFor(kTimeout);
        await page.click('[data-lang-switch]');

        // The real ticket, written as "k 7" for "K-007": its status page opens.
        await page.fill('#check-number', `${letter.toLowerCase()} ${Number(digits)}`);
        await page.click('#check-submit');
        await page.waitForURL(url(`/t/mpp-mojokerto/${ticket.id}`), kTimeout);
        await page.locator('#number', { hasText: ticket.number }).waitFor(kTimeout);

        // Staff sign in from home.
        await page.goto(url('/'));
        await page.click('#staff-link');
        await page.waitForURL(url('/login'), kTimeout);
        await page.locator('#username').waitFor(kTimeout);
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
