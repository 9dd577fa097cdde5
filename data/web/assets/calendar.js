// The work calendar of a government, for its admins: the days as the tenant, a hall or a unit keeps them (open
// with hours, or closed and why; provisional while the year's national list is missing), the administrators'
// decisions for single dates (close, open, other hours) and the import of a year's national holidays. The
// queue of each hall and the deadlines of each unit follow this calendar. Data: GET/PUT/DELETE
// /api/v1/tenants/{tenant}/calendar[/days/{date}|/decisions|/years] (docs/API.md, "Work calendar").
import { api, ApiError, pathSegments, serverNow } from './api.js';
import { clearAlert, h, showAlert, zoneOf } from './common.js';
import { errorMessage } from './errors.js';
import { localDate } from './figures.js';
import { addStrings, initI18n, lang, onLanguageChange, pick, t } from './i18n.js';
import { loginUrl, requireSession, signOut } from './session.js';

addStrings({
    id: {
        'cal.title': 'Kalender kerja',
        'cal.sign_out': 'Keluar',
        'cal.heading': 'Kalender kerja',
        'cal.intro': 'Hari libur nasional dan cuti bersama berlaku untuk semua. Keputusan pemerintah daerah berlaku untuk semua mal dan unit; keputusan sebuah mal atau unit hanya untuknya dan mengalahkan keputusan pemerintah daerah. Antrean mal dan tenggat permohonan mengikuti kalender ini.',
        'cal.scope': 'Berlaku untuk',
        'cal.scope_tenant': 'Seluruh pemerintah daerah',
        'cal.scope_hall': 'Mal: {name}',
        'cal.scope_unit': 'Unit: {name}',
        'cal.from': 'Mulai tanggal',
        'cal.show': 'Tampilkan',
        'cal.caption': 'Hari-hari pada kalender yang dipilih',
        'cal.col.date': 'Tanggal',
        'cal.col.day': 'Keadaan',
        'cal.col.decision': 'Keputusan',
        'cal.open_hours': 'Buka {open}–{close}',
        'cal.break': ' (istirahat {from}–{to})',
        'cal.closed': 'Tutup',
        'cal.closed_why': 'Tutup: {why}',
        'cal.kind.national_holiday': 'libur nasional',
        'cal.kind.cuti_bersama': 'cuti bersama',
        'cal.kind.local_closure': 'penutupan setempat',
        'cal.kind.override': 'keputusan admin',
        'cal.provisional': 'sementara: libur nasional tahun ini belum dimuat',
        'cal.decided': 'Diputuskan: {reason}',
        'cal.decided_plain': 'Diputuskan',
        'cal.clear': 'Batalkan keputusan {date}',
        'cal.decide': 'Ubah satu tanggal',
        'cal.date': 'Tanggal',
        'cal.action': 'Tindakan',
        'cal.close': 'Tutup',
        'cal.open': 'Buka (jam biasa)',
        'cal.hours': 'Jam lain',
        'cal.opens': 'Buka',
        'cal.closes': 'Tutup',
        'cal.reason': 'Alasan (dibaca warga)',
        'cal.save': 'Simpan',
        'cal.saved': 'Tersimpan: {date}.',
        'cal.cleared': 'Keputusan {date} dibatalkan.',
        'cal.import': 'Impor hari libur nasional',
        'cal.import_help': 'Berkas JSON seperti data/calendar/id-2027.json, dari SKB tiga menteri. Tahun yang diimpor menggantikan data bawaan tahun itu.',
        'cal.file': 'Berkas kalender (JSON)',
        'cal.import_button': 'Impor',
        'cal.imported': 'Diimpor: {years}.',
        'cal.year_line': '{year}: {days} hari, {source}',
        'cal.not_json': 'Berkas ini bukan JSON yang valid.',
        'cal.warning': 'Hari libur nasional dan cuti bersama tahun {year} belum dimuat: mal hanya tutup pada libur bertanggal tetap (1 Januari, 1 Mei, 1 Juni, 17 Agustus, 25 Desember) dan tenggat pada tahun itu bersifat sementara. Impor daftarnya begitu SKB terbit.',
        'cal.forbidden': 'Halaman ini untuk admin pemerintah daerah ini.',
        'cal.sign_in_other': 'Masuk dengan akun lain',
    },
    en: {
        'cal.title': 'Work calendar',
        'cal.sign_out': 'Sign out',
        'cal.heading': 'Work calendar',
        'cal.intro': 'National holidays and cuti bersama apply to all. The government\'s decisions apply to every hall and unit; a hall\'s or unit\'s own decision applies to it alone and wins over the government\'s. The halls\' queues and the units\' deadlines follow this calendar.',
        'cal.scope': 'Applies to',
        'cal.scope_tenant': 'The whole government',
        'cal.scope_hall': 'Hall: {name}',
        'cal.scope_unit': 'Unit: {name}',
        'cal.from': 'From',
        'cal.show': 'Show',
        'cal.caption': 'The days of the chosen calendar',
        'cal.col.date': 'Date',
        'cal.col.day': 'State',
        'cal.col.decision': 'Decision',
        'cal.open_hours': 'Open {open}–{close}',
        'cal.break': ' (break {from}–{to})',
        'cal.closed': 'Closed',
        'cal.closed_why': 'Closed: {why}',
        'cal.kind.national_holiday': 'national holiday',
        'cal.kind.cuti_bersama': 'collective leave',
        'cal.kind.local_closure': 'local closure',
        'cal.kind.override': 'admin decision',
        'cal.provisional': 'provisional: this year\'s national holidays are not loaded',
        'cal.decided': 'Decided: {reason}',
        'cal.decided_plain': 'Decided',
        'cal.clear': 'Withdraw the decision of {date}',
        'cal.decide': 'Change one date',
        'cal.date': 'Date',
        'cal.action': 'Action',
        'cal.close': 'Close',
        'cal.open': 'Open (regular hours)',
        'cal.hours': 'Other hours',
        'cal.opens': 'Opens',
        'cal.closes': 'Closes',
        'cal.reason': 'Reason (citizens read it)',
        'cal.save': 'Save',
        'cal.saved': 'Saved: {date}.',
        'cal.cleared': 'The decision of {date} is withdrawn.',
        'cal.import': 'Import national holidays',
        'cal.import_help': 'A JSON file like data/calendar/id-2027.json, from the joint decree of three ministers. An imported year replaces the built-in data of that year.',
        'cal.file': 'Calendar file (JSON)',
        'cal.import_button': 'Import',
        'cal.imported': 'Imported: {years}.',
        'cal.year_line': '{year}: {days} days, {source}',
        'cal.not_json': 'This file is not valid JSON.',
        'cal.warning': 'The national holidays and cuti bersama of {year} are not loaded: halls close only on the fixed-date holidays (1 January, 1 May, 1 June, 17 August, 25 December) and deadlines in that year are provisional. Import the list as soon as the decree is published.',
        'cal.forbidden': 'This page is for this government\'s admins.',
        'cal.sign_in_other': 'Sign in with another account',
    },
});

