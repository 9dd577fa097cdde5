// Home: the halls of this server and the links to their screens.
import { api, hallApi } from './api.js';
import { errorMessage } from './errors.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { clearAlert, h, showAlert } from './common.js';

addStrings({
    id: {
        'home.product': 'layan · Layanan Publik',
        'home.title': 'Selamat datang di layanan publik Kota Mojokerto',
        'home.lead': 'Ambil nomor antrian, pantau giliran Anda, dan layani warga dari satu tempat.',
        'home.halls': 'Mal Pelayanan Publik',
        'home.none': 'Belum ada mal pelayanan. Jalankan "layan seed-demo" untuk data contoh.',
        'home.open_now': 'Buka sekarang',
        'home.closed_now': 'Sedang tutup',
        'home.services': '{n} layanan',
        'home.counters': '{n} loket',
        'home.kiosk': 'Anjungan antrian',
        'home.kiosk_hint': 'Ambil nomor antrian',
        'home.board': 'Papan antrian',
        'home.board_hint': 'Layar TV dengan panggilan suara',
        'home.console': 'Konsol petugas',
        'home.console_hint': 'Panggil dan layani warga',
        'home.footer': 'layan — sistem antrian dan layanan publik',
        'home.staff': 'Masuk petugas',
        'home.check.title': 'Cek nomor antrian',
        'home.check.lead': 'Sudah punya nomor antrian hari ini? Lihat posisi dan perkiraan waktu tunggu Anda.',
        'home.check.hall': 'Mal pelayanan',
        'home.check.choose_hall': 'Pilih mal pelayanan',
        'home.check.number': 'Nomor antrian',
        'home.check.number_hint': 'Seperti tertulis pada tiket, misalnya A-012.',
        'home.check.submit': 'Cek nomor',
        'home.check.checking': 'Memeriksa…',
        'home.check.bad_number': 'Tulis nomor seperti pada tiket: huruf lalu angka, misalnya A-012.',
        'home.check.no_hall': 'Pilih mal pelayanan tempat Anda mengambil nomor.',
        'home.check.qr': 'Punya tiket cetak? Pindai kode QR pada tiket dengan kamera ponsel: halaman status yang sama langsung terbuka.',
        'home.online.title': 'Permohonan daring',
        'home.online.lead': 'Baca persyaratan, waktu dan biaya setiap layanan, ajukan permohonan dari rumah, dan pantau sampai selesai.',
        'home.online.services': 'Layanan dan standar pelayanan',
        'home.online.track': 'Lacak permohonan',
    },
    en: {
        'home.product': 'layan · Public Services',
        'home.title': 'Welcome to the public services of Mojokerto City',
        'home.lead': 'Take a queue number, follow your turn, and serve citizens from one place.',
        'home.halls': 'Public service halls',
        'home.none': 'No service hall yet. Run "layan seed-demo" for demo data.',
        'home.open_now': 'Open now',
        'home.closed_now': 'Closed now',
        'home.services': '{n} services',
        'home.counters': '{n} counters',
        'home.kiosk': 'Ticket kiosk',
        'home.kiosk_hint': 'Take a queue number',
        'home.board': 'Display board',
        'home.board_hint': 'TV screen with spoken calls',
        'home.console': 'Officer console',
        'home.console_hint': 'Call and serve citizens',
        'home.footer': 'layan — queues and public services',
        'home.staff': 'Staff sign-in',
        'home.check.title': 'Check my ticket',
        'home.check.lead': 'Took a queue number today? See your place in the queue and the expected wait.',
        'home.check.hall': 'Service hall',
        'home.check.choose_hall': 'Choose a service hall',
        'home.check.number': 'Queue number',
        'home.check.number_hint': 'As printed on the ticket, e.g. A-012.',
        'home.check.submit': 'Check',
        'home.check.checking': 'Checking…',
        'home.check.bad_number': 'Write the number as on the ticket: letters then digits, e.g. A-012.',
        'home.check.no_hall': 'Choose the service hall where you took the number.',
        'home.check.qr': 'Have a printed ticket? Scan its QR code with your phone’s camera: the same status page opens.',
        'home.online.title': 'Requests online',
        'home.online.lead': 'Read what each service requires, how long it takes and what it costs, apply from home, and follow it to the end.',
        'home.online.services': 'Services and service standards',
        'home.online.track': 'Track a request',
    },
});

const list = document.getElementById('halls');
const alertRegion = document.getElementById('alert');
let halls = [];

// Line icons (24 × 24, stroked): a ticket, a screen, a person at a desk.
const ICONS = {
    kiosk: ['M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4z', 'M14 6v2M14 11v2M14 16v2'],
    board: ['M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z', 'M8 21h8M12 17v4'],
    console: ['M12 4.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z', 'M5 20c1.2-3.6 4-5.5 7-5.5s5.8 1.9 7 5.5'],
};

function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    for (const d of ICONS[name]) {
        const path = document.createElementNS(ns, 'path');
        path.setAttribute('d', d);
        svg.append(path);
    }
    return svg;
}

function screenLink(hall, screen) {
    return h('a', { class: 'screen', href: `/halls/${encodeURIComponent(hall.id)}/${screen}`, dataset: { screen } },
        h('span', { class: 'icon' }, icon(screen)),
        h('strong', {}, t(`home.${screen}`)),
        h('span', {}, t(`home.${screen}_hint`)));
}

