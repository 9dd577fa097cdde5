// One request as its unit works it (/tenants/{tenant}/permohonan/{code}): the clock with its deadline, the next
// steps the status allows (verify, return for completion with the reason and the documents to complete, start,
// mark the product ready, hand it over, reject with a reason, take it on), messages to the citizen and internal
// notes, the uploaded documents, and the whole timeline (internal events marked). Data: GET
// /api/v1/tenants/{tenant}/requests/{code}, POST .../requests/{code}/{step} (docs/API.md, "Service requests").
import { api, ApiError, pathSegments } from './api.js';
import { clearAlert, h, showAlert } from './common.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { clockRows, codeText, isUpload, statusName, tenantApi, timelineItem } from './request-text.js';
import { loginUrl, requireSession, signOut } from './session.js';

addStrings({
    id: {
        'rf.title': 'Berkas permohonan',
        'rf.sign_out': 'Keluar',
        'rf.back': 'Semua permohonan',
        'rf.work': 'Tindakan',
        'rf.verify': 'Verifikasi: berkas lengkap',
        'rf.return': 'Kembalikan untuk dilengkapi',
        'rf.start': 'Mulai proses',
        'rf.ready': 'Produk siap diambil',
        'rf.hand_over': 'Serahkan produk',
        'rf.reject': 'Tolak',
        'rf.take': 'Tugaskan kepada saya',
        'rf.return_reason': 'Alasan pengembalian (dibaca pemohon)',
        'rf.reject_reason': 'Alasan penolakan (dibaca pemohon)',
        'rf.missing': 'Berkas yang perlu dilengkapi',
        'rf.text': 'Pesan kepada pemohon, atau catatan internal',
        'rf.send_message': 'Kirim kepada pemohon',
        'rf.add_note': 'Simpan sebagai catatan internal',
        'rf.documents': 'Berkas',
        'rf.no_documents': 'Tidak ada berkas unggahan (diperiksa di loket).',
        'rf.timeline': 'Riwayat lengkap',
        'rf.internal': 'internal',
        'rf.by': 'oleh {who}',
        'rf.level': 'kepada {level}',
        'rf.level.supervisor': 'supervisor unit',
        'rf.level.unit_head': 'kepala unit',
        'rf.nik': 'NIK',
        'rf.channel': 'Saluran',
        'rf.channel.online': 'Daring',
        'rf.channel.walk_in': 'Datang ke loket',
        'rf.assigned': 'Petugas',
        'rf.unassigned': 'Belum ditugaskan',
        'rf.standard': 'Standar pelayanan',
        'rf.standard_version': 'versi {version}',
        'rf.done': 'Tersimpan: {step}.',
        'rf.forbidden': 'Permohonan ini dilayani unit lain.',
        'rf.sign_in_other': 'Masuk dengan akun lain',
    },
    en: {
        'rf.title': 'Request file',
        'rf.sign_out': 'Sign out',
        'rf.back': 'All requests',
        'rf.work': 'Actions',
        'rf.verify': 'Verify: documents complete',
        'rf.return': 'Return for completion',
        'rf.start': 'Start processing',
        'rf.ready': 'Product ready for collection',
        'rf.hand_over': 'Hand the product over',
        'rf.reject': 'Reject',
        'rf.take': 'Assign to me',
        'rf.return_reason': 'Why it is returned (the applicant reads it)',
        'rf.reject_reason': 'Why it is rejected (the applicant reads it)',
        'rf.missing': 'Documents to complete',
        'rf.text': 'A message to the applicant, or an internal note',
        'rf.send_message': 'Send to the applicant',
        'rf.add_note': 'Keep as an internal note',
        'rf.documents': 'Documents',
        'rf.no_documents': 'No uploaded documents (checked at the counter).',
        'rf.timeline': 'Whole history',
        'rf.internal': 'internal',
        'rf.by': 'by {who}',
        'rf.level': 'to the {level}',
        'rf.level.supervisor': 'unit supervisor',
        'rf.level.unit_head': 'unit head',
        'rf.nik': 'NIK',
        'rf.channel': 'Channel',
        'rf.channel.online': 'Online',
        'rf.channel.walk_in': 'At the counter',
        'rf.assigned': 'Officer',
        'rf.unassigned': 'Not assigned',
        'rf.standard': 'Service standard',
        'rf.standard_version': 'version {version}',
        'rf.done': 'Saved: {step}.',
        'rf.forbidden': 'Another unit serves this request.',
        'rf.sign_in_other': 'Sign in with another account',
    },
});

// The steps each status allows (domain/requests/commands.h, Allows), as buttons; "return" and "reject" ask for
// a reason first.
const kSteps = {
    submitted: ['verify', 'return', 'reject'],
    verified: ['start', 'return', 'reject'],
    returned: ['reject'],
    in_process: ['ready', 'return', 'reject'],
    product_ready: ['hand_over'],
};
const kFinal = ['handed_over', 'rejected', 'withdrawn'];
const [, tenant, , code] = pathSegments();
const alertRegion = document.getElementById('alert');
let session = null;
let request = null;
let requirements = [];

initI18n();
onLanguageChange(() => request && show());
document.getElementById('sign-out').addEventListener('click', signOut);
document.getElementById('back').href = `/tenants/${encodeURIComponent(tenant)}/permohonan`;
start();

