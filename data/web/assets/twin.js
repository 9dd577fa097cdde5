// The hall's digital twin, for its supervisors: asks the server to simulate the hall's own recorded days
// (POST /api/v1/halls/{hall}/studies), shows the study's progress, then its answer as a chart (Chart.js,
// embedded from Debian's libjs-chart.js) with the table behind it. See docs/SIMULATOR.md.
import { api, ApiError, hallApi, pathSegments, serverNow } from './api.js';
import { h, showAlert, clearAlert, zoneOf } from './common.js';
import { errorMessage } from './errors.js';
import { addStrings, initI18n, onLanguageChange, t } from './i18n.js';
import { requireSession, signOut } from './session.js';

addStrings({
    id: {
        'twin.title': 'Kembaran digital',
        'twin.sign_out': 'Keluar',
        'twin.heading': 'Uji skenario dari riwayat loket',
        'twin.lead': 'Simulasi memakai aturan antrean yang sama dengan loket, pada hari-hari yang tercatat di aula ini.',
        'twin.study': 'Pertanyaan',
        'twin.study.policies': 'Aturan panggilan mana yang terbaik?',
        'twin.study.staffing': 'Berapa petugas per jam?',
        'twin.study.training': 'Siapa sebaiknya belajar layanan apa?',
        'twin.from': 'Dari tanggal',
        'twin.to': 'Sampai tanggal',
        'twin.days': 'Hari disimulasikan',
        'twin.target': 'Target layanan',
        'twin.budget': 'Jumlah pelatihan',
        'twin.run': 'Jalankan',
        'twin.running': 'Menghitung… {percent}%',
        'twin.queued': 'Menunggu giliran…',
        'twin.forbidden': 'Halaman ini untuk supervisor, kepala unit dan admin aula ini.',
        'twin.no_history': 'Tidak ada nomor antrean yang diambil pada tanggal-tanggal itu: pilih hari lain.',
        'twin.busy': 'Simulasi lain sedang berjalan. Coba lagi sebentar lagi.',
        'twin.failed': 'Simulasi gagal: {message}',
        'twin.scenario': 'Dipelajari dari {from} s.d. {to}: {services} layanan, {officers} petugas; {days} hari disimulasikan.',
        'twin.result.policies': 'Aturan panggilan: waktu tunggu rata-rata per jam kedatangan',
        'twin.result.staffing': 'Kebutuhan petugas per jam (target {target})',
        'twin.result.training': 'Saran pelatihan: menit tunggu yang dihemat',
        'twin.policy.dedicated': 'Satu loket satu layanan',
        'twin.policy.fcfs': 'Urut kedatangan',
        'twin.policy.balanced': 'Seimbang',
        'twin.policy.default': 'Bawaan layan',
        'twin.policy.pooled': 'Semua bisa semua',
        'twin.col.policy': 'Aturan',
        'twin.col.mean': 'Tunggu rata-rata (menit)',
        'twin.col.p95': 'Tunggu p95 (menit)',
        'twin.col.ratio': '× urut kedatangan',
        'twin.col.abandoned': 'Pergi sebelum dipanggil',
        'twin.col.utilisation': 'Kesibukan petugas',
        'twin.col.hour': 'Jam',
        'twin.col.service': 'Layanan',
        'twin.col.arrivals': 'Kedatangan/jam',
        'twin.col.officers': 'Petugas',
        'twin.col.formula': 'Rumus Erlang',
        'twin.col.simulated': 'Simulasi',
        'twin.col.step': 'No.',
        'twin.col.officer': 'Petugas',
        'twin.col.learns': 'Belajar',
        'twin.col.before': 'Sebelum (menit)',
        'twin.col.after': 'Sesudah (menit)',
        'twin.col.saved': 'Dihemat (menit)',
        'twin.axis.wait': 'Menit tunggu',
        'twin.axis.officers': 'Petugas',
        'twin.no_training': 'Tidak ada satu keahlian baru pun yang memperpendek waktu tunggu.',
    },
    en: {
        'twin.title': 'Digital twin',
        'twin.sign_out': 'Sign out',
        'twin.heading': 'What-if studies on the hall\'s history',
        'twin.lead': 'The simulation uses the counters\' own queue rules, on the days recorded at this hall.',
        'twin.study': 'Question',
        'twin.study.policies': 'Which calling rule is best?',
        'twin.study.staffing': 'How many officers per hour?',
        'twin.study.training': 'Who should learn which service?',
        'twin.from': 'From',
        'twin.to': 'To',
        'twin.days': 'Days simulated',
        'twin.target': 'Service target',
        'twin.budget': 'Trainings',
        'twin.run': 'Run',
        'twin.running': 'Computing… {percent}%',
        'twin.queued': 'Waiting for its turn…',
        'twin.forbidden': 'This page is for this hall\'s supervisors, unit heads and admins.',
        'twin.no_history': 'Nobody took a number on those days: choose other days.',
        'twin.busy': 'Other simulations are running. Try again in a moment.',
        'twin.failed': 'The simulation failed: {message}',
        'twin.scenario': 'Learned from {from} to {to}: {services} services, {officers} officers; {days} days simulated.',
        'twin.result.policies': 'Calling rules: mean wait by hour of arrival',
        'twin.result.staffing': 'Officers needed per hour (target {target})',
        'twin.result.training': 'Training advice: minutes of waiting saved',
        'twin.policy.dedicated': 'One service per counter',
        'twin.policy.fcfs': 'First come, first served',
        'twin.policy.balanced': 'Balanced',
        'twin.policy.default': 'layan default',
        'twin.policy.pooled': 'Everyone serves all',
        'twin.col.policy': 'Rule',
        'twin.col.mean': 'Mean wait (min)',
        'twin.col.p95': 'p95 wait (min)',
        'twin.col.ratio': '× FCFS',
        'twin.col.abandoned': 'Left before called',
        'twin.col.utilisation': 'Officers busy',
        'twin.col.hour': 'Hour',
        'twin.col.service': 'Service',
        'twin.col.arrivals': 'Arrivals/hour',
        'twin.col.officers': 'Officers',
        'twin.col.formula': 'Erlang formula',
        'twin.col.simulated': 'Simulated',
        'twin.col.step': '#',
        'twin.col.officer': 'Officer',
        'twin.col.learns': 'Learns',
        'twin.col.before': 'Before (min)',
        'twin.col.after': 'After (min)',
        'twin.col.saved': 'Saved (min)',
        'twin.axis.wait': 'Minutes waiting',
        'twin.axis.officers': 'Officers',
        'twin.no_training': 'No single new skill shortens the wait.',
    },
});

