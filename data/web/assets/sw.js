// The status page's service worker, served at /sw.js (scope "/"). It exists only because Chrome on Android
// shows notifications through ServiceWorkerRegistration.showNotification (new Notification() throws there),
// and a notification is what reaches a phone in a pocket. It caches nothing and handles no fetch: every
// request goes to the network as if it were not there. A tap on a notification focuses the ticket's page,
// or opens it again when it was closed (event.notification.data.url, set by status.js).

self.addEventListener('install', () => {
    self.skipWaiting();
});

self.addEventListener('activate', (event) => {
    event.waitUntil(self.clients.claim());
});

self.addEventListener('notificationclick', (event) => {
    event.notification.close();
    let target = null;
    try {
        target = new URL(event.notification.data?.url || '/', self.location.origin);
    } catch (_) {
        target = new URL('/', self.location.origin);
    }
    // Only pages of this server.
    if (target.origin !== self.location.origin) target = new URL('/', self.location.origin);
    event.waitUntil((async () => {
        const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
        const open = windows.find((client) => new URL(client.url).pathname === target.pathname);
        if (open) {
            try {
                await open.focus();
                return;
            } catch (_) { /* not allowed to focus: open it instead */ }
        }
        await self.clients.openWindow(target.href);
    })());
});
