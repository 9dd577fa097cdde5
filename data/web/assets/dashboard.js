// The public performance dashboard of a government (/kinerja/{tenant}), no sign-in: the halls right now
// (GET /api/v1/tenants/{tenant}/performance/live, every 15 s), then the figures of a period
// (GET .../performance?from&to&target_minutes&hall) as cards, tables per service, unit, RB theme and hall (each
// downloadable as CSV or XLSX, .../performance/{table}.csv|.xlsx with the same query) and trend charts (Chart.js,
// embedded from Debian's libjs-chart.js), each followed by its table. The period lives in the address
// (?period=7d&hall=…&target=20, or ?period=custom&from=…&to=…) so that a link shares the view. The figures are the
// server's; this page only formats them (figures.js): a missing figure is "—", an empty period says so.
import { api, ApiError, pathSegments, serverNow } from './api.js';
import { clearAlert, h, showAlert, zoneOf } from './common.js';
import { errorMessage } from './errors.js';
import {
    NONE, PRESETS, count, dateText, gradeText, ikmNumber, ikmText, ikmValue, isDate, localDate, minutes,
    minutesNumber, minutesText, percent, periodText, presetRange, ratio, sampleText, wholeMinutesText,
} from './figures.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';

addStrings({
    id: {
        'dash.title': 'Kinerja pelayanan publik',
        'dash.about_short': 'Tentang angka',
        'dash.live': 'Sekarang',
        'dash.live.at': 'Diperbarui pukul {time}, setiap 15 detik',
        'dash.live.open': 'Buka',
        'dash.live.closed': 'Tutup',
        'dash.live.counters': 'Loket buka',
        'dash.live.waiting': 'Menunggu',
        'dash.live.longest': 'Tunggu terlama',
        'dash.live.services': 'Yang menunggu per layanan',
        'dash.live.nobody': 'Tidak ada yang menunggu.',
        'dash.live.service_line': '{n} menunggu, terlama {wait}',
        'dash.live.none': 'Belum ada mal pelayanan.',
        'dash.heading': 'Kinerja pelayanan',
        'dash.period': 'Periode',
        'dash.period.today': 'Hari ini',
        'dash.period.7d': '7 hari',
        'dash.period.30d': '30 hari',
        'dash.period.month': 'Bulan ini',
        'dash.period.year': 'Tahun ini',
        'dash.period.custom': 'Pilih tanggal',
        'dash.from': 'Dari tanggal',
        'dash.to': 'Sampai tanggal',
        'dash.hall': 'Mal pelayanan',
        'dash.hall.all': 'Semua',
        'dash.target': 'Target tunggu (menit)',
        'dash.show': 'Tampilkan',
        'dash.period_line': '{period} · {hall} · target tunggu {target} menit',
        'dash.all_halls': 'semua mal pelayanan',
        'dash.behind': 'Angka sedang diperbarui… Halaman ini memuat ulang sendiri.',
        'dash.empty': 'Belum ada data pada periode ini.',
        'dash.totals': 'Ringkasan',
        'dash.card.tickets': 'Nomor antrean diambil',
        'dash.card.tickets_note': 'termasuk yang dialihkan ke layanan lain',
        'dash.card.served': 'Selesai dilayani',
        'dash.card.cancelled': '{n} dibatalkan',
        'dash.card.mean_wait': 'Rata-rata menunggu',
        'dash.card.wait_note': 'dari ambil nomor sampai dipanggil',
        'dash.card.p90_wait': '9 dari 10 warga menunggu paling lama',
        'dash.card.p90_note': 'persentil ke-90 waktu tunggu',
        'dash.card.within_target': 'Dipanggil dalam target',
        'dash.card.within_note': '{n} dari {of} warga dipanggil dalam {target} menit',
        'dash.card.ikm': 'Indeks Kepuasan Masyarakat (IKM)',
        'dash.card.no_shows': 'Tidak hadir saat dipanggil',
        'dash.card.no_shows_note': '{share} dari yang dipanggil',
        'dash.by.services': 'Per layanan',
        'dash.by.units': 'Per unit (perangkat daerah)',
        'dash.by.themes': 'Per tema Reformasi Birokrasi (RB Tematik)',
        'dash.by.halls': 'Per mal pelayanan',
        'dash.caption': '{title}, {period}',
        'dash.download': 'Unduh',
        'dash.download_as': 'tabel {table}',
        'dash.col.service': 'Layanan',
        'dash.col.unit': 'Unit',
        'dash.col.theme': 'Tema',
        'dash.col.hall': 'Mal pelayanan',
        'dash.col.tickets': 'Nomor antrean',
        'dash.col.served': 'Dilayani',
        'dash.col.no_shows': 'Tidak hadir',
        'dash.col.mean_wait': 'Rata-rata tunggu (menit)',
        'dash.col.p90_wait': 'P90 tunggu (menit)',
        'dash.col.mean_service': 'Rata-rata layanan (menit)',
        'dash.col.within_target': 'Dalam target',
        'dash.col.ikm': 'IKM (mutu)',
        'dash.col.respondents': 'Responden',
        'dash.col.period': 'Periode',
        'dash.col.grade': 'Mutu pelayanan',
        'dash.theme_services': 'Layanan: {services}',
        'dash.trends': 'Perkembangan',
        'dash.trend.tickets': 'Nomor antrean dan layanan selesai',
        'dash.trend.wait': 'Waktu tunggu (menit): rata-rata dan persentil ke-90',
        'dash.trend.ikm': 'Indeks Kepuasan Masyarakat (IKM)',
        'dash.per.day': 'per hari',
        'dash.per.week': 'per minggu',
        'dash.per.month': 'per bulan',
        'dash.chart.tickets': 'Grafik batang nomor antrean dan layanan selesai {per}, {period}: {tickets} nomor antrean, {served} selesai. Angkanya ada di tabel setelah grafik.',
        'dash.chart.wait': 'Grafik garis waktu tunggu {per}, {period}: rata-rata {mean}, persentil ke-90 {p90}. Angkanya ada di tabel setelah grafik.',
        'dash.chart.ikm': 'Grafik garis IKM {per}, {period}: {ikm}. Angkanya ada di tabel setelah grafik.',
        'dash.series.mean': 'Rata-rata',
        'dash.series.p90': 'Persentil ke-90',
        'dash.see_table': 'Lihat tabel',
        'dash.open_data': 'Data terbuka',
        'dash.open_data_lead': 'Semua angka di halaman ini juga tersedia sebagai JSON:',
        'dash.about': 'Apa arti angka-angka ini dan bagaimana menghitungnya?',
    },
    en: {
        'dash.title': 'Public service performance',
        'dash.about_short': 'About the figures',
        'dash.live': 'Right now',
        'dash.live.at': 'Updated at {time}, every 15 seconds',
        'dash.live.open': 'Open',
        'dash.live.closed': 'Closed',
        'dash.live.counters': 'Counters open',
        'dash.live.waiting': 'Waiting',
        'dash.live.longest': 'Longest wait',
        'dash.live.services': 'Waiting per service',
        'dash.live.nobody': 'Nobody is waiting.',
        'dash.live.service_line': '{n} waiting, longest {wait}',
        'dash.live.none': 'No service hall yet.',
        'dash.heading': 'Service performance',
        'dash.period': 'Period',
        'dash.period.today': 'Today',
        'dash.period.7d': '7 days',
        'dash.period.30d': '30 days',
        'dash.period.month': 'This month',
        'dash.period.year': 'This year',
        'dash.period.custom': 'Choose dates',
        'dash.from': 'From',
        'dash.to': 'To',
        'dash.hall': 'Service hall',
        'dash.hall.all': 'All',
        'dash.target': 'Waiting target (minutes)',
        'dash.show': 'Show',
        'dash.period_line': '{period} · {hall} · waiting target {target} minutes',
        'dash.all_halls': 'all service halls',
        'dash.behind': 'The figures are being updated… This page reloads by itself.',
        'dash.empty': 'There is no data for this period yet.',
        'dash.totals': 'Summary',
        'dash.card.tickets': 'Queue numbers taken',
        'dash.card.tickets_note': 'including those transferred to another service',
        'dash.card.served': 'Served',
        'dash.card.cancelled': '{n} cancelled',
        'dash.card.mean_wait': 'Mean wait',
        'dash.card.wait_note': 'from taking a number to being called',
        'dash.card.p90_wait': '9 in 10 citizens waited at most',
        'dash.card.p90_note': '90th percentile of the waits',
        'dash.card.within_target': 'Called within the target',
        'dash.card.within_note': '{n} of {of} citizens called within {target} minutes',
        'dash.card.ikm': 'Community Satisfaction Index (IKM)',
        'dash.card.no_shows': 'Did not show up when called',
        'dash.card.no_shows_note': '{share} of those called',
        'dash.by.services': 'By service',
        'dash.by.units': 'By unit (agency)',
        'dash.by.themes': 'By thematic bureaucratic reform area (RB Tematik)',
        'dash.by.halls': 'By service hall',
        'dash.caption': '{title}, {period}',
        'dash.download': 'Download',
        'dash.download_as': 'table {table}',
        'dash.col.service': 'Service',
        'dash.col.unit': 'Unit',
        'dash.col.theme': 'Theme',
        'dash.col.hall': 'Service hall',
        'dash.col.tickets': 'Queue numbers',
        'dash.col.served': 'Served',
        'dash.col.no_shows': 'No-shows',
        'dash.col.mean_wait': 'Mean wait (min)',
        'dash.col.p90_wait': 'P90 wait (min)',
        'dash.col.mean_service': 'Mean service (min)',
        'dash.col.within_target': 'Within target',
        'dash.col.ikm': 'IKM (grade)',
        'dash.col.respondents': 'Respondents',
        'dash.col.period': 'Period',
        'dash.col.grade': 'Service quality',
        'dash.theme_services': 'Services: {services}',
        'dash.trends': 'Over time',
        'dash.trend.tickets': 'Queue numbers and services finished',
        'dash.trend.wait': 'Waiting time (minutes): mean and 90th percentile',
        'dash.trend.ikm': 'Community Satisfaction Index (IKM)',
        'dash.per.day': 'per day',
        'dash.per.week': 'per week',
        'dash.per.month': 'per month',
        'dash.chart.tickets': 'Bar chart of queue numbers and services finished {per}, {period}: {tickets} queue numbers, {served} served. The figures are in the table after the chart.',
        'dash.chart.wait': 'Line chart of the waiting time {per}, {period}: mean {mean}, 90th percentile {p90}. The figures are in the table after the chart.',
        'dash.chart.ikm': 'Line chart of the IKM {per}, {period}: {ikm}. The figures are in the table after the chart.',
        'dash.series.mean': 'Mean',
        'dash.series.p90': '90th percentile',
        'dash.see_table': 'See the table',
        'dash.open_data': 'Open data',
        'dash.open_data_lead': 'Every figure on this page is also available as JSON:',
        'dash.about': 'What do these figures mean and how are they computed?',
    },
});

