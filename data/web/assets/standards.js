// The service standards of a government, for its admins and the heads of the units (/tenants/{tenant}/standar):
// every published version of a service's standard, and a new version published by decree, never an overwrite. The
// form starts from the latest version: the decree, the date it takes effect, the completion time, the fee and the
// document requirements (name, required, size) are edited here; the other components are carried unchanged. Data:
// GET/POST /api/v1/tenants/{tenant}/services/{service}/standard-versions (docs/API.md, "Service standards").
import { api, ApiError, pathSegments } from './api.js';
import { h, showAlert } from './common.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { completionText, feeText, isUpload, tenantApi } from './request-text.js';
import { loginUrl, requireSession, signOut } from './session.js';

addStrings({
    id: {
        'std.title': 'Standar pelayanan',
        'std.sign_out': 'Keluar',
        'std.heading': 'Standar pelayanan',
        'std.intro': 'Setiap perubahan standar adalah versi baru menurut keputusan yang menetapkannya; versi lama tidak pernah ditimpa, dan permohonan tetap mengikuti versi yang berlaku saat diajukan.',
        'std.service': 'Layanan',
        'std.public': 'Lihat seperti warga melihatnya',
        'std.versions': 'Versi yang diterbitkan',
        'std.col.version': 'Versi',
        'std.col.decree': 'Keputusan',
        'std.col.valid_from': 'Berlaku sejak',
        'std.col.completion': 'Waktu penyelesaian',
        'std.col.fee': 'Biaya',
        'std.decree_text': '{number}, {date}',
        'std.publish': 'Terbitkan versi baru',
        'std.publish_intro': 'Isian dimulai dari versi terakhir. Komponen yang tidak tampil di sini (prosedur, dasar hukum, sarana, kompetensi pelaksana, pengawasan, jaminan, evaluasi) dibawa apa adanya.',
        'std.decree_number': 'Nomor keputusan',
        'std.decree_date': 'Tanggal keputusan',
        'std.valid_from': 'Berlaku sejak',
        'std.amount': 'Waktu penyelesaian',
        'std.unit': 'Satuan',
        'std.unit.working_days': 'hari kerja',
        'std.unit.calendar_days': 'hari kalender',
        'std.unit.working_hours': 'jam kerja',
        'std.fee': 'Biaya (Rp, 0 = gratis)',
        'std.requirements': 'Persyaratan berkas',
        'std.req.code': 'Kode',
        'std.req.name': 'Nama',
        'std.req.required': 'Wajib',
        'std.req.max': 'Maks. MB',
        'std.submit': 'Terbitkan',
        'std.published': 'Versi {version} diterbitkan, berlaku sejak {from}.',
        'std.forbidden': 'Halaman ini untuk admin pemerintah daerah dan kepala unit pemilik layanan.',
        'std.sign_in_other': 'Masuk dengan akun lain',
    },
    en: {
        'std.title': 'Service standards',
        'std.sign_out': 'Sign out',
        'std.heading': 'Service standards',
        'std.intro': 'Every change of a standard is a new version under the decree that set it; an old version is never overwritten, and a request keeps the version in force when it was made.',
        'std.service': 'Service',
        'std.public': 'See it as citizens do',
        'std.versions': 'Published versions',
        'std.col.version': 'Version',
        'std.col.decree': 'Decree',
        'std.col.valid_from': 'In force from',
        'std.col.completion': 'Completion time',
        'std.col.fee': 'Fee',
        'std.decree_text': '{number}, {date}',
        'std.publish': 'Publish a new version',
        'std.publish_intro': 'The form starts from the latest version. The components not shown here (procedure, legal basis, facilities, officers\' competence, supervision, guarantees, evaluation) are carried unchanged.',
        'std.decree_number': 'Decree number',
        'std.decree_date': 'Decree date',
        'std.valid_from': 'In force from',
        'std.amount': 'Completion time',
        'std.unit': 'Unit',
        'std.unit.working_days': 'working days',
        'std.unit.calendar_days': 'calendar days',
        'std.unit.working_hours': 'working hours',
        'std.fee': 'Fee (IDR, 0 = free)',
        'std.requirements': 'Document requirements',
        'std.req.code': 'Code',
        'std.req.name': 'Name',
        'std.req.required': 'Required',
        'std.req.max': 'Max. MB',
        'std.submit': 'Publish',
        'std.published': 'Version {version} published, in force from {from}.',
        'std.forbidden': 'This page is for the government\'s admins and the heads of the units that own the services.',
        'std.sign_in_other': 'Sign in with another account',
    },
});

