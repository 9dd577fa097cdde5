// The satisfaction survey (SKM → IKM, issue #13) as a citizen meets it: the ticket's QR code carries its survey key,
// the status page offers the survey once the ticket is served, the survey page on a phone takes the nine answers,
// the officer's conduct, a comment and the consent (and keeps them through a refused and a failed submit), thanks
// the citizen, says "already answered" after a reload — and the public figures count the response with the index
// the regulation's formula gives. A wrong key is one clear sentence; the counter's tablet shows the same form to
// the citizen just served. Every state passes axe-core (WCAG 2.1 AA) in both languages without sideways scrolling
// from 320 px. Tickets are issued anonymously and served by an officer through the JSON API. Real server, Chromium.
import assert from 'node:assert/strict';
import { browserSuite } from './lib/harness.mjs';
import { kHall, kioskDeviceToken, officerApi } from './lib/officer.mjs';
import { atWidths, expectAccessible, expectNoHorizontalOverflow, kWidths } from './lib/checks.mjs';
import { screenshot } from './lib/walkin-pages.mjs';

// The demo hall is open on a Monday morning (the server's clock starts there, then runs normally).
const kMondayMorning = '2026-11-30T09:00:00+07:00';
const kTenant = 'kota-mojokerto';
const kCounter = 'L03';  // Loket 3
const kOfficerName = 'Siti Rahmawati';
const kTimeout = { timeout: 15_000 };
const kPhone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
// One respondent's answers to U1..U9 (1 = poor … 4 = very good).
const kAnswers = { U1: 4, U2: 3, U3: 4, U4: 4, U5: 3, U6: 4, U7: 4, U8: 2, U9: 3 };
const kComment = 'Petugas ramah dan cepat.';

