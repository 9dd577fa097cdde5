// Kiosk: unit → service → general or priority → a printable ticket; back to the start after 20 s.
// Add ?print=1 on a kiosk with a thermal printer (Chromium --kiosk-printing) to print by itself.
import { api, ApiError, hallApi, pathSegments, serverNow, useDeviceToken } from './api.js';
import { addStrings, defaultLang, initI18n, lang, onLanguageChange, pick, setLang, t } from './i18n.js';
import { clearAlert, h, priorityText, showAlert, waitText, zoneOf } from './common.js';

addStrings({
    id: {
        'kiosk.step1': 'Langkah 1 dari 3',
        'kiosk.step2': 'Langkah 2 dari 3',
        'kiosk.step3': 'Langkah 3 dari 3',
        'kiosk.choose_unit': 'Pilih instansi',
        'kiosk.choose_service': 'Pilih layanan',
        'kiosk.choose_kind': 'Jenis antrian',
        'kiosk.touch_help': 'Sentuh salah satu pilihan di bawah ini.',
        'kiosk.services_count': '{n} layanan',
        'kiosk.waiting_count': '{n} orang menunggu',
        'kiosk.nobody_waiting': 'Tidak ada antrian',
        'kiosk.no_counter': 'Loket belum buka',
        'kiosk.general': 'Antrian umum',
        'kiosk.general_hint': 'Untuk semua warga',
        'kiosk.priority_hint': 'Disabilitas, lansia, ibu hamil, anak-anak, korban bencana',
        'kiosk.priority_reason': 'Pilih alasan prioritas',
        'kiosk.priority_free': 'Pelayanan khusus bagi kelompok rentan tidak dipungut biaya (gratis), sesuai UU No. 25 Tahun 2009 Pasal 29.',
        'kiosk.your_number': 'Nomor antrian Anda',
        'kiosk.queue_number': 'Nomor Antrian',
        'kiosk.ahead': 'Di depan Anda',
        'kiosk.ahead_n': '{n} orang',
        'kiosk.ahead_none': 'Anda berikutnya',
        'kiosk.estimate': 'Perkiraan tunggu',
        'kiosk.time': 'Waktu ambil',
        'kiosk.scan': 'Pindai kode QR untuk memantau giliran Anda dari ponsel.',
        'kiosk.qr_alt': 'Kode QR menuju halaman status nomor antrian {number}',
        'kiosk.keep': 'Simpan tiket ini. Perhatikan panggilan di layar dan pengeras suara.',
        'kiosk.print': 'Cetak tiket',
        'kiosk.done': 'Selesai',
        'kiosk.countdown': 'Kembali ke awal dalam {n} detik',
        'kiosk.issuing': 'Mencetak nomor antrian…',
        'kiosk.closed': 'Mal pelayanan sedang tutup. Nomor antrian tidak dapat diambil saat ini.',
        'kiosk.no_services': 'Belum ada layanan di mal pelayanan ini.',
    },
    en: {
        'kiosk.step1': 'Step 1 of 3',
        'kiosk.step2': 'Step 2 of 3',
        'kiosk.step3': 'Step 3 of 3',
        'kiosk.choose_unit': 'Choose an office',
        'kiosk.choose_service': 'Choose a service',
        'kiosk.choose_kind': 'Type of queue',
        'kiosk.touch_help': 'Touch one of the options below.',
        'kiosk.services_count': '{n} services',
        'kiosk.waiting_count': '{n} waiting',
        'kiosk.nobody_waiting': 'No queue',
        'kiosk.no_counter': 'No counter open yet',
        'kiosk.general': 'General queue',
        'kiosk.general_hint': 'For all citizens',
        'kiosk.priority_hint': 'Disability, elderly, pregnant, children, disaster victims',
        'kiosk.priority_reason': 'Choose the reason for priority',
        'kiosk.priority_free': 'Special service for vulnerable groups is free of charge (Law 25/2009, article 29).',
        'kiosk.your_number': 'Your queue number',
        'kiosk.queue_number': 'Queue number',
        'kiosk.ahead': 'Ahead of you',
        'kiosk.ahead_n': '{n} people',
        'kiosk.ahead_n.one': '1 person',
        'kiosk.ahead_none': 'You are next',
        'kiosk.estimate': 'Estimated wait',
        'kiosk.time': 'Taken at',
        'kiosk.scan': 'Scan the QR code to follow your turn on your phone.',
        'kiosk.qr_alt': 'QR code to the status page of queue number {number}',
        'kiosk.keep': 'Keep this ticket. Watch the screen and listen for your number.',
        'kiosk.print': 'Print ticket',
        'kiosk.done': 'Done',
        'kiosk.countdown': 'Back to the start in {n} seconds',
        'kiosk.issuing': 'Printing your number…',
        'kiosk.closed': 'The service hall is closed. Queue numbers cannot be taken now.',
        'kiosk.no_services': 'This service hall has no services yet.',
    },
});

