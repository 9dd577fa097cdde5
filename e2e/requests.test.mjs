// A service request from the citizen's phone to the hand-over, in the browser: the citizen finds the family card
// (KK) in the public catalog, reads its standard, is stopped by the page for a missing document and by the
// server for a file that is not what its name says, then submits with two PDFs and lands on the tracking page
// with the deadline. An officer of the civil registry finds it in the work list by deadline, returns it for
// completion; the citizen's page shows the clock paused and asks for the document; the citizen sends it; the
// officer verifies, starts, marks the product ready and hands it over; the citizen's page shows every step, the
// deadline and the stopped clock. Every citizen page passes axe-core (WCAG 2.1 AA) and fits 320 px. Real server
// (SQLite, and again on PostgreSQL), real Chromium.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserSuite } from './lib/harness.mjs';
import { signInThrough } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow } from './lib/checks.mjs';

const kTenant = 'kota-mojokerto';
const kTimeout = { timeout: 15_000 };
// Monday 30 November 2026, 08:00 WIB: KK takes 3 working days, so its deadline is the close of Thursday 3 December.
const kMondayMorning = '2026-11-30T08:00:00+07:00';

async function ready(page) {
    await page.locator('body[data-state="ready"], body[data-state="error"]').waitFor(kTimeout);
    assert.equal(await page.locator('body').getAttribute('data-state'), 'ready',
                 await page.locator('#alert').textContent());
}

/// Files for the upload fields: two small real PDFs, and a text file named like a PDF.
function files() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layan-rq-'));
    const pdf = (name, text) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
        return file;
    };
    const fake = path.join(dir, 'kk-palsu.pdf');
    fs.writeFileSync(fake, 'this is plain text, not a PDF\n');
    return { oldCard: pdf('kk-lama.pdf', 'kartu keluarga lama'), form: pdf('f101.pdf', 'formulir F-1.01'),
             newScan: pdf('kk-lama-jelas.pdf', 'scan yang lebih jelas'), fake };
}

const step = (page, type) => page.locator(`#timeline li[data-type="${type}"]`);

