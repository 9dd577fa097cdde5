// Small helpers shared by the pages: formatting of waits, times and statuses, the header.
import { t, pick } from './i18n.js';

/** A wait as citizens read it: "± 10–15 menit" (rounded to 5 minutes above 10). */
export function waitText(predicted, minutes) {
    if (predicted?.no_counter_open) return t('wait.no_counter');
    let low = predicted?.low_min ?? minutes;
    let high = predicted?.high_min ?? minutes;
    if (low == null) return '';
    if (high < 1) return t('wait.soon');
    const round = (n) => (n >= 10 ? Math.round(n / 5) * 5 : Math.round(n));
    low = Math.max(0, round(low));
    high = Math.max(low, round(high));
    if (low === 0) return t('wait.under', { n: Math.max(1, high) });
    return low === high ? t('wait.about', { n: high }) : t('wait.range', { low, high });
}

/** "08:12" from "2026-11-29T08:12:00.000+07:00" (a hall-local RFC 3339 time). */
export function localHourMinute(localIso) {
    const m = /T(\d\d):(\d\d)/.exec(localIso || '');
    return m ? `${m[1]}:${m[2]}` : '';
}

/** An IANA zone for a fixed offset ("+07:00" → "Etc/GMT-7"), for Intl formatting in the hall's time. */
export function zoneOf(utcOffset) {
    const m = /^([+-])(\d\d):(\d\d)$/.exec(utcOffset || '');
    if (!m || m[3] !== '00') return undefined;
    const hours = Number(m[2]);
    if (hours === 0) return 'UTC';
    return `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`;
}

export function statusText(status) { return t('status.' + status); }

export function priorityText(priority) { return priority ? t('priority.' + priority) : ''; }

/** The counter's name as shown ("Loket 3"). */
export function counterName(counter) {
    if (!counter) return '';
    return counter.name || `${t('common.counter')} ${counter.number}`;
}

/** The service's name in the current language, from a hall's services or a ticket. */
export function serviceName(services, code, fallback) {
    const service = services?.find((s) => s.code === code);
    return service ? pick(service.name) : pick(fallback) || code;
}

/** Element helper: h('div', {class: 'x', onclick: fn}, child, 'text'). */
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (value == null || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else if (key === 'class') el.className = value;
        else if (key === 'dataset') Object.assign(el.dataset, value);
        else if (value === true) el.setAttribute(key, '');
        else el.setAttribute(key, value);
    }
    for (const child of children.flat()) {
        if (child == null || child === false) continue;
        el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
}

/** Shows a message in an alert region (role="alert"); kind "error" | "info" | "success". */
export function showAlert(region, message, kind = 'error', { timeoutMs } = {}) {
    region.replaceChildren(h('div', { class: `alert alert-${kind}` }, message));
    region.hidden = false;
    clearTimeout(region._timer);
    if (timeoutMs) region._timer = setTimeout(() => clearAlert(region), timeoutMs);
}

export function clearAlert(region) {
    region.replaceChildren();
    region.hidden = true;
}