async function start() {
    session = await requireSession();
    document.getElementById('who').textContent = session.user.name || session.user.username;
    try {
        request = await api(tenantApi(tenant, 'requests', code));
        // The standard the request was made under (in force on its day), which its documents are judged by.
        const on = request.submitted_at.slice(0, 10);
        const service = await api(`${tenantApi(tenant, 'services', request.service)}?on=${on}`).catch(() => null);
        requirements = service?.standard?.requirements || [];
        show();
        wireForms();
        document.body.dataset.state = 'ready';
    } catch (error) {
        if (error instanceof ApiError && error.status === 403) {
            showAlert(alertRegion, h('span', {}, t('rf.forbidden'), ' ', h('a', { href: loginUrl() }, t('rf.sign_in_other'))));
        } else {
            showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
        }
        document.body.dataset.state = 'error';
    }
}

const requirementName = (requirementCode) =>
    pick(requirements.find((r) => r.code === requirementCode)?.name) || requirementCode;

function show() {
    document.title = `${codeText(request.code)} · ${t('rf.title')} · layan`;
    document.getElementById('file-heading').textContent = pick(request.service_name);
    document.getElementById('tracking-code').textContent = codeText(request.code);
    const status = document.getElementById('status');
    status.textContent = statusName(request.status);
    status.dataset.status = request.status;
    const row = (label, value) => h('div', {}, h('dt', {}, label), h('dd', {}, value));
    document.getElementById('facts').replaceChildren(
        ...clockRows(request),
        row(t('rf.nik'), request.masked_nik),
        row(t('rf.channel'), t('rf.channel.' + request.channel)),
        row(t('rf.assigned'), request.assigned || t('rf.unassigned')),
        row(t('rf.standard'), t('rf.standard_version', { version: request.standard_version })),
    );
    document.getElementById('file').hidden = false;
    showSteps();
    showDocuments();
    document.getElementById('timeline').replaceChildren(...request.timeline.map(fileItem));
    document.getElementById('history').hidden = false;
}

function showSteps() {
    const final = kFinal.includes(request.status);
    document.getElementById('work').hidden = final;
    if (final) return;
    const buttons = (kSteps[request.status] || []).map((step) => h('button', {
        type: 'button', class: step === 'reject' ? 'btn btn-danger' : 'btn btn-primary', dataset: { step },
        onclick: () => (step === 'return' || step === 'reject' ? askReason(step) : act(step.replace('_', '-'), undefined, step)),
    }, t('rf.' + step)));
    if (request.assigned !== session.user.id) {
        buttons.push(h('button', { type: 'button', class: 'btn', dataset: { step: 'assign' },
                                   onclick: () => act('assign', { officer: session.user.id }, 'take') }, t('rf.take')));
    }
    document.getElementById('steps').replaceChildren(...buttons);
}

function askReason(step) {
    const form = document.getElementById('reason-form');
    form.dataset.step = step;
    document.getElementById('reason-label').textContent = t(`rf.${step}_reason`);
    document.getElementById('reason-submit').textContent = t('rf.' + step);
    const missing = document.getElementById('missing-field');
    missing.hidden = step !== 'return';
    document.getElementById('missing').replaceChildren(...requirements.filter(isUpload).map((requirement) =>
        h('label', {}, h('input', { type: 'checkbox', name: 'missing', value: requirement.code }), pick(requirement.name))));
    form.hidden = false;
    form.reason.focus();
}

function showDocuments() {
    const documents = request.documents || [];
    document.getElementById('documents').replaceChildren(...(documents.length ? documents.map((document_) => h('li', {},
        h('a', { href: tenantApi(tenant, 'requests', request.code, 'documents', document_.requirement), download: '' },
          requirementName(document_.requirement)),
        h('span', { class: 'muted' }, ` (${document_.media_type}, ${Math.max(1, Math.round(document_.size / 1024))} KB)`)))
        : [h('li', { class: 'muted' }, t('rf.no_documents'))]));
    document.getElementById('docs').hidden = false;
}

/** A step of the whole timeline, with what only the unit reads: the escalation's level, the assignee, who acted. */
function fileItem(event) {
    return timelineItem(event, requirementName, {
        before: [event.level && t('rf.level', { level: t('rf.level.' + event.level) }), event.officer].filter(Boolean),
        after: event.by ? [t('rf.by', { who: event.by })] : [],
        label: event.public ? '' : ` (${t('rf.internal')})`,
    });
}

async function act(path, body, step) {
    clearAlert(alertRegion);
    try {
        request = await api(tenantApi(tenant, 'requests', request.code, path), { method: 'POST', body: body ?? {} });
        document.getElementById('reason-form').hidden = true;
        show();
        showAlert(alertRegion, t('rf.done', { step: t('rf.' + step) }), 'success', { timeoutMs: 6000 });
        return true;
    } catch (error) {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
        return false;
    }
}

function wireForms() {
    const reasonForm = document.getElementById('reason-form');
    reasonForm.onsubmit = (event) => {
        event.preventDefault();
        const step = reasonForm.dataset.step;
        const body = { reason: reasonForm.reason.value.trim() };
        if (step === 'return') body.missing = [...reasonForm.querySelectorAll('input[name="missing"]:checked')].map((box) => box.value);
        act(step, body, step).then((done) => done && reasonForm.reset());
    };
    document.getElementById('reason-cancel').onclick = () => { reasonForm.hidden = true; };
    const textForm = document.getElementById('text-form');
    textForm.onsubmit = async (event) => {
        event.preventDefault();
        const kind = event.submitter?.value || 'messages';
        const text = textForm.text.value.trim();
        if (text && await act(kind, { text }, kind === 'messages' ? 'send_message' : 'add_note')) textForm.reset();
    };
}
