// A citizen's ticket on their phone: kept live over SSE (each hall event refetches the ticket), with a
// big "your turn" banner. One tap on "Aktifkan pemberitahuan" unlocks sound (Web Audio), vibration and,
// where the browser has them, notifications; then the page alerts once when two people are left before
// the citizen and once per call of the ticket — again for the new service after a transfer (the keys carry
// the leg). Notifications go through the service worker /sw.js (sw.js) where there is one (Chrome on
// Android allows no other way, and their vibration reaches a pocket while the page is hidden), else through
// `new Notification`. What was delivered is kept per ticket in localStorage, so a reload does not alert
// again; an alert that reached nobody (after a reload, before a tap, no notifications) waits for the next
// tap. A phone that slept or lost the network re-reads the ticket when it wakes (visibilitychange,
// pageshow, online) and on every reconnection of the hall's events (live.js onOpen).
//
// Once the ticket is done, a status page opened with the ticket's survey key (?k=, from the ticket's QR code) offers
// the satisfaction survey (/s/{hall}/{ticket}?k=…) as long as it can be answered, and thanks the citizen once it
// was; without the key there is no offer. The key stays in the address: every reload and notification keeps it.
//
// For tests and diagnostics: #survey-offer[data-state] ("open" | "answered") while the offer is shown;
// body[data-alerts="on"] once alerts are on, body[data-alerted] the latest
// alert ("two_ahead" | "called"), body[data-alert-log] this page's alerts in order, body[data-reads] how
// many answers for the ticket the page has shown (alerts due on an answer are given before it counts).
import { api, hallApi, pathSegments, serverNow } from './api.js';
import { errorMessage } from './errors.js';
import { addStrings, initI18n, lang, onLanguageChange, pick, t } from './i18n.js';
import { clearAlert, counterName, priorityText, showAlert, statusText, waitText, zoneOf } from './common.js';
import { debounce, listen } from './live.js';