const POLL_MS = 1000;
const COLORS = ['#8a5a00', '#1f5f99', '#0b7a3e', '#6b3fa0', '#b3261e'];
const $ = (id) => document.getElementById(id);
let hall = '';
let lastStudy = null;
let chart = null;

const fixed = (value, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : '–');
const percent = (share) => `${(share * 100).toFixed(0)}%`;
const withCi = (estimate) => `${fixed(estimate.value)} ± ${fixed(estimate.ci95)}`;

/** The hall-local date of an instant, "YYYY-MM-DD". */
function localDate(date, timeZone) {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        .format(date);
}

function errorText(error) {
    if (error instanceof ApiError) {
        if (error.status === 403 || error.status === 401) return t('twin.forbidden');
        if (error.code === 'busy') return t('twin.busy');
        if (error.code === 'no_history') return t('twin.no_history');
    }
    return error.message;
}

function table(headers, rows) {
    $('result-head').replaceChildren(h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text))));
    $('result-rows').replaceChildren(...rows);
}

function cell(text, numeric = false) { return h('td', numeric ? { class: 'num' } : {}, text); }

/** Chart.js (Debian's libjs-chart.js, embedded in the binary), loaded the first time a chart is drawn. */
async function chartLibrary() {
    if (!window.Chart) await import('/assets/vendor/chart.min.js');  // a UMD build: it sets window.Chart
    return window.Chart;
}

