// Officer console: open a counter, then call, serve, transfer and pause; live over SSE.
// The counter and officer chosen are remembered on this device.
import { api, hallApi, pathSegments, serverNow } from './api.js';
import { errorMessage } from './errors.js';
import { addStrings, initI18n, lang, onLanguageChange, pick, t } from './i18n.js';
import { clearAlert, counterName, h, localHourMinute, priorityText, showAlert, statusText, zoneOf } from './common.js';
import { debounce, listen } from './live.js';
import { requireSession, signOut } from './session.js';

addStrings({
    id: {
        'console.title': 'Konsol Petugas',
        'console.setup_title': 'Buka loket',
        'console.setup_hint': 'Pilih loket dan nama Anda, lalu layanan yang Anda tangani hari ini.',
        'console.counter': 'Loket',
        'console.officer': 'Petugas',
        'console.services': 'Layanan',
        'console.choose': '— pilih —',
        'console.open': 'Buka loket',
        'console.enter': 'Masuk ke loket yang sudah buka',
        'console.counter_open_by': '{counter} — buka ({officer})',
        'console.counter_paused_by': '{counter} — istirahat ({officer})',
        'console.no_skills': 'Petugas ini belum memiliki keahlian layanan di mal ini.',
        'console.pick_service': 'Pilih sedikitnya satu layanan.',
        'console.pick_counter_officer': 'Pilih loket dan petugas.',
        'console.pause': 'Istirahat…',
        'console.resume': 'Lanjutkan melayani',
        'console.close': 'Tutup loket',
        'console.close_confirm': 'Tutup {counter}? Warga yang menunggu akan dilayani loket lain.',
        'console.switch': 'Ganti loket',
        'console.pause_title': 'Istirahat sejenak',
        'console.pause_reason': 'Alasan',
        'console.pause_other_label': 'Alasan lain',
        'console.pause_confirm': 'Mulai istirahat',
        'console.pause_need_reason': 'Tuliskan alasan istirahat.',
        'console.reason.istirahat': 'Istirahat',
        'console.reason.ishoma': 'Ishoma (istirahat, sholat, makan)',
        'console.reason.rapat': 'Rapat / koordinasi',
        'console.reason.gangguan': 'Gangguan sistem',
        'console.reason.lainnya': 'Lainnya…',
        'console.current': 'Nomor saat ini',
        'console.none': 'Belum ada nomor dipanggil',
        'console.call_next': 'Panggil berikutnya',
        'console.recall': 'Panggil ulang',
        'console.start': 'Mulai layanan',
        'console.finish': 'Selesai',
        'console.no_show': 'Tidak hadir',
        'console.transfer': 'Alihkan…',
        'console.transfer_to': 'Alihkan ke layanan',
        'console.transfer_confirm': 'Alihkan',
        'console.shortcuts': 'Pintasan: F1 atau N panggil berikutnya · R panggil ulang · S mulai · D selesai',
        'console.my_queue': 'Antrian layanan Anda',
        'console.col_service': 'Layanan',
        'console.col_waiting': 'Menunggu',
        'console.col_longest': 'Terlama',
        'console.col_open': 'Loket buka',
        'console.next_up': 'Berikutnya',
        'console.next_none': 'Tidak ada yang menunggu.',
        'console.calls_n': 'dipanggil {n}×',
        'console.called_at': 'pukul {time}',
        'console.nobody': 'Tidak ada warga yang menunggu untuk layanan Anda.',
        'console.called': '{number} dipanggil ke {counter}.',
        'console.recalled': '{number} dipanggil ulang.',
        'console.started': 'Melayani {number}.',
        'console.finished': '{number} selesai dilayani.',
        'console.no_showed': '{number} dicatat tidak hadir.',
        'console.transferred': '{number} dialihkan ke {service}.',
        'console.paused': 'Loket istirahat.',
        'console.resumed': 'Loket kembali melayani.',
        'console.closed': 'Loket ditutup.',
        'console.opened': '{counter} dibuka.',
        'console.minutes': '{n} mnt',
        'console.sign_out': 'Keluar',
        'console.change_password': 'Ganti kata sandi',
        'console.signed_in_as': 'Masuk sebagai {name}',
        'console.counter_taken': '{counter} — dipakai {officer}',
        'console.counter_while_held': '{counter} — Anda masih di {held}',
        'console.recall_in': 'Panggil ulang bisa lagi dalam {n} detik: warga mungkin sedang menuju loket.',
        'console.no_show_in': 'Tidak hadir bisa dicatat dalam {n} detik bila warga tetap tidak datang.',
        'console.hint_called': 'Warga belum datang? Panggil ulang ({calls} dari {max} panggilan); tidak hadir bisa dicatat setelah {max} panggilan.',
        'console.hint_last_call': '{number} sudah dipanggil {calls} kali. Mulai layanan bila warga datang, atau catat tidak hadir.',
        'console.hint_serving': 'Tekan Selesai bila layanan sudah tuntas, atau alihkan ke layanan lain.',
        'console.hint_paused': 'Loket sedang istirahat: tekan Lanjutkan melayani untuk memanggil warga.',
        'console.hint_ready': 'Tekan Panggil berikutnya (F1) untuk memanggil {number}.',
        'console.seconds': '{n} dtk',
    },
    en: {
        'console.title': 'Officer console',
        'console.setup_title': 'Open a counter',
        'console.setup_hint': 'Choose the counter and your name, then the services you handle today.',
        'console.counter': 'Counter',
        'console.officer': 'Officer',
        'console.services': 'Services',
        'console.choose': '— choose —',
        'console.open': 'Open counter',
        'console.enter': 'Go to this open counter',
        'console.counter_open_by': '{counter} — open ({officer})',
        'console.counter_paused_by': '{counter} — on break ({officer})',
        'console.no_skills': 'This officer has no service skills in this hall yet.',
        'console.pick_service': 'Choose at least one service.',
        'console.pick_counter_officer': 'Choose a counter and an officer.',
        'console.pause': 'Break…',
        'console.resume': 'Resume serving',
        'console.close': 'Close counter',
        'console.close_confirm': 'Close {counter}? Waiting citizens will be served at other counters.',
        'console.switch': 'Change counter',
        'console.pause_title': 'Take a break',
        'console.pause_reason': 'Reason',
        'console.pause_other_label': 'Other reason',
        'console.pause_confirm': 'Start break',
        'console.pause_need_reason': 'Write the reason for the break.',
        'console.reason.istirahat': 'Break',
        'console.reason.ishoma': 'Lunch and prayer',
        'console.reason.rapat': 'Meeting',
        'console.reason.gangguan': 'System problem',
        'console.reason.lainnya': 'Other…',
        'console.current': 'Current number',
        'console.none': 'No number called yet',
        'console.call_next': 'Call next',
        'console.recall': 'Call again',
        'console.start': 'Start service',
        'console.finish': 'Done',
        'console.no_show': 'No-show',
        'console.transfer': 'Transfer…',
        'console.transfer_to': 'Transfer to service',
        'console.transfer_confirm': 'Transfer',
        'console.shortcuts': 'Shortcuts: F1 or N call next · R call again · S start · D done',
        'console.my_queue': 'Your services’ queue',
        'console.col_service': 'Service',
        'console.col_waiting': 'Waiting',
        'console.col_longest': 'Longest',
        'console.col_open': 'Counters open',
        'console.next_up': 'Next',
        'console.next_none': 'Nobody is waiting.',
        'console.calls_n': 'called {n}×',
        'console.called_at': 'at {time}',
        'console.nobody': 'Nobody is waiting for your services.',
        'console.called': '{number} called to {counter}.',
        'console.recalled': '{number} called again.',
        'console.started': 'Serving {number}.',
        'console.finished': '{number} done.',
        'console.no_showed': '{number} recorded as a no-show.',
        'console.transferred': '{number} transferred to {service}.',
        'console.paused': 'Counter on break.',
        'console.resumed': 'Counter serving again.',
        'console.closed': 'Counter closed.',
        'console.opened': '{counter} opened.',
        'console.minutes': '{n} min',
        'console.sign_out': 'Sign out',
        'console.change_password': 'Change password',
        'console.signed_in_as': 'Signed in as {name}',
        'console.counter_taken': '{counter} — in use by {officer}',
        'console.counter_while_held': '{counter} — you are still at {held}',
        'console.recall_in': 'You can call again in {n} seconds: the citizen may be on the way.',
        'console.no_show_in': 'A no-show can be recorded in {n} seconds if the citizen still does not come.',
        'console.hint_called': 'Citizen not here yet? Call again ({calls} of {max} calls); a no-show can be recorded after {max} calls.',
        'console.hint_last_call': '{number} has been called {calls} times. Start the service if the citizen comes, or record a no-show.',
        'console.hint_serving': 'Press Done when the service is complete, or transfer to another service.',
        'console.hint_paused': 'The counter is on break: press Resume serving to call citizens.',
        'console.hint_ready': 'Press Call next (F1) to call {number}.',
        'console.seconds': '{n} s',
    },
});