addStrings({
    id: {
        'status.title': 'Status antrian',
        'status.number': 'Nomor antrian',
        'status.position': 'Posisi',
        'status.position_n': 'ke-{n}',
        'status.position_next': 'Berikutnya',
        'status.wait': 'Perkiraan tunggu',
        'status.issued': 'Diambil pukul',
        'status.your_turn': 'Giliran Anda!',
        'status.go_to': 'Silakan menuju {counter}',
        'status.being_served': 'Sedang dilayani',
        'status.served_at': 'di {counter}',
        'status.soon': 'Bersiaplah',
        'status.soon_ahead': 'Tinggal {n} orang sebelum Anda',
        'status.soon_next': 'Anda berikutnya',
        'status.msg.waiting': 'Halaman ini diperbarui otomatis. Kami akan memberi tahu saat giliran Anda tiba.',
        'status.msg.done': 'Layanan selesai. Terima kasih telah berkunjung.',
        'status.msg.no_show': 'Nomor ini dipanggil tetapi Anda tidak hadir. Silakan hubungi petugas informasi.',
        'status.msg.cancelled': 'Nomor antrian ini dibatalkan.',
        'status.msg.transferred': 'Nomor ini dialihkan ke layanan lain.',
        'status.updated': 'Diperbarui {time}',
        'status.alerts.title': 'Pemberitahuan di ponsel ini',
        'status.alerts.hint': 'Ketuk sekali agar ponsel berbunyi dan bergetar saat giliran Anda hampir tiba.',
        'status.alerts.enable': 'Aktifkan pemberitahuan',
        'status.alerts.again': 'Ketuk untuk menyalakan suara lagi',
        'status.alerts.on': 'Pemberitahuan aktif',
        'status.alerts.with': 'Pemberitahuan aktif: {what}',
        'status.alerts.sound': 'suara',
        'status.alerts.vibration': 'getar',
        'status.alerts.notification': 'notifikasi',
        'status.alerts.and': ' dan ',
        'status.alerts.keep_open': 'Biarkan halaman ini terbuka. Bila ponsel sempat tidur, halaman ini memeriksa lagi begitu Anda membukanya.',
        'status.alerts.unsupported': 'Ponsel ini tidak dapat berbunyi dari halaman web. Perhatikan layar dan papan antrian.',
        'status.notify.called': 'Giliran Anda: menuju {counter}',
        'status.notify.two_ahead': 'Bersiaplah: tinggal 2 orang sebelum Anda',
        'status.notify.body': 'Nomor antrian {number}',
        'status.survey.title': 'Bagaimana pelayanan kami?',
        'status.survey.text': 'Isi survei kepuasan (±1 menit). Tanpa nama; jawaban Anda membantu kami memperbaiki pelayanan.',
        'status.survey.open': 'Isi survei sekarang',
        'status.survey.thanks_title': 'Terima kasih atas penilaian Anda',
        'status.survey.thanks_text': 'Survei untuk nomor antrian ini sudah diisi.',
    },
    en: {
        'status.title': 'Queue status',
        'status.number': 'Queue number',
        'status.position': 'Position',
        'status.position_n': 'no. {n}',
        'status.position_next': 'Next',
        'status.wait': 'Estimated wait',
        'status.issued': 'Taken at',
        'status.your_turn': 'Your turn!',
        'status.go_to': 'Please go to {counter}',
        'status.being_served': 'Being served',
        'status.served_at': 'at {counter}',
        'status.soon': 'Get ready',
        'status.soon_ahead': '{n} people before you',
        'status.soon_ahead.one': '1 person before you',
        'status.soon_next': 'You are next',
        'status.msg.waiting': 'This page updates by itself. We will tell you when it is your turn.',
        'status.msg.done': 'Service completed. Thank you for your visit.',
        'status.msg.no_show': 'This number was called but you did not come. Please ask at the information desk.',
        'status.msg.cancelled': 'This queue number was cancelled.',
        'status.msg.transferred': 'This number was transferred to another service.',
        'status.updated': 'Updated {time}',
        'status.alerts.title': 'Alerts on this phone',
        'status.alerts.hint': 'Tap once so that your phone rings and vibrates when your turn is near.',
        'status.alerts.enable': 'Turn on alerts',
        'status.alerts.again': 'Tap to turn the sound back on',
        'status.alerts.on': 'Alerts on',
        'status.alerts.with': 'Alerts on: {what}',
        'status.alerts.sound': 'sound',
        'status.alerts.vibration': 'vibration',
        'status.alerts.notification': 'notifications',
        'status.alerts.and': ' and ',
        'status.alerts.keep_open': 'Keep this page open. If your phone went to sleep, the page checks again as soon as you open it.',
        'status.alerts.unsupported': 'This phone cannot ring from a web page. Watch this screen and the display board.',
        'status.notify.called': 'Your turn: go to {counter}',
        'status.notify.two_ahead': 'Get ready: 2 people before you',
        'status.notify.body': 'Queue number {number}',
        'status.survey.title': 'How did we do?',
        'status.survey.text': 'Fill in the satisfaction survey (about 1 minute). It is anonymous; your answers help us improve our service.',
        'status.survey.open': 'Take the survey now',
        'status.survey.thanks_title': 'Thank you for your feedback',
        'status.survey.thanks_text': 'The survey of this queue number has been answered.',
    },
});

const [, hallId, ticketId] = pathSegments();
// The ticket's survey key, from the QR code's link: only whoever holds the ticket has it.
const surveyKey = new URLSearchParams(location.search).get('k') || '';
const $ = (id) => document.getElementById(id);
let ticket = null;
let hall = null;
let updatedAt = null;
let connection = 'reconnecting';

// ---- alerts ----