const PRIORITIES = ['disability', 'elderly', 'pregnant', 'child', 'natural_disaster_victim', 'social_disaster_victim'];
const TICKET_SECONDS = 20;
const IDLE_SECONDS = 60;

const hallId = pathSegments()[1];
const autoPrint = new URLSearchParams(location.search).get('print') === '1';
const $ = (id) => document.getElementById(id);
const alertRegion = $('alert');

const state = { hall: null, queue: null, unit: null, service: null, ticket: null, busy: false };
let countdownTimer = null;
let idleTimer = null;

function show(step) {
    for (const section of document.querySelectorAll('.step')) section.hidden = section.id !== `step-${step}`;
    document.body.dataset.step = step;
    const heading = $(`step-${step}`).querySelector('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
}

function unitsWithServices() {
    const units = state.hall.units || [];
    return units.filter((u) => state.hall.services.some((s) => s.unit === u.id));
}

function queueOf(code) { return state.queue?.services?.find((s) => s.code === code); }

function serviceFacts(service) {
    const q = queueOf(service.code);
    if (!q) return '';
    if (q.counters_open === 0) return t('kiosk.no_counter');
    return q.waiting > 0 ? t('kiosk.waiting_count', { n: q.waiting }) : t('kiosk.nobody_waiting');
}

function renderUnits() {
    const units = unitsWithServices();
    $('units').replaceChildren(...units.map((unit) => {
        const count = state.hall.services.filter((s) => s.unit === unit.id).length;
        return h('button', { type: 'button', class: 'choice', dataset: { unit: unit.id }, onclick: () => chooseUnit(unit) },
            h('span', { class: 'choice-title' }, pick(unit.name)),
            h('span', { class: 'choice-sub' }, t('kiosk.services_count', { n: count })));
    }));
    if (units.length === 0) $('units').replaceChildren(h('p', {}, t('kiosk.no_services')));
}

function renderServices() {
    if (!state.unit) return;
    $('service-unit').textContent = pick(state.unit.name);
    const services = state.hall.services.filter((s) => s.unit === state.unit.id);
    $('services').replaceChildren(...services.map((service) =>
        h('button', { type: 'button', class: 'choice', dataset: { service: service.code }, onclick: () => chooseService(service) },
            h('span', { class: 'choice-prefix', 'aria-hidden': 'true' }, service.prefix),
            h('span', { class: 'choice-title' }, pick(service.name)),
            h('span', { class: 'choice-sub' }, serviceFacts(service)))));
}

function renderReasons() {
    $('reasons').replaceChildren(...PRIORITIES.map((reason) =>
        h('button', { type: 'button', class: 'choice choice-reason', dataset: { priority: reason }, onclick: () => take(reason) },
            h('span', { class: 'choice-title' }, t('priority.' + reason)))));
}

function renderKind() {
    if (state.service) $('kind-service').textContent = pick(state.service.name);
}

function renderTicket() {
    const ticket = state.ticket;
    if (!ticket) return;
    const zone = zoneOf(state.hall.utc_offset);
    const locale = lang() === 'id' ? 'id-ID' : 'en-GB';
    $('ticket-hall').textContent = state.hall.name;
    $('ticket-date').textContent = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: zone })
        .format(ticket.issued_at ? new Date(ticket.issued_at) : serverNow());
    $('ticket-number').textContent = ticket.number;
    $('ticket-service').textContent = pick(ticket.service_name) || ticket.service;
    $('ticket-priority').hidden = !ticket.priority;
    $('ticket-priority').textContent = ticket.priority ? `${t('priority.label')} · ${priorityText(ticket.priority)}` : '';
    const ahead = Math.max(0, (ticket.position ?? 1) - 1);
    $('ticket-ahead').textContent = ahead === 0 ? t('kiosk.ahead_none') : t('kiosk.ahead_n', { n: ahead });
    const noCounter = Boolean(ticket.predicted_wait?.no_counter_open);
    $('ticket-wait').textContent = noCounter ? '–' : waitText(ticket.predicted_wait, ticket.predicted_wait_min);
    $('ticket-note').hidden = !noCounter;
    $('ticket-note').textContent = noCounter ? t('wait.no_counter') : '';
    $('ticket-time').textContent = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone })
        .format(ticket.issued_at ? new Date(ticket.issued_at) : serverNow());
    const statusUrl = ticket.status_url || `${location.origin}/t/${encodeURIComponent(hallId)}/${encodeURIComponent(ticket.id)}`;
    $('ticket-link').href = statusUrl;
    $('ticket-link').textContent = statusUrl.replace(/^https?:\/\//, '');
    $('ticket-qr').alt = t('kiosk.qr_alt', { number: ticket.number });
    $('ticket').dataset.ticketId = ticket.id;
}