const [, tenant] = pathSegments();
const alertRegion = document.getElementById('alert');
const select = document.getElementById('service');
const form = document.getElementById('publish-form');
let services = [];
let versions = [];
let today = '';  // the tenant's today, as the catalog gives it (not the browser's UTC date)

initI18n();
onLanguageChange(() => { fillServices(); showVersions(); });
document.getElementById('sign-out').addEventListener('click', signOut);
start();

async function start() {
    const session = await requireSession();
    document.getElementById('who').textContent = session.user.name || session.user.username;
    try {
        const catalog = await api(tenantApi(tenant, 'services'));
        services = catalog.services;
        today = catalog.on;
    } catch (error) {
        fail(error);
        return;
    }
    fillServices();
    select.value = new URLSearchParams(location.search).get('layanan') || services[0]?.code || '';
    select.onchange = () => {
        history.replaceState(null, '', `${location.pathname}?layanan=${encodeURIComponent(select.value)}`);
        load();
    };
    form.onsubmit = (event) => {
        event.preventDefault();
        publish();
    };
    await load();
}

function fillServices() {
    const value = select.value;
    select.replaceChildren(...services.map((service) => h('option', { value: service.code }, pick(service.name))));
    select.value = value;
}

function fail(error) {
    if (error instanceof ApiError && error.status === 403) {
        showAlert(alertRegion, h('span', {}, t('std.forbidden'), ' ', h('a', { href: loginUrl() }, t('std.sign_in_other'))));
    } else {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
    }
    document.body.dataset.state = 'error';
}

async function load() {
    document.getElementById('public-link').href = `/layanan/${encodeURIComponent(tenant)}/${encodeURIComponent(select.value)}`;
    try {
        versions = (await api(tenantApi(tenant, 'services', select.value, 'standard-versions'))).versions;
    } catch (error) {
        fail(error);
        return;
    }
    alertRegion.hidden = true;
    showVersions();
    prefill(versions[versions.length - 1]);
    document.body.dataset.state = 'ready';
}

function showVersions() {
    document.querySelector('#versions tbody').replaceChildren(...versions.map((version) => h('tr', { dataset: { version: version.version } },
        h('td', {}, String(version.version)),
        h('td', {}, t('std.decree_text', version.decree)),
        h('td', { class: 'nowrap' }, version.valid_from),
        h('td', {}, completionText(version.completion)),
        h('td', {}, feeText({ idr: version.fee.idr })))));
}

function prefill(latest) {
    if (!latest) return;
    form.decree_number.value = '';
    form.decree_date.value = '';
    form.valid_from.value = today;
    form.amount.value = latest.completion.amount;
    form.unit.value = latest.completion.unit;
    form.fee.value = latest.fee.idr;
    document.querySelector('#requirements tbody').replaceChildren(...latest.requirements.map((requirement) => h('tr', { dataset: { code: requirement.code } },
        h('td', { class: 'nowrap' }, requirement.code),
        h('td', {}, h('input', { type: 'text', name: 'name', value: requirement.name.id, 'aria-label': `${t('std.req.name')} ${requirement.code}` })),
        h('td', {}, h('input', { type: 'checkbox', name: 'required', checked: requirement.required, 'aria-label': `${t('std.req.required')} ${requirement.code}` })),
        h('td', {}, isUpload(requirement)
            ? h('input', { type: 'number', name: 'max_mb', min: '0.1', max: '25', step: '0.1', value: String(requirement.max_bytes / 1048576),
                           'aria-label': `${t('std.req.max')} ${requirement.code}` })
            : '—'))));
}

/** The latest version with the form's edits: the body of a new version. */
function edited() {
    const latest = structuredClone(versions[versions.length - 1]);
    delete latest.version;
    latest.decree = { number: form.decree_number.value.trim(), date: form.decree_date.value };
    latest.valid_from = form.valid_from.value;
    latest.completion = { unit: form.unit.value, amount: Number(form.amount.value) };
    latest.fee = { ...latest.fee, idr: Number(form.fee.value) };
    for (const row of document.querySelectorAll('#requirements tbody tr')) {
        const requirement = latest.requirements.find((r) => r.code === row.dataset.code);
        requirement.name = { ...requirement.name, id: row.querySelector('[name="name"]').value.trim() };
        requirement.required = row.querySelector('[name="required"]').checked;
        const max = row.querySelector('[name="max_mb"]');
        if (max) requirement.max_bytes = Math.round(Number(max.value) * 1048576);
    }
    return latest;
}

async function publish() {
    try {
        const version = await api(tenantApi(tenant, 'services', select.value, 'standard-versions'), { method: 'POST', body: edited() });
        await load();
        showAlert(alertRegion, t('std.published', { version: version.version, from: version.valid_from }), 'success');
    } catch (error) {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
    }
}