// Vibration patterns (ms on, off, on…): a single soft buzz when two are left, three long ones when called.
const VIBRATE_TWO_AHEAD = [200];
const VIBRATE_CALLED = [500, 200, 500, 200, 800];
// Two people before the citizen: position 3 (1 = next).
const TWO_AHEAD_POSITION = 3;
const STORE_PREFIX = 'layan.alerts.';
const storeKey = `${STORE_PREFIX}${hallId}.${ticketId}`;

const alerts = {
    enabled: false,       // the citizen turned alerts on (now or before a reload)
    tapped: false,        // …and tapped on this page since it loaded (sound and vibration are unlocked)
    audio: null,          // the AudioContext, created inside a tap
    registration: null,   // the service worker's registration, once active: notifications go through it
    workerSettled: !('serviceWorker' in navigator),  // registering is over (or impossible here)
    windowBroken: false,  // `new Notification()` threw (Chrome on Android): that path does not work
    done: new Set(),      // alerts delivered for this ticket: "two_ahead:0", "called:0:1", "called:1:1"…
    sending: new Set(),   // alerts whose notification is on its way (nothing else delivered them)
    log: [],              // alerts given by this page since it loaded
};

function storage() {
    try { return window.localStorage; } catch (_) { /* blocked */ }
    try { return window.sessionStorage; } catch (_) { /* blocked too */ }
    return null;
}

function loadAlertState() {
    const store = storage();
    if (!store) return;
    try {
        const saved = JSON.parse(store.getItem(storeKey) || 'null');
        if (saved) {
            alerts.enabled = Boolean(saved.enabled);
            for (const key of saved.done || []) alerts.done.add(key);
            if (saved.last) document.body.dataset.alerted = saved.last;
        }
        // Forget the alerts of other days' tickets ("20261130-A-012": the day comes first).
        const day = ticketId?.slice(0, 8);
        for (let i = store.length - 1; i >= 0; --i) {
            const key = store.key(i);
            if (key?.startsWith(STORE_PREFIX) && !key.slice(key.lastIndexOf('.') + 1).startsWith(day)) store.removeItem(key);
        }
    } catch (_) { /* a broken entry is as good as none */ }
}

function saveAlertState() {
    try {
        storage()?.setItem(storeKey, JSON.stringify({
            enabled: alerts.enabled, done: [...alerts.done], last: document.body.dataset.alerted || null,
        }));
    } catch (_) { /* full or blocked: alerts may repeat after a reload, nothing worse */ }
}

function notificationsGranted() {
    return 'Notification' in window && window.Notification.permission === 'granted';
}

/**
 * Whether a notification can really be shown: permission, and a way to show it — the service worker
 * (the only way on Chrome for Android) or, where there is none, the page's own Notification constructor
 * (until it throws). While the service worker is still registering, not yet.
 */
function notificationsWork() {
    if (!notificationsGranted()) return false;
    if (alerts.registration) return true;
    return alerts.workerSettled && typeof window.Notification === 'function' && !alerts.windowBroken;
}

// Registers /sw.js (scope "/") once per page; on success alerts.registration is the active registration.
// Service workers exist only in secure contexts (https, localhost): on plain http in a hall's network
// navigator.serviceWorker is absent and the page falls back to `new Notification` where that works.
let registering = null;
const WORKER_READY_MS = 15_000;

function registerWorker() {
    if (registering || !('serviceWorker' in navigator)) return;
    alerts.workerSettled = false;
    registering = (async () => {
        try {
            await navigator.serviceWorker.register('/sw.js', { scope: '/' });
            // `ready` waits for an active worker; a worker that never activates must not hold the page.
            const ready = await Promise.race([
                navigator.serviceWorker.ready,
                new Promise((resolve) => { setTimeout(() => resolve(null), WORKER_READY_MS); }),
            ]);
            if (ready?.active && typeof ready.showNotification === 'function') alerts.registration = ready;
        } catch (e) {
            console.warn('layan: no service worker, notifications from the page itself', e);
        }
        alerts.workerSettled = true;
        if (!alerts.registration) registering = null;  // the next tap tries again
        renderAlerts();
        alertIfDue();  // an alert still waiting for a way to reach the citizen
    })();
}

