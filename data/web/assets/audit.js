// The audit trail, read-only, for auditors and admins: every event with who did it, in which role, from
// where and when (hall-local time), and whether its seal and its link to the event before still hold;
// above it, the whole log verified now. Data: GET /api/v1/tenants/{tenant}/audit/events and .../verify.
import { api, ApiError } from './api.js';
import { addStrings, initI18n, onLanguageChange, t } from './i18n.js';
import { requireSession, signOut } from './session.js';

addStrings({
    id: {
        'audit.title': 'Jejak audit',
        'audit.sign_out': 'Keluar',
        'audit.head': 'Ujung rantai (simpan di luar server ini):',
        'audit.verify_again': 'Periksa ulang',
        'audit.stream': 'Aliran (kosong = semua)',
        'audit.stream_example': 'hall/mpp-mojokerto/2026-11-30',
        'audit.after': 'Setelah posisi',
        'audit.show': 'Tampilkan',
        'audit.caption': 'Peristiwa yang tercatat, berurutan',
        'audit.col.position': 'Posisi',
        'audit.col.time': 'Waktu (setempat)',
        'audit.col.type': 'Peristiwa',
        'audit.col.stream': 'Aliran · versi',
        'audit.col.actor': 'Pelaku',
        'audit.col.role': 'Peran',
        'audit.col.origin': 'Asal (IP · perangkat)',
        'audit.col.chain': 'Rantai',
        'audit.empty': 'Tidak ada peristiwa.',
        'audit.more': 'Muat berikutnya',
        'audit.ok': 'Jejak audit utuh: {events} peristiwa dalam {streams} aliran, setiap segel dan mata rantai cocok.',
        'audit.tampered': 'Jejak audit DIUBAH: {n} masalah ditemukan. Laporkan segera.',
        'audit.elsewhere': '{n} masalah lain ada pada data unit/penyewa lain.',
        'audit.backfilled': 'Peristiwa 1–{n} disegel saat rantai audit ditambahkan, bukan saat ditulis.',
        'audit.chain.intact': 'utuh',
        'audit.chain.edited': 'diubah',
        'audit.chain.broken': 'terputus',
        'audit.chain.unsealed': 'tanpa segel',
        'audit.chain.named': 'disebut dalam laporan',
        'audit.forbidden': 'Halaman ini hanya untuk auditor dan admin.',
    },
    en: {
        'audit.title': 'Audit trail',
        'audit.sign_out': 'Sign out',
        'audit.head': 'Chain head (keep it outside this server):',
        'audit.verify_again': 'Verify again',
        'audit.stream': 'Stream (empty = all)',
        'audit.stream_example': 'hall/mpp-mojokerto/2026-11-30',
        'audit.after': 'After position',
        'audit.show': 'Show',
        'audit.caption': 'Recorded events, in order',
        'audit.col.position': 'Position',
        'audit.col.time': 'Time (local)',
        'audit.col.type': 'Event',
        'audit.col.stream': 'Stream · version',
        'audit.col.actor': 'Actor',
        'audit.col.role': 'Role',
        'audit.col.origin': 'Origin (IP · device)',
        'audit.col.chain': 'Chain',
        'audit.empty': 'No events.',
        'audit.more': 'Load more',
        'audit.ok': 'Audit trail intact: {events} events in {streams} streams, every seal and link holds.',
        'audit.tampered': 'Audit trail TAMPERED: {n} problem(s) found. Report it now.',
        'audit.elsewhere': '{n} more problem(s) concern other tenants\' data.',
        'audit.backfilled': 'Events 1–{n} were sealed when the audit chain was added, not when written.',
        'audit.chain.intact': 'intact',
        'audit.chain.edited': 'edited',
        'audit.chain.broken': 'broken',
        'audit.chain.unsealed': 'unsealed',
        'audit.chain.named': 'named in the report',
        'audit.forbidden': 'This page is for auditors and admins only.',
    },
});

const PAGE_SIZE = 200;
let base = '';                    // /api/v1/tenants/<tenant>/audit
let flagged = new Set();          // positions named by the last verification
let lastVerify = null;
let nextAfter = 0;

const $ = (id) => document.getElementById(id);

function showAlert(message) {
    const alert = $('alert');
    alert.className = 'alert alert-error';
    alert.textContent = message;
    alert.hidden = false;
}

function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text ?? '–';
    if (className) td.className = className;
    return td;
}

