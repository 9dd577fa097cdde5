/// Staff in browser tests: `signInThrough` signs a page in the way people do (a staff page sends a visitor to the
/// sign-in page and back), and `officerApi` is the JSON API as an officer, for tickets issued, called and served
/// behind a page's back (a browser context of its own, sending the session's CSRF token on every change).
import assert from 'node:assert/strict';

export const kHall = 'mpp-mojokerto';
// seed-demo gives every demo officer an account with this public password.
const kOfficer = { username: 'siti.rahmawati', password: 'layan-demo' };

/// Opens `path` on `page`, which sends a visitor to /login?next=…; signs in as `username` (a demo account, whose
/// password is public) and waits to be back on `path`.
export async function signInThrough(page, url, path, username, timeout = 15_000) {
    await page.goto(url(path));
    await page.waitForURL(/\/login\?next=/, { timeout });
    await page.fill('#username', username);
    await page.fill('#password', kOfficer.password);
    await page.click('#submit');
    await page.waitForURL(url(path), { timeout });
}

/// Signs the officer in; returns { post, get, issue, callNext, finish, close }. Paths are under the hall.
export async function officerApi(browser, baseUrl, username = kOfficer.username) {
    const context = await browser.newContext({ baseURL: baseUrl });
    const signIn = await context.request.post('/api/v1/session', { data: { ...kOfficer, username } });
    assert.equal(signIn.status(), 200, `sign-in answered ${signIn.status()}: ${await signIn.text()}`);
    const { csrf_token: csrf } = await signIn.json();
    const hallPath = (p) => `/api/v1/halls/${kHall}${p}`;

    async function call(method, path, body) {
        const response = await context.request.fetch(hallPath(path), {
            method, data: body, headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf },
        });
        const text = await response.text();
        return { status: response.status(), body: text ? JSON.parse(text) : null };
    }
    async function post(path, body = {}) {
        const { status, body: answer } = await call('POST', path, body);
        assert.ok(status >= 200 && status < 300, `POST ${path} answered ${status}: ${JSON.stringify(answer)}`);
        return answer;
    }
    async function get(path) {
        const { status, body: answer } = await call('GET', path);
        assert.equal(status, 200, `GET ${path} answered ${status}: ${JSON.stringify(answer)}`);
        return answer;
    }
    return {
        post,
        get,
        call,
        /** Opens a counter for the officer ("L03" is Loket 3). */
        openCounter: (counter, services) => post(`/counters/${counter}/open`, { officer: username, services }),
        /** Issues a general ticket, as a citizen at the kiosk would. */
        issue: (service) => post('/tickets', { service }),
        /** Calls the next ticket to the counter; returns it (or null when nobody waits). */
        callNext: (counter) => post(`/counters/${counter}/call-next`),
        /** Starts and finishes a called ticket, freeing its counter. */
        finish: async (ticketId) => {
            await post(`/tickets/${encodeURIComponent(ticketId)}/start`);
            await post(`/tickets/${encodeURIComponent(ticketId)}/finish`);
        },
        close: () => context.close(),
    };
}

/// The cookies `response` sets, as a Cookie request header. Headers.getSetCookie() is missing from Debian 12's
/// Node.js 18 (its undici is older): there the one joined header is split at each comma that starts a cookie.
export function cookieHeader(response) {
    const cookies = typeof response.headers.getSetCookie === 'function'
        ? response.headers.getSetCookie()
        : (response.headers.get('set-cookie') ?? '').split(/,(?=\s*[^;,=\s]+=)/);
    return cookies.map((c) => c.split(';')[0].trim()).filter(Boolean).join('; ');
}

/// A kiosk device token of the demo hall named `name`, made by the demo admin through the API
/// (POST /api/v1/devices).
export async function kioskDeviceToken(baseUrl, name) {
    const signIn = await fetch(new URL('/api/v1/session', baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: 'admin', password: kOfficer.password }),
    });
    assert.equal(signIn.status, 200, 'the demo admin signs in');
    const { csrf_token: csrf } = await signIn.json();
    const created = await fetch(new URL('/api/v1/devices', baseUrl), {
        method: 'POST',
        headers: {
            'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf, Cookie: cookieHeader(signIn),
        },
        body: JSON.stringify({ hall: kHall, kind: 'kiosk', name }),
    });
    assert.equal(created.status, 201, `the admin adds a kiosk device: ${await created.clone().text()}`);
    const { token } = await created.json();
    assert.match(token, /^lyd_/);
    return token;
}
