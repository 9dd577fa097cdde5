// The officers' figures of a government, for its supervisors, unit heads, admins and auditors: per officer, for a
// period and an optional unit, the citizens served, the mean service time, the no-shows, the time their counter
// stood idle while citizens waited for its services, and the citizens' rating of their conduct; sortable by any
// column, downloadable as CSV or XLSX. Data: GET /api/v1/tenants/{tenant}/officers/performance?from&to&unit
// (&format=csv|xlsx for the downloads).
import { api, ApiError, pathSegments, serverNow } from './api.js';
import { clearAlert, h, showAlert, zoneOf } from './common.js';
import { errorMessage } from './errors.js';
import { NONE, count, decimal, isDate, localDate, minutes, periodText, presetRange } from './figures.js';
import { addStrings, initI18n, lang, onLanguageChange, pick, t } from './i18n.js';
import { loginUrl, requireSession, signOut } from './session.js';

addStrings({
    id: {
        'off.title': 'Kinerja petugas',
        'off.sign_out': 'Keluar',
        'off.heading': 'Kinerja petugas',
        'off.from': 'Dari tanggal',
        'off.to': 'Sampai tanggal',
        'off.unit': 'Unit',
        'off.all': 'Semua',
        'off.show': 'Tampilkan',
        'off.behind': 'Angka sedang diperbarui… Muat ulang sebentar lagi.',
        'off.forbidden': 'Halaman ini untuk supervisor, kepala unit, admin dan auditor pemerintah daerah ini.',
        'off.sign_in_other': 'Masuk dengan akun lain',
        'off.period_line': 'Periode {period} · unit: {unit}',
        'off.all_units': 'semua',
        'off.download': 'Unduh',
        'off.download_what': ' — tabel kinerja petugas',
        'off.caption': 'Petugas, diurutkan menurut kolom yang dipilih',
        'off.col.name': 'Petugas',
        'off.col.unit': 'Unit',
        'off.col.served': 'Dilayani',
        'off.col.mean_service': 'Rata-rata layanan (menit)',
        'off.col.no_shows': 'Tidak hadir',
        'off.col.idle': 'Menganggur saat ada antrean (menit)',
        'off.col.conduct': 'Penilaian sikap (1–4)',
        'off.col.conduct_n': 'Penilai',
        'off.sort': 'Urutkan menurut {column}',
        'off.none': 'Tidak ada petugas.',
        'off.idle_note': 'Menganggur saat ada antrean: waktu loket petugas buka, tidak istirahat dan tidak melayani siapa pun, sementara ada warga yang menunggu layanan yang dibuka di loket itu.',
    },
    en: {
        'off.title': 'Officers\' performance',
        'off.sign_out': 'Sign out',
        'off.heading': 'Officers\' performance',
        'off.from': 'From',
        'off.to': 'To',
        'off.unit': 'Unit',
        'off.all': 'All',
        'off.show': 'Show',
        'off.behind': 'The figures are being updated… Reload in a moment.',
        'off.forbidden': 'This page is for this government\'s supervisors, unit heads, admins and auditors.',
        'off.sign_in_other': 'Sign in with another account',
        'off.period_line': 'Period {period} · unit: {unit}',
        'off.all_units': 'all',
        'off.download': 'Download',
        'off.download_what': ' — officers\' performance table',
        'off.caption': 'Officers, sorted by the chosen column',
        'off.col.name': 'Officer',
        'off.col.unit': 'Unit',
        'off.col.served': 'Served',
        'off.col.mean_service': 'Mean service (min)',
        'off.col.no_shows': 'No-shows',
        'off.col.idle': 'Idle while citizens waited (min)',
        'off.col.conduct': 'Conduct rating (1–4)',
        'off.col.conduct_n': 'Raters',
        'off.sort': 'Sort by {column}',
        'off.none': 'No officers.',
        'off.idle_note': 'Idle while citizens waited: time the officer\'s counter was open, not on a break and serving nobody, while citizens waited for a service that counter offered.',
    },
});

const $ = (id) => document.getElementById(id);
const tenant = pathSegments()[1] || '';
const base = `/api/v1/tenants/${encodeURIComponent(tenant)}`;
let zone = zoneOf('+07:00');
let units = [];
let report = null;
let loads = 0;
let sort = { key: 'served', descending: true };

const unitName = (id) => pick(units.find((u) => u.id === id)?.name) || id || NONE;

/** The columns: how each is shown, and the value it sorts by (null sorts last either way). */
const COLUMNS = [
    { key: 'name', head: 'off.col.name', text: (o) => o.name, value: (o) => o.name },
    { key: 'unit', head: 'off.col.unit', text: (o) => unitName(o.unit), value: (o) => unitName(o.unit) },
    { key: 'served', head: 'off.col.served', num: true, text: (o) => count(o.served), value: (o) => o.served },
    { key: 'mean_service', head: 'off.col.mean_service', num: true, text: (o) => minutes(o.mean_service_s),
      value: (o) => o.mean_service_s },
    { key: 'no_shows', head: 'off.col.no_shows', num: true, text: (o) => count(o.no_shows), value: (o) => o.no_shows },
    { key: 'idle', head: 'off.col.idle', num: true, text: (o) => minutes(o.idle_while_waiting_s),
      value: (o) => o.idle_while_waiting_s },
    { key: 'conduct', head: 'off.col.conduct', num: true, text: (o) => decimal(o.conduct?.mean, 2),
      value: (o) => o.conduct?.mean },
    { key: 'conduct_n', head: 'off.col.conduct_n', num: true, text: (o) => count(o.conduct?.answered ?? 0),
      value: (o) => o.conduct?.answered },
];