/** Creates or resumes the AudioContext; only works inside a tap (and after one, for the page's life). */
function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
        if (!alerts.audio) alerts.audio = new Context();
        alerts.audio.resume?.().catch(() => {});
    } catch (_) {
        alerts.audio = null;
    }
}

/** Plays notes [[frequency Hz, start s]] as soft bells; `level` 0..1. Synthesised: no sound file. */
function bell(notes, level) {
    const ctx = alerts.audio;
    if (!ctx) return false;
    try {
        if (ctx.state !== 'running') ctx.resume?.().catch(() => {});
        const start = ctx.currentTime + 0.05;
        for (const [frequency, offset] of notes) {
            for (const [harmonic, share] of [[1, 1], [2, 0.25], [3, 0.08]]) {
                const osc = ctx.createOscillator();
                const gain = ctx.createGain();
                osc.type = 'sine';
                osc.frequency.value = frequency * harmonic;
                gain.gain.setValueAtTime(0.0001, start + offset);
                gain.gain.exponentialRampToValueAtTime(level * share, start + offset + 0.02);
                gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 1.1);
                osc.connect(gain).connect(ctx.destination);
                osc.start(start + offset);
                osc.stop(start + offset + 1.15);
            }
        }
        return true;
    } catch (_) {
        return false;
    }
}

function vibrate(pattern) {
    try { return Boolean(navigator.vibrate?.(pattern)); } catch (_) { return false; }
}

/** The page's own notification (desktop browsers, no service worker); false when it cannot be shown. */
function notifyFromPage(title, body) {
    if (typeof window.Notification !== 'function' || alerts.windowBroken) return false;
    try {
        const n = new window.Notification(title, {
            body, tag: `layan-${ticketId}`, renotify: true, lang: lang(), icon: '/assets/emblem.svg',
        });
        n.onclick = () => { window.focus(); n.close(); };
        return true;
    } catch (_) {
        alerts.windowBroken = true;  // Chrome on Android: only through a service worker
        renderAlerts();
        return false;
    }
}

/**
 * Shows a notification that also vibrates with `pattern` (Chromium ignores navigator.vibrate while the
 * page is hidden; a notification's own vibration still reaches the pocket). Returns false when none can be
 * shown, true when the page's own one was shown, or a promise of whether the service worker showed it.
 */
function notify(title, pattern) {
    if (!notificationsGranted()) return false;
    const body = t('status.notify.body', { number: ticket?.number || '' });
    const registration = alerts.registration;
    if (!registration) return notifyFromPage(title, body);
    try {
        return Promise.resolve(registration.showNotification(title, {
            body, tag: `layan-${ticketId}`, renotify: true, requireInteraction: true, vibrate: pattern,
            lang: lang(), icon: '/assets/emblem.svg', data: { url: location.href },
        })).then(() => true, () => notifyFromPage(title, body));
    } catch (_) {
        return notifyFromPage(title, body);
    }
}

function askPermission() {
    if (!('Notification' in window) || window.Notification.permission !== 'default') return;
    const answered = () => { renderAlerts(); alertIfDue(); };
    try {
        const asked = window.Notification.requestPermission(answered);
        asked?.then?.(answered, () => {});
    } catch (_) { /* not fatal */ }
}

/**
 * The tap: unlocks sound and vibration inside the gesture, asks for notifications, registers the service
 * worker, confirms — and delivers what was waiting for it (a call that came after a reload, before any tap).
 */
function enableAlerts() {
    unlockAudio();
    vibrate(80);
    bell([[880, 0]], 0.15);
    const first = !alerts.enabled;
    alerts.enabled = true;
    alerts.tapped = true;
    if (first && ticket) {
        // What is already true when alerts are turned on is on the screen: alert from here on.
        for (const key of dueAlerts(ticket)) alerts.done.add(key);
    }
    saveAlertState();
    askPermission();
    registerWorker();
    renderAlerts();
    alertIfDue();
}

