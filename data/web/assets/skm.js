// The satisfaction report (laporan SKM, PermenPANRB 14/2017) of a government, for its supervisors, unit heads,
// admins and auditors: for a period and an optional unit, service or hall, the population and the respondents
// against the Krejcie–Morgan minimum, each element's NRR and weighted NRR, the index (IKM), its converted value and
// grade, the three weakest elements, the officers' conduct, the respondents' profile, the index per service and the
// citizens' comments. Printable on A4 (skm.css). Data: GET /api/v1/tenants/{tenant}/skm?from&to&unit&service&hall.
// The figures are the server's; the page adds only the weighted NRRs it shows next to them.
import { api, ApiError, pathSegments, serverNow } from './api.js';
import { clearAlert, h, showAlert, zoneOf } from './common.js';
import { errorMessage } from './errors.js';
import {
    NONE, count, dateText, decimal, gradeText, ikmValue, isDate, isFigure, localDate, percent, periodText,
    presetRange, ratio,
} from './figures.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { loginUrl, requireSession, signOut } from './session.js';

addStrings({
    id: {
        'skm.title': 'Laporan Survei Kepuasan Masyarakat',
        'skm.sign_out': 'Keluar',
        'skm.heading': 'Laporan SKM',
        'skm.from': 'Dari tanggal',
        'skm.to': 'Sampai tanggal',
        'skm.unit': 'Unit',
        'skm.service': 'Layanan',
        'skm.hall': 'Mal pelayanan',
        'skm.all': 'Semua',
        'skm.show': 'Tampilkan',
        'skm.print': 'Cetak',
        'skm.behind': 'Angka sedang diperbarui… Muat ulang sebentar lagi.',
        'skm.forbidden': 'Laporan ini untuk supervisor, kepala unit, admin dan auditor pemerintah daerah ini.',
        'skm.sign_in_other': 'Masuk dengan akun lain',
        'skm.report_title': 'Laporan Survei Kepuasan Masyarakat — {tenant}',
        'skm.scope': 'Periode {period} · unit: {unit} · layanan: {service} · mal pelayanan: {hall}',
        'skm.scope_all': 'semua',
        'skm.population': 'Populasi (warga selesai dilayani)',
        'skm.respondents': 'Responden',
        'skm.sample': 'Sampel minimum (Krejcie–Morgan)',
        'skm.sample_reached': '{needed} — tercukupi',
        'skm.sample_short': '{needed} — belum tercukupi (kurang {missing})',
        'skm.ikm': 'IKM (Σ NRR × bobot)',
        'skm.converted': 'Nilai IKM (IKM × 25)',
        'skm.grade': 'Mutu pelayanan',
        'skm.conduct': 'Penilaian sikap petugas',
        'skm.conduct_value': '{mean} dari 4 ({n} responden)',
        'skm.elements': 'Nilai per unsur',
        'skm.elements_caption': 'Nilai rata-rata (NRR) tiap unsur; bobot {weight}',
        'skm.col.code': 'Kode',
        'skm.col.element': 'Unsur pelayanan',
        'skm.col.answered': 'Jawaban',
        'skm.col.nrr': 'NRR',
        'skm.col.weighted': 'NRR × bobot',
        'skm.total_ikm': 'IKM',
        'skm.total_converted': 'Nilai IKM (× 25)',
        'skm.lowest': 'perlu diperbaiki',
        'skm.improve': 'Yang perlu diperbaiki',
        'skm.improve_lead': 'Tiga unsur dengan nilai rata-rata (NRR) terendah:',
        'skm.improve_item': '{code} {name} — NRR {nrr}',
        'skm.no_answers': 'Belum ada jawaban survei pada periode ini.',
        'skm.profile': 'Profil responden',
        'skm.profile.age_band': 'Usia',
        'skm.profile.sex': 'Jenis kelamin',
        'skm.profile.education': 'Pendidikan terakhir',
        'skm.profile.occupation': 'Pekerjaan',
        'skm.profile.none': 'Tidak diisi',
        'skm.col.option': 'Keterangan',
        'skm.col.share': 'Persentase',
        'skm.services': 'IKM per layanan',
        'skm.no_services': 'Belum ada layanan dengan responden pada periode ini.',
        'skm.col.service': 'Layanan',
        'skm.col.unit': 'Unit',
        'skm.col.population': 'Populasi',
        'skm.col.respondents': 'Responden',
        'skm.col.needed': 'Sampel minimum',
        'skm.col.ikm': 'Nilai IKM',
        'skm.col.grade': 'Mutu',
        'skm.comments': 'Saran dan komentar warga',
        'skm.comments_lead': 'Terbaru lebih dulu, paling banyak 200.',
        'skm.no_comments': 'Tidak ada komentar pada periode ini.',
        'skm.col.date': 'Tanggal',
        'skm.col.comment': 'Komentar',
        'profile.under_20': 'Di bawah 20 tahun', 'profile.20_29': '20–29 tahun', 'profile.30_39': '30–39 tahun',
        'profile.40_49': '40–49 tahun', 'profile.50_59': '50–59 tahun', 'profile.60_plus': '60 tahun ke atas',
        'profile.male': 'Laki-laki', 'profile.female': 'Perempuan',
        'profile.sd': 'SD atau di bawahnya', 'profile.smp': 'SMP', 'profile.sma': 'SMA/SMK', 'profile.diploma': 'D1–D3',
        'profile.s1': 'D4/S1', 'profile.s2_s3': 'S2/S3',
        'profile.pns': 'PNS/ASN', 'profile.tni_polri': 'TNI/Polri', 'profile.private': 'Pegawai swasta',
        'profile.entrepreneur': 'Wirausaha', 'profile.student': 'Pelajar/mahasiswa', 'profile.other': 'Lainnya',
    },
    en: {
        'skm.title': 'Community Satisfaction Survey report',
        'skm.sign_out': 'Sign out',
        'skm.heading': 'SKM report',
        'skm.from': 'From',
        'skm.to': 'To',
        'skm.unit': 'Unit',
        'skm.service': 'Service',
        'skm.hall': 'Service hall',
        'skm.all': 'All',
        'skm.show': 'Show',
        'skm.print': 'Print',
        'skm.behind': 'The figures are being updated… Reload in a moment.',
        'skm.forbidden': 'This report is for this government\'s supervisors, unit heads, admins and auditors.',
        'skm.sign_in_other': 'Sign in with another account',
        'skm.report_title': 'Community Satisfaction Survey report — {tenant}',
        'skm.scope': 'Period {period} · unit: {unit} · service: {service} · service hall: {hall}',
        'skm.scope_all': 'all',
        'skm.population': 'Population (citizens served)',
        'skm.respondents': 'Respondents',
        'skm.sample': 'Minimum sample (Krejcie–Morgan)',
        'skm.sample_reached': '{needed} — reached',
        'skm.sample_short': '{needed} — not reached ({missing} short)',
        'skm.ikm': 'IKM (Σ NRR × weight)',
        'skm.converted': 'IKM value (IKM × 25)',
        'skm.grade': 'Service quality',
        'skm.conduct': 'Officers\' conduct rating',
        'skm.conduct_value': '{mean} of 4 ({n} respondents)',
        'skm.elements': 'Scores per element',
        'skm.elements_caption': 'Mean score (NRR) of each element; weight {weight}',
        'skm.col.code': 'Code',
        'skm.col.element': 'Service element',
        'skm.col.answered': 'Answers',
        'skm.col.nrr': 'NRR',
        'skm.col.weighted': 'NRR × weight',
        'skm.total_ikm': 'IKM',
        'skm.total_converted': 'IKM value (× 25)',
        'skm.lowest': 'to improve',
        'skm.improve': 'Where to improve',
        'skm.improve_lead': 'The three elements with the lowest mean score (NRR):',
        'skm.improve_item': '{code} {name} — NRR {nrr}',
        'skm.no_answers': 'No survey answers in this period yet.',
        'skm.profile': 'Respondents\' profile',
        'skm.profile.age_band': 'Age',
        'skm.profile.sex': 'Sex',
        'skm.profile.education': 'Education',
        'skm.profile.occupation': 'Occupation',
        'skm.profile.none': 'Not given',
        'skm.col.option': 'Answer',
        'skm.col.share': 'Share',
        'skm.services': 'IKM per service',
        'skm.no_services': 'No service has respondents in this period yet.',
        'skm.col.service': 'Service',
        'skm.col.unit': 'Unit',
        'skm.col.population': 'Population',
        'skm.col.respondents': 'Respondents',
        'skm.col.needed': 'Minimum sample',
        'skm.col.ikm': 'IKM value',
        'skm.col.grade': 'Grade',
        'skm.comments': 'Citizens\' suggestions and comments',
        'skm.comments_lead': 'Newest first, at most 200.',
        'skm.no_comments': 'No comments in this period.',
        'skm.col.date': 'Date',
        'skm.col.comment': 'Comment',
        'profile.under_20': 'Under 20', 'profile.20_29': '20–29', 'profile.30_39': '30–39', 'profile.40_49': '40–49',
        'profile.50_59': '50–59', 'profile.60_plus': '60 or over',
        'profile.male': 'Male', 'profile.female': 'Female',
        'profile.sd': 'Primary school or less', 'profile.smp': 'Junior high school', 'profile.sma': 'Senior high school',
        'profile.diploma': 'Diploma (D1–D3)', 'profile.s1': 'Bachelor\'s degree (D4/S1)',
        'profile.s2_s3': 'Master\'s or doctorate (S2/S3)',
        'profile.pns': 'Civil servant', 'profile.tni_polri': 'Armed forces or police', 'profile.private': 'Private employee',
        'profile.entrepreneur': 'Self-employed', 'profile.student': 'Student', 'profile.other': 'Other',
    },
});