// Pause reasons are sent as Indonesian text: the board shows them to citizens.
const PAUSE_REASONS = ['istirahat', 'ishoma', 'rapat', 'gangguan', 'lainnya'];
const PAUSE_TEXT = { istirahat: 'Istirahat', ishoma: 'Ishoma', rapat: 'Rapat', gangguan: 'Gangguan sistem' };

const hallId = pathSegments()[1];
const storageKey = `layan.console.${hallId}`;
const $ = (id) => document.getElementById(id);
const alertRegion = $('alert');
const noticeRegion = $('notice');

const state = {
    hall: null, queue: null, next: [], session: null, counterId: null, officerId: null, view: 'setup', busy: false,
};
// The queue rules the server decides with (GET /api/v1/halls/{hall} "rules"); these defaults until it answers.
const DEFAULT_RULES = { max_calls: 3, min_recall_gap_s: 60 };

/** The officer this account is (an officer acts as themselves), or null for supervisors and admins. */
const ownOfficer = () => state.session?.user?.officer || null;

function remembered() {
    try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (_) { return {}; }
}
function remember() {
    try { localStorage.setItem(storageKey, JSON.stringify({ counter: state.counterId, officer: state.officerId })); } catch (_) { /* not fatal */ }
}

/** Whether the signed-in user may not work at this counter now, as the server decides (domain/access
 * CanOperate): an officer not at another officer's counter (403 not_your_counter), a supervisor or unit head
 * not at a counter held by an officer of another unit (403 other_unit); admins anywhere. */
