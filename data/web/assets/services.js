// The public catalog of a government's services (/layanan/{tenant}) and one service's standard with the request
// form (/layanan/{tenant}/{service}), without signing in. The standard shows its six published components
// (requirements, procedure, completion time, fee, product, complaint channel); the form is built from its
// requirements: one file field per document, with the types and size the standard accepts. On success the
// citizen goes to the tracking page of the new request. Data: GET /api/v1/tenants/{tenant}/services[/{service}],
// POST /api/v1/tenants/{tenant}/requests (docs/API.md, "Service standards", "Service requests").
import { api, ApiError, pathSegments } from './api.js';
import { clearAlert, h, showAlert } from './common.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { completionText, feeText, isUpload, tenantApi, typesText, unitNames } from './request-text.js';

addStrings({
    id: {
        'svc.title': 'Layanan dan standar pelayanan',
        'svc.catalog': 'Pilih layanan',
        'svc.catalog_intro': 'Baca persyaratan, waktu penyelesaian dan biaya setiap layanan, lalu ajukan permohonan dari rumah. Sudah mengajukan?',
        'svc.track': 'Lacak permohonan dengan kode',
        'svc.all': 'Semua layanan',
        'svc.no_standard': 'Standar pelayanan belum berlaku',
        'svc.decree': 'Standar pelayanan versi {version}, {number} tanggal {date}, berlaku sejak {from}',
        'svc.requirements': 'Persyaratan',
        'svc.required': 'wajib',
        'svc.optional': 'bila ada',
        'svc.in_person': 'dipenuhi saat datang',
        'svc.procedure': 'Sistem, mekanisme dan prosedur',
        'svc.completion': 'Jangka waktu penyelesaian',
        'svc.fee': 'Biaya/tarif',
        'svc.product': 'Produk pelayanan',
        'svc.complaint': 'Penanganan pengaduan, saran dan masukan',
        'svc.apply': 'Ajukan permohonan',
        'svc.nik': 'NIK pemohon (16 angka)',
        'svc.phone': 'Nomor HP (tidak wajib, untuk kabar permohonan)',
        'svc.file_hint': 'Berkas: {types}',
        'svc.privacy': 'NIK, nomor HP dan berkas Anda disimpan terenkripsi, hanya dibaca petugas unit yang melayani, dan dihapus sesuai ketentuan perlindungan data pribadi.',
        'svc.submit': 'Kirim permohonan',
        'svc.sending': 'Mengirim…',
        'svc.nik_format': 'NIK terdiri dari 16 angka.',
        'svc.file_missing': 'Unggah berkas wajib: {name}.',
        'svc.file_large': 'Berkas "{name}" lebih besar dari batasnya.',
    },
    en: {
        'svc.title': 'Services and service standards',
        'svc.catalog': 'Choose a service',
        'svc.catalog_intro': 'Read what each service requires, how long it takes and what it costs, then apply from home. Already applied?',
        'svc.track': 'Track a request by its code',
        'svc.all': 'All services',
        'svc.no_standard': 'No service standard in force yet',
        'svc.decree': 'Service standard version {version}, {number} of {date}, in force since {from}',
        'svc.requirements': 'Requirements',
        'svc.required': 'required',
        'svc.optional': 'if any',
        'svc.in_person': 'met when you come',
        'svc.procedure': 'System, mechanism and procedure',
        'svc.completion': 'Completion time',
        'svc.fee': 'Fee',
        'svc.product': 'Product',
        'svc.complaint': 'Complaints, suggestions and feedback',
        'svc.apply': 'Apply',
        'svc.nik': 'Applicant\'s NIK (16 digits)',
        'svc.phone': 'Mobile number (optional, for news of the request)',
        'svc.file_hint': 'File: {types}',
        'svc.privacy': 'Your NIK, phone number and files are stored encrypted, read only by the officers of the serving unit, and erased as the personal data protection rules require.',
        'svc.submit': 'Send the request',
        'svc.sending': 'Sending…',
        'svc.nik_format': 'A NIK has 16 digits.',
        'svc.file_missing': 'Upload the required file: {name}.',
        'svc.file_large': 'The file "{name}" is larger than its limit.',
    },
});

const [, tenant, serviceCode] = pathSegments();
const alertRegion = document.getElementById('alert');
let rendered = () => {};

initI18n();
onLanguageChange(() => rendered());
start();

async function start() {
    try {
        if (serviceCode) {
            const service = await api(tenantApi(tenant, 'services', serviceCode));
            rendered = () => showService(service);
        } else {
            const [catalog, units] = await Promise.all([api(tenantApi(tenant, 'services')), unitNames(tenant)]);
            rendered = () => showCatalog(catalog, units);
        }
        rendered();
        document.body.dataset.state = 'ready';
    } catch (error) {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
        document.body.dataset.state = 'error';
    }
}