async function drawChart(config) {
    const Chart = await chartLibrary();
    chart?.destroy();
    chart = new Chart($('chart'), { ...config, options: { maintainAspectRatio: false, animation: false,
                                                          ...config.options } });
}

function renderPolicies(runs, comparison) {
    const ratio = Object.fromEntries(comparison.map((c) => [c.policy, c.mean_wait_ratio]));
    const best = Math.min(...runs.filter((r) => r.policy !== 'pooled').map((r) => r.overall.wait_min.mean.value));
    table([t('twin.col.policy'), t('twin.col.mean'), t('twin.col.p95'), t('twin.col.ratio'), t('twin.col.abandoned'),
           t('twin.col.utilisation')],
          runs.map((run) => h('tr', { class: run.overall.wait_min.mean.value === best ? 'best' : '',
                                      dataset: { policy: run.policy } },
                              cell(t(`twin.policy.${run.policy}`)), cell(withCi(run.overall.wait_min.mean), true),
                              cell(withCi(run.overall.wait_min.p95), true), cell(fixed(ratio[run.policy], 2), true),
                              cell(String(run.overall.abandoned), true), cell(percent(run.utilisation), true))));
    return drawChart({
        type: 'line',
        data: {
            labels: runs[0].hours.map((hour) => hour.start),
            datasets: runs.filter((run) => run.policy !== 'balanced').map((run, i) => ({
                label: t(`twin.policy.${run.policy}`), data: run.hours.map((hour) => hour.mean_wait_min),
                borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length] })),
        },
        options: { scales: { y: { beginAtZero: true, title: { display: true, text: t('twin.axis.wait') } } } },
    });
}