// The profile's fields and answers in the survey's order (the server's counts come keyed by code).
const PROFILE = {
    age_band: ['under_20', '20_29', '30_39', '40_49', '50_59', '60_plus'],
    sex: ['male', 'female'],
    education: ['sd', 'smp', 'sma', 'diploma', 's1', 's2_s3'],
    occupation: ['pns', 'tni_polri', 'private', 'entrepreneur', 'student', 'other'],
};
const $ = (id) => document.getElementById(id);
const tenant = pathSegments()[1] || '';
const base = `/api/v1/tenants/${encodeURIComponent(tenant)}`;
let zone = zoneOf('+07:00');
let catalog = { tenant: null, units: [], services: [], halls: [] };
let report = null;
let loads = 0;

const numeric = (text, col) => h('td', { class: 'num', dataset: col ? { col } : {} }, text);

/** The weight of each element as a number: "1/9" → 0.111…, "0.111" → 0.111. */
function weightOf(text) {
    const m = /^(\d+)\/(\d+)$/.exec(text || '');
    if (m) return Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : null;
    const value = Number(text);
    return Number.isFinite(value) && value > 0 ? value : null;
}

function errorText(e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return t('skm.forbidden');
    return e instanceof ApiError ? e.message : errorMessage(e);
}

function showError(e) {
    showAlert($('alert'), errorText(e));
    if (e instanceof ApiError && e.status === 403) {
        $('alert').querySelector('.alert').append(' ', h('a', { href: loginUrl() }, t('skm.sign_in_other')));
    }
}