function takenByOther(live) {
    const user = state.session?.user;
    if (!user || !live || live.status === 'closed' || !live.officer?.id) return false;
    if (user.role === 'officer') return live.officer.id !== user.officer;
    if (user.role === 'supervisor' || user.role === 'unit_head') {
        const unit = officer(live.officer.id)?.unit;
        return Boolean(unit) && !(user.units || []).includes(unit);
    }
    return false;
}

/** The counter other than `counterId` that the signed-in officer holds (open or on break): an officer works at one
 * counter at a time (409 officer_at_other_counter), so other closed counters are not offered to open. */
function heldElsewhere(counterId) {
    const user = state.session?.user;
    if (user?.role !== 'officer') return null;
    return state.queue?.counters?.find((c) => c.id !== counterId && c.status !== 'closed'
        && c.officer?.id === user.officer) || null;
}

const myCounter = () => state.queue?.counters?.find((c) => c.id === state.counterId) || null;
const hallCounter = (id) => state.hall?.counters?.find((c) => c.id === id) || null;
const officer = (id) => state.hall?.officers?.find((o) => o.id === id) || null;
const service = (code) => state.hall?.services?.find((s) => s.code === code) || null;
const serviceLabel = (code) => (service(code) ? pick(service(code).name) : code);

function activeTicket() {
    const ticket = myCounter()?.ticket;
    return ticket && (ticket.status === 'called' || ticket.status === 'serving') ? ticket : null;
}

