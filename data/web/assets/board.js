// Display board: the latest calls, who is served where, how many wait; live over SSE.
// Every ticket_called / ticket_recalled is announced: a chime (WebAudio) then the spoken call
// (GET .../calls/{ticket}/voice.wav), one after another. Browsers block sound until a click.
import { api, hallApi, pathSegments, serverNow, useDeviceToken } from './api.js';
import { addStrings, initI18n, lang, onLanguageChange, pick, setLang, t } from './i18n.js';
import { counterName, h, zoneOf } from './common.js';
import { debounce, listen } from './live.js';

addStrings({
    id: {
        'board.now_calling': 'Nomor antrian',
        'board.go_to': 'silakan menuju',
        'board.no_calls': 'Belum ada panggilan hari ini',
        'board.previous': 'Panggilan sebelumnya',
        'board.no_previous': 'Belum ada',
        'board.at_counters': 'Di loket',
        'board.no_counters': 'Belum ada loket yang buka',
        'board.serving': 'Dilayani',
        'board.calling': 'Dipanggil',
        'board.free': 'Siap melayani',
        'board.waiting': 'Menunggu',
        'board.waiting_n': '{n} orang',
        'board.nobody_waiting': 'Tidak ada antrian',
        'board.enable_sound': 'Klik untuk mengaktifkan suara',
        'board.sound_on': 'Suara aktif',
        'board.settings': 'Pengaturan',
        'board.settings_title': 'Pengaturan papan',
        'board.language': 'Bahasa',
        'board.language_current': 'Bahasa sekarang:',
        'board.language_note': 'Bahasa ini tetap dipakai bila papan dimuat ulang.',
        'board.sound': 'Suara',
        'board.sound_off': 'Suara belum aktif: tekan tombol suara di layar.',
        'board.sound_is_on': 'Suara aktif: bel dan panggilan suara.',
    },
    en: {
        'board.now_calling': 'Queue number',
        'board.go_to': 'please go to',
        'board.no_calls': 'No calls yet today',
        'board.previous': 'Previous calls',
        'board.no_previous': 'None yet',
        'board.at_counters': 'At the counters',
        'board.no_counters': 'No counter is open yet',
        'board.serving': 'Serving',
        'board.calling': 'Called',
        'board.free': 'Ready',
        'board.waiting': 'Waiting',
        'board.waiting_n': '{n} people',
        'board.waiting_n.one': '1 person',
        'board.nobody_waiting': 'No queue',
        'board.enable_sound': 'Click to turn the sound on',
        'board.sound_on': 'Sound on',
        'board.settings': 'Settings',
        'board.settings_title': 'Board settings',
        'board.language': 'Language',
        'board.language_current': 'Current language:',
        'board.language_note': 'The board keeps this language when it reloads.',
        'board.sound': 'Sound',
        'board.sound_off': 'Sound is off: press the sound button on the screen.',
        'board.sound_is_on': 'Sound is on: chime and spoken calls.',
    },
});

// Calls older than this when they reach us (a replay after reconnecting) are shown, not spoken.
const ANNOUNCE_MAX_AGE_MS = 90_000;
const RECENT_SHOWN = 5;

const hallId = pathSegments()[1];
const $ = (id) => document.getElementById(id);
const state = { hall: null, queue: null, calls: [] };

// ---- rendering ----

function serviceNameOf(ticket) {
    if (!ticket) return '';
    if (ticket.service_name) return pick(ticket.service_name);
    const service = state.hall?.services?.find((s) => s.code === ticket.service)
        || state.queue?.services?.find((s) => s.code === ticket.service);
    return service ? pick(service.name) : ticket.service || '';
}

function renderNow() {
    const call = state.calls[0];
    $('now-idle').hidden = Boolean(call);
    $('now-go').hidden = !call;
    $('now-number').textContent = call ? call.number : '–';
    $('now-counter').textContent = call ? counterName(call.counter) : '';
    $('now-service').textContent = call ? serviceNameOf(call) : '';
}

function renderRecent() {
    const previous = state.calls.slice(1, 1 + RECENT_SHOWN);
    $('recent').replaceChildren(...previous.map((call) => h('li', { dataset: { ticket: call.ticket } },
        h('span', { class: 'number' }, call.number),
        h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
        h('span', { class: 'counter' }, counterName(call.counter)))));
    if (previous.length === 0) $('recent').replaceChildren(h('li', { class: 'recent-empty' }, t('board.no_previous')));
}