/// The converted index (IKM × 25) of responses as PermenPANRB 14/2017 computes it: per element the mean answer
/// (NRR), weighted 1/9 each, times 25, rounded half up to two decimals. Exact, in integers: "86.11".
function convertedIkm(responses) {
    const codes = Object.keys(responses[0]);
    // Σ_e (sum_e / n_e) / 9 × 25 × 100 = Σ_e sum_e × 2500 / (9 n) when every element has n answers.
    const n = responses.length;
    const sum = responses.reduce((total, r) => total + codes.reduce((s, c) => s + r[c], 0), 0);
    const numerator = sum * 2500;
    const denominator = codes.length * n;
    const hundredths = Math.floor((2 * numerator + denominator) / (2 * denominator));  // half up
    return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

async function postJson(baseUrl, path, body, headers = {}) {
    const response = await fetch(new URL(path, baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
        body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
}

/// An anonymous ticket, as a citizen takes it at the kiosk or on a phone: the answer carries the survey key.
async function issue(baseUrl, service = 'KTP') {
    const { status, body } = await postJson(baseUrl, `/api/v1/halls/${kHall}/tickets`, { service });
    assert.equal(status, 201, `a ${service} ticket is issued: ${JSON.stringify(body)}`);
    return body;
}

/// Serves `ticket` at Loket 3 (opened for KTP if need be): calls next until it is called, finishing whoever came
/// before it, then starts and finishes it.
async function serve(officer, ticket) {
    const hall = await officer.get('/queue');
    const counter = hall.counters.find((c) => c.id === kCounter);
    if (counter?.status !== 'open') await officer.openCounter(kCounter, ['KTP']);
    if (counter?.ticket) await officer.finish(counter.ticket.id);
    for (;;) {
        const called = await officer.callNext(kCounter);
        assert.ok(called, `${ticket.number} is called before the queue runs out`);
        await officer.finish(called.id);
        if (called.id === ticket.id) return;
    }
}

/// Runs `use` with a phone-sized browser context and a KTP ticket served at Loket 3 by the demo officer (through
/// the API), and closes both after.
async function withServedTicket(page, baseUrl, use) {
    const browser = page.context().browser();
    const officer = await officerApi(browser, baseUrl);
    const phone = await browser.newContext(kPhone);
    try {
        const ticket = await issue(baseUrl);
        await serve(officer, ticket);
        await use({ phone, ticket });
    } finally {
        await phone.close();
        await officer.close();
    }
}

const statusPath = (ticket, key) => `/t/${kHall}/${encodeURIComponent(ticket.id)}${key ? `?k=${key}` : ''}`;
const surveyPath = (ticket, key) => `/s/${kHall}/${encodeURIComponent(ticket.id)}${key ? `?k=${key}` : ''}`;
const text = async (page, selector) => (await page.locator(selector).textContent()).replace(/\s+/g, ' ').trim();
/// The id of the fieldset (or card) the focused element is in.
const focusedCard = (page) => page.evaluate(() => document.activeElement?.closest('[id^="q-"]')?.id ?? null);

/// axe in Bahasa Indonesia and in English (the language switch), and no sideways scrolling at every width.
async function expectGoodScreen(page, state) {
    await atWidths(page, kWidths, async (width) => {
        await expectNoHorizontalOverflow(page, `${state} at ${width} px`);
    });
    await page.setViewportSize(kPhone.viewport);
    await expectAccessible(page, `${state} (Bahasa Indonesia)`);
    await page.click('[data-lang-switch]');
    await page.locator('html[lang="en"]').waitFor(kTimeout);
    await expectAccessible(page, `${state} (English)`);
    await expectNoHorizontalOverflow(page, `${state} (English) at 390 px`);
    await page.click('[data-lang-switch]');
    await page.locator('html[lang="id"]').waitFor(kTimeout);
}

async function answer(page, code, value) {
    await page.locator(`label[for="sv-${code}-${value}"]`).tap();
    assert.equal(await page.locator(`input[name="${code}"][value="${value}"]`).isChecked(), true, `${code} = ${value} is chosen`);
}

browserSuite('survey', (it) => {
    it('a served citizen answers from the status page; a reload says answered; the figures count it', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        const phone = await browser.newContext(kPhone);
        try {
            // The ticket as the kiosk gets it: its survey key, and the status link (the QR code's) that carries it.
            const ticket = await issue(baseUrl);
            const key = ticket.survey_key;
            assert.match(key, /^[0-9a-z]{16}$/, 'the issue answer carries a 16-character survey key');
            assert.ok(ticket.status_url.endsWith(statusPath(ticket, key)), `the status link ${ticket.status_url} carries the key`);
            const qr = await page.request.get(url(`/api/v1/halls/${kHall}/tickets/${ticket.id}/qr.svg?k=${key}`));
            assert.equal(qr.status(), 200, 'the QR code of the status link with the key');

            // Before the service: no offer on the status page, and the survey page says when it opens.
            const status = await phone.newPage();
            await status.goto(url(statusPath(ticket, key)));
            await status.locator('#number', { hasText: ticket.number }).waitFor(kTimeout);
            await status.waitForFunction(() => Number(document.body.dataset.reads || 0) >= 1, null, kTimeout);
            assert.equal(await status.locator('#survey-offer').isVisible(), false, 'no survey while the citizen waits');
            const survey = await phone.newPage();
            await survey.goto(url(surveyPath(ticket, key)));
            await survey.locator('body[data-state="not_served"]').waitFor(kTimeout);
            assert.equal(await text(survey, '#survey-message-text'),
                         'Survei dibuka setelah Anda selesai dilayani. Buka lagi halaman ini sesudah layanan Anda selesai.');
            assert.equal(await survey.locator('#status-link').getAttribute('href'), statusPath(ticket, key),
                         'the way back to the status page keeps the key');
            await expectGoodScreen(survey, 'the survey before the service');

            // Served: the status page (live) offers the survey, with the key.
            await serve(officer, ticket);
            await status.locator('#survey-offer[data-state="open"]').waitFor(kTimeout);
            assert.equal(await text(status, '#survey-offer-title'), 'Bagaimana pelayanan kami?');
            assert.match(await text(status, '#survey-offer-text'), /^Isi survei kepuasan \(±1 menit\)/);
            assert.equal(await status.locator('#survey-link').getAttribute('href'), surveyPath(ticket, key));
            assert.equal(await status.locator('#state').textContent(), 'Selesai');
            const box = await status.locator('#survey-link').boundingBox();
            assert.ok(box.height >= 48, `the survey link is a 48 px touch target (${box.height})`);
            await expectGoodScreen(status, 'the status page offering the survey');
            await screenshot(status, 'status-offer', 'survey');
            // The same page without the key offers nothing.
            const plain = await phone.newPage();
            await plain.goto(url(statusPath(ticket)));
            await plain.waitForFunction(() => Number(document.body.dataset.reads || 0) >= 1, null, kTimeout);
            await plain.locator('#state', { hasText: 'Selesai' }).waitFor(kTimeout);
            assert.equal(await plain.locator('#survey-offer').isVisible(), false, 'no survey without the key');
            await plain.close();
            // The key survives a reload of the status page (and its language switch).
            await status.reload();
            await status.locator('#survey-offer[data-state="open"]').waitFor(kTimeout);
            assert.ok(status.url().endsWith(statusPath(ticket, key)), `the address keeps the key: ${status.url()}`);

            // The survey page: nine questions, one card each, nothing answered yet.
            await survey.close();
            await status.locator('#survey-link').tap();
            await status.waitForURL(url(surveyPath(ticket, key)), kTimeout);
            const form = status;
            await form.locator('body[data-state="open"]').waitFor(kTimeout);
            assert.equal(await form.locator('fieldset.survey-question[id^="q-U"]').count(), 9, 'nine questions');
            assert.equal(await form.locator('#q-U1 input[type="radio"]').count(), 4, 'four answers each');
            assert.equal(await text(form, '#q-U1 legend .survey-qcount'), 'Pertanyaan 1 dari 9 · Persyaratan');
            assert.equal(await text(form, '#sv-progress-text'), '0 dari 9 terjawab');
            assert.match(await text(form, '#q-conduct legend'), new RegExp(`Petugas yang melayani: ${kOfficerName}`),
                         'the conduct question names the officer');
            assert.equal(await form.locator('#sv-profile').getAttribute('open'), null, 'the profile starts folded');
            const answerBox = await form.locator('label[for="sv-U1-4"]').boundingBox();
            assert.ok(answerBox.height >= 48 && answerBox.width >= 200, `an answer is a large touch target (${answerBox.width}×${answerBox.height})`);
            await expectGoodScreen(form, 'the open survey');
            await screenshot(form, 'open', 'survey');

            // Three answers by touch, one by keyboard (arrow keys move within a question).
            await answer(form, 'U1', kAnswers.U1);
            await answer(form, 'U2', kAnswers.U2);
            await form.locator(`input[name="U3"][value="1"]`).focus();
            await form.keyboard.press('Space');
            for (let v = 1; v < kAnswers.U3; ++v) await form.keyboard.press('ArrowDown');
            assert.equal(await form.locator(`input[name="U3"][value="${kAnswers.U3}"]`).isChecked(), true, 'U3 answered with the keyboard');
            assert.equal(await text(form, '#sv-progress-text'), '3 dari 9 terjawab');

            // Sending now: the page says which question is missing and takes the citizen there.
            await form.locator('#sv-submit').tap();
            await form.locator('#sv-error', { hasText: 'Pertanyaan 4 dan 5 pertanyaan lain belum dijawab.' }).waitFor(kTimeout);
            assert.equal(await focusedCard(form), 'q-U4', 'the focus goes to the first unanswered question');
            assert.ok(await form.locator('#q-U4.has-error').isVisible(), 'the question is marked');
            await expectAccessible(form, 'the survey with a missing answer');

            for (const code of ['U4', 'U5', 'U6', 'U7', 'U8', 'U9']) await answer(form, code, kAnswers[code]);
            assert.equal(await text(form, '#sv-progress-text'), '9 dari 9 terjawab');
            assert.equal(await form.locator('.has-error').count(), 0, 'answering the question clears its error');
            await answer(form, 'conduct', 4);
            await form.locator('#sv-comment').fill(kComment);
            assert.equal(await text(form, '#sv-comment-count'), `${kComment.length}/1000 huruf`);
            await form.locator('#sv-profile summary').tap();
            await form.selectOption('#sv-profile-age_band', '30_39');
            await form.selectOption('#sv-profile-occupation', 'private');

            // Without consent: errors.js's sentence, at the checkbox.
            await form.locator('#sv-submit').tap();
            await form.locator('#sv-error', { hasText: 'Centang persetujuan agar jawaban Anda dapat diolah.' }).waitFor(kTimeout);
            assert.equal(await form.evaluate(() => document.activeElement?.id), 'sv-consent', 'the focus goes to the consent');
            assert.match(await text(form, '#q-consent'), /Indeks Kepuasan Masyarakat \(IKM\) tanpa nama, sesuai UU No\. 27 Tahun 2022/);
            await form.locator('label[for="sv-consent"]').tap();
            assert.equal(await form.locator('#sv-consent').isChecked(), true);

            // The network fails on the way: a sentence, and every answer is still there for another try.
            const posts = [];
            form.on('request', (request) => {
                if (request.method() === 'POST' && request.url().endsWith('/survey')) posts.push(request.postDataJSON());
            });
            await form.route('**/api/v1/halls/*/tickets/*/survey', (route) =>
                (route.request().method() === 'POST' ? route.abort() : route.continue()));
            await form.locator('#sv-submit').tap();
            await form.locator('#sv-error', { hasText: 'Server tidak dapat dihubungi' }).waitFor(kTimeout);
            assert.match(await text(form, '#sv-error'), /Jawaban Anda tetap tersimpan di halaman ini\./);
            assert.equal(await form.locator('body[data-state="open"]').count(), 1, 'still the form');
            for (const [code, value] of Object.entries(kAnswers)) {
                assert.equal(await form.locator(`input[name="${code}"][value="${value}"]`).isChecked(), true, `${code} is kept`);
            }
            assert.equal(await form.locator('#sv-comment').inputValue(), kComment, 'the comment is kept');
            assert.equal(await form.locator('#sv-consent').isChecked(), true, 'the consent is kept');
            assert.equal(await text(form, '#sv-submit'), 'Kirim lagi');
            await expectAccessible(form, 'the survey after a failed submit');
            await form.unroute('**/api/v1/halls/*/tickets/*/survey');

            // Sent: thank you.
            const sent = form.waitForResponse((r) => r.url().endsWith(`/tickets/${ticket.id}/survey`) && r.request().method() === 'POST');
            await form.locator('#sv-submit').tap();
            assert.equal((await sent).status(), 201, 'the answer is recorded');
            await form.locator('body[data-state="thanks"]').waitFor(kTimeout);
            assert.equal(await text(form, '#survey-message-title'), 'Terima kasih!');
            assert.deepEqual(posts.at(-1), {
                k: key, consent: true, answers: kAnswers, conduct: 4, comment: kComment,
                profile: { age_band: '30_39', occupation: 'private' },
            }, 'the page posts what the citizen chose, with the key');
            await expectGoodScreen(form, 'the thank-you');
            await screenshot(form, 'thanks', 'survey');

            // A reload: already answered, a clear sentence (and the status page thanks instead of offering).
            await form.reload();
            await form.locator('body[data-state="answered"]').waitFor(kTimeout);
            assert.equal(await text(form, '#survey-message-text'), 'Survei untuk nomor antrian ini sudah diisi. Terima kasih!');
            await expectGoodScreen(form, 'the survey already answered');
            await form.goto(url(statusPath(ticket, key)));
            await form.locator('#survey-offer[data-state="answered"]').waitFor(kTimeout);
            assert.equal(await form.locator('#survey-link').isVisible(), false, 'no second survey is offered');

            // The public figures of the day (a view that follows the log): one respondent, the regulation's index.
            const day = `${ticket.id.slice(0, 4)}-${ticket.id.slice(4, 6)}-${ticket.id.slice(6, 8)}`;
            const expected = convertedIkm([kAnswers]);
            let figures = null;
            const deadline = Date.now() + 10_000;
            for (;;) {
                const response = await page.request.get(url(`/api/v1/tenants/${kTenant}/performance?from=${day}&to=${day}`));
                assert.equal(response.status(), 200, `GET performance: ${await response.text()}`);
                figures = (await response.json()).totals;
                if (figures.ikm?.respondents >= 1 || Date.now() > deadline) break;
                await new Promise((resolve) => setTimeout(resolve, 250));
            }
            assert.equal(figures.respondents, 1, `one respondent: ${JSON.stringify(figures)}`);
            assert.ok(figures.ikm, `the index is there: ${JSON.stringify(figures)}`);
            assert.equal(figures.ikm.respondents, 1);
            assert.equal(figures.ikm.converted, expected, `IKM of ${JSON.stringify(kAnswers)}`);
            assert.equal(figures.ikm.converted_hundredths, Math.round(Number(expected) * 100));
        } finally {
            await phone.close();
            await officer.close();
        }
    });

    it('a wrong or missing key is one clear sentence; the kiosk prints the key in the QR code', async ({ page, url, baseUrl }) => {
        await withServedTicket(page, baseUrl, async ({ phone, ticket }) => {
            const survey = await phone.newPage();
            for (const key of ['zzzzzzzzzzzzzzzz', null]) {
                await survey.goto(url(surveyPath(ticket, key)));
                await survey.locator('body[data-state="invalid"]').waitFor(kTimeout);
                assert.equal(await text(survey, '#survey-message-title'), 'Tautan survei tidak valid');
                assert.equal(await text(survey, '#survey-message-text'),
                             'Tautan survei ini tidak valid. Buka dari kode QR pada karcis antrian Anda.');
                assert.equal(await survey.locator('#survey-root').isVisible(), false, 'no form');
            }
            await expectGoodScreen(survey, 'the survey with a wrong key');
            // The status page with a wrong key offers no survey.
            const refused = survey.waitForResponse((r) => r.url().includes('/survey?k='), kTimeout);
            await survey.goto(url(statusPath(ticket, 'zzzzzzzzzzzzzzzz')));
            await survey.locator('#state', { hasText: 'Selesai' }).waitFor(kTimeout);
            assert.equal((await refused).status(), 403, 'the status page asked, and the key was refused');
            assert.equal(await survey.locator('#survey-offer').isVisible(), false, 'no survey with a wrong key');
            // The API refuses the wrong key too; with the right one the answer is recorded (the next test's tablet
            // then has nothing left to ask at this counter).
            const answers = { consent: true, answers: kAnswers };
            const wrong = await postJson(baseUrl, `/api/v1/halls/${kHall}/tickets/${ticket.id}/survey`, { ...answers, k: 'zzzzzzzzzzzzzzzz' });
            assert.equal(wrong.status, 403, JSON.stringify(wrong.body));
            assert.equal(wrong.body.error.code, 'survey_link_invalid');
            const right = await postJson(baseUrl, `/api/v1/halls/${kHall}/tickets/${ticket.id}/survey`, { ...answers, k: ticket.survey_key });
            assert.equal(right.status, 201, JSON.stringify(right.body));

            // The kiosk's ticket: its QR code and link carry the key of the issue answer.
            await page.setViewportSize({ width: 1366, height: 768 });
            await page.goto(url(`/halls/${kHall}/kiosk`));
            await page.click('[data-unit="dispendukcapil"]');
            await page.click('[data-service="KTP"]');
            const issued = page.waitForResponse((r) => r.url().endsWith(`/api/v1/halls/${kHall}/tickets`) && r.request().method() === 'POST');
            await page.click('#take-general');
            const kioskTicket = await (await issued).json();
            await page.locator('#step-ticket').waitFor(kTimeout);
            const qrSrc = await page.locator('#ticket-qr').getAttribute('src');
            assert.equal(qrSrc, `/api/v1/halls/${kHall}/tickets/${kioskTicket.id}/qr.svg?k=${kioskTicket.survey_key}`);
            await page.waitForFunction(() => document.getElementById('ticket-qr').naturalWidth > 0, null, kTimeout);
            assert.equal(await page.locator('#ticket-link').getAttribute('href'), kioskTicket.status_url);
            assert.ok(kioskTicket.status_url.endsWith(statusPath(kioskTicket, kioskTicket.survey_key)));
        });
    });

    it('the counter’s tablet shows the survey of the citizen just served, then thanks and rests', async ({ page, url, baseUrl }) => {
        const browser = page.context().browser();
        const officer = await officerApi(browser, baseUrl);
        try {
            // Not set up: a sentence for staff.
            await page.setViewportSize({ width: 1280, height: 800 });
            await page.goto(url(`/halls/${kHall}/survey-tablet?counter=${kCounter}`));
            await page.locator('body[data-state="setup"]').waitFor(kTimeout);
            assert.equal(await text(page, '#tablet-title'), 'Tablet ini belum disiapkan');
            await expectAccessible(page, 'the tablet without a device token');

            // Set up with a kiosk device link: nothing to answer yet (the last ticket's survey was answered).
            const token = await kioskDeviceToken(baseUrl, 'Tablet survei e2e');
            // (Another address than before: a change of the fragment alone would not load the page again.)
            await page.goto(url(`/halls/${kHall}/survey-tablet?counter=${kCounter}&lang=id#device=${token}`));
            assert.ok(!page.url().includes('device='), 'the token leaves the address bar');
            await page.locator('body[data-state="idle"]').waitFor(kTimeout);
            await page.locator('#connection[data-state="live"]').waitFor(kTimeout);
            assert.equal(await text(page, '#tablet-title'), 'Terima kasih telah berkunjung');
            await page.locator('#counter-name', { hasText: 'Loket 3' }).waitFor(kTimeout);
            await expectGoodScreen(page, 'the idle tablet');

            // A citizen is served at Loket 3: within a poll (5 s) the tablet shows their survey.
            const ticket = await issue(baseUrl);
            await serve(officer, ticket);
            await page.locator('body[data-state="open"]').waitFor({ timeout: 15_000 });
            await page.locator('.survey-number', { hasText: ticket.number }).waitFor(kTimeout);
            const box = await page.locator('label[for="sv-U1-4"]').boundingBox();
            assert.ok(box.height >= 88, `tablet answers are 88 px touch targets (${box.height})`);
            await expectGoodScreen(page, 'the tablet survey');
            await screenshot(page, 'tablet-open', 'survey');
            for (const [code, value] of Object.entries(kAnswers)) await page.locator(`label[for="sv-${code}-${value}"]`).click();
            await page.locator('label[for="sv-consent"]').click();
            const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/tickets/${ticket.id}/survey`));
            const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/tickets/${ticket.id}/survey`));
            await page.click('#sv-submit');
            const request = await posted;
            assert.equal(request.postDataJSON().k, undefined, 'the tablet posts without a key');
            assert.match(request.headers().authorization ?? '', /^Bearer lyd_/, 'as the device');
            assert.equal((await sent).status(), 201, 'the tablet\'s answer is recorded');
            await page.locator('body[data-state="thanks"]').waitFor(kTimeout);
            await expectAccessible(page, 'the tablet thanking');
            // Ten seconds later, back to rest; the survey is not offered again.
            await page.locator('body[data-state="idle"]').waitFor({ timeout: 20_000 });
            await new Promise((resolve) => setTimeout(resolve, 6000));
            assert.equal(await page.evaluate(() => document.body.dataset.state), 'idle', 'an answered survey is not shown again');
        } finally {
            await officer.close();
        }
    });

    it('the printed QR code scanned on a later day opens the survey, which stays open for days', async ({ url, baseUrl, page }) => {
        await withServedTicket(page, baseUrl, async ({ phone, ticket }) => {
            const status = await phone.newPage();
            // On a later day the hall's queue is that day's: it no longer knows the ticket (404 ticket_not_found),
            // while the survey reads the ticket's own day. The test answers for the queue as it would then.
            await status.route(
                (address) => address.pathname === `/api/v1/halls/${kHall}/tickets/${ticket.id}`,
                (route) => route.fulfill({
                    status: 404,
                    contentType: 'application/json',
                    body: JSON.stringify({ error: { code: 'ticket_not_found', message: 'No such ticket today.' } }),
                }),
            );
            await status.goto(url(statusPath(ticket, ticket.survey_key)));
            await status.waitForURL((address) => address.pathname === surveyPath(ticket), kTimeout);
            assert.equal(new URL(status.url()).searchParams.get('k'), ticket.survey_key, 'the key goes along');
            await status.locator('body[data-state="open"]').waitFor(kTimeout);
            assert.equal(await status.locator('#q-U1').isVisible(), true, 'the form of the served ticket');

            // Without the key there is no survey to open: the status page says the ticket is not found, and stays.
            await status.goto(url(statusPath(ticket)));
            await status.locator('#alert').waitFor({ state: 'visible', ...kTimeout });
            assert.equal(new URL(status.url()).pathname, statusPath(ticket), 'no redirect without the key');
        });
    });
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