// ---- setup ----

function renderSetup() {
    const counters = state.hall?.counters || [];
    const select = $('counter');
    const chosenCounter = state.counterId;
    select.replaceChildren(h('option', { value: '' }, t('console.choose')), ...counters.map((c) => {
        const live = state.queue?.counters?.find((q) => q.id === c.id);
        let label = counterName(c);
        const held = live?.status === 'closed' || !live ? heldElsewhere(c.id) : null;
        const taken = takenByOther(live) || Boolean(held);
        if (held) label = t('console.counter_while_held', { counter: label, held: counterName(held) });
        else if (takenByOther(live)) label = t('console.counter_taken', { counter: label, officer: live.officer?.name || '' });
        else if (live?.status === 'open') label = t('console.counter_open_by', { counter: label, officer: live.officer?.name || '' });
        else if (live?.status === 'paused') label = t('console.counter_paused_by', { counter: label, officer: live.officer?.name || '' });
        return h('option', { value: c.id, selected: c.id === chosenCounter && !taken, disabled: taken }, label);
    }));

    const officers = state.hall?.officers || [];
    $('officer').replaceChildren(h('option', { value: '' }, t('console.choose')),
        ...officers.map((o) => h('option', { value: o.id, selected: o.id === state.officerId }, o.name)));
    $('officer').disabled = Boolean(ownOfficer());
    renderSkills();
    const live = myCounter();
    $('open').textContent = live && live.status !== 'closed' ? t('console.enter') : t('console.open');
}

function renderSkills() {
    const who = officer(state.officerId);
    const skills = (who?.skills || []).filter((code) => service(code));
    if (!who) {
        $('skills').replaceChildren();
        return;
    }
    if (skills.length === 0) {
        $('skills').replaceChildren(h('p', { class: 'hint' }, t('console.no_skills')));
        return;
    }
    $('skills').replaceChildren(...skills.map((code) => h('label', { class: 'skill' },
        h('input', { type: 'checkbox', name: 'service', value: code, checked: true }),
        h('span', { class: 'prefix' }, service(code).prefix || ''),
        h('span', {}, serviceLabel(code)))));
}

async function submitSetup(event) {
    event.preventDefault();
    state.counterId = $('counter').value || null;
    state.officerId = $('officer').value || null;
    if (!state.counterId || !state.officerId) {
        say(t('console.pick_counter_officer'));
        return;
    }
    const live = myCounter();
    if (takenByOther(live) || ((!live || live.status === 'closed') && heldElsewhere(state.counterId))) {
        say(t('err.not_your_counter', { counter: counterName(live || hallCounter(state.counterId)) }));
        state.counterId = null;
        return;
    }
    remember();
    if (live && live.status !== 'closed') {
        clearAlert(alertRegion);
        show('work');
        await refresh();
        return;
    }
    const services = [...document.querySelectorAll('#skills input:checked')].map((i) => i.value);
    if (services.length === 0) {
        say(t('console.pick_service'));
        return;
    }
    const counter = await act(() => api(hallApi(hallId, 'counters', state.counterId, 'open'),
        { method: 'POST', body: { officer: state.officerId, services } }));
    if (counter) {
        show('work');
        await refresh();  // the "next" list of the counter just opened
        notice(t('console.opened', { counter: counterName(counter) }));
    }
}

// ---- work ----