function renderCounters() {
    const counters = (state.queue?.counters || []).filter((c) => c.status !== 'closed');
    counters.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    if (counters.length === 0) {
        $('counters').replaceChildren(h('p', { class: 'counters-empty' }, t('board.no_counters')));
        return;
    }
    $('counters').replaceChildren(...counters.map((counter) => {
        const ticket = counter.ticket;
        const active = ticket && (ticket.status === 'called' || ticket.status === 'serving');
        let line;
        if (counter.status === 'paused') line = t('counter.paused');
        else if (active) line = `${ticket.status === 'called' ? t('board.calling') : t('board.serving')} · ${serviceNameOf(ticket)}`;
        else line = t('board.free');
        return h('div', { class: 'counter-tile', dataset: { counter: counter.id, status: counter.status, ticketStatus: active ? ticket.status : '' } },
            h('p', { class: 'name' }, counterName(counter)),
            h('p', { class: 'ticket' }, counter.status === 'paused' ? t('counter.paused') : active ? ticket.number : '–'),
            h('p', { class: 'state' }, counter.status === 'paused' ? pauseReason(counter) : line));
    }));
}

// The reason is worth showing only when it says more than "Istirahat".
function pauseReason(counter) {
    const reason = (counter.pause_reason || '').trim();
    return reason.toLowerCase() === t('counter.paused').toLowerCase() ? '' : reason;
}

function renderWaiting() {
    const services = state.queue?.services || [];
    const items = services.filter((s) => s.counters_open > 0 || s.waiting > 0);
    if (items.length === 0) {
        $('waiting').replaceChildren(h('li', {}, t('board.nobody_waiting')));
        return;
    }
    $('waiting').replaceChildren(...items.map((s) => h('li', { dataset: { service: s.code } },
        h('span', { class: 'prefix' }, s.prefix || s.code),
        h('span', { class: 'name' }, pick(s.name) || serviceNameOf({ service: s.code })),
        h('span', { class: 'count' }, t('board.waiting_n', { n: s.waiting })))));
    fitWaitingNames();
}

// A service's name is never cut: it wraps to two lines; when one needs more, all names get a slightly smaller
// font together (down to 85 %, so the strip stays even); a very long one then takes a third line rather than
// lose words.
function fitWaitingNames() {
    const names = [...$('waiting').querySelectorAll('.name')];
    const tooTall = (el) => el.getBoundingClientRect().height >
        (parseFloat(getComputedStyle(el).lineHeight) || 1) * 2.2;
    let scale = 1;
    for (const el of names) el.style.fontSize = '';
    while (scale > 0.86 && names.some(tooTall)) {
        scale -= 0.05;
        for (const el of names) el.style.fontSize = `${scale.toFixed(2)}em`;
    }
    $('waiting').dataset.fit = scale.toFixed(2);
    $('waiting').dataset.fits = String(Number($('waiting').dataset.fits || 0) + 1);  // tests wait on it
}

function renderAll() {
    if (state.hall) {
        $('hall-name').textContent = state.hall.name;
        document.title = `${t('board.now_calling')} · ${state.hall.name} · layan`;
    }
    renderNow();
    renderRecent();
    renderCounters();
    renderWaiting();
    tickClock();
}

function tickClock() {
    const zone = zoneOf(state.hall?.utc_offset);
    const now = serverNow();
    const locale = lang() === 'id' ? 'id-ID' : 'en-GB';
    $('clock').textContent = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(now);
    $('date').textContent = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: zone }).format(now);
}

// ---- data ----