// ---- the filter, kept in the address ----

function readAddress() {
    const query = new URLSearchParams(location.search);
    const month = presetRange('month', localDate(serverNow(), zone));
    const from = query.get('from');
    const to = query.get('to');
    const valid = isDate(from) && isDate(to);
    return { from: valid ? from : month.from, to: valid ? to : month.to, unit: query.get('unit') || '',
             service: query.get('service') || '', hall: query.get('hall') || '' };
}

function filterValues() {
    return { from: $('from').value, to: $('to').value, unit: $('unit').value, service: $('service').value,
             hall: $('hall').value };
}

function writeAddress(filter) {
    const url = new URL(location.href);
    for (const [key, value] of Object.entries(filter)) {
        if (value) url.searchParams.set(key, value);
        else url.searchParams.delete(key);
    }
    history.replaceState(null, '', url);
}

function fillOptions(select, items, label) {
    const chosen = select.value;
    select.replaceChildren(select.options[0], ...items.map((item) => h('option', { value: item.id }, label(item))));
    select.value = chosen;
    if (select.value !== chosen) select.value = '';
}

function fillServices() {
    const unit = $('unit').value;
    fillOptions($('service'), catalog.services.filter((s) => !unit || s.unit === unit).map((s) => ({ ...s, id: s.code })),
                (s) => pick(s.name));
}

