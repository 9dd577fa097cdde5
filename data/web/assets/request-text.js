// What the request pages share: the words for a request's statuses, steps and SLA states, the clock as a person
// reads it, and the paths of the requests API. Used by the citizen's pages (services.js, track.js) and the unit's
// (worklist.js, request-file.js).
import { api } from './api.js';
import { h, zoneOf } from './common.js';
import { addStrings, lang, pick, t } from './i18n.js';

addStrings({
    id: {
        'rq.status.submitted': 'Diajukan, menunggu verifikasi',
        'rq.status.verified': 'Berkas lengkap (terverifikasi)',
        'rq.status.returned': 'Dikembalikan: mohon dilengkapi',
        'rq.status.in_process': 'Sedang diproses',
        'rq.status.product_ready': 'Selesai: produk siap diambil',
        'rq.status.handed_over': 'Selesai: produk sudah diserahkan',
        'rq.status.rejected': 'Ditolak',
        'rq.status.withdrawn': 'Dibatalkan oleh pemohon',
        'rq.step.request_submitted': 'Permohonan diajukan',
        'rq.step.request_verified': 'Berkas diverifikasi',
        'rq.step.request_returned': 'Dikembalikan untuk dilengkapi',
        'rq.step.request_resubmitted': 'Dilengkapi oleh pemohon',
        'rq.step.request_processing_started': 'Mulai diproses',
        'rq.step.request_product_ready': 'Produk siap diambil',
        'rq.step.request_handed_over': 'Produk diserahkan',
        'rq.step.request_rejected': 'Ditolak',
        'rq.step.request_withdrawn': 'Dibatalkan oleh pemohon',
        'rq.step.request_assigned': 'Ditugaskan kepada petugas',
        'rq.step.request_message_posted': 'Pesan',
        'rq.step.request_note_added': 'Catatan internal',
        'rq.step.request_escalated': 'Dieskalasi',
        'rq.sla.on_track': 'Sesuai jadwal',
        'rq.sla.due_soon': 'Mendekati tenggat',
        'rq.sla.overdue': 'Melewati tenggat',
        'rq.sla.paused': 'Jam berhenti: menunggu pemohon',
        'rq.sla.stopped': 'Selesai',
        'rq.deadline': 'Tenggat',
        'rq.left': 'Sisa waktu kerja',
        'rq.left_days': '{days} hari kerja',
        'rq.left_minutes': '{hours} jam {minutes} menit kerja',
        'rq.late': 'terlambat',
        'rq.provisional': 'sementara: hari libur nasional tahun itu belum dimuat',
        'rq.reason': 'Alasan: {reason}',
        'rq.missing': 'Perlu dilengkapi: {list}',
        'rq.by_citizen': 'Pemohon',
        'rq.by_unit': 'Petugas',
        'rq.free': 'Gratis',
        'rq.completion.working_days': '{n} hari kerja',
        'rq.completion.calendar_days': '{n} hari kalender',
        'rq.completion.working_hours': '{n} jam kerja',
        'rq.completion.same_day': 'Selesai pada hari yang sama',
        'rq.max_size': 'maks. {mb} MB',
        'rq.submitted_at': 'Diajukan',
        'rq.clock': 'Jam layanan',
    },
    en: {
        'rq.status.submitted': 'Submitted, awaiting verification',
        'rq.status.verified': 'Documents complete (verified)',
        'rq.status.returned': 'Returned: please complete it',
        'rq.status.in_process': 'In process',
        'rq.status.product_ready': 'Done: ready for collection',
        'rq.status.handed_over': 'Done: handed over',
        'rq.status.rejected': 'Rejected',
        'rq.status.withdrawn': 'Withdrawn by the applicant',
        'rq.step.request_submitted': 'Request submitted',
        'rq.step.request_verified': 'Documents verified',
        'rq.step.request_returned': 'Returned for completion',
        'rq.step.request_resubmitted': 'Completed by the applicant',
        'rq.step.request_processing_started': 'Processing started',
        'rq.step.request_product_ready': 'Ready for collection',
        'rq.step.request_handed_over': 'Handed over',
        'rq.step.request_rejected': 'Rejected',
        'rq.step.request_withdrawn': 'Withdrawn by the applicant',
        'rq.step.request_assigned': 'Assigned to an officer',
        'rq.step.request_message_posted': 'Message',
        'rq.step.request_note_added': 'Internal note',
        'rq.step.request_escalated': 'Escalated',
        'rq.sla.on_track': 'On track',
        'rq.sla.due_soon': 'Due soon',
        'rq.sla.overdue': 'Overdue',
        'rq.sla.paused': 'Clock paused: waiting on the applicant',
        'rq.sla.stopped': 'Done',
        'rq.deadline': 'Deadline',
        'rq.left': 'Working time left',
        'rq.left_days': '{days} working days',
        'rq.left_minutes': '{hours} h {minutes} min of working time',
        'rq.late': 'late',
        'rq.provisional': 'provisional: that year\'s national holidays are not loaded yet',
        'rq.reason': 'Reason: {reason}',
        'rq.missing': 'To complete: {list}',
        'rq.by_citizen': 'Applicant',
        'rq.by_unit': 'Officer',
        'rq.free': 'Free',
        'rq.completion.working_days': '{n} working days',
        'rq.completion.calendar_days': '{n} calendar days',
        'rq.completion.working_hours': '{n} working hours',
        'rq.completion.same_day': 'Done the same day',
        'rq.max_size': 'max. {mb} MB',
        'rq.submitted_at': 'Submitted',
        'rq.clock': 'Service clock',
    },
});

