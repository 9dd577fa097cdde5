/// The JSON API as an officer, for browser tests that need tickets issued, called and served behind a page's back:
/// a browser context of its own, signed in as a demo officer, sending the session's CSRF token on every change.
import assert from 'node:assert/strict';

export const kHall = 'mpp-mojokerto';
// seed-demo gives every demo officer an account with this public password.
const kOfficer = { username: 'siti.rahmawati', password: 'layan-demo' };

/// Signs the officer in; returns { post, get, issue, callNext, finish, close }. Paths are under the hall.
export async function officerApi(browser, baseUrl) {
    const context = await browser.newContext({ baseURL: baseUrl });
    const signIn = await context.request.post('/api/v1/session', { data: kOfficer });
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
        openCounter: (counter, services) => post(`/counters/${counter}/open`, { officer: kOfficer.username, services }),
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