function renderWork() {
    const counter = myCounter();
    const fixed = hallCounter(state.counterId);
    if (!counter && !fixed) return;
    const status = counter?.status || 'closed';
    $('work-counter').textContent = counterName(counter || fixed);
    $('work-status').textContent = t('counter.' + status);
    $('work-status').className = `badge badge-${status}`;
    $('work-officer').textContent = [counter?.officer?.name,
        status === 'paused' && counter?.pause_reason ? `${t('counter.paused')}: ${counter.pause_reason}` : null].filter(Boolean).join(' · ');
    $('work-services').replaceChildren(...(counter?.services || []).map((code) => h('li', {}, serviceLabel(code))));

    const paused = status === 'paused';
    const open = status === 'open';
    $('pause').hidden = !open;
    $('resume').hidden = !paused;
    if (!open) $('pause-panel').hidden = true;

    const ticket = activeTicket();
    const current = document.querySelector('.current');
    current.dataset.status = ticket?.status || '';
    current.dataset.ticket = ticket?.id || '';
    $('current-number').textContent = ticket ? ticket.number : '–';
    $('current-service').textContent = ticket ? pick(ticket.service_name) || serviceLabel(ticket.service) : t('console.none');
    const meta = [];
    if (ticket) {
        meta.push(h('span', { class: `badge ${ticket.status === 'called' ? 'badge-paused' : 'badge-open'}` }, statusText(ticket.status)));
        if (ticket.priority) meta.push(h('span', { class: 'badge badge-priority' }, `${t('priority.label')} · ${priorityText(ticket.priority)}`));
        if (ticket.calls) meta.push(h('span', {}, t('console.calls_n', { n: ticket.calls })));
        const called = localHourMinute(ticket.called_at_local) || (ticket.called_at
            ? new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB',
                { hour: '2-digit', minute: '2-digit', timeZone: zoneOf(state.hall?.utc_offset) }).format(new Date(ticket.called_at))
            : '');
        if (called) meta.push(h('span', {}, t('console.called_at', { time: called })));
    }
    $('current-meta').replaceChildren(...meta);

    if (!ticket) $('transfer-panel').hidden = true;
    renderActions();
    renderQueue(counter);
}

/** Seconds from the server's now until `gapS` seconds after the instant `iso` (0 when passed or unknown). */
function secondsUntil(iso, gapS) {
    const at = Date.parse(iso || '');
    if (Number.isNaN(at)) return 0;
    return Math.max(0, Math.ceil((at + gapS * 1000 - serverNow().getTime()) / 1000));
}

/** What the officer can do now, from the counter, its ticket and the hall's rules: the same rules the server
 * applies, so an enabled button does not fail (unless someone else acted meanwhile). `*In`: seconds until
 * time enables the action. */
function possible() {
    const status = myCounter()?.status || 'closed';
    const ticket = activeTicket();
    const rules = { ...DEFAULT_RULES, ...state.hall?.rules };
    const open = status === 'open';
    const called = open && ticket?.status === 'called';
    const calls = ticket?.calls ?? 0;
    const wait = called ? secondsUntil(ticket.called_at, rules.min_recall_gap_s) : 0;
    const canRecallLater = called && calls < rules.max_calls;
    const canNoShowLater = called && calls >= rules.max_calls;
    return {
        rules, ticket, status, calls,
        callNext: open && !ticket && state.next.length > 0,
        recall: canRecallLater && wait === 0,
        recallIn: canRecallLater ? wait : 0,
        start: called,
        noShow: canNoShowLater && wait === 0,
        noShowIn: canNoShowLater ? wait : 0,
        finish: open && ticket?.status === 'serving',
        transfer: open && Boolean(ticket),
        pause: open && !ticket,
        resume: status === 'paused',
        close: status !== 'closed' && !ticket,
    };
}