/** Path of a tenant's API resource: tenantApi('kota-mojokerto', 'track', code). */
export function tenantApi(tenant, ...rest) {
    return ['/api/v1/tenants', tenant, ...rest].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

/** "7Q4M-2KX9-AB3" from a code as the API gives it (already grouped) or as typed. */
export function codeText(code) { return String(code || '').toUpperCase(); }

export const statusName = (status) => t('rq.status.' + status);
export const stepName = (type) => t('rq.step.' + type);
export const slaName = (state) => t('rq.sla.' + state);

/** A local instant ("2026-12-03T16:00:00.000+07:00") as "Kamis, 3 Des 2026 16.00" in that instant's own zone. */
export function instantText(iso, { time = true } = {}) {
    if (!iso) return '';
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return iso;
    const offset = /([+-]\d\d:\d\d)$/.exec(iso)?.[1];
    const options = { weekday: 'long', day: 'numeric', month: 'short', year: 'numeric', timeZone: zoneOf(offset) };
    if (time) Object.assign(options, { hour: '2-digit', minute: '2-digit' });
    return new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB', options).format(at);
}

/** The working time left on a clock: days when a day or more, else hours and minutes; "late" when negative. */
export function leftText(sla) {
    if (!sla || sla.state === 'stopped') return '';
    const minutes = sla.working_minutes_left ?? 0;
    if (minutes < 0) return t('rq.late');
    if ((sla.working_days_left ?? 0) >= 1) return t('rq.left_days', { days: sla.working_days_left });
    return t('rq.left_minutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** "3 hari kerja" from a standard's completion rule. */
export function completionText(completion) {
    if (!completion) return '';
    if (completion.amount === 0) return t('rq.completion.same_day');
    return t('rq.completion.' + completion.unit, { n: completion.amount });
}

/** "Gratis", or "Rp 50.000" with the fee's note. */
export function feeText(fee) {
    if (!fee) return '';
    const amount = fee.idr > 0
        ? new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(fee.idr)
        : t('rq.free');
    const note = pick(fee.note);
    return note ? `${amount}. ${note}` : amount;
}

/** Whether a requirement is a document to upload (it accepts file types), rather than a condition or a visit. */
export const isUpload = (requirement) => (requirement.accepted_types || []).length > 0;

/** "PDF, JPEG, PNG · maks. 2 MB" for a file requirement. */
export function typesText(requirement) {
    const names = (requirement.accepted_types || []).map((type) => type.split('/')[1].toUpperCase());
    const mb = Math.round(requirement.max_bytes / 104857.6) / 10;
    return names.join(', ') + (requirement.max_bytes ? ' · ' + t('rq.max_size', { mb }) : '');
}

/** The SLA as rows of a definition list: state, deadline (provisional or not), time left. */
export function clockRows(item) {
    const row = (label, ...value) => h('div', {}, h('dt', {}, label), h('dd', {}, ...value));
    const sla = item.sla;
    const rows = [
        row(t('rq.submitted_at'), instantText(item.submitted_at)),
        row(t('rq.clock'), h('span', { class: 'sla', id: 'sla', dataset: { sla: sla.state } }, slaName(sla.state))),
    ];
    if (sla.deadline) {
        rows.push(row(t('rq.deadline'), h('span', { id: 'deadline', dataset: { at: sla.deadline } }, instantText(sla.deadline)),
                      sla.provisional ? h('span', { class: 'provisional' }, ` (${t('rq.provisional')})`) : null));
    }
    const left = leftText(sla);
    if (left) rows.push(row(t('rq.left'), left));
    return rows;
}

/** The names of the tenant's units ({id: {id, en}}), from its halls. */
export async function unitNames(tenant) {
    const { halls } = await api('/api/v1/halls');
    const ours = halls.filter((hall) => hall.tenant === tenant);
    const details = await Promise.all(ours.map((hall) => api(`/api/v1/halls/${encodeURIComponent(hall.id)}`)));
    const names = {};
    for (const hall of details) {
        for (const unit of hall.units || []) names[unit.id] = unit.name;
    }
    return names;
}

/**
 * One step of a request's timeline as a list item: what, when, and what was said (the reason, the documents asked
 * for, the message). `before`/`after` add the unit's own lines (escalation level, assignee, who acted); `label`
 * follows the step's name ("(internal)").
 */
export function timelineItem(event, requirementName, { before = [], after = [], label = '' } = {}) {
    const said = [...before];
    if (event.reason) said.push(t('rq.reason', { reason: event.reason }));
    if (event.missing?.length) said.push(t('rq.missing', { list: event.missing.map(requirementName).join(', ') }));
    if (event.text) said.push(`${event.author === 'citizen' ? t('rq.by_citizen') : t('rq.by_unit')}: ${event.text}`);
    said.push(...after);
    const dataset = event.public === undefined ? { type: event.type } : { type: event.type, public: String(event.public) };
    return h('li', { dataset },
             h('span', { class: 'what' }, stepName(event.type), label),
             h('span', { class: 'when' }, instantText(event.at)),
             said.length ? h('span', { class: 'said' }, said.join('\n')) : null);
}
