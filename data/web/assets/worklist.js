// The unit's work list (/tenants/{tenant}/permohonan): the open requests of the signed-in officer's units, running
// clocks by deadline first, then those waiting on the citizen, with the SLA state of each; filters by unit (a
// unit's backlog: ?unit=), status, SLA state and "assigned to me", kept in the address so a supervisor can share
// a view. Each code opens the request's file. Refreshed every minute. Data: GET
// /api/v1/tenants/{tenant}/requests (docs/API.md, "Service requests").
import { api, ApiError, pathSegments } from './api.js';
import { h, showAlert } from './common.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { instantText, slaName, statusName, tenantApi, unitNames } from './request-text.js';
import { loginUrl, requireSession, signOut } from './session.js';

addStrings({
    id: {
        'wl.title': 'Permohonan layanan',
        'wl.sign_out': 'Keluar',
        'wl.heading': 'Permohonan menurut tenggat',
        'wl.unit': 'Unit',
        'wl.all_units': 'Semua unit saya',
        'wl.status': 'Status',
        'wl.open': 'Semua yang belum selesai',
        'wl.sla': 'Jam layanan',
        'wl.any': 'Semua',
        'wl.mine': 'Hanya yang ditugaskan kepada saya',
        'wl.show': 'Tampilkan',
        'wl.caption': 'Jam yang berjalan, tenggat terdekat dahulu; lalu yang menunggu pemohon; lalu yang selesai',
        'wl.col.code': 'Kode',
        'wl.col.service': 'Layanan',
        'wl.col.status': 'Status',
        'wl.col.sla': 'Jam layanan',
        'wl.col.deadline': 'Tenggat',
        'wl.col.assigned': 'Petugas',
        'wl.summary': '{total} permohonan: {overdue} melewati tenggat, {due_soon} mendekati tenggat, {on_track} sesuai jadwal, {paused} menunggu pemohon.',
        'wl.summary_first': '{total} permohonan pertama menurut tenggat: {overdue} melewati tenggat, {due_soon} mendekati tenggat, {on_track} sesuai jadwal, {paused} menunggu pemohon. Persempit dengan pilihan di atas untuk melihat yang lain.',
        'wl.empty': 'Tidak ada permohonan dengan pilihan ini.',
        'wl.unassigned': 'belum ditugaskan',
        'wl.forbidden': 'Halaman ini untuk petugas, supervisor dan kepala unit yang melayani permohonan.',
        'wl.sign_in_other': 'Masuk dengan akun lain',
    },
    en: {
        'wl.title': 'Service requests',
        'wl.sign_out': 'Sign out',
        'wl.heading': 'Requests by deadline',
        'wl.unit': 'Unit',
        'wl.all_units': 'All my units',
        'wl.status': 'Status',
        'wl.open': 'All not yet finished',
        'wl.sla': 'Service clock',
        'wl.any': 'All',
        'wl.mine': 'Only those assigned to me',
        'wl.show': 'Show',
        'wl.caption': 'Running clocks, nearest deadline first; then those waiting on the applicant; then those done',
        'wl.col.code': 'Code',
        'wl.col.service': 'Service',
        'wl.col.status': 'Status',
        'wl.col.sla': 'Service clock',
        'wl.col.deadline': 'Deadline',
        'wl.col.assigned': 'Officer',
        'wl.summary': '{total} requests: {overdue} overdue, {due_soon} due soon, {on_track} on track, {paused} waiting on the applicant.',
        'wl.summary_first': 'The first {total} requests by deadline: {overdue} overdue, {due_soon} due soon, {on_track} on track, {paused} waiting on the applicant. Narrow the choices above to see the others.',
        'wl.empty': 'No request matches these choices.',
        'wl.unassigned': 'not assigned',
        'wl.forbidden': 'This page is for the officers, supervisors and unit heads who serve requests.',
        'wl.sign_in_other': 'Sign in with another account',
    },
});