/** The buttons, their countdowns and the sentence saying what to do next; run every second while counting. */
function renderActions() {
    const can = possible();
    const busy = state.busy;
    const enable = (id, allowed) => {
        $(id).disabled = busy || !allowed;
    };
    enable('call-next', can.callNext);
    enable('recall', can.recall);
    enable('start', can.start);
    enable('no-show', can.noShow);
    enable('finish', can.finish);
    enable('transfer', can.transfer);
    enable('pause', can.pause);
    enable('resume', can.resume);
    enable('close', can.close);
    $('recall-countdown').textContent = can.recallIn ? t('console.seconds', { n: can.recallIn }) : '';
    $('no-show-countdown').textContent = can.noShowIn ? t('console.seconds', { n: can.noShowIn }) : '';

    let hint = '';
    if (can.status === 'paused') hint = t('console.hint_paused');
    else if (can.recallIn) hint = t('console.recall_in', { n: can.recallIn });
    else if (can.noShowIn) hint = t('console.no_show_in', { n: can.noShowIn });
    else if (can.ticket?.status === 'called' && can.recall) {
        hint = t('console.hint_called', { calls: can.calls, max: can.rules.max_calls });
    } else if (can.ticket?.status === 'called') {
        hint = t('console.hint_last_call', { number: can.ticket.number, calls: can.calls });
    } else if (can.ticket?.status === 'serving') hint = t('console.hint_serving');
    else if (can.status === 'open' && state.next.length > 0) hint = t('console.hint_ready', { number: state.next[0].number });
    else if (can.status === 'open') hint = t('console.nobody');
    if ($('action-hint').textContent !== hint) $('action-hint').textContent = hint;
    return can;
}

function renderQueue(counter) {
    const mine = counter?.services || [];
    const stats = (state.queue?.services || []).filter((s) => mine.includes(s.code));
    $('queue-body').replaceChildren(...stats.map((s) => h('tr', { class: s.waiting > 0 ? 'busy' : '', dataset: { service: s.code } },
        h('td', {}, pick(s.name) || serviceLabel(s.code)),
        h('td', { class: 'num' }, h('strong', {}, String(s.waiting))),
        h('td', { class: 'num' }, s.waiting > 0 ? t('console.minutes', { n: s.longest_wait_min ?? 0 }) : '–'),
        h('td', { class: 'num' }, String(s.counters_open ?? 0)))));
    // The order call-next will follow: the server's routing policy (GET .../counters/{counter}/next).
    const next = state.next;
    $('next-list').replaceChildren(...(next.length ? next.map((w) => h('li', { dataset: { ticket: w.id } },
        h('span', { class: 'number' }, w.number),
        h('span', { class: 'service' }, serviceLabel(w.service)),
        w.priority && h('span', { class: 'badge badge-priority' }, priorityText(w.priority))))
        : [h('li', { class: 'empty' }, t('console.next_none'))]));
}

function renderTransferOptions() {
    const ticket = activeTicket();
    const options = (state.hall?.services || []).filter((s) => s.code !== ticket?.service);
    $('transfer-service').replaceChildren(...options.map((s) => h('option', { value: s.code }, `${pick(s.name)} (${s.prefix})`)));
}

function renderPauseReasons() {
    const group = $('pause-reasons');
    const label = group.querySelector('#pause-reason-label');
    group.replaceChildren(label, ...PAUSE_REASONS.map((reason, i) => h('label', {},
        h('input', { type: 'radio', name: 'pause-reason', value: reason, checked: i === 0 }),
        t('console.reason.' + reason))));
}

// ---- actions ----

/** Runs an API call with the buttons disabled; shows the server's message on failure. */
async function act(call) {
    if (state.busy) return undefined;
    state.busy = true;
    renderWork();
    try {
        return await call();
    } catch (e) {
        say(errorMessage(e));
        return undefined;
    } finally {
        state.busy = false;
        await refresh();
    }
}

/** Shows one message, replacing whatever was shown before: an error (kind "error") stays until the next message,
 * a success or info notice fades after 6 s. */
function say(message, kind = 'error') {
    refreshFailed = false;
    clearAlert(alertRegion);
    clearAlert(noticeRegion);
    if (kind === 'error') showAlert(alertRegion, message);
    else showAlert(noticeRegion, message, kind, { timeoutMs: 6000 });
}

