// The work calendar as an admin shapes it in the browser: the page warns that next year's national holidays are
// missing, the admin closes a date for the hall with a reason and sees it closed (and a citizen's ticket refused
// through the API, as the kiosk would be), withdraws the decision, and imports next year's list, after which
// the warning is gone and the year's days are exact. Every state passes axe-core at WCAG 2.1 AA and does not
// scroll sideways at 320 px. Real server, real Chromium.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { signInThrough } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow } from './lib/checks.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const kPage = '/tenants/kota-mojokerto/kalender';
const kHall = 'mpp-mojokerto';
const kTimeout = { timeout: 15_000 };
// Monday 30 November 2026 in opening hours: after 1 October, so 2027's missing list is warned of.
const kMondayMorning = '2026-11-30T09:00:00+07:00';
// A national list of 2027 for the test (not the real decree: two days are enough to tell it is used).
const kTest2027 = {
    source: 'SKB uji 2027',
    years: [2027],
    days: [
        { date: '2027-01-01', kind: 'national_holiday', name: { id: 'Tahun Baru 2027 Masehi', en: "New Year's Day" } },
        { date: '2027-01-04', kind: 'cuti_bersama', name: { id: 'Cuti bersama uji', en: 'Test collective leave' } },
    ],
};

async function ready(page) {
    await page.locator('body[data-state="ready"], body[data-state="error"]').waitFor(kTimeout);
    assert.equal(await page.locator('body').getAttribute('data-state'), 'ready', await page.locator('#alert').textContent());
}

const row = (page, date) => page.locator(`#days-table tr[data-date="${date}"]`);

async function issueTicket(baseUrl) {
    const response = await fetch(`${baseUrl}/api/v1/halls/${kHall}/tickets`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ service: 'KTP' }),
    });
    return { status: response.status, body: await response.json() };
}

browserSuite('work calendar', (it) => {
    it('an admin closes a day for the hall, withdraws it, and imports next year', async ({ page, url, baseUrl }) => {
        await signInThrough(page, url, kPage, 'admin');
        await ready(page);
        // 30 November 2026 is after 1 October: 2027's list is missing and the page says so.
        await page.locator('#warnings [data-year="2027"]').waitFor(kTimeout);
        await expectAccessible(page, 'calendar with the missing-year warning');
        await atWidths(page, [320], () => expectNoHorizontalOverflow(page, 'calendar at 320 px'));

        // Close today for the hall.
        await page.selectOption('#scope', `hall:${kHall}`);
        await ready(page);
        const today = await page.inputValue('#date');
        assert.match(await row(page, today).locator('[data-col="state"]').textContent(), /Buka/);
        await page.fill('#reason', 'Banjir');
        await page.click('#decide-form button[type="submit"]');
        await page.locator(`#days-table tr.closed[data-date="${today}"]`).waitFor(kTimeout);
        assert.match(await row(page, today).locator('[data-col="state"]').textContent(), /Tutup: Banjir/);
        assert.match(await row(page, today).locator('[data-col="decision"]').textContent(), /Banjir/);
        await expectAccessible(page, 'calendar with a closed day');
        const refused = await issueTicket(baseUrl);
        assert.equal(refused.status, 409);
        assert.equal(refused.body.error.code, 'hall_closed');

        // Withdraw it: open again, and tickets are issued again.
        await row(page, today).locator('[data-clear]').click();
        await page.locator(`#days-table tr[data-date="${today}"]:not(.closed)`).waitFor(kTimeout);
        assert.equal((await issueTicket(baseUrl)).status, 201);

        // Import 2027: the warning goes and 4 January 2027 shows as cuti bersama, not provisional.
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layan-cal-')), 'id-2027.json');
        fs.writeFileSync(file, JSON.stringify(kTest2027));
        await page.setInputFiles('#file', file);
        await page.click('#import-form button[type="submit"]');
        await page.locator('#years li').first().waitFor(kTimeout);
        assert.match(await page.locator('#years').textContent(), /2027: 2/);
        assert.equal(await page.locator('#warnings .alert').count(), 0);
        await page.fill('#from', '2027-01-01');
        await page.click('#scope-form button[type="submit"]');
        await page.locator('#days-table tr.closed[data-date="2027-01-04"]').waitFor(kTimeout);
        const january = await row(page, '2027-01-04').locator('[data-col="state"]').textContent();
        assert.match(january, /Cuti bersama uji/);
        assert.doesNotMatch(january, /sementara/);
        await expectAccessible(page, 'calendar after the import');
    });

    it('is refused to an officer, who is told so', async ({ page, url }) => {
        await signInThrough(page, url, kPage, 'siti.rahmawati');
        await page.locator('body[data-state="error"]').waitFor(kTimeout);
        assert.match(await page.locator('#alert').textContent(), /admin/);
        await expectAccessible(page, 'calendar refused');
    });
}, { env: { LAYAN_CLOCK_START: kMondayMorning } });
