// Figures as the performance pages show them (the public dashboard, the satisfaction report, the officers'
// table): counts, minutes, shares and the satisfaction index (IKM) with its grade, in the page's language
// ("8,5" in Indonesian, "8.5" in English). A figure that does not exist — no wait was measured, nobody
// answered — is "—", never NaN, "Infinity" or a division by zero: every function here takes what the API sent
// (a number or null) and checks it. Also the periods the pages offer ("7 hari", "Bulan ini"), as local days.
import { addStrings, lang, pick, t } from './i18n.js';

addStrings({
    id: {
        'fig.minutes': '{n} menit',
        'fig.sample.reached': '{respondents} responden, minimum {needed}: tercukupi',
        'fig.sample.short': '{respondents} dari minimum {needed} responden: belum tercukupi',
        'fig.no_ikm': 'Belum ada jawaban survei',
    },
    en: {
        'fig.minutes': '{n} min',
        'fig.sample.reached': '{respondents} respondents, minimum {needed}: enough',
        'fig.sample.short': '{respondents} of the minimum {needed} respondents: not enough yet',
        'fig.no_ikm': 'No survey answers yet',
    },
});

/** What a missing figure is shown as. */
export const NONE = '—';

/** Whether `value` is a figure that can be shown (a finite number). */
export const isFigure = (value) => typeof value === 'number' && Number.isFinite(value);

function locale() {
    return lang() === 'en' ? 'en-GB' : 'id-ID';
}

/** A whole count: "1.234" (id), "1,234" (en); "—" for anything else. */
export function count(value) {
    return isFigure(value) ? new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(value) : NONE;
}

/** A number with `places` decimals: decimal(3.4, 2) → "3,40". */
export function decimal(value, places = 1) {
    if (!isFigure(value)) return NONE;
    return new Intl.NumberFormat(locale(), { minimumFractionDigits: places, maximumFractionDigits: places })
        .format(value);
}

/** Seconds as minutes with one decimal, the number alone (tables say "(menit)" in their header): "8,5". */
export function minutes(seconds, places = 1) {
    return isFigure(seconds) ? decimal(seconds / 60, places) : NONE;
}

/** Seconds as minutes with the unit: "8,5 menit"; "—" when unknown. */
export function minutesText(seconds) {
    return isFigure(seconds) ? t('fig.minutes', { n: minutes(seconds) }) : NONE;
}

/** Seconds as whole minutes with the unit, for what people read at a glance: "14 menit", "kurang dari 1 menit". */
export function wholeMinutesText(seconds) {
    if (!isFigure(seconds)) return NONE;
    return seconds < 60 ? t('wait.under', { n: 1 }) : t('fig.minutes', { n: count(Math.round(seconds / 60)) });
}

/** A share 0..1 as a percentage: "77,6%"; "—" when there was nothing to share (null). */
export function percent(share, places = 1) {
    if (!isFigure(share)) return NONE;
    return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: places,
                                             maximumFractionDigits: places }).format(share);
}

/** part / whole, or null when whole is not a positive number (no division by zero anywhere). */
export function ratio(part, whole) {
    return isFigure(part) && isFigure(whole) && whole > 0 ? part / whole : null;
}

/** The converted index as the server computed and rounded it ("91.48"), in the page's language ("91,48"). */
export function ikmValue(ikm) {
    const text = ikm?.converted;
    if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) return NONE;
    return lang() === 'en' ? text : text.replace('.', ',');
}

/** "91,48 (A)"; "—" without an index. */
export function ikmText(ikm) {
    return ikm ? `${ikmValue(ikm)} (${ikm.grade})` : NONE;
}

/** "A · Sangat baik" (the grade and its label, PermenPANRB 14/2017). */
export function gradeText(ikm) {
    return ikm ? `${ikm.grade} · ${pick(ikm.label)}` : t('fig.no_ikm');
}

/** Whether the respondents reach the Krejcie–Morgan minimum: "12 dari minimum 86 responden: belum tercukupi". */
export function sampleText(ikm) {
    if (!ikm) return t('fig.no_ikm');
    return t(ikm.sample_reached ? 'fig.sample.reached' : 'fig.sample.short',
             { respondents: count(ikm.respondents), needed: count(ikm.sample_needed) });
}

/** The converted index as a number for a chart (exact hundredths), or null (a gap in the line). */
export function ikmNumber(ikm) {
    return ikm && isFigure(ikm.converted_hundredths) ? ikm.converted_hundredths / 100 : null;
}

/** Seconds as minutes for a chart (one decimal), or null. */
export function minutesNumber(seconds) {
    return isFigure(seconds) ? Math.round(seconds / 6) / 10 : null;
}

// ---- dates and periods: local days "YYYY-MM-DD" of the government's own time zone ----

/** The local date of an instant in `timeZone` ("Etc/GMT-7"): "2026-11-29". */
export function localDate(date, timeZone) {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        .format(date);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real date written YYYY-MM-DD. */
export function isDate(text) {
    const m = DATE.exec(text || '');
    if (!m) return false;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The day `days` after (or before) a date: addDays("2026-03-01", -1) → "2026-02-28". */
export function addDays(day, days) {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The periods the pages offer, ending today (local): today, 7d, 30d, month, year. */
export const PRESETS = ['today', '7d', '30d', 'month', 'year'];

/** {from, to} of a preset period ending on `today`. */
export function presetRange(preset, today) {
    switch (preset) {
        case '7d': return { from: addDays(today, -6), to: today };
        case '30d': return { from: addDays(today, -29), to: today };
        case 'month': return { from: `${today.slice(0, 8)}01`, to: today };
        case 'year': return { from: `${today.slice(0, 5)}01-01`, to: today };
        default: return { from: today, to: today };
    }
}

/** A date as people read it, day first in both languages: "29 Nov 2026" (id "29 Des 2026", en "29 Dec 2026"). */
export function dateText(day, options = { day: 'numeric', month: 'short', year: 'numeric' }) {
    if (!isDate(day)) return day || NONE;
    const [y, m, d] = day.split('-').map(Number);
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A period as people read it: "29 Nov 2026" for one day, "1 Nov 2026 – 30 Nov 2026" otherwise. */
export function periodText(from, to) {
    return from === to ? dateText(from) : `${dateText(from)} – ${dateText(to)}`;
}