const LIVE_MS = 15_000;
const BEHIND_RETRY_MS = 5_000;
const DEFAULT_TARGET = 15;
const COLORS = { navy: '#0f3b57', brick: '#a84b25', ok: '#1d6b3e', gold: '#8a5a00' };
const $ = (id) => document.getElementById(id);

const tenant = pathSegments()[1] || '';
const base = `/api/v1/tenants/${encodeURIComponent(tenant)}`;
let zone = zoneOf('+07:00');
let view = { period: 'today', from: '', to: '', hall: '', target: DEFAULT_TARGET };
let report = null;
let live = null;
let loads = 0;
let behindTimer = 0;
const charts = {};

// ---- the view in the address ----

function viewFromAddress() {
    const query = new URLSearchParams(location.search);
    let period = query.get('period');
    const from = query.get('from');
    const to = query.get('to');
    if (!PRESETS.includes(period) && period !== 'custom') period = isDate(from) && isDate(to) ? 'custom' : 'today';
    if (period === 'custom' && !(isDate(from) && isDate(to))) period = 'today';
    const target = Number(query.get('target'));
    return {
        period,
        from: period === 'custom' ? from : '',
        to: period === 'custom' ? to : '',
        hall: query.get('hall') || '',
        target: Number.isInteger(target) && target >= 1 && target <= 240 ? target : DEFAULT_TARGET,
    };
}