function renderAll() {
    if (!state.hall) return;
    $('hall-name').textContent = state.hall.name;
    tickClock();
    renderUnits();
    renderServices();
    renderKind();
    renderReasons();
    renderTicket();
}

function resetIdle() {
    clearTimeout(idleTimer);
    const step = document.body.dataset.step;
    if (step === 'service' || step === 'kind') idleTimer = setTimeout(restart, IDLE_SECONDS * 1000);
}

function chooseUnit(unit) {
    state.unit = unit;
    renderServices();
    show('service');
}

function chooseService(service) {
    state.service = service;
    renderKind();
    $('priority-panel').hidden = true;
    $('show-priority').setAttribute('aria-expanded', 'false');
    show('kind');
}

async function take(priority) {
    if (state.busy) return;
    state.busy = true;
    document.body.classList.add('busy');
    showAlert(alertRegion, t('kiosk.issuing'), 'info');
    try {
        state.ticket = await api(hallApi(hallId, 'tickets'), { method: 'POST', body: { service: state.service.code, priority } });
        clearAlert(alertRegion);
        $('ticket-qr').src = hallApi(hallId, 'tickets', state.ticket.id, 'qr.svg');
        renderTicket();
        show('ticket');
        startCountdown();
        if (autoPrint) printWhenReady();
    } catch (e) {
        showAlert(alertRegion, e instanceof ApiError ? e.message : String(e));
    } finally {
        state.busy = false;
        document.body.classList.remove('busy');
    }
}

function printWhenReady() {
    const qr = $('ticket-qr');
    let printed = false;
    const go = () => { if (!printed) { printed = true; window.print(); } };
    if (qr.complete) go();
    else {
        qr.addEventListener('load', go, { once: true });
        qr.addEventListener('error', go, { once: true });
        setTimeout(go, 2000);
    }
}

function startCountdown() {
    clearInterval(countdownTimer);
    let left = TICKET_SECONDS;
    const tick = () => {
        $('countdown').textContent = t('kiosk.countdown', { n: left });
        if (left-- <= 0) restart();
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
}

async function restart() {
    clearInterval(countdownTimer);
    clearTimeout(idleTimer);
    clearAlert(alertRegion);
    state.ticket = null;
    state.service = null;
    setLang(defaultLang());  // the next citizen starts in the kiosk's own language
    await refresh();
    const units = state.hall ? unitsWithServices() : [];
    // With one unit only, the first question would have one answer: skip it.
    document.querySelector('#step-service .btn-back').hidden = units.length === 1;
    if (units.length === 1) {
        state.unit = units[0];
        renderServices();
        show('service');
    } else {
        state.unit = null;
        show('unit');
    }
}

async function refresh() {
    try {
        const [hall, queue] = await Promise.all([api(hallApi(hallId)), api(hallApi(hallId, 'queue')).catch(() => null)]);
        state.hall = hall;
        state.queue = queue;
        renderAll();
        if (hall.open_now === false) showAlert(alertRegion, t('kiosk.closed'), 'warn');
    } catch (e) {
        showAlert(alertRegion, e.status === 404 ? t('common.hall_unknown') : e instanceof ApiError ? e.message : String(e));
    }
}

function tickClock() {
    const zone = state.hall ? zoneOf(state.hall.utc_offset) : undefined;
    $('clock').textContent = new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB',
        { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(serverNow());
}

$('take-general').addEventListener('click', () => take(null));
$('show-priority').addEventListener('click', () => {
    const panel = $('priority-panel');
    panel.hidden = !panel.hidden;
    $('show-priority').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) panel.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
});
for (const back of document.querySelectorAll('[data-back]')) {
    back.addEventListener('click', () => show(back.dataset.back));
}
$('print').addEventListener('click', () => window.print());
$('done').addEventListener('click', restart);
for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, resetIdle, { passive: true });
// A kiosk waiting on its first screen keeps its waiting counts fresh.
setInterval(() => { if (document.body.dataset.step === 'unit' || document.body.dataset.step === 'service') refresh(); }, 30000);

useDeviceToken();
initI18n();
onLanguageChange(() => { renderAll(); tickClock(); });
tickClock();
setInterval(tickClock, 10000);
restart();