/** "2026-11-30T08:12:03.120+07:00" → "30-11-2026 08:12:03 WIB" (the hall's own clock, as recorded). */
function localTime(event) {
    const stamp = event.recorded_at_local || event.recorded_at;
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(stamp || '');
    if (!match) return stamp || '–';
    const zone = event.time_zone || (event.recorded_at_local ? '' : 'UTC');
    return `${match[3]}-${match[2]}-${match[1]} ${match[4]}${zone ? ' ' + zone : ''}`;
}

function chainCell(event) {
    const td = document.createElement('td');
    const badge = document.createElement('span');
    const named = flagged.has(event.position);
    const status = event.chain === 'intact' && named ? 'named' : event.chain;
    badge.className = `badge chain-${status}`;
    badge.textContent = t(`audit.chain.${status}`);
    badge.title = event.hash ? `hash ${event.hash}\nprev ${event.prev_hash}` : '';
    td.append(badge);
    return td;
}

function row(event) {
    const tr = document.createElement('tr');
    if (event.chain !== 'intact' || flagged.has(event.position)) tr.className = 'suspect';
    const origin = [event.ip, event.device].filter(Boolean).join(' · ');
    tr.append(
        cell(String(event.position), 'num'),
        cell(localTime(event)),
        cell(event.type, 'mono'),
        cell(`${event.stream} · ${event.version}`, 'mono'),
        cell(event.actor),
        cell(event.role),
        cell(origin || null),
        chainCell(event),
    );
    return tr;
}

async function load(append) {
    $('alert').hidden = true;
    const params = new URLSearchParams({ after: String(append ? nextAfter : Number($('after').value) || 0),
                                         limit: String(PAGE_SIZE) });
    const stream = $('stream').value.trim();
    if (stream) params.set('stream', stream);
    try {
        const page = await api(`${base}/events?${params}`);
        const rows = $('rows');
        if (!append) rows.replaceChildren();
        for (const event of page.events) rows.append(row(event));
        nextAfter = page.next_after;
        $('empty').hidden = rows.children.length > 0;
        $('more').hidden = page.next_after >= page.head_position;
    } catch (e) {
        showAlert(e instanceof ApiError && e.status === 403 ? t('audit.forbidden') : e.message);
    }
}

function renderVerify() {
    const report = lastVerify;
    if (!report) return;
    const banner = $('verify-banner');
    const lines = [report.ok ? t('audit.ok', { events: report.events, streams: report.streams })
                             : t('audit.tampered', { n: report.problems.length + report.problems_elsewhere })];
    if (report.problems_elsewhere > 0) lines.push(t('audit.elsewhere', { n: report.problems_elsewhere }));
    if (report.sealed_by_migration) lines.push(t('audit.backfilled', { n: report.sealed_by_migration.through_position }));
    banner.className = `alert ${report.ok ? 'alert-success' : 'alert-error'}`;
    banner.textContent = lines.join(' ');
    const list = $('problems');
    list.replaceChildren(...report.problems.map((p) => {
        const li = document.createElement('li');
        const kind = document.createElement('strong');
        kind.textContent = p.kind;
        li.append(kind, ' ', p.message);
        return li;
    }));
    list.hidden = report.problems.length === 0;
    $('head-anchor').textContent = report.head.anchor;
}

async function verify() {
    try {
        lastVerify = await api(`${base}/verify`);
        flagged = new Set(lastVerify.problems.map((p) => p.position).filter((p) => p > 0));
        renderVerify();
    } catch (e) {
        $('verify-banner').className = 'alert alert-error';
        $('verify-banner').textContent = e instanceof ApiError && e.status === 403 ? t('audit.forbidden') : e.message;
    }
}

async function main() {
    initI18n();
    const session = await requireSession();
    $('who').textContent = `${session.user.username} (${session.user.role})`;
    $('sign-out').addEventListener('click', signOut);
    base = `/api/v1/tenants/${encodeURIComponent(session.user.tenant)}/audit`;
    const stream = new URLSearchParams(location.search).get('stream');
    if (stream) $('stream').value = stream;
    $('filter').addEventListener('submit', (e) => {
        e.preventDefault();
        load(false);
    });
    $('more').addEventListener('click', () => load(true));
    $('reverify').addEventListener('click', async () => {
        await verify();
        await load(false);
    });
    onLanguageChange(() => {
        renderVerify();
        load(false);
    });
    await verify();
    await load(false);
}

main();