function writeAddress() {
    const url = new URL(location.href);
    for (const key of ['period', 'from', 'to', 'hall', 'target']) url.searchParams.delete(key);
    if (view.period !== 'today') url.searchParams.set('period', view.period);
    if (view.period === 'custom') {
        url.searchParams.set('from', view.from);
        url.searchParams.set('to', view.to);
    }
    if (view.hall) url.searchParams.set('hall', view.hall);
    if (view.target !== DEFAULT_TARGET) url.searchParams.set('target', String(view.target));
    history.replaceState(null, '', url);
}

/** The local day today, on the server's clock, in the government's time zone. */
function today() {
    return localDate(serverNow(), zone);
}

/** The view's days: a preset ends today. */
function resolve(v) {
    if (v.period !== 'custom') return { ...v, ...presetRange(v.period, today()) };
    // Dates not (yet) filled in: keep the days shown so far.
    return isDate(v.from) && isDate(v.to) ? { ...v } : { ...v, from: view.from || today(), to: view.to || today() };
}

/** The API's query of the view: the JSON and every export take the same. */
function apiQuery() {
    const query = new URLSearchParams({ from: view.from, to: view.to, target_minutes: String(view.target) });
    if (view.hall) query.set('hall', view.hall);
    return query.toString();
}

function fillForm() {
    $('period').value = view.period;
    $('from').value = view.from;
    $('to').value = view.to;
    $('target').value = String(view.target);
    $('hall').value = view.hall;
    if ($('hall').value !== view.hall) $('hall').value = '';
}