async function refresh() {
    try {
        const queue = await api(hallApi(hallId, 'queue'));
        state.queue = queue;
        // The server's recent calls are the truth; keep a call we heard that it does not list yet.
        const recent = [...(queue.recent_calls || [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
        const newest = recent.length ? Date.parse(recent[0].at) : 0;
        const extra = state.calls.filter((c) => Date.parse(c.at) > newest);
        state.calls = dedupe([...extra, ...recent]);
        renderAll();
    } catch (e) {
        console.warn('queue refresh failed:', e.message);
    }
}

// A recalled ticket appears once, at its latest call.
function dedupe(calls) {
    const seen = new Set();
    return calls.filter((c) => (seen.has(c.ticket) ? false : seen.add(c.ticket)));
}

const refreshSoon = debounce(refresh, 400);

function onEvent(type, data) {
    if ((type === 'ticket_called' || type === 'ticket_recalled') && data.ticket) {
        const ticket = data.ticket;
        const call = {
            ticket: ticket.id,
            number: ticket.number,
            counter: ticket.counter || data.counter,
            at: data.at || ticket.called_at,
            announcement: data.announcement,
            service: ticket.service,
            service_name: ticket.service_name,
        };
        state.calls = dedupe([call, ...state.calls]);
        renderNow();
        renderRecent();
        flash();
        const age = serverNow().getTime() - Date.parse(call.at || '');
        if (!(age > ANNOUNCE_MAX_AGE_MS)) sound.announce(call);
    }
    refreshSoon();
}

function flash() {
    const now = $('now');
    now.classList.remove('fresh');
    void now.offsetWidth; // restart the animation
    now.classList.add('fresh');
}

// ---- sound ----

const sound = {
    context: null,
    queue: [],
    playing: false,
    spoken: [],  // tickets announced, for tests and diagnostics

    get enabled() { return this.context !== null; },

    async enable() {
        if (!this.context) {
            const Context = window.AudioContext || window.webkitAudioContext;
            this.context = Context ? new Context() : { resume: async () => {}, state: 'running', fake: true };
        }
        await this.context.resume?.();
        document.body.dataset.sound = 'on';
        const button = $('sound');
        button.setAttribute('aria-pressed', 'true');
        button.querySelector('span').textContent = t('board.sound_on');
        renderSettings();
        await this.chime();
    },

    announce(call) {
        if (!this.enabled) return;
        this.queue.push(call);
        if (!this.playing) this.drain();
    },

    async drain() {
        this.playing = true;
        while (this.queue.length > 0) {
            const call = this.queue.shift();
            await this.chime();
            await this.speak(call);
            this.spoken.push(call.number);
            document.body.dataset.spoken = this.spoken.join(' ');
            await sleep(700);
        }
        this.playing = false;
    },

    /** A two-note "ding-dong" synthesised with WebAudio: no file to ship. */
    chime() {
        const ctx = this.context;
        if (!ctx || ctx.fake) return sleep(0);
        const start = ctx.currentTime + 0.05;
        const notes = [[659.25, 0], [523.25, 0.55]];  // E5 then C5
        for (const [frequency, offset] of notes) {
            for (const [harmonic, level] of [[1, 0.32], [2, 0.08], [3, 0.03]]) {
                const osc = ctx.createOscillator();
                const gain = ctx.createGain();
                osc.type = 'sine';
                osc.frequency.value = frequency * harmonic;
                gain.gain.setValueAtTime(0.0001, start + offset);
                gain.gain.exponentialRampToValueAtTime(level, start + offset + 0.02);
                gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 1.3);
                osc.connect(gain).connect(ctx.destination);
                osc.start(start + offset);
                osc.stop(start + offset + 1.35);
            }
        }
        return sleep(1500);
    },

    /** Plays the spoken call; resolves when it ended or failed (never blocks the queue for long). */
    speak(call) {
        return new Promise((resolve) => {
            const audio = new Audio(hallApi(hallId, 'calls', call.ticket, 'voice.wav'));
            const done = () => { clearTimeout(timer); resolve(); };
            const timer = setTimeout(done, 20_000);
            audio.addEventListener('ended', done, { once: true });
            audio.addEventListener('error', done, { once: true });
            audio.play().catch(done);
        });
    },
};

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

// ---- settings: language and sound ----

const LANG_NAMES = { id: 'Bahasa Indonesia', en: 'English' };

function renderSettings() {
    const current = lang();
    $('settings-lang-code').textContent = current.toUpperCase();
    $('settings-lang-current').textContent = LANG_NAMES[current];
    $('settings-lang-current').lang = current;
    for (const button of document.querySelectorAll('[data-set-lang]')) {
        button.setAttribute('aria-pressed', String(button.dataset.setLang === current));
    }
    $('settings-sound-state').textContent = t(sound.enabled ? 'board.sound_is_on' : 'board.sound_off');
    // The sound button keeps its label in the current language.
    $('sound').querySelector('span').textContent = t(sound.enabled ? 'board.sound_on' : 'board.enable_sound');
}

/** Switches the board's language and writes it into the address (?lang=), so a reload keeps it. */
function chooseLang(next) {
    setLang(next);
    const url = new URL(location.href);
    if (url.searchParams.get('lang') !== lang()) {
        url.searchParams.set('lang', lang());
        history.replaceState(null, '', url);
    }
    renderSettings();
}

function wireSettings() {
    const panel = $('settings-panel');
    $('settings').addEventListener('click', () => {
        renderSettings();
        if (typeof panel.showModal === 'function') panel.showModal();
        else panel.setAttribute('open', '');
        panel.querySelector('[aria-pressed="true"]')?.focus();
    });
    panel.addEventListener('close', () => $('settings').focus());
    for (const button of panel.querySelectorAll('[data-set-lang]')) {
        button.addEventListener('click', () => chooseLang(button.dataset.setLang));
    }
}

// ---- start ----

async function start() {
    useDeviceToken();
    initI18n();
    onLanguageChange(() => { renderAll(); renderSettings(); });
    $('sound').addEventListener('click', () => sound.enable());
    wireSettings();
    renderSettings();
    window.addEventListener('resize', debounce(fitWaitingNames, 200));
    tickClock();
    setInterval(tickClock, 5000);
    try {
        state.hall = await api(hallApi(hallId));
    } catch (e) {
        $('now-idle').textContent = e.status === 404 ? t('common.hall_unknown') : e.message;
    }
    renderAll();
    await refresh();
    listen(hallId, {
        onOpen: refresh,
        onEvent,
        onState: (s) => {
            const el = $('connection');
            el.dataset.state = s;
            el.textContent = t(s === 'live' ? 'common.live' : 'common.reconnecting');
        },
    });
}

start();