async function learnCatalog() {
    try {
        const halls = (await api('/api/v1/halls')).halls.filter((hall) => hall.tenant === tenant);
        if (halls[0]?.utc_offset) zone = zoneOf(halls[0].utc_offset) || zone;
        catalog.halls = halls;
    } catch (e) {
        console.info('layan: the halls cannot be listed', e);
    }
    try {
        // The public figures of today name the government, its units and services.
        const today = await api(`${base}/performance`);
        catalog = { ...catalog, tenant: today.tenant, units: today.units, services: today.services };
        if (!catalog.halls.length) catalog.halls = today.halls;
    } catch (e) {
        console.info('layan: the catalogue cannot be read', e);
    }
}

function fillFilter(filter) {
    fillOptions($('unit'), catalog.units, (u) => pick(u.name));
    fillOptions($('hall'), catalog.halls, (hall) => pick(hall.name));
    $('unit').value = filter.unit;
    fillServices();
    $('service').value = filter.service;
    $('hall').value = filter.hall;
    $('from').value = filter.from;
    $('to').value = filter.to;
}

// ---- the report ----

/** Reads the report of the filter; `remember` puts the filter in the address (a person chose it). */
async function load(remember = false) {
    const mine = ++loads;
    const filter = filterValues();
    if (remember) writeAddress(filter);
    clearAlert($('alert'));
    document.body.dataset.state = 'loading';
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    try {
        const answer = await api(`${base}/skm?${query}`);
        if (mine !== loads) return;
        report = answer;
        render();
    } catch (e) {
        if (mine !== loads) return;
        $('report').hidden = true;
        document.body.dataset.state = 'error';
        showError(e);
    }
}

function nameOf(list, id, key = 'id') {
    const item = list.find((x) => x[key] === id);
    return item ? pick(item.name) : id;
}

function renderSummary() {
    const r = report;
    const scope = r.scope || {};
    const all = t('skm.scope_all');
    $('report-title').textContent = t('skm.report_title', { tenant: catalog.tenant?.name || tenant });
    $('scope-line').textContent = t('skm.scope', {
        period: periodText(r.from, r.to),
        unit: scope.unit ? nameOf(catalog.units, scope.unit) : all,
        service: scope.service ? nameOf(catalog.services, scope.service, 'code') : all,
        hall: scope.hall ? nameOf(catalog.halls, scope.hall) : all });
    $('population').textContent = count(r.population);
    $('respondents').textContent = count(r.respondents);
    const missing = Math.max(0, (r.sample_needed || 0) - (r.respondents || 0));
    $('sample').textContent = r.sample_needed > 0
        ? t(r.sample_reached ? 'skm.sample_reached' : 'skm.sample_short',
            { needed: count(r.sample_needed), missing: count(missing) })
        : NONE;  // nobody served: there is no population to sample
    $('sample').dataset.reached = String(Boolean(r.sample_reached));
    $('ikm-converted').textContent = ikmValue(r.ikm);
    $('ikm-grade').textContent = r.ikm ? gradeText(r.ikm) : t('skm.no_answers');
    $('conduct').textContent = isFigure(r.conduct?.mean)
        ? t('skm.conduct_value', { mean: decimal(r.conduct.mean, 2), n: count(r.conduct.answered) }) : NONE;
}

function renderElements() {
    const r = report;
    const weight = weightOf(r.weight);
    const lowest = new Set(r.lowest || []);
    let sum = 0;
    let complete = weight !== null;
    const rows = (r.elements || []).map((element) => {
        const nrr = ratio(element.sum, element.answered);
        const weighted = nrr !== null && weight !== null ? nrr * weight : null;
        if (weighted === null) complete = false;
        else sum += weighted;
        const isLow = lowest.has(element.code);
        return h('tr', { class: isLow ? 'lowest' : null, dataset: { code: element.code } },
                 h('th', { scope: 'row' }, element.code),
                 h('td', {}, pick(element.name), isLow ? [' ', h('span', { class: 'badge badge-low' }, t('skm.lowest'))] : null),
                 numeric(count(element.answered), 'answered'),
                 numeric(decimal(isFigure(element.nrr) ? element.nrr : nrr, 3), 'nrr'),
                 numeric(decimal(weighted, 3), 'weighted'));
    });
    $('elements-caption').textContent = t('skm.elements_caption', { weight: r.weight || NONE });
    $('elements-table').tBodies[0].replaceChildren(...rows);
    const ikmRaw = complete && r.ikm ? sum : null;
    $('ikm-raw').textContent = decimal(ikmRaw, 3);
    $('elements-table').tFoot.replaceChildren(
        h('tr', {}, h('th', { scope: 'row', colspan: '4' }, t('skm.total_ikm')), numeric(decimal(ikmRaw, 3), 'ikm')),
        h('tr', {}, h('th', { scope: 'row', colspan: '4' }, t('skm.total_converted')),
          numeric(r.ikm ? `${ikmValue(r.ikm)} (${r.ikm.grade})` : NONE, 'converted')));
    const byCode = Object.fromEntries((r.elements || []).map((e) => [e.code, e]));
    $('improve').replaceChildren(...(r.lowest || []).map((code) => h('li', { dataset: { code } }, t('skm.improve_item', {
        code, name: pick(byCode[code]?.name), nrr: decimal(ratio(byCode[code]?.sum, byCode[code]?.answered), 3) }))));
    if (!(r.lowest || []).length) $('improve').replaceChildren(h('li', {}, t('skm.no_answers')));
}

