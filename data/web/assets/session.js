// The signed-in person, for staff pages (officer console, supervisor and admin pages).
//
//   import { requireSession, authHeaders, signOut } from './session.js';
//   const session = await requireSession();          // redirects to /login?next=<this page> when signed out
//   fetch(url, { method: 'POST', headers: { ...authHeaders(), 'Content-Type': 'application/json' }, body })
//
// The session cookie (layan_session) is HttpOnly: scripts never see it, the browser sends it. Every request that
// changes something (POST, PUT, PATCH, DELETE) must carry the session's CSRF token in the X-CSRF-Token header,
// or the server answers 403 csrf_invalid. The token is in the readable layan_csrf cookie and in GET /api/v1/session.

const SESSION_URL = '/api/v1/session';

/** The value of a readable cookie, or ''. */
function cookie(name) {
    for (const part of document.cookie.split(';')) {
        const [key, ...rest] = part.trim().split('=');
        if (key === name) return decodeURIComponent(rest.join('='));
    }
    return '';
}

/** The CSRF token of this browser's session ('' when signed out). */
export function csrfToken() {
    return cookie('layan_csrf');
}

/** Headers every state-changing API call of a signed-in page adds. */
export function authHeaders() {
    const token = csrfToken();
    return token ? { 'X-CSRF-Token': token } : {};
}

/**
 * Who is signed in: {user: {id, username, role, tenant, officer, units}, csrf_token, expires_at, idle_timeout_s},
 * or null when nobody is (the server answered 401).
 */
export async function currentSession() {
    const response = await fetch(SESSION_URL, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(`GET ${SESSION_URL}: ${response.status}`);
    return response.json();
}

/** A path on this site that is safe to return to after signing in ("/" otherwise): no other origin, ever. */
export function safeNext(next) {
    if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
    try {
        const url = new URL(next, location.origin);
        return url.origin === location.origin ? url.pathname + url.search + url.hash : '/';
    } catch (_) {
        return '/';
    }
}

/** The sign-in page's URL that comes back to `path` (default: this page). */
export function loginUrl(path = location.pathname + location.search + location.hash) {
    return '/login?next=' + encodeURIComponent(safeNext(path));
}

/** The session, or a redirect to the sign-in page (the returned promise then never resolves). */
export async function requireSession() {
    const session = await currentSession();
    if (session && session.user) return session;
    location.assign(loginUrl());
    return new Promise(() => {});
}

/** Signs out (the server ends the session and clears both cookies), then goes to the sign-in page. */
export async function signOut() {
    try {
        await fetch(SESSION_URL, { method: 'DELETE', headers: authHeaders(), cache: 'no-store' });
    } finally {
        location.assign('/login');
    }
}