/**
 * The alerts the ticket's state calls for, by key (each is given once). A transfer starts a new leg:
 * the server counts the calls again from 0 for the new service, so the keys carry the leg
 * (transferred_from: the earlier services) — "two_ahead:1", "called:1:1" alert again.
 */
function dueAlerts(tk) {
    const due = [];
    const leg = Array.isArray(tk.transferred_from) ? tk.transferred_from.length : 0;
    if (tk.status === 'waiting' && tk.position != null && tk.position <= TWO_AHEAD_POSITION && tk.position >= 2) {
        due.push(`two_ahead:${leg}`);
    }
    if (tk.status === 'called') due.push(`called:${leg}:${tk.calls || 1}`);
    return due;
}

function markDelivered(key, kind) {
    alerts.done.add(key);
    alerts.log.push(kind);
    document.body.dataset.alerted = kind;
    document.body.dataset.alertLog = alerts.log.join(' ');
    saveAlertState();
}

/**
 * Gives the alerts that are due and not given yet. An alert counts as given only when it reached the
 * citizen: the chime played (sound unlocked by a tap) or a notification was shown. Otherwise (after a
 * reload, before any tap, without notifications) it stays pending: the next tap delivers it.
 */
function alertIfDue() {
    if (!alerts.enabled || !ticket) return;
    for (const key of dueAlerts(ticket)) {
        if (alerts.done.has(key) || alerts.sending.has(key)) continue;
        const kind = key.startsWith('called') ? 'called' : 'two_ahead';
        let sounded = false;
        let shown = false;
        if (kind === 'called') {
            // Ding-dong-ding, twice: a call must be heard from a pocket.
            sounded = alerts.tapped && bell([[659.25, 0], [783.99, 0.3], [1046.5, 0.6], [659.25, 1.5], [783.99, 1.8], [1046.5, 2.1]], 0.45);
            if (alerts.tapped) vibrate(VIBRATE_CALLED);
            shown = notify(t('status.notify.called', { counter: counterName(ticket.counter) }), VIBRATE_CALLED);
        } else {
            sounded = alerts.tapped && bell([[587.33, 0], [698.46, 0.35]], 0.18);
            if (alerts.tapped) vibrate(VIBRATE_TWO_AHEAD);
            shown = notify(t('status.notify.two_ahead'), VIBRATE_TWO_AHEAD);
        }
        if (sounded || shown === true) {
            markDelivered(key, kind);
        } else if (shown) {
            alerts.sending.add(key);
            shown.then((ok) => {
                alerts.sending.delete(key);
                if (ok && !alerts.done.has(key)) markDelivered(key, kind);
            });
        }
    }
}

function renderAlerts() {
    const section = $('alerts');
    const active = ticket && (ticket.status === 'waiting' || ticket.status === 'called');
    section.hidden = !active;
    if (alerts.enabled) document.body.dataset.alerts = 'on';
    const what = [];
    if (alerts.tapped && alerts.audio) what.push(t('status.alerts.sound'));
    if (alerts.tapped && 'vibrate' in navigator) what.push(t('status.alerts.vibration'));
    if (notificationsWork()) what.push(t('status.alerts.notification'));
    $('alerts-on').hidden = !alerts.enabled;
    $('alerts-on-text').textContent = what.length
        ? t('status.alerts.with', { what: what.join(t('status.alerts.and')) }) : t('status.alerts.on');
    // After a reload the browser needs a new tap before it plays sound or vibrates.
    $('alerts-enable').hidden = alerts.tapped;
    $('alerts-enable-text').textContent = t(alerts.enabled ? 'status.alerts.again' : 'status.alerts.enable');
    $('alerts-hint').hidden = alerts.enabled;
    if (alerts.tapped && what.length === 0) {
        $('alerts-on-text').textContent = t('status.alerts.unsupported');
    }
}