browserSuite('service requests', (it) => {
    it('a citizen submits a request that an officer returns, the citizen completes and the officer hands over',
       async ({ page, url }) => {
        const upload = files();

        // From the home page to the catalog, without signing in: the civil registry's family card.
        await page.goto(url('/'));
        await page.click(`#online-links a[href="/layanan/${kTenant}"]`);
        await page.waitForURL(url(`/layanan/${kTenant}`), kTimeout);
        await ready(page);
        await expectAccessible(page, 'the service catalog');
        await atWidths(page, [320], () => expectNoHorizontalOverflow(page, 'catalog at 320 px'));
        await page.click('a[data-service="KK"]');
        await page.waitForURL(url(`/layanan/${kTenant}/KK`), kTimeout);
        await ready(page);
        const standard = await page.locator('#standard').textContent();
        assert.match(standard, /3 hari kerja/);
        assert.match(standard, /Gratis/);
        await expectAccessible(page, 'the standard and the form');
        await atWidths(page, [320], () => expectNoHorizontalOverflow(page, 'form at 320 px'));

        // A required document missing: the page says which before sending anything.
        await page.fill('#nik', '3576010101900001');
        await page.setInputFiles('#file-KK_LAMA', upload.oldCard);
        await page.click('#submit');
        await page.locator('#alert .alert-error').waitFor(kTimeout);
        assert.match(await page.locator('#alert').textContent(), /F-1\.01|Formulir/i);
        // A text file named .pdf: the server judges it by its bytes and refuses it.
        await page.setInputFiles('#file-F101', upload.fake);
        await page.click('#submit');
        await page.waitForFunction(() => !document.querySelector('#submit').disabled, null, kTimeout);
        await page.locator('#alert .alert-error').waitFor(kTimeout);
        assert.match(await page.locator('#alert').textContent(), /jenis|PDF/i);
        assert.match(page.url(), /\/layanan\//);

        // Two real PDFs: the request goes and the citizen lands on its tracking page.
        await page.setInputFiles('#file-F101', upload.form);
        await page.click('#submit');
        await page.waitForURL(/\/lacak\/kota-mojokerto\/[0-9A-Z-]+\?baru=1$/, kTimeout);
        await ready(page);
        const code = (await page.locator('#tracking-code').textContent()).trim();
        assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
        assert.match(await page.locator('#fresh').textContent(), /Simpan kode/);
        assert.equal(await page.locator('#status').getAttribute('data-status'), 'submitted');
        assert.equal(await page.locator('#sla').getAttribute('data-sla'), 'on_track');
        const deadline = await page.locator('#deadline').getAttribute('data-at');
        // Three working days after Monday's submission: the close of Thursday 3 December.
        assert.equal(deadline, '2026-12-03T16:00:00.000+07:00');
        assert.match(await page.locator('#deadline').textContent(), /Kamis/);
        await expectAccessible(page, 'the tracking page of a new request');
        await atWidths(page, [320], () => expectNoHorizontalOverflow(page, 'tracking page at 320 px'));
        const trackUrl = url(`/lacak/${kTenant}/${code}`);

        // The officer: the work list by deadline, then the request's file; it goes back for the old card.
        const officerContext = await page.context().browser().newContext({ viewport: { width: 1280, height: 800 } });
        try {
            const desk = await officerContext.newPage();
            await signInThrough(desk, url, `/tenants/${kTenant}/permohonan`, 'siti.rahmawati');
            await ready(desk);
            const row = desk.locator(`#list tr[data-code="${code}"]`);
            await row.waitFor(kTimeout);
            assert.equal(await row.locator('.sla').getAttribute('data-sla'), 'on_track');
            await expectAccessible(desk, 'the work list');
            await row.locator('a').click();
            await desk.waitForURL(url(`/tenants/${kTenant}/permohonan/${code}`), kTimeout);
            await ready(desk);
            assert.equal(await desk.locator('#documents li').count(), 2);
            await desk.click('[data-step="return"]');
            await desk.fill('#reason', 'Scan KK lama buram, mohon unggah ulang yang jelas');
            await desk.check('#missing input[value="KK_LAMA"]');
            await desk.click('#reason-submit');
            await desk.locator('#status[data-status="returned"]').waitFor(kTimeout);
            await expectAccessible(desk, 'the request file');

            // The citizen sees it back, the clock paused, and sends the clearer scan.
            await page.goto(trackUrl);
            await ready(page);
            assert.equal(await page.locator('#status').getAttribute('data-status'), 'returned');
            assert.equal(await page.locator('#sla').getAttribute('data-sla'), 'paused');
            assert.match(await page.locator('#returned-reason').textContent(), /buram/);
            await expectAccessible(page, 'a request returned for completion');
            await page.setInputFiles('#complete-KK_LAMA', upload.newScan);
            await page.click('#complete-form button[type="submit"]');
            await page.locator('#status[data-status="submitted"]').waitFor(kTimeout);
            assert.equal(await page.locator('#sla').getAttribute('data-sla'), 'on_track');
            assert.equal(await page.locator('#complete').isHidden(), true);

            // The officer works it to the end.
            await desk.reload();
            await ready(desk);
            for (const [action, status] of [['verify', 'verified'], ['start', 'in_process'], ['ready', 'product_ready'],
                                            ['hand_over', 'handed_over']]) {
                await desk.click(`[data-step="${action}"]`);
                await desk.locator(`#status[data-status="${status}"]`).waitFor(kTimeout);
            }
            assert.equal(await desk.locator('#work').isHidden(), true);
        } finally {
            await officerContext.close();
        }

        // The citizen's page shows each step with its time, the deadline and the stopped clock.
        await page.goto(trackUrl);
        await ready(page);
        assert.equal(await page.locator('#status').getAttribute('data-status'), 'handed_over');
        assert.equal(await page.locator('#sla').getAttribute('data-sla'), 'stopped');
        assert.ok(await page.locator('#deadline').count() === 1, 'the deadline stays shown');
        for (const type of ['request_submitted', 'request_returned', 'request_resubmitted', 'request_verified',
                            'request_processing_started', 'request_product_ready', 'request_handed_over']) {
            assert.equal(await step(page, type).count(), 1, type);
            assert.match(await step(page, type).locator('.when').textContent(), /2026/, type);
        }
        assert.match(await step(page, 'request_returned').textContent(), /buram/);
        assert.equal(await page.locator('#talk').isHidden(), true);
        await expectAccessible(page, 'a request handed over');
    });

    it('a mistyped tracking code is caught, not answered with another request', async ({ page, url }) => {
        await page.goto(url(`/lacak/${kTenant}`));
        await ready(page);
        await page.fill('#code', '7Q4M-2KX9-AB3');
        await page.click('#lookup-form button[type="submit"]');
        await page.waitForURL(url(`/lacak/${kTenant}/7Q4M-2KX9-AB3`), kTimeout);
        await page.locator('body[data-state="error"]').waitFor(kTimeout);
        assert.match(await page.locator('#alert').textContent(), /salah ketik/);
        assert.equal(await page.locator('#lookup').isVisible(), true);
    });
    it('an admin publishes a new version of a standard and citizens read it at once', async ({ page, url }) => {
        // The page opens on the service its address names (and says it is ready once that one is loaded).
        await signInThrough(page, url, `/tenants/${kTenant}/standar?layanan=PINDAH`, 'admin');
        await ready(page);
        assert.equal(await page.inputValue('#service'), 'PINDAH');
        assert.equal(await page.locator('#versions tbody tr').count(), 1);
        assert.equal(await page.inputValue('#amount'), '1');
        await expectAccessible(page, 'the standards page');
        // The decree is required: the browser keeps the form until it is given.
        await page.fill('#decree-number', '400.12/077/417.304/2026');
        await page.fill('#decree-date', '2026-11-27');
        await page.fill('#amount', '2');
        await page.click('#publish-form button[type="submit"]');
        await page.locator('#versions tr[data-version="2"]').waitFor(kTimeout);
        assert.match(await page.locator('#alert').textContent(), /Versi 2/);
        assert.match(await page.locator('#versions tr[data-version="2"]').textContent(), /2 hari kerja/);

        await page.goto(url(`/layanan/${kTenant}/PINDAH`));
        await ready(page);
        assert.match(await page.locator('#standard').textContent(), /2 hari kerja/);
        assert.match(await page.locator('#decree').textContent(), /versi 2/);
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
