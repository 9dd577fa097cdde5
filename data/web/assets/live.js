// A hall's Server-Sent Events. EventSource reconnects by itself (sending Last-Event-ID);
// when the browser gives up (e.g. the server answered an error while restarting) we open a
// new one after a pause. onOpen runs on every (re)connection so the page can refetch the truth.
import { hallApi } from './api.js';

export const EVENT_TYPES = [
    'ticket_issued', 'ticket_called', 'ticket_recalled', 'service_started', 'service_finished',
    'ticket_no_show', 'ticket_transferred', 'ticket_cancelled', 'counter_opened', 'counter_paused',
    'counter_resumed', 'counter_closed',
];

/**
 * Listens to a hall: onEvent(type, data) per event, onOpen() on each (re)connection,
 * onState("live" | "reconnecting") when the connection changes. Returns a function that stops.
 */
export function listen(hall, { onEvent, onOpen, onState }) {
    let source = null;
    let retry = null;
    let stopped = false;

    function connect() {
        source = new EventSource(hallApi(hall, 'events'));
        source.addEventListener('open', () => {
            onState?.('live');
            onOpen?.();
        });
        source.addEventListener('error', () => {
            onState?.('reconnecting');
            if (source.readyState === EventSource.CLOSED && !stopped) {
                clearTimeout(retry);
                retry = setTimeout(connect, 3000);
            }
        });
        for (const type of EVENT_TYPES) {
            source.addEventListener(type, (message) => {
                let data = null;
                try { data = JSON.parse(message.data); } catch (_) { return; }
                onEvent?.(type, data);
            });
        }
    }

    connect();
    return () => {
        stopped = true;
        clearTimeout(retry);
        source?.close();
    };
}

/** Calls fn at most once per `ms`, after the last of a burst of calls. */
export function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
        clearTimeout(timer);
        timer = setTimeout(() => fn(...args), ms);
    };
}