// ---- the satisfaction survey, once the ticket is done ----

// The survey's state as the server last said it ("open", "answered", "not_served", "expired"), "none" for a key
// it refused, null until asked. Asked once per page view while done, and again when the page comes back into view.
let surveyState = null;
let surveyAsked = false;

async function checkSurvey() {
    surveyAsked = true;
    try {
        const form = await api(`${hallApi(hallId, 'tickets', ticketId, 'survey')}?k=${encodeURIComponent(surveyKey)}`);
        surveyState = form.state;
    } catch (e) {
        if (e.status === 0 || e.status >= 500) {
            // No answer: offer the survey anyway (its page says the rest), and ask again on the next read.
            surveyAsked = false;
            surveyState = surveyState ?? 'open';
        } else {
            surveyState = 'none';  // a wrong key: no offer
        }
    }
    renderSurvey();
}

function renderSurvey() {
    const offer = $('survey-offer');
    const state = surveyKey && ticket?.status === 'done' ? surveyState : null;
    const shown = state === 'open' || state === 'answered';
    offer.hidden = !shown;
    if (!shown) {
        delete offer.dataset.state;
        return;
    }
    offer.dataset.state = state;
    const link = $('survey-link');
    link.hidden = state !== 'open';
    link.href = `/s/${encodeURIComponent(hallId)}/${encodeURIComponent(ticketId)}?k=${encodeURIComponent(surveyKey)}`;
    link.textContent = t('status.survey.open');
    $('survey-offer-title').textContent = t(state === 'open' ? 'status.survey.title' : 'status.survey.thanks_title');
    $('survey-offer-text').textContent = t(state === 'open' ? 'status.survey.text' : 'status.survey.thanks_text');
}

// ---- the ticket ----

function time(iso) {
    if (!iso) return '';
    return new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB',
        { hour: '2-digit', minute: '2-digit', timeZone: zoneOf(hall?.utc_offset || '+07:00') }).format(new Date(iso));
}

function render() {
    renderAlerts();
    renderSurvey();
    if (!ticket) return;
    $('ticket').hidden = false;
    $('number').textContent = ticket.number;
    document.title = `${ticket.number} · ${t('status.title')} · layan`;
    $('service').textContent = pick(ticket.service_name) || ticket.service;
    $('priority').hidden = !ticket.priority;
    $('priority').textContent = ticket.priority ? `${t('priority.label')} · ${priorityText(ticket.priority)}` : '';
    const s = ticket.status;
    $('state').textContent = statusText(s);
    $('state').className = `badge ${s === 'called' ? 'badge-priority' : s === 'serving' || s === 'done' ? 'badge-open' : ''}`;

    const waiting = s === 'waiting';
    $('position-row').hidden = !waiting || ticket.position == null;
    $('wait-row').hidden = !waiting;
    $('position').textContent = ticket.position === 1 ? t('status.position_next') : t('status.position_n', { n: ticket.position });
    $('wait').textContent = waitText(ticket.predicted_wait, ticket.predicted_wait_min);
    $('issued').textContent = time(ticket.issued_at);
    $('message').textContent = t('status.msg.' + s) === 'status.msg.' + s ? '' : t('status.msg.' + s);

    const turn = $('turn');
    const where = counterName(ticket.counter);
    if (s === 'called') {
        turn.hidden = false;
        turn.dataset.kind = 'called';
        $('turn-title').textContent = t('status.your_turn');
        $('turn-where').textContent = t('status.go_to', { counter: where });
    } else if (s === 'serving') {
        turn.hidden = false;
        turn.dataset.kind = 'serving';
        $('turn-title').textContent = t('status.being_served');
        $('turn-where').textContent = t('status.served_at', { counter: where });
    } else if (waiting && ticket.position != null && ticket.position <= TWO_AHEAD_POSITION) {
        turn.hidden = false;
        turn.dataset.kind = 'soon';
        $('turn-title').textContent = t('status.soon');
        $('turn-where').textContent = ticket.position <= 1 ? t('status.soon_next')
            : t('status.soon_ahead', { n: ticket.position - 1 });
    } else {
        turn.hidden = true;
    }
    $('updated').textContent = updatedAt ? `· ${t('status.updated', { time: time(updatedAt.toISOString()) })}` : '';
}