function compare(column) {
    const collator = new Intl.Collator(lang() === 'en' ? 'en' : 'id');
    return (a, b) => {
        const x = column.value(a);
        const y = column.value(b);
        const missing = (v) => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
        if (missing(x) || missing(y)) return missing(x) - missing(y);  // unknown figures last, whatever the order
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
        return (sort.descending ? -order : order) || collator.compare(a.name, b.name);
    };
}

function renderHead() {
    $('officers-head').replaceChildren(...COLUMNS.map((column) => {
        const active = sort.key === column.key;
        const label = t(column.head);
        return h('th', { scope: 'col', class: column.num ? 'num' : null,
                         'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : null },
                 h('button', { type: 'button', class: 'sort', dataset: { sort: column.key },
                               onclick: () => {
                                   sort = { key: column.key, descending: active ? !sort.descending : column.num === true };
                                   render();
                               } },
                   label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (sort.descending ? ' ▼' : ' ▲') : ' ↕')));
    }));
}

function render() {
    renderHead();
    if (!report) return;
    const column = COLUMNS.find((c) => c.key === sort.key) || COLUMNS[2];
    const officers = [...(report.officers || [])].sort(compare(column));
    $('officers-table').tBodies[0].replaceChildren(...(officers.length
        ? officers.map((officer) => h('tr', { dataset: { officer: officer.id } }, ...COLUMNS.map((c, i) => (i === 0
            ? h('th', { scope: 'row', dataset: { col: c.key } }, c.text(officer))
            : h('td', { class: c.num ? 'num' : null, dataset: { col: c.key } }, c.text(officer))))))
        : [h('tr', {}, h('td', { colspan: String(COLUMNS.length) }, t('off.none')))]));
    $('behind').hidden = !report.view?.behind;
    $('period-line').textContent = t('off.period_line', {
        period: periodText(report.from, report.to),
        unit: report.scope?.unit ? unitName(report.scope.unit) : t('off.all_units') });
    document.body.dataset.state = 'ready';
}

function filterQuery() {
    const query = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if ($('unit').value) query.set('unit', $('unit').value);
    return query;
}

/** Reads the figures of the filter; `remember` puts the filter in the address (a person chose it). */
async function load(remember = false) {
    const mine = ++loads;
    const query = filterQuery();
    if (remember) {
        const url = new URL(location.href);
        for (const key of ['from', 'to', 'unit']) url.searchParams.delete(key);
        for (const [key, value] of query) url.searchParams.set(key, value);
        history.replaceState(null, '', url);
    }
    for (const format of ['csv', 'xlsx']) {
        const download = new URLSearchParams(query);
        download.set('format', format);
        $(`download-${format}`).href = `${base}/officers/performance?${download}`;
    }
    clearAlert($('alert'));
    document.body.dataset.state = 'loading';
    try {
        const answer = await api(`${base}/officers/performance?${query}`);
        if (mine !== loads) return;
        report = answer;
        render();
    } catch (e) {
        if (mine !== loads) return;
        document.body.dataset.state = 'error';
        const forbidden = e instanceof ApiError && (e.status === 401 || e.status === 403);
        showAlert($('alert'), forbidden ? t('off.forbidden') : e instanceof ApiError ? e.message : errorMessage(e));
        if (forbidden) $('alert').querySelector('.alert').append(' ', h('a', { href: loginUrl() }, t('off.sign_in_other')));
    }
}

async function learnCatalog() {
    try {
        const halls = (await api('/api/v1/halls')).halls.filter((hall) => hall.tenant === tenant);
        if (halls[0]?.utc_offset) zone = zoneOf(halls[0].utc_offset) || zone;
    } catch (e) {
        console.info('layan: the halls cannot be listed', e);
    }
    try {
        const today = await api(`${base}/performance`);
        units = today.units || [];
        if (today.tenant?.name) $('government').textContent = today.tenant.name;
    } catch (e) {
        console.info('layan: the units cannot be read', e);
    }
}

async function main() {
    initI18n();
    const session = await requireSession();
    $('who').textContent = `${session.user.username} (${session.user.role})`;
    $('sign-out').addEventListener('click', signOut);
    await learnCatalog();
    const query = new URLSearchParams(location.search);
    const month = presetRange('month', localDate(serverNow(), zone));
    const valid = isDate(query.get('from')) && isDate(query.get('to'));
    $('from').value = valid ? query.get('from') : month.from;
    $('to').value = valid ? query.get('to') : month.to;
    const unit = $('unit');
    unit.replaceChildren(unit.options[0], ...units.map((u) => h('option', { value: u.id }, pick(u.name))));
    unit.value = query.get('unit') || '';
    if (unit.value !== (query.get('unit') || '')) unit.value = '';
    $('filter').addEventListener('submit', (event) => {
        event.preventDefault();
        load(true);
    });
    onLanguageChange(() => {
        for (const option of [...unit.options].slice(1)) option.textContent = unitName(option.value);
        render();
    });
    renderHead();
    await load();
}

main();