function showCatalog(catalog, units) {
    document.getElementById('track-link').href = `/lacak/${encodeURIComponent(tenant)}`;
    const byUnit = new Map();
    for (const service of catalog.services) {
        if (!byUnit.has(service.unit)) byUnit.set(service.unit, []);
        byUnit.get(service.unit).push(service);
    }
    const groups = [...byUnit].map(([unit, services]) => h('section', { class: 'unit-group' },
        h('h2', {}, pick(units[unit]) || unit),
        h('ul', { class: 'service-list' }, services.map((service) => h('li', {},
            h('a', { href: `/layanan/${encodeURIComponent(tenant)}/${encodeURIComponent(service.code)}`,
                     dataset: { service: service.code } },
              h('span', { class: 'name' }, pick(service.name)),
              h('span', { class: 'facts-line' }, service.standard
                  ? `${completionText(service.standard.completion)} · ${feeText({ idr: service.standard.fee.idr })}`
                  : t('svc.no_standard'))))))));
    document.getElementById('units').replaceChildren(...groups);
    document.getElementById('catalog').hidden = false;
    document.title = `${t('svc.catalog')} · layan`;
}

function showService(service) {
    const standard = service.standard;
    document.getElementById('back').href = `/layanan/${encodeURIComponent(tenant)}`;
    document.getElementById('service-heading').textContent = pick(service.name);
    document.title = `${pick(service.name)} · layan`;
    document.getElementById('decree').textContent = t('svc.decree', {
        version: standard.version, number: standard.decree.number, date: standard.decree.date, from: standard.valid_from,
    });
    const item = (label, ...content) => h('div', {}, h('dt', {}, label), h('dd', {}, ...content));
    document.getElementById('standard').replaceChildren(
        item(t('svc.requirements'), h('ul', {}, standard.requirements.map((requirement) => h('li', {},
            pick(requirement.name), ' ',
            h('span', { class: 'requirement-type' }, `(${requirementNote(requirement)})`))))),
        item(t('svc.procedure'), h('ol', {}, standard.procedure.map((step) => h('li', {}, pick(step))))),
        item(t('svc.completion'), completionText(standard.completion)),
        item(t('svc.fee'), feeText(standard.fee)),
        item(t('svc.product'), pick(standard.product)),
        item(t('svc.complaint'), pick(standard.complaint_channel)),
    );
    document.getElementById('standard-card').hidden = false;
    showForm(standard);
}

function requirementNote(requirement) {
    const kind = requirement.required ? t('svc.required') : t('svc.optional');
    return isUpload(requirement) ? `${kind}; ${typesText(requirement)}` : `${kind}; ${t('svc.in_person')}`;
}

function showForm(standard) {
    const uploads = standard.requirements.filter(isUpload);
    document.getElementById('files').replaceChildren(...uploads.map((requirement) => h('div', { class: 'field' },
        h('label', { for: `file-${requirement.code}` },
          `${pick(requirement.name)} (${requirement.required ? t('svc.required') : t('svc.optional')})`),
        h('p', { class: 'hint', id: `hint-${requirement.code}` }, t('svc.file_hint', { types: typesText(requirement) })),
        h('input', { type: 'file', id: `file-${requirement.code}`, name: requirement.code,
                     accept: requirement.accepted_types.join(','), 'aria-describedby': `hint-${requirement.code}`,
                     required: requirement.required }))));
    const form = document.getElementById('apply');
    form.onsubmit = (event) => {
        event.preventDefault();
        submit(form, uploads);
    };
    document.getElementById('apply-card').hidden = false;
}

/** What the page can tell before sending (the server judges again, and the files by their content). */
function firstProblem(form, uploads) {
    if (!/^\d{16}$/.test(form.nik.value.replace(/\s/g, ''))) return { message: t('svc.nik_format'), field: form.nik };
    for (const requirement of uploads) {
        const input = form.elements[requirement.code];
        const file = input.files[0];
        if (requirement.required && !file) return { message: t('svc.file_missing', { name: pick(requirement.name) }), field: input };
        if (file && requirement.max_bytes && file.size > requirement.max_bytes) {
            return { message: t('svc.file_large', { name: file.name }), field: input };
        }
    }
    return null;
}

async function submit(form, uploads) {
    clearAlert(alertRegion);
    const problem = firstProblem(form, uploads);
    if (problem) {
        showAlert(alertRegion, problem.message);
        problem.field.focus();
        return;
    }
    const body = new FormData();
    body.append('service', serviceCode);
    body.append('nik', form.nik.value.replace(/\s/g, ''));
    if (form.phone.value.trim()) body.append('phone', form.phone.value.trim());
    for (const requirement of uploads) {
        const file = form.elements[requirement.code].files[0];
        if (file) body.append(requirement.code, file, file.name);
    }
    const button = document.getElementById('submit');
    button.disabled = true;
    button.textContent = t('svc.sending');
    try {
        const request = await api(tenantApi(tenant, 'requests'), { method: 'POST', body });
        location.assign(`/lacak/${encodeURIComponent(tenant)}/${encodeURIComponent(request.code)}?baru=1`);
    } catch (error) {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
        alertRegion.scrollIntoView({ block: 'center' });
        button.disabled = false;
        button.textContent = t('svc.submit');
    }
}
