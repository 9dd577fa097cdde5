// Bahasa Indonesia first, English second. Each page adds its own strings with addStrings();
// elements carry data-i18n="key" (text) or data-i18n-attr="attr:key;attr:key" (attributes).
// The language comes from ?lang=, else localStorage, else Indonesian; ?lang= is remembered.

const LANGS = ['id', 'en'];
const STORAGE_KEY = 'layan.lang';
const strings = { id: {}, en: {} };
const listeners = [];

function initialLang() {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    if (LANGS.includes(fromUrl)) {
        remember(fromUrl);
        return fromUrl;
    }
    try {
        const stored = localStorage.getItem(STORAGE_KEY);
        if (LANGS.includes(stored)) return stored;
    } catch (_) { /* storage blocked: fall back to Indonesian */ }
    return 'id';
}

function remember(lang) {
    try { localStorage.setItem(STORAGE_KEY, lang); } catch (_) { /* not fatal */ }
}

let current = initialLang();

/** The language this URL asks for (?lang=), else Indonesian: where a shared screen returns to. */
export function defaultLang() {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    return LANGS.includes(fromUrl) ? fromUrl : 'id';
}

/** The current language: "id" or "en". */
export function lang() { return current; }

/** Adds strings: { id: { key: "teks" }, en: { key: "text" } }. */
export function addStrings(table) {
    for (const l of LANGS) Object.assign(strings[l], table[l] || {});
}

/** The string for key in the current language, with {name} replaced from params; when params.n is 1,
 * "key.one" is used if the language has it ("1 person" against "{n} people"). */
export function t(key, params = {}) {
    if (params.n === 1 && strings[current][key + '.one'] !== undefined) key += '.one';
    const text = strings[current][key] ?? strings.id[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Picks the current language's side of a {id, en} object from the API. */
export function pick(localized) {
    if (localized == null) return '';
    if (typeof localized === 'string') return localized;
    return localized[current] || localized.id || localized.en || '';
}

/** Fills data-i18n and data-i18n-attr in root. */
export function translate(root = document) {
    document.documentElement.lang = current;
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-attr]')) {
        for (const pair of el.dataset.i18nAttr.split(';')) {
            const [attr, key] = pair.split(':').map(s => s.trim());
            if (attr && key) el.setAttribute(attr, t(key));
        }
    }
    for (const button of root.querySelectorAll('[data-lang-switch]')) {
        const other = current === 'id' ? 'en' : 'id';
        button.textContent = other === 'en' ? 'English' : 'Bahasa Indonesia';
        button.lang = other;
        button.setAttribute('aria-label', other === 'en' ? 'Switch to English' : 'Ganti ke Bahasa Indonesia');
    }
}

/** Runs fn after every language change (pages re-render their dynamic parts). */
export function onLanguageChange(fn) { listeners.push(fn); }

/** Switches language, remembers it, re-translates the page and tells the listeners. */
export function setLang(next) {
    if (!LANGS.includes(next) || next === current) return;
    current = next;
    remember(next);
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
        url.searchParams.set('lang', next);
        history.replaceState(null, '', url);
    }
    translate();
    for (const fn of listeners) fn(next);
}

/** Wires every [data-lang-switch] button and translates the page once. */
export function initI18n() {
    for (const button of document.querySelectorAll('[data-lang-switch]')) {
        button.addEventListener('click', () => setLang(current === 'id' ? 'en' : 'id'));
    }
    translate();
}

// Strings every page uses.
addStrings({
    id: {
        'app.name': 'layan',
        'city.government': 'Pemerintah Kota Mojokerto',
        'common.loading': 'Memuat…',
        'common.back': 'Kembali',
        'common.close': 'Tutup',
        'common.cancel': 'Batal',
        'common.minutes': '{n} menit',
        'common.counter': 'Loket',
        'common.live': 'Terhubung langsung',
        'common.reconnecting': 'Menyambung ulang…',
        'common.offline': 'Tidak terhubung',
        'common.hall_unknown': 'Mal pelayanan tidak ditemukan.',
        'wait.range': '± {low}–{high} menit',
        'wait.about': '± {n} menit',
        'wait.under': 'kurang dari {n} menit',
        'wait.soon': 'Segera',
        'wait.no_counter': 'Belum ada loket yang buka untuk layanan ini',
        'status.waiting': 'Menunggu',
        'status.called': 'Dipanggil',
        'status.serving': 'Sedang dilayani',
        'status.done': 'Selesai',
        'status.no_show': 'Tidak hadir',
        'status.transferred': 'Dialihkan',
        'status.cancelled': 'Dibatalkan',
        'priority.label': 'Prioritas',
        'priority.disability': 'Penyandang disabilitas',
        'priority.elderly': 'Lansia',
        'priority.pregnant': 'Ibu hamil',
        'priority.child': 'Anak-anak',
        'priority.natural_disaster_victim': 'Korban bencana alam',
        'priority.social_disaster_victim': 'Korban bencana sosial',
        'counter.open': 'Buka',
        'counter.paused': 'Istirahat',
        'counter.closed': 'Tutup',
    },
    en: {
        'app.name': 'layan',
        'city.government': 'City Government of Mojokerto',
        'common.loading': 'Loading…',
        'common.back': 'Back',
        'common.close': 'Close',
        'common.cancel': 'Cancel',
        'common.minutes': '{n} min',
        'common.counter': 'Counter',
        'common.live': 'Live',
        'common.reconnecting': 'Reconnecting…',
        'common.offline': 'Offline',
        'common.hall_unknown': 'Service hall not found.',
        'wait.range': '± {low}–{high} min',
        'wait.about': '± {n} min',
        'wait.under': 'under {n} min',
        'wait.soon': 'Soon',
        'wait.no_counter': 'No counter is open for this service yet',
        'status.waiting': 'Waiting',
        'status.called': 'Called',
        'status.serving': 'Being served',
        'status.done': 'Done',
        'status.no_show': 'Did not show up',
        'status.transferred': 'Transferred',
        'status.cancelled': 'Cancelled',
        'priority.label': 'Priority',
        'priority.disability': 'Person with a disability',
        'priority.elderly': 'Elderly',
        'priority.pregnant': 'Pregnant woman',
        'priority.child': 'Child',
        'priority.natural_disaster_victim': 'Victim of a natural disaster',
        'priority.social_disaster_victim': 'Victim of a social disaster',
        'counter.open': 'Open',
        'counter.paused': 'On break',
        'counter.closed': 'Closed',
    },
});