// Answers can arrive out of order when several refetches overlap (reconnection, wake-up, events):
// only the answer to the latest request is shown.
let requested = 0;
let reads = 0;  // answers shown (body[data-reads]): a test waits for one before it says "no alert came"

async function load() {
    const mine = ++requested;
    try {
        const fresh = await api(hallApi(hallId, 'tickets', ticketId));
        if (mine !== requested) return;
        ticket = fresh;
        updatedAt = serverNow();
        clearTimeout(retryTimer);
        clearAlert($('alert'));
        render();
        alertIfDue();
        if (surveyKey && ticket.status === 'done' && !surveyAsked) checkSurvey();
        reads += 1;
        document.body.dataset.reads = String(reads);
    } catch (e) {
        if (mine !== requested) return;
        if (surveyKey && e.code === 'ticket_not_found') {
            // A ticket of an earlier day (the printed QR code scanned at home): the queue has moved on to today,
            // but its survey stays open for days. The survey page reads earlier days and says every state.
            location.replace(`/s/${encodeURIComponent(hallId)}/${encodeURIComponent(ticketId)}?k=${encodeURIComponent(surveyKey)}`);
            return;
        }
        showAlert($('alert'), errorMessage(e));
        // No network or a server restarting: look again soon rather than wait for the next event.
        if (e.status === 0 || e.status >= 500) {
            clearTimeout(retryTimer);
            retryTimer = setTimeout(load, 5000);
        }
    }
}
let retryTimer = null;

// The state of the hall's events as live.js last told it; shown as "offline" while the phone has no network.
let eventsState = 'reconnecting';

function showConnection() {
    connection = navigator.onLine === false ? 'offline' : eventsState;
    const el = $('connection');
    el.dataset.state = connection;
    el.textContent = t(connection === 'live' ? 'common.live' : connection === 'offline' ? 'common.offline' : 'common.reconnecting');
}

async function start() {
    loadAlertState();
    initI18n();
    onLanguageChange(() => { render(); showConnection(); });
    $('alerts-enable').addEventListener('click', enableAlerts);
    // After a reload, any tap on the page brings the sound back (browsers need a gesture for it) and
    // delivers what waited for it (enableAlerts ends with alertIfDue). 'click', not 'pointerdown': a touch's
    // pointerdown is no user activation in the HTML spec, so audio and vibration would stay locked.
    document.addEventListener('click', () => {
        if (alerts.enabled && !alerts.tapped) enableAlerts();
    });
    // Notifications already granted go through the service worker from the start, even before a tap.
    if (alerts.enabled) registerWorker();
    api(hallApi(hallId)).then((h) => { hall = h; $('hall-name').textContent = h.name; render(); }).catch(() => {});
    render();
    await load();
    const refetch = debounce(load, 300);
    // A phone that slept, lost the network or came back from the history re-reads its ticket now.
    // Back from the survey page (or a while away), the survey may have been answered: ask again.
    document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') {
            surveyAsked = false;
            refetch();
        }
    });
    window.addEventListener('pageshow', (event) => {
        if (event.persisted) {
            surveyAsked = false;
            refetch();
        }
    });
    window.addEventListener('online', () => { showConnection(); refetch(); });
    window.addEventListener('offline', showConnection);
    // While the events are down (EventSource retries on its own), look every 20 s anyway.
    setInterval(() => {
        if (connection !== 'live' && document.visibilityState === 'visible') load();
    }, 20_000);
    listen(hallId, {
        onOpen: load,
        onEvent: refetch,
        onState: (s) => { eventsState = s; showConnection(); },
    });
}

start();
