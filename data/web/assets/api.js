// The JSON API, with its errors ({"error":{"code","message","details"}}) raised as ApiError whose message is
// the sentence for its code in the page's language (errors.js), ready to show to a person; the server's own
// English sentence stays in serverMessage (for the console log).
//
// Credentials: a signed-in page's session cookie goes by itself, and every state-changing call carries
// the session's CSRF token (session.js). A kiosk or display board set up with a device URL
// (".../kiosk#device=<token>") calls useDeviceToken() once: the token is kept in localStorage, removed
// from the address bar, and sent as "Authorization: Bearer" by every call of that page.
import { errorMessage } from './errors.js';
import { authHeaders } from './session.js';

const DEVICE_KEY = 'layan.device';
let deviceToken = null;

/** Makes this page call the API as a device (kiosk, board) when it was given a device token. */
export function useDeviceToken() {
    const match = /(?:^#|&)device=([^&]+)/.exec(location.hash);
    try {
        if (match) {
            localStorage.setItem(DEVICE_KEY, decodeURIComponent(match[1]));
            history.replaceState(null, '', location.pathname + location.search);
        }
        deviceToken = localStorage.getItem(DEVICE_KEY);
    } catch (_) {
        deviceToken = match ? decodeURIComponent(match[1]) : null;
    }
}

function forgetDeviceToken() {
    deviceToken = null;
    try { localStorage.removeItem(DEVICE_KEY); } catch (_) { /* not fatal */ }
}

export class ApiError extends Error {
    constructor(status, code, serverMessage, details) {
        super('');
        this.name = 'ApiError';
        this.status = status;   // HTTP status; 0 when the server could not be reached
        this.code = code;       // stable snake_case code, e.g. "counter_closed"
        this.details = details || {};
        this.serverMessage = serverMessage || '';
        this.message = errorMessage(this);
    }
}

/** Whether this page calls the API as a device (a kiosk or board set up with a device link). */
export function hasDeviceToken() {
    return Boolean(deviceToken);
}

// The server's clock minus ours, in ms, from the last answer's Layan-Now header (0 until known). It is
// the server's own clock, the one that stamps calls and tickets, which may run shifted from the real
// time (clock_start: training, demos); the Date header is always the real time and is not used here.
let serverClockSkewMs = 0;

/** The server's current instant as a Date: compare with and show next to the times the server sends. */
export function serverNow() {
    return new Date(Date.now() + serverClockSkewMs);
}

/** Learns the server's clock from an instant it just sent ("2026-11-30T02:00:00.123Z"); ignores junk. */
export function noteServerTime(iso) {
    const at = Date.parse(iso || '');
    if (!Number.isNaN(at)) serverClockSkewMs = at - Date.now();
}

/**
 * Calls the API with a JSON body, or a FormData sent as multipart/form-data (files). Returns the parsed JSON body,
 * or null for 204 No Content.
 * Throws ApiError (with the server's message) for any non-2xx answer or a network failure.
 */
export async function api(path, { method = 'GET', body, signal } = {}) {
    const init = { method, signal, headers: { Accept: 'application/json' }, cache: 'no-store' };
    if (method !== 'GET' && method !== 'HEAD') Object.assign(init.headers, authHeaders());
    if (deviceToken) init.headers.Authorization = `Bearer ${deviceToken}`;
    if (body instanceof FormData) {
        init.body = body;  // multipart/form-data: the browser writes the Content-Type with its boundary
    } else if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch (e) {
        if (e.name === 'AbortError') throw e;
        throw new ApiError(0, 'network', 'The server cannot be reached.');
    }
    if (response.status === 401 && deviceToken) {
        // A revoked device token would lock the screen out: carry on as an anonymous caller.
        const code = await response.clone().json().then((d) => d?.error?.code, () => null);
        if (code === 'invalid_token') {
            console.warn('layan: this device token is no longer valid; continuing without it');
            forgetDeviceToken();
            return api(path, { method, body, signal });
        }
    }
    noteServerTime(response.headers.get('Layan-Now'));
    if (response.status === 204) return null;
    let data = null;
    const text = await response.text();
    if (text) {
        try { data = JSON.parse(text); } catch (_) { data = null; }
    }
    if (!response.ok) {
        const error = data && data.error;
        const failure = new ApiError(response.status, error?.code || 'http_' + response.status, error?.message,
                                     error?.details);
        if (failure.serverMessage) console.info(`layan: ${failure.code}: ${failure.serverMessage}`);
        throw failure;
    }
    return data;
}

/** Path of a hall's API resource: hallApi('mpp-mojokerto', 'queue') → /api/v1/halls/mpp-mojokerto/queue. */
export function hallApi(hall, ...rest) {
    return ['/api/v1/halls', hall, ...rest].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

/** The decoded path segments of this page: /halls/x/kiosk → ["halls", "x", "kiosk"]. */
export function pathSegments() {
    return location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
}