function renderProfile() {
    const respondents = report.respondents || 0;
    const tables = Object.entries(PROFILE).map(([field, order]) => {
        const counts = report.profile?.[field] || {};
        const codes = [...order, ...Object.keys(counts).filter((code) => !order.includes(code))];
        const label = (code) => (t(`profile.${code}`) === `profile.${code}` ? code : t(`profile.${code}`));
        const rows = codes.map((code) => [label(code), isFigure(counts[code]) ? counts[code] : 0]);
        const given = rows.reduce((sum, [, n]) => sum + n, 0);
        if (respondents > given) rows.push([t('skm.profile.none'), respondents - given]);
        const title = t(`skm.profile.${field}`);
        return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': title },
                 h('table', { class: 'data-table', dataset: { field } },
                   h('caption', {}, title),
                   h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('skm.col.option')),
                                    h('th', { scope: 'col', class: 'num' }, t('skm.col.respondents')),
                                    h('th', { scope: 'col', class: 'num' }, t('skm.col.share')))),
                   h('tbody', {}, rows.map(([label, n]) => h('tr', {}, h('th', { scope: 'row' }, label),
                                                              numeric(count(n)), numeric(percent(ratio(n, respondents))))))));
    });
    $('profile-tables').replaceChildren(...tables);
}

function renderServices() {
    const services = report.services || [];
    $('services-table').tBodies[0].replaceChildren(...services.map((s) => h('tr', { dataset: { code: s.code } },
        h('th', { scope: 'row' }, pick(s.name)),
        h('td', {}, nameOf(catalog.units, s.unit)),
        numeric(count(s.population), 'population'),
        numeric(count(s.respondents), 'respondents'),
        numeric(s.ikm ? count(s.ikm.sample_needed) : NONE, 'needed'),
        numeric(ikmValue(s.ikm), 'ikm'),
        h('td', {}, s.ikm ? gradeText(s.ikm) : NONE))));
    $('services-empty').hidden = services.length > 0;
}

function renderComments() {
    const comments = report.comments || [];
    $('comments-table').tBodies[0].replaceChildren(...comments.map((c) => h('tr', {},
        h('td', { class: 'nowrap' }, dateText(c.date)),
        h('td', {}, nameOf(catalog.services, c.service, 'code')),
        h('td', { class: 'comment' }, c.text))));
    $('comments-table').parentElement.hidden = comments.length === 0;
    $('comments-empty').hidden = comments.length > 0;
}

function render() {
    if (!report) return;
    $('behind').hidden = !report.view?.behind;
    renderSummary();
    renderElements();
    renderProfile();
    renderServices();
    renderComments();
    $('report').hidden = false;
    document.body.dataset.state = 'ready';
}

async function main() {
    initI18n();
    const session = await requireSession();
    $('who').textContent = `${session.user.username} (${session.user.role})`;
    $('sign-out').addEventListener('click', signOut);
    await learnCatalog();
    if (catalog.tenant?.name) $('government').textContent = catalog.tenant.name;
    fillFilter(readAddress());
    $('unit').addEventListener('change', fillServices);
    $('filter').addEventListener('submit', (event) => {
        event.preventDefault();
        load(true);
    });
    $('print').addEventListener('click', () => window.print());
    onLanguageChange(() => {
        fillFilter(filterValues());
        render();
    });
    await load();
}

main();