function notice(message) { say(message, 'success'); }

async function callNext() {
    if ($('call-next').disabled) return;
    const response = await act(async () => {
        const ticket = await api(hallApi(hallId, 'counters', state.counterId, 'call-next'), { method: 'POST' });
        return { ticket };
    });
    if (!response) return;
    if (response.ticket) notice(t('console.called', { number: response.ticket.number, counter: counterName(response.ticket.counter || hallCounter(state.counterId)) }));
    else say(t('console.nobody'), 'info');
}

async function ticketAction(action, message, body) {
    const ticket = activeTicket();
    if (!ticket) return;
    const result = await act(() => api(hallApi(hallId, 'tickets', ticket.id, action), { method: 'POST', body }));
    if (result) notice(message(result));
}

async function counterAction(action, body, message) {
    const result = await act(() => api(hallApi(hallId, 'counters', state.counterId, action), { method: 'POST', body }));
    if (result) notice(message);
    return result;
}

// ---- views and data ----

function show(view) {
    state.view = view;
    $('setup').hidden = view !== 'setup';
    $('work').hidden = view !== 'work';
    render();
}

function render() {
    if (state.hall) $('hall-name').textContent = state.hall.name;
    const user = state.session?.user;
    if (user) $('who').textContent = t('console.signed_in_as', { name: officer(user.officer)?.name || user.username });
    if (state.view === 'setup') renderSetup();
    else renderWork();
}

/** Re-reads the hall now and, at an open counter, whom call-next will call; after every action (refused ones
 * too, so the console never acts on a stale ticket) and on every live event. */
let refreshes = 0;        // the latest refresh wins: an older answer arriving later is dropped
let refreshFailed = false;  // the message on screen is a failed refresh's, to clear once one succeeds

async function refresh() {
    const mine = ++refreshes;
    try {
        const queue = await api(hallApi(hallId, 'queue'));
        const open = queue.counters?.find((c) => c.id === state.counterId)?.status === 'open';
        const next = open ? (await api(`${hallApi(hallId, 'counters', state.counterId, 'next')}?limit=6`)).next : [];
        if (mine !== refreshes) return;
        state.queue = queue;
        state.next = next;
        if (refreshFailed) {
            refreshFailed = false;
            clearAlert(alertRegion);
        }
        if (state.view === 'work') renderWork();
        else if (!document.activeElement?.closest('#setup-form')) renderSetup();
    } catch (e) {
        if (mine !== refreshes) return;
        say(errorMessage(e));
        refreshFailed = true;
    }
}

const refreshSoon = debounce(refresh, 250);

function onKey(event) {
    if (state.view !== 'work' || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === 'F1') event.preventDefault();  // never the browser's help, even when calling is not possible
    if (event.target.closest?.('input, select, textarea')) return;
    const key = event.key.toLowerCase();
    const actions = {
        f1: () => callNext(),
        n: () => callNext(),
        r: () => !$('recall').disabled && $('recall').click(),
        // A key for an action that is not possible now does nothing (the button shows why).
        s: () => !$('start').disabled && $('start').click(),
        d: () => !$('finish').disabled && $('finish').click(),
    };
    if (actions[key]) {
        event.preventDefault();
        actions[key]();
    }
}

