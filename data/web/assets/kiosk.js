// Kiosk: a service, found by typing its name ("KTP", "akta", "pindah") or through its unit → general or priority
// → a printable ticket; back to the start after 20 s. Priority numbers only on a kiosk set up with a device link
// (".../kiosk#device=<token>"): the API refuses them to anonymous callers.
// Add ?print=1 on a kiosk with a thermal printer (Chromium --kiosk-printing) to print by itself.
import { api, hallApi, hasDeviceToken, pathSegments, serverNow, useDeviceToken } from './api.js';
import { errorMessage } from './errors.js';
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
        'kiosk.find_service': 'Layanan apa yang Anda perlukan?',
        'kiosk.search_label': 'Cari layanan: ketik nama layanan atau kata kunci',
        'kiosk.search_placeholder': 'Ketik: KTP, akta, NIB, pindah…',
        'kiosk.clear': 'Hapus',
        'kiosk.popular': 'Sering dipilih',
        'kiosk.or_unit': 'Atau pilih instansi',
        'kiosk.found': '{n} layanan ditemukan. Sentuh salah satu.',
        'kiosk.found.one': '1 layanan ditemukan. Sentuh untuk memilih.',
        'kiosk.found_more': '{n} layanan ditemukan; {shown} teratas ditampilkan. Ketik lebih lengkap untuk mempersempit.',
        'kiosk.not_found': 'Tidak ada layanan untuk “{q}”. Coba kata lain atau pilih instansi di bawah.',
        'kiosk.priority_help': 'Warga prioritas (penyandang disabilitas, lansia, ibu hamil, anak-anak, korban bencana) dibantu oleh petugas atau kios resmi mal pelayanan.',
        'kiosk.no_counter_note': 'Belum ada loket yang buka untuk layanan ini. Waktu tunggu dihitung sejak loket dibuka.',
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
        'kiosk.find_service': 'Which service do you need?',
        'kiosk.search_label': 'Find a service: type its name or a keyword',
        'kiosk.search_placeholder': 'Type: KTP, akta, NIB, pindah…',
        'kiosk.clear': 'Clear',
        'kiosk.popular': 'Often chosen',
        'kiosk.or_unit': 'Or choose an office',
        'kiosk.found': '{n} services found. Touch one.',
        'kiosk.found.one': '1 service found. Touch it to choose it.',
        'kiosk.found_more': '{n} services found; the first {shown} are shown. Type more to narrow them down.',
        'kiosk.not_found': 'No service for “{q}”. Try another word or choose an office below.',
        'kiosk.priority_help': 'Priority citizens (people with disabilities, the elderly, pregnant women, children, disaster victims) are helped by an officer or at the service hall’s own kiosk.',
        'kiosk.no_counter_note': 'No counter is open for this service yet. The wait counts from when one opens.',
    },
});


// Words citizens use for the services of the usual Indonesian service-hall catalogue, beyond their names (the
// catalogue carries no keywords yet). A service whose code is not here is found by its names, code and unit.
const KEYWORDS = {
    KTP: 'ktp e-ktp ektp ktpel kartu tanda penduduk identitas elektronik rekam cetak hilang rusak identity card',
    KK: 'kk kartu keluarga anggota pisah tambah family card',
    AKTA_LAHIR: 'akta akte kelahiran lahir bayi anak birth certificate baby',
    AKTA_MATI: 'akta akte kematian mati meninggal wafat death certificate',
    PINDAH: 'pindah datang keluar domisili alamat skpwni mutasi move moving address domicile',
    NIB: 'nib izin ijin usaha oss umkm berusaha business licence license permit',
    PBG: 'pbg imb izin ijin bangunan gedung rumah building permit',
    JKN: 'jkn kis bpjs kesehatan asuransi health insurance',
    DTKS: 'dtks sktm bansos bantuan sosial miskin tidak mampu welfare aid low income',
    PKB: 'pkb pajak kendaraan motor mobil stnk samsat vehicle tax car',
};
// Short names for the "often chosen" buttons; other services show their full name.
const SHORT_NAMES = {
    KTP: { id: 'KTP-el', en: 'ID card (KTP-el)' },
    KK: { id: 'Kartu Keluarga', en: 'Family card' },
    AKTA_LAHIR: { id: 'Akta kelahiran', en: 'Birth certificate' },
    AKTA_MATI: { id: 'Akta kematian', en: 'Death certificate' },
    PINDAH: { id: 'Pindah domisili', en: 'Moving house' },
    NIB: { id: 'NIB (izin usaha)', en: 'Business number (NIB)' },
    PBG: { id: 'PBG (izin bangunan)', en: 'Building approval (PBG)' },
    JKN: { id: 'BPJS Kesehatan (JKN)', en: 'Health insurance (JKN)' },
    DTKS: { id: 'DTKS / SKTM', en: 'Welfare register (DTKS)' },
    PKB: { id: 'Pajak kendaraan', en: 'Vehicle tax' },
};
const POPULAR_COUNT = 6;
const MAX_RESULTS = 6;