// ---- the figures of the period ----

async function load() {
    const mine = ++loads;
    clearTimeout(behindTimer);
    clearAlert($('alert'));
    document.body.dataset.state = 'loading';
    try {
        const answer = await api(`${base}/performance?${apiQuery()}`);
        if (mine !== loads) return;  // a newer view was asked for meanwhile
        report = answer;
        await render();
        if (report.view?.behind) behindTimer = setTimeout(load, BEHIND_RETRY_MS);
    } catch (e) {
        if (mine !== loads) return;
        document.body.dataset.state = 'error';
        showAlert($('alert'), e instanceof ApiError ? e.message : errorMessage(e));
    }
}

function setCard(id, value, notes = {}) {
    const card = $(id);
    card.querySelector('.value').textContent = value;
    for (const [selector, text] of Object.entries(notes)) card.querySelector(selector).textContent = text;
}

function renderCards(totals) {
    setCard('card-tickets', count(totals.tickets));
    setCard('card-served', count(totals.served), { '.note': t('dash.card.cancelled', { n: count(totals.cancelled) }) });
    setCard('card-mean-wait', minutesText(totals.mean_wait_s));
    setCard('card-p90-wait', minutesText(totals.p90_wait_s));
    setCard('card-within-target', percent(totals.within_target_share), {
        '.note': t('dash.card.within_note', { n: count(totals.within_target), of: count(totals.waiting_time_known),
                                              target: count(report.target_minutes) }) });
    setCard('card-ikm', ikmValue(totals.ikm), { '.grade': gradeText(totals.ikm), '.sample': totals.ikm ? sampleText(totals.ikm) : '' });
    const noShowShare = ratio(totals.no_shows, totals.waiting_time_known);
    setCard('card-no-shows', count(totals.no_shows),
            { '.note': noShowShare === null ? '' : t('dash.card.no_shows_note', { share: percent(noShowShare) }) });
}

const numeric = (text, col) => h('td', { class: 'num', dataset: { col } }, text);

/** The figure columns every breakdown table has, after its name columns. */
function figureHeads() {
    return ['dash.col.tickets', 'dash.col.served', 'dash.col.no_shows', 'dash.col.mean_wait', 'dash.col.p90_wait',
            'dash.col.mean_service', 'dash.col.within_target', 'dash.col.ikm', 'dash.col.respondents'].map((key) => t(key));
}

function figureCells(figures) {
    return [
        numeric(count(figures.tickets), 'tickets'),
        numeric(count(figures.served), 'served'),
        numeric(count(figures.no_shows), 'no_shows'),
        numeric(minutes(figures.mean_wait_s), 'mean_wait'),
        numeric(minutes(figures.p90_wait_s), 'p90_wait'),
        numeric(minutes(figures.mean_service_s), 'mean_service'),
        numeric(percent(figures.within_target_share), 'within_target'),
        numeric(ikmText(figures.ikm), 'ikm'),
        numeric(count(figures.ikm?.respondents ?? figures.respondents ?? 0), 'respondents'),
    ];
}

