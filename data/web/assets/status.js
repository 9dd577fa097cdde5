// A citizen's ticket on their phone: kept live over SSE (each hall event refetches the ticket),
// with a big "your turn" banner and a vibration when called.
import { api, hallApi, pathSegments, serverNow } from './api.js';
import { addStrings, initI18n, lang, onLanguageChange, pick, t } from './i18n.js';
import { counterName, priorityText, showAlert, statusText, waitText, zoneOf } from './common.js';
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
        'status.msg.waiting': 'Halaman ini diperbarui otomatis. Kami akan memberi tahu saat giliran Anda tiba.',
        'status.msg.done': 'Layanan selesai. Terima kasih telah berkunjung.',
        'status.msg.no_show': 'Nomor ini dipanggil tetapi Anda tidak hadir. Silakan hubungi petugas informasi.',
        'status.msg.cancelled': 'Nomor antrian ini dibatalkan.',
        'status.msg.transferred': 'Nomor ini dialihkan ke layanan lain.',
        'status.updated': 'Diperbarui {time}',
        'status.not_found': 'Nomor antrian tidak ditemukan. Periksa tautan pada tiket Anda.',
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
        'status.msg.waiting': 'This page updates by itself. We will tell you when it is your turn.',
        'status.msg.done': 'Service completed. Thank you for your visit.',
        'status.msg.no_show': 'This number was called but you did not come. Please ask at the information desk.',
        'status.msg.cancelled': 'This queue number was cancelled.',
        'status.msg.transferred': 'This number was transferred to another service.',
        'status.updated': 'Updated {time}',
        'status.not_found': 'Queue number not found. Check the link on your ticket.',
    },
});

const [, hallId, ticketId] = pathSegments();
const $ = (id) => document.getElementById(id);
let ticket = null;
let hall = null;
let updatedAt = null;
let lastCalls = 0;

function time(iso) {
    if (!iso) return '';
    return new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB',
        { hour: '2-digit', minute: '2-digit', timeZone: zoneOf(hall?.utc_offset || '+07:00') }).format(new Date(iso));
}

function render() {
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
    } else {
        turn.hidden = true;
    }
    $('updated').textContent = updatedAt ? `· ${t('status.updated', { time: time(updatedAt.toISOString()) })}` : '';
}

async function load() {
    try {
        ticket = await api(hallApi(hallId, 'tickets', ticketId));
        updatedAt = serverNow();
        if (ticket.status === 'called' && (ticket.calls || 1) > lastCalls) {
            lastCalls = ticket.calls || 1;
            navigator.vibrate?.([400, 150, 400, 150, 400]);
        }
        render();
    } catch (e) {
        showAlert($('alert'), e.status === 404 ? t('status.not_found') : e.message);
    }
}

async function start() {
    initI18n();
    onLanguageChange(render);
    api(hallApi(hallId)).then((h) => { hall = h; $('hall-name').textContent = h.name; render(); }).catch(() => {});
    await load();
    const refetch = debounce(load, 300);
    listen(hallId, {
        onOpen: load,
        onEvent: refetch,
        onState: (s) => {
            const el = $('connection');
            el.dataset.state = s;
            el.textContent = t(s === 'live' ? 'common.live' : 'common.reconnecting');
        },
    });
}

start();