function wire() {
    $('setup-form').addEventListener('submit', submitSetup);
    $('officer').addEventListener('change', () => { state.officerId = $('officer').value || null; renderSkills(); });
    $('counter').addEventListener('change', () => {
        state.counterId = $('counter').value || null;
        const live = myCounter();
        if (live?.officer?.id && !ownOfficer()) { state.officerId = live.officer.id; $('officer').value = live.officer.id; renderSkills(); }
        $('open').textContent = live && live.status !== 'closed' ? t('console.enter') : t('console.open');
    });
    $('call-next').addEventListener('click', callNext);
    $('recall').addEventListener('click', () => ticketAction('recall', (tk) => t('console.recalled', { number: tk.number })));
    $('start').addEventListener('click', () => ticketAction('start', (tk) => t('console.started', { number: tk.number })));
    $('finish').addEventListener('click', () => ticketAction('finish', (tk) => t('console.finished', { number: tk.number })));
    $('no-show').addEventListener('click', () => ticketAction('no-show', (tk) => t('console.no_showed', { number: tk.number })));
    $('transfer').addEventListener('click', () => {
        renderTransferOptions();
        $('transfer-panel').hidden = false;
        $('transfer-service').focus();
    });
    $('transfer-cancel').addEventListener('click', () => { $('transfer-panel').hidden = true; });
    $('transfer-panel').addEventListener('submit', async (event) => {
        event.preventDefault();
        const code = $('transfer-service').value;
        $('transfer-panel').hidden = true;
        await ticketAction('transfer', (tk) => t('console.transferred', { number: tk.number, service: serviceLabel(code) }), { service: code });
    });
    $('pause').addEventListener('click', () => {
        renderPauseReasons();
        $('pause-other-field').hidden = true;
        $('pause-panel').hidden = false;
        $('pause-panel').querySelector('input')?.focus();
    });
    $('pause-reasons').addEventListener('change', () => {
        const other = document.querySelector('input[name="pause-reason"]:checked')?.value === 'lainnya';
        $('pause-other-field').hidden = !other;
        if (other) $('pause-other').focus();
    });
    $('pause-cancel').addEventListener('click', () => { $('pause-panel').hidden = true; });
    $('pause-panel').addEventListener('submit', async (event) => {
        event.preventDefault();
        const choice = document.querySelector('input[name="pause-reason"]:checked')?.value || 'istirahat';
        const reason = choice === 'lainnya' ? $('pause-other').value.trim() : PAUSE_TEXT[choice];
        if (!reason) {
            say(t('console.pause_need_reason'));
            return;
        }
        $('pause-panel').hidden = true;
        await counterAction('pause', { reason }, t('console.paused'));
    });
    $('resume').addEventListener('click', () => counterAction('resume', undefined, t('console.resumed')));
    $('close').addEventListener('click', async () => {
        const name = counterName(myCounter() || hallCounter(state.counterId));
        if (!window.confirm(t('console.close_confirm', { counter: name }))) return;
        if (await counterAction('close', undefined, t('console.closed'))) show('setup');
    });
    $('switch').addEventListener('click', () => show('setup'));
    $('sign-out').addEventListener('click', () => signOut());
    document.addEventListener('keydown', onKey);
}

async function start() {
    initI18n();
    onLanguageChange(() => { render(); if (!$('pause-panel').hidden) renderPauseReasons(); });
    wire();
    state.session = await requireSession();  // signed out: goes to /login and comes back here
    $('sign-out').hidden = false;
    $('change-password').hidden = false;
    const saved = remembered();
    state.counterId = saved.counter || null;
    state.officerId = ownOfficer() || saved.officer || null;
    try {
        [state.hall, state.queue] = await Promise.all([api(hallApi(hallId)), api(hallApi(hallId, 'queue'))]);
    } catch (e) {
        say(e.status === 404 ? t('common.hall_unknown') : errorMessage(e));
        return;
    }
    if (!hallCounter(state.counterId) || takenByOther(myCounter())) state.counterId = null;
    if (!officer(state.officerId)) state.officerId = null;
    const live = myCounter();
    show(live && live.status !== 'closed' ? 'work' : 'setup');
    if (state.view === 'work') await refresh();
    // Countdowns (recall, no-show) move every second; the buttons follow without a server round trip.
    setInterval(() => { if (state.view === 'work') renderActions(); }, 1000);
    listen(hallId, {
        onOpen: refresh,
        onEvent: refreshSoon,
        onState: (s) => {
            const el = $('connection');
            el.dataset.state = s;
            el.textContent = t(s === 'live' ? 'common.live' : 'common.reconnecting');
        },
    });
}

start();