function unitName(id) {
    const unit = report.units.find((u) => u.id === id);
    return unit ? pick(unit.name) : id || NONE;
}

/** The breakdown tables: what each row is called and which extra columns it has. */
const BREAKDOWNS = [
    { table: 'services', title: 'dash.by.services', heads: ['dash.col.service'], key: (row) => row.code,
      names: (row) => [h('span', {}, pick(row.name), h('br'), h('small', {}, unitName(row.unit)))] },
    { table: 'units', title: 'dash.by.units', heads: ['dash.col.unit'], key: (row) => row.id, names: (row) => [pick(row.name)] },
    { table: 'themes', title: 'dash.by.themes', heads: ['dash.col.theme'], key: (row) => row.id,
      names: (row) => [h('span', {}, pick(row.name), h('br'), h('small', {}, t('dash.theme_services', {
          services: (row.services || []).map((code) => pick(report.services.find((s) => s.code === code)?.name) || code)
              .join(', ') })))] },
    { table: 'halls', title: 'dash.by.halls', heads: ['dash.col.hall'], key: (row) => row.id, names: (row) => [pick(row.name)] },
];

function downloadLinks(table, label) {
    const query = apiQuery();
    return h('p', { class: 'downloads' }, h('span', {}, `${t('dash.download')}:`), ' ',
             ...['csv', 'xlsx'].flatMap((format, i) => [
                 i ? ' · ' : '',
                 h('a', { href: `${base}/performance/${table}.${format}?${query}`, download: true,
                          dataset: { export: table, format } },
                   format.toUpperCase(), h('span', { class: 'visually-hidden' }, ` — ${t('dash.download_as', { table: label })}`)),
             ]));
}