/** Links to each government's online requests: its catalog and its tracking page. */
function renderOnline() {
    const tenants = [...new Set(halls.map(({ hall }) => hall.tenant))];
    document.getElementById('online-links').replaceChildren(...tenants.flatMap((tenant) => [
        h('li', {}, h('a', { class: 'btn btn-primary', href: `/layanan/${encodeURIComponent(tenant)}` }, t('home.online.services'))),
        h('li', {}, h('a', { class: 'btn', href: `/lacak/${encodeURIComponent(tenant)}` }, t('home.online.track'))),
    ]));
    document.getElementById('online').hidden = tenants.length === 0;
}

function render() {
    renderOnline();
    if (halls.length === 0) {
        list.replaceChildren(h('p', { class: 'muted' }, t('home.none')));
        return;
    }
    list.replaceChildren(...halls.map(({ hall, detail }) => h('article', { class: 'card hall', dataset: { hall: hall.id } },
        h('div', { class: 'hall-head' },
            h('h3', {}, hall.name),
            detail && h('span', { class: `badge ${detail.open_now ? 'badge-open' : 'badge-closed'}` },
                t(detail.open_now ? 'home.open_now' : 'home.closed_now'))),
        detail && h('p', { class: 'facts' },
            h('span', {}, h('strong', {}, t('home.services', { n: detail.services?.length ?? 0 }))),
            h('span', {}, h('strong', {}, t('home.counters', { n: detail.counters?.length ?? 0 }))),
            h('span', {}, `${hall.time_zone || ''} (UTC${hall.utc_offset || ''})`)),
        detail?.units?.length > 0 && h('ul', { class: 'units' }, detail.units.map((u) => h('li', {}, pick(u.name)))),
        h('nav', { class: 'screens', 'aria-label': hall.name },
            screenLink(hall, 'kiosk'), screenLink(hall, 'board'), screenLink(hall, 'console')))));
}

// ---- check my ticket ----

const checkForm = document.getElementById('check-form');
const checkHall = document.getElementById('check-hall');
const checkNumber = document.getElementById('check-number');
const checkSubmit = document.getElementById('check-submit');
const checkAlert = document.getElementById('check-alert');

/** "a12", "A 12", "a-012", " A-012 " → "A-012"; null when it is not a letter and at most four digits. */
export function normalizeNumber(text) {
    const m = /^([A-Z]{1,3})[\s\-_.]*(\d{1,4})$/.exec(String(text || '').trim().toUpperCase());
    return m ? `${m[1]}-${m[2].padStart(3, '0')}` : null;
}

function renderHallChoice() {
    const chosen = checkHall.value;
    const options = halls.map(({ hall }) => h('option', { value: hall.id }, hall.name));
    // One hall: it is chosen already. Several: the citizen picks one.
    if (halls.length !== 1) options.unshift(h('option', { value: '' }, t('home.check.choose_hall')));
    checkHall.replaceChildren(...options);
    if (chosen && halls.some(({ hall }) => hall.id === chosen)) checkHall.value = chosen;
}

async function checkTicket(event) {
    event.preventDefault();
    clearAlert(checkAlert);
    const hall = checkHall.value;
    const number = normalizeNumber(checkNumber.value);
    if (!hall) {
        showAlert(checkAlert, t('home.check.no_hall'));
        checkHall.focus();
        return;
    }
    if (!number) {
        checkNumber.setAttribute('aria-invalid', 'true');
        showAlert(checkAlert, t('home.check.bad_number'));
        checkNumber.focus();
        return;
    }
    checkNumber.removeAttribute('aria-invalid');
    checkNumber.value = number;
    checkSubmit.disabled = true;
    checkSubmit.textContent = t('home.check.checking');
    try {
        // Today's ticket: the hall's date (its own clock and time zone) without dashes, then the number.
        const queue = await api(hallApi(hall, 'queue'));
        const id = `${String(queue.date || '').replaceAll('-', '')}-${number}`;
        const ticket = await api(hallApi(hall, 'tickets', id));
        location.assign(`/t/${encodeURIComponent(hall)}/${encodeURIComponent(ticket.id || id)}`);
    } catch (e) {
        if (e.code === 'ticket_not_found') checkNumber.setAttribute('aria-invalid', 'true');
        showAlert(checkAlert, errorMessage(e));
    } finally {
        checkSubmit.disabled = false;
        checkSubmit.textContent = t('home.check.submit');
    }
}

checkForm.addEventListener('submit', checkTicket);
checkNumber.addEventListener('input', () => checkNumber.removeAttribute('aria-invalid'));

// ---- halls ----

async function load() {
    try {
        const data = await api('/api/v1/halls');
        halls = (data.halls || []).map((hall) => ({ hall, detail: null }));
        renderHallChoice();
        render();
        await Promise.all(halls.map(async (entry) => {
            try { entry.detail = await api(`/api/v1/halls/${encodeURIComponent(entry.hall.id)}`); } catch (_) { /* facts are optional */ }
        }));
        render();
    } catch (e) {
        list.replaceChildren();
        showAlert(alertRegion, errorMessage(e));
    }
}

initI18n();
onLanguageChange(() => { render(); renderHallChoice(); });
load();
