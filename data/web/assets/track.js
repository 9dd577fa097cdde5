// A citizen follows a request by its tracking code, without an account (/lacak/{tenant}/{code}; /lacak/{tenant}
// asks for the code). The page shows the status, the deadline in working days (marked provisional when that
// year's holidays are not loaded), each public step with its reasons and messages, and, when the unit returned
// the file, a form for the documents it asked for: sending them restarts the clock. The citizen may also write to
// the unit or withdraw. Data: GET/POST /api/v1/tenants/{tenant}/track/{code}[/completion|/messages|/withdraw].
import { api, ApiError, pathSegments } from './api.js';
import { clearAlert, h, showAlert } from './common.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import {
    clockRows, codeText, isUpload, statusName, tenantApi, timelineItem, typesText,
} from './request-text.js';

addStrings({
    id: {
        'trk.title': 'Lacak permohonan',
        'trk.lookup': 'Lacak permohonan',
        'trk.code': 'Kode pelacakan',
        'trk.find': 'Lacak',
        'trk.catalog': 'Lihat layanan dan ajukan permohonan baru',
        'trk.fresh': 'Permohonan Anda terkirim. Simpan kode pelacakan ini: dengan kode ini Anda dapat melihat perkembangannya kapan saja.',
        'trk.complete': 'Lengkapi permohonan',
        'trk.send_completion': 'Kirim kelengkapan',
        'trk.completed': 'Kelengkapan terkirim. Jam layanan berjalan lagi.',
        'trk.timeline': 'Riwayat',
        'trk.message': 'Kirim pesan kepada petugas',
        'trk.message_label': 'Pesan',
        'trk.send': 'Kirim',
        'trk.sent': 'Pesan terkirim.',
        'trk.withdraw': 'Batalkan permohonan',
        'trk.withdraw_confirm': 'Batalkan permohonan ini? Permohonan yang dibatalkan tidak dapat dilanjutkan.',
        'trk.withdrawn': 'Permohonan dibatalkan.',
    },
    en: {
        'trk.title': 'Track a request',
        'trk.lookup': 'Track a request',
        'trk.code': 'Tracking code',
        'trk.find': 'Track',
        'trk.catalog': 'See the services and make a new request',
        'trk.fresh': 'Your request was sent. Keep this tracking code: with it you can see how it goes at any time.',
        'trk.complete': 'Complete your request',
        'trk.send_completion': 'Send the documents',
        'trk.completed': 'Documents sent. The service clock runs again.',
        'trk.timeline': 'History',
        'trk.message': 'Write to the officers',
        'trk.message_label': 'Message',
        'trk.send': 'Send',
        'trk.sent': 'Message sent.',
        'trk.withdraw': 'Withdraw the request',
        'trk.withdraw_confirm': 'Withdraw this request? A withdrawn request cannot go on.',
        'trk.withdrawn': 'Request withdrawn.',
    },
});

const kFinal = ['handed_over', 'rejected', 'withdrawn'];
const [, tenant, code] = pathSegments();
const alertRegion = document.getElementById('alert');
let request = null;
let requirements = [];

initI18n();
onLanguageChange(() => request && show());
if (code) {
    load();
} else {
    askForCode();
}

function askForCode() {
    document.getElementById('catalog-link').href = `/layanan/${encodeURIComponent(tenant)}`;
    document.getElementById('lookup-form').onsubmit = (event) => {
        event.preventDefault();
        const typed = event.target.code.value.trim();
        if (typed) location.assign(`/lacak/${encodeURIComponent(tenant)}/${encodeURIComponent(typed)}`);
    };
    document.getElementById('lookup').hidden = false;
    document.body.dataset.state = 'ready';
}

async function load() {
    try {
        request = await api(tenantApi(tenant, 'track', code));
        // The standard the request was made under (in force on its day), which its documents are judged by.
        const on = request.submitted_at.slice(0, 10);
        const service = await api(`${tenantApi(tenant, 'services', request.service)}?on=${on}`).catch(() => null);
        requirements = service?.standard?.requirements || [];
        show();
        wireForms();
        if (new URLSearchParams(location.search).has('baru')) showAlert(document.getElementById('fresh'), t('trk.fresh'), 'success');
        document.body.dataset.state = 'ready';
    } catch (error) {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
        document.body.dataset.state = 'error';
        askForCode();
        document.body.dataset.state = 'error';
    }
}

function requirementName(requirementCode) {
    return pick(requirements.find((r) => r.code === requirementCode)?.name) || requirementCode;
}

function show() {
    document.title = `${codeText(request.code)} · ${t('trk.title')} · layan`;
    document.getElementById('request-heading').textContent = pick(request.service_name);
    document.getElementById('tracking-code').textContent = codeText(request.code);
    const status = document.getElementById('status');
    status.textContent = statusName(request.status);
    status.dataset.status = request.status;
    document.getElementById('clock').replaceChildren(...clockRows(request));
    document.getElementById('request').hidden = false;
    document.getElementById('timeline').replaceChildren(...request.timeline.map((event) => timelineItem(event, requirementName)));
    document.getElementById('history').hidden = false;
    showCompletion();
    document.getElementById('talk').hidden = kFinal.includes(request.status);
    document.getElementById('withdraw').hidden = kFinal.includes(request.status) || request.status === 'product_ready';
}

function showCompletion() {
    const card = document.getElementById('complete');
    if (request.status !== 'returned' || !request.returned) {
        card.hidden = true;
        return;
    }
    document.getElementById('returned-reason').textContent = t('rq.reason', { reason: request.returned.reason });
    const asked = request.returned.missing || [];
    document.getElementById('complete-files').replaceChildren(...asked.map((requirementCode) => {
        const requirement = requirements.find((r) => r.code === requirementCode);
        const upload = requirement && isUpload(requirement);
        return h('div', { class: 'field' },
                 h('label', { for: `complete-${requirementCode}` }, requirementName(requirementCode)),
                 upload ? h('p', { class: 'hint' }, typesText(requirement)) : null,
                 h('input', { type: 'file', id: `complete-${requirementCode}`, name: requirementCode, required: true,
                              accept: upload ? requirement.accepted_types.join(',') : null }));
    }));
    card.hidden = false;
}

async function act(path, body, done) {
    clearAlert(alertRegion);
    try {
        request = await api(tenantApi(tenant, 'track', code, ...path), { method: 'POST', body });
        show();
        showAlert(alertRegion, done, 'success', { timeoutMs: 6000 });
        return true;
    } catch (error) {
        showAlert(alertRegion, error instanceof ApiError ? error.message : String(error));
        return false;
    }
}

function wireForms() {
    document.getElementById('complete-form').onsubmit = (event) => {
        event.preventDefault();
        const body = new FormData();
        for (const input of event.target.querySelectorAll('input[type="file"]')) {
            if (input.files[0]) body.append(input.name, input.files[0], input.files[0].name);
        }
        act(['completion'], body, t('trk.completed'));
    };
    document.getElementById('message-form').onsubmit = async (event) => {
        event.preventDefault();
        const text = event.target.text.value.trim();
        if (text && await act(['messages'], { text }, t('trk.sent'))) event.target.reset();
    };
    document.getElementById('withdraw').onclick = () => {
        if (confirm(t('trk.withdraw_confirm'))) act(['withdraw'], {}, t('trk.withdrawn'));
    };
}