const kStatuses = ['submitted', 'verified', 'returned', 'in_process', 'product_ready', 'handed_over', 'rejected', 'withdrawn'];
const kSlaStates = ['overdue', 'due_soon', 'on_track', 'paused', 'stopped'];
const kRefreshMs = 60_000;
const kLimit = 200;  // rows a page asks for (the API's limit is 500)
const [, tenant] = pathSegments();
const alertRegion = document.getElementById('alert');
const form = document.getElementById('filters');
let session = null;
let services = {};
let units = {};
let requests = [];

initI18n();
onLanguageChange(() => { fillChoices(); render(); });
document.getElementById('sign-out').addEventListener('click', signOut);
start();

async function start() {
    session = await requireSession();
    document.getElementById('who').textContent = session.user.name || session.user.username;
    try {
        const [catalog, names] = await Promise.all([api(tenantApi(tenant, 'services')), unitNames(tenant)]);
        services = Object.fromEntries(catalog.services.map((service) => [service.code, service.name]));
        units = names;
    } catch (error) {
        fail(error);
        return;
    }
    fillChoices();
    const query = new URLSearchParams(location.search);
    form.unit.value = query.get('unit') || '';
    form.status.value = query.get('status') || '';
    form.sla.value = query.get('sla') || '';
    form.mine.checked = query.get('assigned') === session.user.id;
    form.onsubmit = (event) => {
        event.preventDefault();
        history.replaceState(null, '', `${location.pathname}?${filterQuery()}`);
        load();
    };
    await load();
    setInterval(load, kRefreshMs);
}

function fillChoices() {
    const keep = (select, options) => {
        const value = select.value;
        select.replaceChildren(select.options[0], ...options);
        select.value = value;
    };
    const myUnits = session.user.units?.length ? session.user.units : Object.keys(units);
    keep(form.unit, myUnits.map((unit) => h('option', { value: unit }, pick(units[unit]) || unit)));
    keep(form.status, kStatuses.map((status) => h('option', { value: status }, statusName(status))));
    keep(form.sla, kSlaStates.map((state) => h('option', { value: state }, slaName(state))));
}

function filterQuery() {
    const query = new URLSearchParams();
    for (const name of ['unit', 'status', 'sla']) {
        if (form[name].value) query.set(name, form[name].value);
    }
    if (form.mine.checked) query.set('assigned', session.user.id);
    return query.toString();
}

async function load() {
    try {
        const query = filterQuery();
        const answer = await api(`${tenantApi(tenant, 'requests')}?${query ? `${query}&` : ''}limit=${kLimit}`);
        requests = answer.requests;
        render();
        alertRegion.hidden = true;
        document.body.dataset.state = 'ready';
    } catch (error) {
        fail(error);
    }
}

function fail(error) {
    if (error instanceof ApiError && error.status === 403) {
        showAlert(alertRegion, h('span', {}, t('wl.forbidden'), ' ', h('a', { href: loginUrl() }, t('wl.sign_in_other'))));
    } else {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
    }
    document.body.dataset.state = 'error';
}

function render() {
    const counts = { total: requests.length, overdue: 0, due_soon: 0, on_track: 0, paused: 0 };
    for (const request of requests) {
        if (request.sla.state in counts) counts[request.sla.state] += 1;
    }
    const summary = requests.length >= kLimit ? 'wl.summary_first' : 'wl.summary';
    document.getElementById('summary').textContent = requests.length ? t(summary, counts) : t('wl.empty');
    const href = (code) => `/tenants/${encodeURIComponent(tenant)}/permohonan/${encodeURIComponent(code)}`;
    document.querySelector('#list tbody').replaceChildren(...requests.map((request) => h('tr', { dataset: { code: request.code } },
        h('td', { class: 'nowrap' }, h('a', { href: href(request.code) }, request.code)),
        h('td', {}, pick(services[request.service]) || request.service),
        h('td', {}, statusName(request.status)),
        h('td', {}, h('span', { class: 'sla', dataset: { sla: request.sla.state } }, slaName(request.sla.state))),
        h('td', {}, request.sla.deadline ? instantText(request.sla.deadline) : '',
          request.sla.provisional ? h('span', { class: 'provisional', title: t('rq.provisional') }, ' *') : null),
        h('td', {}, request.assigned || h('span', { class: 'muted' }, t('wl.unassigned'))))));
}