const $ = (id) => document.getElementById(id);
const tenant = pathSegments()[1] || '';
const base = `/api/v1/tenants/${encodeURIComponent(tenant)}/calendar`;
const kDays = 42;
let zone = zoneOf('+07:00');
let halls = [];
let units = [];
let shown = null;      // the last GET of the calendar
let decisions = null;  // the last GET of the decisions

/** The scope chosen: '' (tenant), 'hall:<id>' or 'unit:<id>' → its query string ("?hall=...", "" for the tenant). */
function scopeQuery(value = $('scope').value) {
    const [kind, ...rest] = value.split(':');
    return kind === 'hall' || kind === 'unit' ? `?${kind}=${encodeURIComponent(rest.join(':'))}` : '';
}

function sameScope(scope, value = $('scope').value) {
    if (!value) return scope.kind === 'tenant';
    return `${scope.kind}:${scope.id}` === value;
}

function dateText(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'id-ID', {
        weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
    }).format(new Date(Date.UTC(y, m - 1, d)));
}

function dayState(day) {
    if (day.open) {
        const hours = day.hours;
        return t('cal.open_hours', { open: hours.open, close: hours.close }) +
            (hours.break ? t('cal.break', { from: hours.break.from, to: hours.break.to }) : '');
    }
    if (!day.closed) return t('cal.closed');
    const kind = t(`cal.kind.${day.closed.kind}`);
    const name = lang() === 'en' && day.closed.en ? day.closed.en : day.closed.id;
    return t('cal.closed_why', { why: `${name} (${kind})` });
}

function decidedOn(date) {
    const scope = decisions?.scopes?.find((s) => sameScope(s.scope));
    return scope?.days?.find((d) => d.date === date) || null;
}

function renderWarnings() {
    $('warnings').replaceChildren(...(shown?.warnings || []).map((warning) =>
        h('p', { class: 'alert alert-warn', role: 'status', dataset: { year: String(warning.year) } },
          t('cal.warning', { year: warning.year }))));
}

function renderDays() {
    if (!shown) return;
    $('days-table').tBodies[0].replaceChildren(...shown.days.map((day) => {
        const decided = decidedOn(day.date);
        const classes = [!day.open ? 'closed' : '', day.open && decided?.hours ? 'other-hours' : ''].filter(Boolean);
        const state = h('td', { dataset: { col: 'state' } }, dayState(day));
        if (day.provisional) state.append(h('br'), h('span', { class: 'provisional' }, t('cal.provisional')));
        const decision = h('td', { dataset: { col: 'decision' } });
        if (decided) {
            decision.append(decided.reason ? t('cal.decided', { reason: decided.reason }) : t('cal.decided_plain'), ' ',
                            h('button', { type: 'button', class: 'btn btn-danger', dataset: { clear: day.date },
                                          onclick: () => clearDay(day.date) }, t('cal.clear', { date: day.date })));
        }
        return h('tr', { class: classes.join(' ') || null, dataset: { date: day.date } },
                 h('th', { scope: 'row' }, dateText(day.date)), state, decision);
    }));
}