const PRIORITIES = ['disability', 'elderly', 'pregnant', 'child', 'natural_disaster_victim', 'social_disaster_victim'];
const TICKET_SECONDS = 20;
const IDLE_SECONDS = 60;

const hallId = pathSegments()[1];
const autoPrint = new URLSearchParams(location.search).get('print') === '1';
const $ = (id) => document.getElementById(id);
const alertRegion = $('alert');
const searchInput = $('search');

// from: the step the kind step goes back to ('unit' after a search or an "often chosen" button, else 'service').
const state = { hall: null, queue: null, unit: null, service: null, from: 'unit', ticket: null, busy: false, index: [] };
let countdownTimer = null;
let idleTimer = null;

function show(step) {
    for (const section of document.querySelectorAll('.step')) section.hidden = section.id !== `step-${step}`;
    document.body.dataset.step = step;
    // An error or "printing…" belongs to the screen it was shown on.
    if (alertRegion.dataset.kind !== 'warn') unsay();
    const heading = $(`step-${step}`).querySelector('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    resetIdle();
}

/** Shows one message at the top; a new one replaces the previous one. kind: error | info | warn. */
function say(message, kind = 'error') {
    alertRegion.dataset.kind = kind;
    showAlert(alertRegion, message, kind);
}

function unsay() {
    delete alertRegion.dataset.kind;
    clearAlert(alertRegion);
}

function unitsWithServices() {
    const units = state.hall.units || [];
    return units.filter((u) => state.hall.services.some((s) => s.unit === u.id));
}

function unitOf(service) { return state.hall.units?.find((u) => u.id === service.unit); }

function queueOf(code) { return state.queue?.services?.find((s) => s.code === code); }

function serviceFacts(service) {
    const q = queueOf(service.code);
    if (!q) return '';
    if (q.counters_open === 0) return t('kiosk.no_counter');
    return q.waiting > 0 ? t('kiosk.waiting_count', { n: q.waiting }) : t('kiosk.nobody_waiting');
}

// ---- Finding a service by typing -------------------------------------------------------------------------

/** Lower case, without diacritics ("Pendaftaran é" → "pendaftaran e"). */
function fold(text) {
    return String(text ?? '').normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text, folded; "KTP-el" also gives "ktpel" so that both spellings are found. */
function wordsOf(text) {
    const folded = fold(text);
    const words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const chunk of folded.split(/\s+/)) {
        const joined = chunk.replace(/[^\p{L}\p{N}]+/gu, '');
        if (joined && !words.includes(joined)) words.push(joined);
    }
    return words;
}

function localized(value) {
    if (value == null) return [];
    return typeof value === 'object' ? Object.values(value) : [value];
}

/** Per service, its words with a weight: code and names first, then keywords, the product and the unit. */
function buildIndex() {
    state.index = (state.hall?.services || []).map((service, order) => {
        const unit = unitOf(service);
        const fields = [
            [4, [service.code, service.code.replace(/_/g, ' ')]],
            [3, localized(service.name)],
            [2, [KEYWORDS[service.code] || '', ...localized(SHORT_NAMES[service.code])]],
            [1, [...localized(service.standard?.product), ...localized(unit?.name), service.unit]],
        ];
        const words = new Map();
        for (const [weight, texts] of fields) {
            for (const text of texts) {
                for (const word of wordsOf(text)) words.set(word, Math.max(words.get(word) || 0, weight));
            }
        }
        return { service, order, words };
    });
}

/** The services whose words start with every word typed, best first. */
function search(query) {
    const typed = wordsOf(query).filter((w, i, all) => all.indexOf(w) === i);
    if (typed.length === 0) return [];
    const found = [];
    for (const entry of state.index) {
        let score = 0;
        for (const q of typed) {
            let best = 0;
            for (const [word, weight] of entry.words) {
                if (word.startsWith(q)) best = Math.max(best, weight + (word === q ? 0.5 : 0));
            }
            if (best === 0) { score = -1; break; }
            score += best;
        }
        if (score > 0) found.push({ ...entry, score });
    }
    return found.sort((a, b) => b.score - a.score || a.order - b.order).map((e) => e.service);
}

function serviceButton(service, attribute, withUnit) {
    const unit = unitOf(service);
    const facts = serviceFacts(service);
    return h('button', { type: 'button', class: 'choice choice-service', dataset: { [attribute]: service.code },
                         onclick: () => chooseService(service, attribute === 'service' ? 'service' : 'unit') },
        h('span', { class: 'choice-prefix', 'aria-hidden': 'true' }, service.prefix),
        h('span', { class: 'choice-title' }, pick(service.name)),
        withUnit && unit ? h('span', { class: 'choice-office' }, pick(unit.name)) : null,
        facts ? h('span', { class: 'choice-sub' }, facts) : null);
}

function renderSearch() {
    if (!state.hall) return;
    const query = searchInput.value.trim();
    $('search-clear').hidden = searchInput.value === '';
    if (query === '' || wordsOf(query).length === 0) {
        $('results').hidden = true;
        $('results').replaceChildren();
        $('search-status').textContent = '';
        $('browse').hidden = false;
        return;
    }
    const found = search(query);
    $('results').replaceChildren(...found.slice(0, MAX_RESULTS).map((s) => serviceButton(s, 'result', true)));
    $('results').hidden = found.length === 0;
    $('browse').hidden = found.length > 0;
    $('search-status').textContent = found.length > MAX_RESULTS ? t('kiosk.found_more', { n: found.length, shown: MAX_RESULTS })
        : found.length > 0 ? t('kiosk.found', { n: found.length }) : t('kiosk.not_found', { q: query });
}

// ---- The lists ---------------------------------------------------------------------------------------------

/** One service of each unit in catalogue order, then a second of each, …: the hall's most asked-for services. */
function popularServices() {
    const order = state.queue?.services?.map((s) => s.code) || [];
    const services = [...state.hall.services].sort((a, b) => {
        const ia = order.indexOf(a.code), ib = order.indexOf(b.code);
        return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    });
    const byUnit = new Map();
    for (const s of services) byUnit.set(s.unit, [...(byUnit.get(s.unit) || []), s]);
    const chosen = [];
    for (let round = 0; chosen.length < POPULAR_COUNT && chosen.length < services.length; ++round) {
        for (const list of byUnit.values()) if (list[round] && chosen.length < POPULAR_COUNT) chosen.push(list[round]);
    }
    return chosen;
}

function renderPopular() {
    $('popular').replaceChildren(...popularServices().map((service) =>
        h('li', {}, h('button', { type: 'button', class: 'quick-choice', dataset: { popular: service.code },
                                  onclick: () => chooseService(service, 'unit') },
            pick(SHORT_NAMES[service.code]) || pick(service.name)))));
}

function renderUnits() {
    const units = unitsWithServices();
    $('units').replaceChildren(...units.map((unit) => {
        const services = state.hall.services.filter((s) => s.unit === unit.id);
        const names = services.map((s) => pick(SHORT_NAMES[s.code]) || pick(s.name)).join(' · ');
        return h('button', { type: 'button', class: 'choice choice-unit', dataset: { unit: unit.id }, onclick: () => chooseUnit(unit) },
            h('span', { class: 'choice-title' }, pick(unit.name)),
            h('span', { class: 'choice-sub' }, `${t('kiosk.services_count', { n: services.length })}: ${names}`));
    }));
    if (units.length === 0) $('units').replaceChildren(h('p', {}, t('kiosk.no_services')));
}

function renderServices() {
    if (!state.unit) return;
    $('service-unit').textContent = pick(state.unit.name);
    const services = state.hall.services.filter((s) => s.unit === state.unit.id);
    $('services').replaceChildren(...services.map((service) => serviceButton(service, 'service', false)));
}

function renderReasons() {
    $('reasons').replaceChildren(...PRIORITIES.map((reason) =>
        h('button', { type: 'button', class: 'choice choice-reason', dataset: { priority: reason }, onclick: () => take(reason) },
            h('span', { class: 'choice-title' }, t('priority.' + reason)))));
}

/** Priority numbers only where the kiosk may issue them: a device kiosk; elsewhere a sentence says who helps. */
function renderKind() {
    if (state.service) {
        const unit = unitOf(state.service);
        $('kind-service').textContent = unit ? `${pick(state.service.name)} · ${pick(unit.name)}` : pick(state.service.name);
    }
    const priority = hasDeviceToken();
    $('show-priority').hidden = !priority;
    $('priority-help').hidden = priority;
    $('kind-choices').classList.toggle('choices-one', !priority);
    if (!priority) {
        $('priority-panel').hidden = true;
        $('show-priority').setAttribute('aria-expanded', 'false');
    }
}

/** The predicted wait as a range, also before any counter opens (the wait then counts from the opening). */
function waitRange(ticket) {
    const predicted = ticket.predicted_wait;
    const text = waitText(predicted ? { ...predicted, no_counter_open: false } : null, ticket.predicted_wait_min);
    return text || '–';
}

/**
 * The ticket's status page: the server's status_url, which carries the survey key (?k=) so that the citizen's
 * phone offers the survey once the ticket is served; built here only when an older server sent none.
 */
function statusUrlOf(ticket) {
    if (ticket.status_url) return ticket.status_url;
    const url = `${location.origin}/t/${encodeURIComponent(hallId)}/${encodeURIComponent(ticket.id)}`;
    return ticket.survey_key ? `${url}?k=${encodeURIComponent(ticket.survey_key)}` : url;
}

/** The ticket's QR code: the status link with the survey key when the issue answer gave one. */
function qrSrcOf(ticket) {
    const src = hallApi(hallId, 'tickets', ticket.id, 'qr.svg');
    return ticket.survey_key ? `${src}?k=${encodeURIComponent(ticket.survey_key)}` : src;
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
    $('ticket-wait').textContent = waitRange(ticket);
    $('ticket-note').hidden = !noCounter;
    $('ticket-note').textContent = noCounter ? t('kiosk.no_counter_note') : '';
    $('ticket-time').textContent = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone })
        .format(ticket.issued_at ? new Date(ticket.issued_at) : serverNow());
    const statusUrl = statusUrlOf(ticket);
    $('ticket-link').href = statusUrl;
    $('ticket-link').textContent = statusUrl.replace(/^https?:\/\//, '');
    $('ticket-qr').alt = t('kiosk.qr_alt', { number: ticket.number });
    $('ticket').dataset.ticketId = ticket.id;
}