function renderStaffing(plan) {
    table([t('twin.col.hour'), t('twin.col.service'), t('twin.col.arrivals'), t('twin.col.officers'),
           t('twin.col.formula'), t('twin.col.simulated')],
          plan.cells.map((c) => h('tr', {}, cell(plan.staffed_scenario ? hourLabel(plan, c.hour) : String(c.hour)),
                                  cell(c.service), cell(fixed(c.arrivals_per_hour), true),
                                  cell(String(c.officers), true), cell(percent(c.formula.within_target), true),
                                  cell(`${percent(c.simulated.within_target)} ± ${percent(c.simulated.ci95)}`, true))));
    return drawChart({
        type: 'bar',
        data: { labels: plan.officers_per_hour.map((_, i) => hourLabel(plan, i)),
                datasets: [{ label: t('twin.axis.officers'), data: plan.officers_per_hour, backgroundColor: COLORS[1] }] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
}

function hourLabel(plan, hour) {
    const [hh, mm] = plan.staffed_scenario.open.split(':').map(Number);
    const minutes = hh * 60 + mm + hour * 60;
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function renderTraining(advice) {
    if (!advice.steps.length) {
        table([t('twin.col.step')], [h('tr', {}, cell(t('twin.no_training')))]);
        chart?.destroy();
        chart = null;
        $('chart-box').hidden = true;  // nothing to draw
        return;
    }
    table([t('twin.col.step'), t('twin.col.officer'), t('twin.col.learns'), t('twin.col.before'),
           t('twin.col.after'), t('twin.col.saved')],
          advice.steps.map((step, i) => h('tr', {}, cell(String(i + 1), true), cell(step.officer), cell(step.service),
                                          cell(withCi(step.mean_wait_before_min), true),
                                          cell(withCi(step.mean_wait_after_min), true),
                                          cell(withCi(step.saved_min), true))));
    return drawChart({
        type: 'bar',
        data: { labels: advice.steps.map((step) => `${step.officer} → ${step.service}`),
                datasets: [{ label: t('twin.col.saved'), data: advice.steps.map((step) => step.saved_min.value),
                             backgroundColor: COLORS[2] }] },
        options: { scales: { y: { beginAtZero: true, title: { display: true, text: t('twin.axis.wait') } } } },
    });
}

async function render(study) {
    const result = study.result;
    const scenario = result.scenario;
    $('results').hidden = false;
    $('chart-box').hidden = false;
    $('scenario-line').textContent = t('twin.scenario', {
        from: study.request.from, to: study.request.to, services: scenario.services.length,
        officers: scenario.officers.length, days: study.request.days });
    const target = `${Math.round(study.request.target.share * 100)}% ≤ ${study.request.target.wait_min} min`;
    const title = t(`twin.result.${study.study}`, { target });
    $('results-title').textContent = title;
    $('result-caption').textContent = title;
    $('chart').setAttribute('aria-label', title);
    if (result.policies) await renderPolicies(result.policies.runs, result.policies.comparison);
    if (result.staffing) await renderStaffing(result.staffing);
    if (result.training) await renderTraining(result.training);
    document.body.dataset.study = study.status;
}

function showProgress(study) {
    $('progress-box').hidden = false;
    $('progress').value = study.progress;
    $('progress-label').textContent = study.status === 'queued' ? t('twin.queued')
        : t('twin.running', { percent: Math.round(study.progress * 100) });
}

async function follow(id) {
    for (;;) {
        const study = await api(hallApi(hall, 'studies', id));
        lastStudy = study;
        if (study.status === 'done') {
            $('progress-box').hidden = true;
            await render(study);
            return;
        }
        if (study.status === 'failed') {
            $('progress-box').hidden = true;
            document.body.dataset.study = 'failed';
            const reason = study.error?.code === 'no_history' ? t('twin.no_history')
                : t('twin.failed', { message: errorMessage({ code: study.error?.code, status: 500 }) });
            showAlert($('alert'), reason);
            return;
        }
        showProgress(study);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
}

function syncFields() {
    const study = new FormData($('study-form')).get('study');
    $('target-field').hidden = study !== 'staffing';
    $('budget-field').hidden = study !== 'training';
}

async function run(event) {
    event.preventDefault();
    clearAlert($('alert'));
    $('results').hidden = true;
    const form = new FormData($('study-form'));
    const body = { study: form.get('study'), from: form.get('from'), to: form.get('to'),
                   days: Number(form.get('days')) };
    if (body.study === 'staffing') body.target = form.get('target');
    if (body.study === 'training') body.budget = Number(form.get('budget'));
    $('run').disabled = true;
    document.body.dataset.study = 'running';
    try {
        const study = await api(hallApi(hall, 'studies'), { method: 'POST', body });
        showProgress(study);
        await follow(study.id);
    } catch (e) {
        $('progress-box').hidden = true;
        document.body.dataset.study = 'failed';
        showAlert($('alert'), errorText(e));
    } finally {
        $('run').disabled = false;
    }
}

async function main() {
    initI18n();
    const session = await requireSession();
    $('who').textContent = `${session.user.username} (${session.user.role})`;
    $('sign-out').addEventListener('click', signOut);
    hall = pathSegments()[1];
    try {
        const info = await api(hallApi(hall));
        $('hall-name').textContent = info.name;
        const zone = zoneOf(info.utc_offset || '+07:00');
        const today = serverNow();
        $('to').value = localDate(today, zone);
        $('from').value = localDate(new Date(today.getTime() - 27 * 86_400_000), zone);
    } catch (e) {
        showAlert($('alert'), errorText(e));
    }
    for (const radio of document.querySelectorAll('input[name="study"]')) radio.addEventListener('change', syncFields);
    syncFields();
    $('study-form').addEventListener('submit', run);
    onLanguageChange(() => { if (lastStudy?.status === 'done') render(lastStudy); });
    document.body.dataset.ready = 'true';
}

main();