function renderYears() {
    $('years').replaceChildren(...(decisions?.years || []).map((year) =>
        h('li', {}, t('cal.year_line', { year: year.year, days: year.days, source: year.source || '—' }))));
}

function render() {
    renderWarnings();
    renderDays();
    renderYears();
}

function fail(e) {
    const forbidden = e instanceof ApiError && (e.status === 401 || e.status === 403);
    showAlert($('alert'), forbidden ? t('cal.forbidden') : errorMessage(e));
    if (forbidden) $('alert').querySelector('.alert')?.append(' ', h('a', { href: loginUrl() }, t('cal.sign_in_other')));
}

async function load() {
    document.body.dataset.state = 'loading';
    const scope = scopeQuery();
    const query = new URLSearchParams({ from: $('from').value, days: String(kDays) });
    try {
        const [days, decided] = await Promise.all([
            api(`${base}${scope || '?'}${scope ? '&' : ''}${query}`),
            api(`${base}/decisions`),
        ]);
        shown = days;
        decisions = decided;
        render();
        document.body.dataset.state = 'ready';
    } catch (e) {
        document.body.dataset.state = 'error';
        fail(e);
    }
}

async function decide(event) {
    event.preventDefault();
    clearAlert($('alert'));
    const action = new FormData($('decide-form')).get('action');
    const body = { working: action !== 'close', reason: $('reason').value.trim() };
    if (action === 'hours') body.hours = { open: $('opens').value, close: $('closes').value };
    const date = $('date').value;
    try {
        await api(`${base}/days/${encodeURIComponent(date)}${scopeQuery()}`, { method: 'PUT', body });
        showAlert($('alert'), t('cal.saved', { date }), 'success', { timeoutMs: 8000 });
        await load();
    } catch (e) {
        fail(e);
    }
}

async function clearDay(date) {
    clearAlert($('alert'));
    try {
        await api(`${base}/days/${encodeURIComponent(date)}${scopeQuery()}`, { method: 'DELETE' });
        showAlert($('alert'), t('cal.cleared', { date }), 'success', { timeoutMs: 8000 });
        await load();
    } catch (e) {
        fail(e);
    }
}

async function importYears(event) {
    event.preventDefault();
    clearAlert($('alert'));
    const file = $('file').files[0];
    if (!file) return;
    let document_;
    try {
        document_ = JSON.parse(await file.text());
    } catch (_) {
        showAlert($('alert'), t('cal.not_json'));
        return;
    }
    try {
        const answer = await api(`${base}/years`, { method: 'POST', body: document_ });
        showAlert($('alert'), t('cal.imported', { years: (answer.years || []).map((y) => y.year).join(', ') }), 'success');
        await load();
    } catch (e) {
        fail(e);
    }
}

async function learnScopes() {
    try {
        halls = (await api('/api/v1/halls')).halls?.filter((hall) => hall.tenant === tenant) || [];
        if (halls[0]?.utc_offset) zone = zoneOf(halls[0].utc_offset) || zone;
        const seen = new Set();
        for (const hall of halls) {
            const detail = await api(`/api/v1/halls/${encodeURIComponent(hall.id)}`);
            for (const unit of detail.units || []) {
                if (!seen.has(unit.id)) units.push(unit);
                seen.add(unit.id);
            }
        }
    } catch (e) {
        console.info('layan: the halls and units cannot be listed', e);
    }
    const select = $('scope');
    select.replaceChildren(select.options[0],
        ...halls.map((hall) => h('option', { value: `hall:${hall.id}` }, t('cal.scope_hall', { name: hall.name }))),
        ...units.map((unit) => h('option', { value: `unit:${unit.id}` }, t('cal.scope_unit', { name: pick(unit.name) }))));
}

async function main() {
    initI18n();
    const session = await requireSession();
    $('who').textContent = `${session.user.username} (${session.user.role})`;
    $('sign-out').addEventListener('click', signOut);
    await learnScopes();
    const today = localDate(serverNow(), zone);
    $('from').value = today;
    $('date').value = today;
    $('scope-form').addEventListener('submit', (event) => {
        event.preventDefault();
        load();
    });
    $('scope').addEventListener('change', load);
    $('decide-form').addEventListener('submit', decide);
    $('import-form').addEventListener('submit', importYears);
    onLanguageChange(() => {
        const select = $('scope');
        for (const option of [...select.options].slice(1)) {
            const [kind, id] = option.value.split(':');
            option.textContent = kind === 'hall'
                ? t('cal.scope_hall', { name: halls.find((x) => x.id === id)?.name || id })
                : t('cal.scope_unit', { name: pick(units.find((x) => x.id === id)?.name) || id });
        }
        render();
    });
    await load();
}

main();
