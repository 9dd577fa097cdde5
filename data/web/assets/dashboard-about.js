// What the figures of the public dashboard mean (/kinerja/{tenant}/tentang). The text is in the page, in Bahasa
// Indonesia then in English (both show without scripts); this script shows the page's language only, names the
// government and writes this government's open-data addresses into the text.
import { api, pathSegments } from './api.js';
import { addStrings, initI18n, lang, onLanguageChange } from './i18n.js';

addStrings({
    id: { 'about.title': 'Tentang angka kinerja pelayanan', 'about.back_short': 'Dasbor' },
    en: { 'about.title': 'About the performance figures', 'about.back_short': 'Dashboard' },
});

const tenant = pathSegments()[1] || '';
const base = `${location.origin}/api/v1/tenants/${encodeURIComponent(tenant)}/performance`;

function showLanguage() {
    for (const block of document.querySelectorAll('[data-lang-block]')) block.hidden = block.dataset.langBlock !== lang();
    const title = document.querySelector(`[data-lang-block="${lang()}"] h1`);
    if (title) document.title = `${title.textContent} · layan`;
}

async function main() {
    initI18n();
    showLanguage();
    onLanguageChange(showLanguage);
    for (const link of document.querySelectorAll('[data-dashboard-link]')) link.href = `/kinerja/${encodeURIComponent(tenant)}`;
    const urls = {
        json: `${base}?from=YYYY-MM-DD&to=YYYY-MM-DD&target_minutes=15`,
        live: `${base}/live`,
        export: `${base}/services.csv?from=YYYY-MM-DD&to=YYYY-MM-DD`,
    };
    for (const code of document.querySelectorAll('code[data-url]')) code.textContent = urls[code.dataset.url];
    try {
        // Today's figures name the government (and tell a wrong address from a right one).
        const report = await api(`${base}`);
        if (report.tenant?.name) document.getElementById('government').textContent = report.tenant.name;
    } catch (e) {
        console.info('layan: the government\'s name could not be read', e);
    }
    document.body.dataset.ready = 'true';
}

main();