function renderAll() {
    if (!state.hall) return;
    $('hall-name').textContent = state.hall.name;
    tickClock();
    buildIndex();
    renderPopular();
    renderUnits();
    renderSearch();
    renderServices();
    renderKind();
    renderReasons();
    renderTicket();
}

function resetIdle() {
    clearTimeout(idleTimer);
    const step = document.body.dataset.step;
    if (step === 'service' || step === 'kind' || (step === 'unit' && searchInput.value !== '')) {
        idleTimer = setTimeout(restart, IDLE_SECONDS * 1000);
    }
}

function chooseUnit(unit) {
    state.unit = unit;
    renderServices();
    show('service');
}

function chooseService(service, from) {
    state.service = service;
    state.from = from;
    renderKind();
    $('priority-panel').hidden = true;
    $('show-priority').setAttribute('aria-expanded', 'false');
    show('kind');
}

async function take(priority) {
    if (state.busy) return;
    state.busy = true;
    document.body.classList.add('busy');
    say(t('kiosk.issuing'), 'info');
    try {
        state.ticket = await api(hallApi(hallId, 'tickets'), { method: 'POST', body: { service: state.service.code, priority } });
        unsay();
        $('ticket-qr').src = qrSrcOf(state.ticket);
        renderTicket();
        show('ticket');
        startCountdown();
        if (autoPrint) printWhenReady();
    } catch (e) {
        say(errorMessage(e));
        // A revoked device token is dropped by api(): priority is then no longer offered here.
        renderKind();
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

let countdownLeft = 0;

function renderCountdown() {
    $('countdown').textContent = t('kiosk.countdown', { n: countdownLeft });
}

function startCountdown() {
    clearInterval(countdownTimer);
    countdownLeft = TICKET_SECONDS;
    renderCountdown();
    countdownTimer = setInterval(() => {
        countdownLeft -= 1;
        renderCountdown();
        if (countdownLeft <= 0) restart();
    }, 1000);
}

async function restart() {
    clearInterval(countdownTimer);
    clearTimeout(idleTimer);
    unsay();
    state.ticket = null;
    state.service = null;
    state.unit = null;
    searchInput.value = '';
    setLang(defaultLang());  // the next citizen starts in the kiosk's own language
    show('unit');
    await refresh();  // after show(): a hall that cannot be read says so on the first screen
}

async function refresh() {
    try {
        const [hall, queue] = await Promise.all([api(hallApi(hallId)), api(hallApi(hallId, 'queue')).catch(() => null)]);
        state.hall = hall;
        state.queue = queue;
        renderAll();
        if (hall.open_now === false) say(t('kiosk.closed'), 'warn');
        else if (alertRegion.dataset.kind === 'warn') unsay();
    } catch (e) {
        say(e.status === 404 ? t('common.hall_unknown') : errorMessage(e));
    }
}

function tickClock() {
    const zone = state.hall ? zoneOf(state.hall.utc_offset) : undefined;
    $('clock').textContent = new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB',
        { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(serverNow());
}

searchInput.addEventListener('input', () => { renderSearch(); resetIdle(); });
$('search-form').addEventListener('submit', (event) => {
    // Enter with one answer chooses it; otherwise the list stays for a touch.
    event.preventDefault();
    const results = $('results').querySelectorAll('button');
    if (results.length === 1) results[0].click();
});
$('search-clear').addEventListener('click', () => {
    searchInput.value = '';
    renderSearch();
    searchInput.focus();
});
// A physical keyboard types into the search box from anywhere on the first screen.
document.addEventListener('keydown', (event) => {
    if (document.body.dataset.step !== 'unit' || document.activeElement === searchInput) return;
    if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && event.key !== ' ') searchInput.focus();
});
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
$('kind-back').addEventListener('click', () => show(state.from === 'service' && state.unit ? 'service' : 'unit'));
$('print').addEventListener('click', () => window.print());
$('done').addEventListener('click', restart);
for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, resetIdle, { passive: true });
// A kiosk waiting on its first screens keeps its waiting counts fresh.
setInterval(() => { if (document.body.dataset.step === 'unit' || document.body.dataset.step === 'service') refresh(); }, 30000);

useDeviceToken();
initI18n();
onLanguageChange(() => { renderAll(); if (state.ticket) renderCountdown(); });
tickClock();
setInterval(tickClock, 10000);
restart();