function breakdownSection(spec, rows, period) {
    const title = t(spec.title);
    const id = `by-${spec.table}`;
    const headRow = h('tr', {}, [...spec.heads.map((key) => t(key)), ...figureHeads()]
        .map((text, i) => h('th', { scope: 'col', class: i >= spec.heads.length ? 'num' : null }, text)));
    const body = rows.map((row) => h('tr', { dataset: { code: spec.key(row) } },
                                     ...spec.names(row).map((name, i) => (i === 0 ? h('th', { scope: 'row' }, name)
                                                                                  : h('td', {}, name))),
                                     ...figureCells(row.figures)));
    return h('section', { class: 'card breakdown', id, 'aria-labelledby': `${id}-title` },
             h('h2', { id: `${id}-title` }, title),
             downloadLinks(spec.table, title),
             h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-caption` },
               h('table', { class: 'data-table', id: `table-${spec.table}` },
                 h('caption', { id: `${id}-caption` }, h('span', { class: 'caption-text' }, t('dash.caption', { title, period }))),
                 h('thead', {}, headRow), h('tbody', {}, body))));
}

function renderBreakdowns(period) {
    $('breakdowns').replaceChildren(...BREAKDOWNS.map((spec) => breakdownSection(spec, report[spec.table] || [], period)));
}

// ---- trends ----

/** Chart.js (Debian's libjs-chart.js, embedded in the binary), loaded the first time a chart is drawn. */
async function chartLibrary() {
    if (!window.Chart) await import('/assets/vendor/chart.min.js');  // a UMD build: it sets window.Chart
    return window.Chart;
}

function pointLabel(point, granularity) {
    if (granularity === 'month') return dateText(point.from, { month: 'short', year: 'numeric' });
    const short = { day: 'numeric', month: 'short' };
    return granularity === 'week' && point.from !== point.to
        ? `${dateText(point.from, short)}–${dateText(point.to, short)}` : dateText(point.from, short);
}

function trendTable(id, heads, points, cells) {
    $(id).replaceChildren(
        h('thead', {}, h('tr', {}, [t('dash.col.period'), ...heads.map((key) => t(key))]
            .map((text, i) => h('th', { scope: 'col', class: i ? 'num' : null }, text)))),
        h('tbody', {}, points.map((point) => h('tr', { dataset: { from: point.from, to: point.to } },
                                               h('th', { scope: 'row' }, periodText(point.from, point.to)),
                                               ...cells(point.figures)))));
}

async function drawChart(name, config, label) {
    const canvas = $(`chart-${name}`);
    canvas.setAttribute('aria-label', label);
    const Chart = await chartLibrary();
    charts[name]?.destroy();
    charts[name] = new Chart(canvas, { ...config, options: { maintainAspectRatio: false, animation: false,
                                                             ...config.options } });
}

function destroyCharts() {
    for (const name of Object.keys(charts)) {
        charts[name].destroy();
        delete charts[name];
    }
}

async function renderTrends(period) {
    const { granularity, points = [] } = report.trend || {};
    const totals = report.totals;
    const per = t(`dash.per.${granularity || 'day'}`);
    const labels = points.map((point) => pointLabel(point, granularity));
    const figures = points.map((point) => point.figures);
    trendTable('table-tickets', ['dash.col.tickets', 'dash.col.served', 'dash.col.no_shows'], points, (f) => [
        numeric(count(f.tickets), 'tickets'), numeric(count(f.served), 'served'), numeric(count(f.no_shows), 'no_shows')]);
    trendTable('table-wait', ['dash.col.mean_wait', 'dash.col.p90_wait', 'dash.col.within_target'], points, (f) => [
        numeric(minutes(f.mean_wait_s), 'mean_wait'), numeric(minutes(f.p90_wait_s), 'p90_wait'),
        numeric(percent(f.within_target_share), 'within_target')]);
    trendTable('table-ikm', ['dash.col.ikm', 'dash.col.grade', 'dash.col.respondents'], points, (f) => [
        numeric(ikmText(f.ikm), 'ikm'), h('td', { dataset: { col: 'grade' } }, f.ikm ? pick(f.ikm.label) : NONE),
        numeric(count(f.ikm?.respondents ?? f.respondents ?? 0), 'respondents')]);
    $('trend-downloads').replaceChildren(downloadLinks('trend', t('dash.trends')));

    const line = (label, data, color) => ({ label, data, borderColor: color, backgroundColor: color, pointRadius: 4,
                                            spanGaps: false, tension: 0 });
    await drawChart('tickets', {
        type: 'bar',
        data: { labels, datasets: [
            { label: t('dash.col.tickets'), data: figures.map((f) => f.tickets), backgroundColor: COLORS.navy },
            { label: t('dash.col.served'), data: figures.map((f) => f.served), backgroundColor: COLORS.ok }] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }, t('dash.chart.tickets', { per, period, tickets: count(totals.tickets), served: count(totals.served) }));
    await drawChart('wait', {
        type: 'line',
        data: { labels, datasets: [
            line(t('dash.series.mean'), figures.map((f) => minutesNumber(f.mean_wait_s)), COLORS.navy),
            line(t('dash.series.p90'), figures.map((f) => minutesNumber(f.p90_wait_s)), COLORS.brick)] },
        options: { scales: { y: { beginAtZero: true } } },
    }, t('dash.chart.wait', { per, period, mean: minutesText(totals.mean_wait_s), p90: minutesText(totals.p90_wait_s) }));
    await drawChart('ikm', {
        type: 'line',
        data: { labels, datasets: [line('IKM', figures.map((f) => ikmNumber(f.ikm)), COLORS.ok)] },
        options: { scales: { y: { suggestedMin: 60, suggestedMax: 100 } } },
    }, t('dash.chart.ikm', { per, period, ikm: totals.ikm ? `${ikmText(totals.ikm)} ${pick(totals.ikm.label)}` : NONE }));
}

async function render() {
    if (!report) return;
    const totals = report.totals;
    const empty = !(totals.tickets > 0);
    const period = periodText(report.from, report.to);
    const hallName = report.hall ? pick(report.halls.find((hall) => hall.id === report.hall)?.name) || report.hall
        : t('dash.all_halls');
    $('government').textContent = report.tenant?.name || '';
    document.title = `${t('dash.title')} · ${report.tenant?.name || ''}`;
    $('period-line').textContent = t('dash.period_line', { period, hall: hallName, target: count(report.target_minutes) });
    $('behind').hidden = !report.view?.behind;
    $('empty').hidden = !empty;
    $('json-url').textContent = `${location.origin}${base}/performance?${apiQuery()}`;
    $('json-link').href = `${base}/performance?${apiQuery()}`;
    renderCards(totals);
    $('breakdowns').hidden = empty;
    $('trends').hidden = empty;
    if (empty) {
        $('breakdowns').replaceChildren();
        destroyCharts();
    } else {
        renderBreakdowns(period);
        await renderTrends(period);
    }
    document.body.dataset.state = empty ? 'empty' : 'ready';
}

// ---- right now ----

function liveTime(iso) {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return NONE;
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(at);
}

function liveHall(hall) {
    const waiting = (hall.services || []).filter((service) => service.waiting > 0);
    const stat = (key, value) => h('div', {}, h('dt', {}, t(key)), h('dd', {}, value));
    return h('article', { class: 'live-hall', dataset: { hall: hall.id } },
             h('h3', {}, pick(hall.name), ' ',
               h('span', { class: `badge ${hall.open ? 'badge-open' : 'badge-closed'}` },
                 t(hall.open ? 'dash.live.open' : 'dash.live.closed'))),
             h('dl', { class: 'live-stats' },
               stat('dash.live.counters', count(hall.counters_open)),
               stat('dash.live.waiting', count(hall.waiting)),
               stat('dash.live.longest', hall.waiting > 0 ? wholeMinutesText(hall.longest_wait_s) : NONE)),
             h('h4', {}, t('dash.live.services')),
             waiting.length
                 ? h('ul', { class: 'live-services' }, waiting.map((service) => h('li', { dataset: { service: service.code } },
                     h('span', { class: 'name' }, pick(service.name)),
                     h('span', { class: 'count' }, t('dash.live.service_line', {
                         n: count(service.waiting), wait: wholeMinutesText(service.longest_wait_s) })))))
                 : h('p', { class: 'muted' }, t('dash.live.nobody')));
}

function renderLive() {
    if (!live) return;
    $('live-at').textContent = t('dash.live.at', { time: liveTime(live.at) });
    const halls = live.halls || [];
    $('live-halls').replaceChildren(...(halls.length ? halls.map(liveHall) : [h('p', {}, t('dash.live.none'))]));
}

async function refreshLive() {
    if (document.hidden && live) return;
    try {
        live = await api(`${base}/performance/live`);
        clearAlert($('live-alert'));
        renderLive();
    } catch (e) {
        showAlert($('live-alert'), e instanceof ApiError ? e.message : errorMessage(e));
    }
}

// ---- the period form ----

function applyForm() {
    const period = $('period').value;
    view = resolve({ period, from: $('from').value, to: $('to').value, hall: $('hall').value,
                     target: Number($('target').value) || DEFAULT_TARGET });
    fillForm();
    writeAddress();
    load();
}

async function learnHalls() {
    // The halls of this government: their names for the hall picker, their time zone for "today".
    try {
        const halls = (await api('/api/v1/halls')).halls.filter((hall) => hall.tenant === tenant);
        if (halls[0]?.utc_offset) zone = zoneOf(halls[0].utc_offset) || zone;
        const select = $('hall');
        select.replaceChildren(select.options[0], ...halls.map((hall) => h('option', { value: hall.id }, hall.name)));
    } catch (e) {
        console.info('layan: the halls cannot be listed; the hall picker offers all only', e);
    }
}

async function main() {
    initI18n();
    const about = `/kinerja/${encodeURIComponent(tenant)}/tentang`;
    $('about-link').href = about;
    $('about-link-2').href = about;
    await learnHalls();
    view = resolve(viewFromAddress());
    fillForm();
    $('period').addEventListener('change', () => {
        if ($('period').value !== 'custom') applyForm();
        else $('from').focus();
    });
    for (const id of ['from', 'to']) $(id).addEventListener('input', () => { $('period').value = 'custom'; });
    $('hall').addEventListener('change', applyForm);
    $('period-form').addEventListener('submit', (event) => {
        event.preventDefault();
        applyForm();
    });
    onLanguageChange(() => {
        renderLive();
        render();
    });
    refreshLive();
    setInterval(refreshLive, LIVE_MS);
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshLive(); });
    await load();
}

main();
