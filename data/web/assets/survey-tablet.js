// The survey tablet at a counter, in kiosk mode: /halls/{hall}/survey-tablet?counter=L01, set up once by staff with
// a device link (".../survey-tablet?counter=L01#device=<token>", a kiosk device of the hall; api.js keeps the token).
// Every 5 s it asks GET /api/v1/halls/{hall}/counters/{counter}/survey for the ticket the counter finished last:
// nothing to answer (404 survey_nothing_to_answer) is a calm "thank you for visiting" screen; a ticket is the same
// form as on the citizen's phone (survey.js renderSurvey), with bigger targets, posted without a key (the server
// accepts the device token). After the answer, a thank-you screen for 10 s, then the calm screen again; each
// citizen starts in the tablet's own language (?lang=, else Indonesian). Nothing is kept on the device.
//
// For tests: body[data-state] is setup | no_counter | idle | open | thanks | answered | error | loading;
// #connection[data-state] is live | offline.
import { api, hallApi, hasDeviceToken, pathSegments, useDeviceToken } from './api.js';
import { errorMessage } from './errors.js';
import { addStrings, defaultLang, initI18n, onLanguageChange, setLang, t } from './i18n.js';
import { counterName } from './common.js';
import { renderSurvey, stateSentence } from './survey.js';

addStrings({
    id: {
        'tablet.idle.title': 'Terima kasih telah berkunjung',
        'tablet.idle.text': 'Setelah Anda selesai dilayani, survei kepuasan singkat muncul di layar ini.',
        'tablet.thanks.title': 'Terima kasih atas penilaian Anda!',
        'tablet.thanks.text': 'Jawaban Anda sudah kami terima. Jawaban ini membantu kami memperbaiki pelayanan.',
        'tablet.setup.title': 'Tablet ini belum disiapkan',
        'tablet.setup.text': 'Tablet survei harus disiapkan oleh petugas: buka halaman ini dengan tautan perangkat (kios) dari admin mal pelayanan.',
        'tablet.no_counter.title': 'Loket belum dipilih',
        'tablet.no_counter.text': 'Petugas: tambahkan kode loket pada alamat halaman ini, misalnya ?counter=L01.',
        'tablet.error.title': 'Survei tidak dapat ditampilkan',
    },
    en: {
        'tablet.idle.title': 'Thank you for your visit',
        'tablet.idle.text': 'Once you have been served, a short satisfaction survey appears on this screen.',
        'tablet.thanks.title': 'Thank you for your feedback!',
        'tablet.thanks.text': 'We have received your answers. They help us improve our service.',
        'tablet.setup.title': 'This tablet is not set up yet',
        'tablet.setup.text': 'Staff must set up the survey tablet: open this page with the (kiosk) device link from the service hall’s administrator.',
        'tablet.no_counter.title': 'No counter chosen',
        'tablet.no_counter.text': 'Staff: add the counter’s code to this page’s address, for example ?counter=L01.',
        'tablet.error.title': 'The survey cannot be shown',
    },
});

const POLL_MS = 5000;
const THANKS_MS = 10_000;
// A form touched this recently belongs to someone still answering it: a newer ticket waits for them.
const ACTIVE_MS = 90_000;

const hallId = pathSegments()[1];
const counterId = new URLSearchParams(location.search).get('counter')?.trim() || '';
const $ = (id) => document.getElementById(id);
const root = $('survey-root');

let state = 'loading';
let stateError = null;
let current = null;  // {ticket, survey} while a form is shown
let lastActivity = 0;
let thanksTimer = null;
let polling = false;

function show(next, error = null) {
    state = next;
    stateError = error;
    document.body.dataset.state = next;
    const open = next === 'open';
    root.hidden = !open;
    $('tablet-message').hidden = open;
    if (!open) {
        // Nothing of the last citizen's answers stays on the screen or in the page.
        current = null;
        root.replaceChildren();
    }
    if (open) return;
    let title;
    let text;
    if (next === 'error') [title, text] = [t('tablet.error.title'), errorMessage(error)];
    else if (next === 'answered') [title, text] = stateSentence('answered');
    else if (next === 'loading') [title, text] = [t('survey.loading'), ''];
    else [title, text] = [t(`tablet.${next}.title`), t(`tablet.${next}.text`)];
    $('tablet-title').textContent = title;
    $('tablet-text').textContent = text;
    $('tablet-text').hidden = !text;
}

function connected(on) {
    const el = $('connection');
    el.dataset.state = on ? 'live' : 'offline';
    el.textContent = on ? '' : t('common.offline');
}

function recentlyActive() {
    return Date.now() - lastActivity < ACTIVE_MS;
}

/** A short screen after an answer (or a refusal that ends the survey), then the calm screen again. */
function finish(next) {
    clearTimeout(thanksTimer);
    show(next);
    window.scrollTo(0, 0);
    thanksTimer = setTimeout(() => {
        setLang(defaultLang());
        show('idle');
        poll();
    }, THANKS_MS);
}

function openForm(form) {
    current = null;
    setLang(defaultLang());  // the next citizen starts in the tablet's own language
    lastActivity = 0;
    const survey = renderSurvey(root, form, {
        tablet: true,
        submit: (answer) => api(hallApi(hallId, 'tickets', form.ticket, 'survey'), { method: 'POST', body: answer }),
        onDone: () => finish('thanks'),
        onState: (next, error) => {
            if (next === 'answered') finish('answered');
            else if (next === 'invalid') show('error', error);  // the device token was refused
            else finish('idle');
        },
        onActivity: () => { lastActivity = Date.now(); },
    });
    show('open');
    current = { ticket: form.ticket, survey };
    window.scrollTo(0, 0);
}

async function poll() {
    if (polling || state === 'setup' || state === 'no_counter') return;
    polling = true;
    try {
        const form = await api(hallApi(hallId, 'counters', counterId, 'survey'));
        connected(true);
        if (state === 'thanks' || state === 'answered') return;
        if (state === 'open' && (current?.ticket === form.ticket || recentlyActive())) return;
        if (form.state === 'open') openForm(form);
        else if (state !== 'open') show('idle');
    } catch (error) {
        if (error.status === 0 || error.status >= 500) {
            connected(false);  // the screen stays as it is; the next poll tries again
            return;
        }
        connected(true);
        if (!hasDeviceToken()) {
            // No token, or api.js dropped a revoked one.
            show('setup');
        } else if (error.code === 'survey_nothing_to_answer') {
            if (state === 'thanks' || state === 'answered' || (state === 'open' && recentlyActive())) return;
            show('idle');
        } else if (state !== 'thanks' && state !== 'answered') {
            show('error', error);
        }
    } finally {
        polling = false;
    }
}

useDeviceToken();
initI18n();
onLanguageChange(() => {
    if (state === 'open') current?.survey.rerender();
    else show(state, stateError);
    if ($('connection').dataset.state === 'offline') connected(false);
});
for (const type of ['pointerdown', 'keydown', 'input']) {
    root.addEventListener(type, () => { lastActivity = Date.now(); }, { passive: true });
}
if (!hasDeviceToken()) {
    show('setup');
} else if (!counterId || !hallId) {
    show('no_counter');
} else {
    api(hallApi(hallId)).then((hall) => {
        $('hall-name').textContent = hall.name;
        const counter = hall.counters?.find((c) => c.id === counterId);
        $('counter-name').textContent = counter ? counterName(counter) : counterId;
    }).catch(() => { $('counter-name').textContent = counterId; });
    show('idle');
    poll();
    setInterval(poll, POLL_MS);
}
