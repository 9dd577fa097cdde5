// The satisfaction survey (SKM, PermenPANRB 14/2017) of one ticket, on the citizen's phone: /s/{hall}/{ticket}?k=KEY
// (the key is printed in the ticket's QR code and carried by its status page). The form comes from
// GET /api/v1/halls/{hall}/tickets/{ticket}/survey?k=KEY: while it is "open", the nine questions (one card each, four
// answers as radio buttons), the optional question on the officer's conduct, an optional comment, an optional
// profile and the required consent; POST …/survey then records the answer. Every state in which the survey cannot be
// answered (already answered, not served yet, expired, a wrong link) is one clear sentence, never a raw error.
// Answers survive a failed submit (and a reload: a draft is kept in sessionStorage until the answer is recorded).
//
// renderSurvey() builds the form for any page: the counter's tablet (survey-tablet.js) shows the same form.
// For tests: body[data-state] is the page's state (loading | open | thanks | answered | not_served | expired |
// invalid | not_found | error); the questions are fieldset#q-U1…#q-U9 and #q-conduct, with radio inputs named
// after their code; #sv-comment, #sv-profile (details) with select#sv-profile-<field>, #sv-consent, #sv-submit,
// #sv-error (the message of a refused submit), #sv-progress-text.
import { api, hallApi, pathSegments } from './api.js';
import { errorMessage } from './errors.js';
import { addStrings, initI18n, onLanguageChange, pick, t } from './i18n.js';
import { h } from './common.js';

addStrings({
    id: {
        'survey.title': 'Survei kepuasan masyarakat',
        'survey.heading': 'Survei Kepuasan Masyarakat',
        'survey.loading': 'Memuat survei…',
        'survey.number': 'Nomor antrian {number}',
        'survey.intro': 'Bagaimana pelayanan kami? Jawab {n} pertanyaan singkat (±1 menit): pilih satu jawaban untuk setiap pertanyaan.',
        'survey.intro_tablet': 'Bagaimana pelayanan yang baru Anda terima? Sentuh satu jawaban untuk setiap pertanyaan (±1 menit).',
        'survey.anonymous': 'Survei ini tanpa nama. Nomor HP atau NIK tidak diminta.',
        'survey.progress': '{n} dari {total} terjawab',
        'survey.question_n': 'Pertanyaan {n} dari {total}',
        'survey.optional': 'Pertanyaan tambahan (opsional)',
        'survey.officer': 'Petugas yang melayani: {name}',
        'survey.conduct_clear': 'Kosongkan jawaban ini',
        'survey.comment_label': 'Saran atau masukan (opsional)',
        'survey.comment_hint': 'Tuliskan hal yang perlu diperbaiki atau yang sudah baik. Jangan menulis nama, NIK, atau nomor HP.',
        'survey.comment_count': '{n}/{max} huruf',
        'survey.profile_title': 'Tentang Anda (opsional)',
        'survey.profile_hint': 'Hanya untuk statistik responden; boleh dikosongkan seluruhnya.',
        'survey.profile_none': '— Tidak diisi —',
        'survey.profile.age_band': 'Usia',
        'survey.profile.sex': 'Jenis kelamin',
        'survey.profile.education': 'Pendidikan terakhir',
        'survey.profile.occupation': 'Pekerjaan',
        'survey.consent_title': 'Persetujuan (wajib)',
        'survey.consent': 'Saya setuju jawaban saya diolah untuk Indeks Kepuasan Masyarakat (IKM) tanpa nama, sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.',
        'survey.send': 'Kirim jawaban',
        'survey.sending': 'Mengirim…',
        'survey.send_again': 'Kirim lagi',
        'survey.kept': 'Jawaban Anda tetap tersimpan di halaman ini.',
        'survey.missing': 'Pertanyaan {n} belum dijawab.',
        'survey.missing_more': 'Pertanyaan {n} dan {more} pertanyaan lain belum dijawab.',
        'survey.missing_one_more': 'Pertanyaan {n} dan 1 pertanyaan lain belum dijawab.',
        'survey.unanswered': 'Pertanyaan {n} belum dijawab. Jawab kesembilan pertanyaan.',
        'survey.thanks.title': 'Terima kasih!',
        'survey.thanks.text': 'Jawaban Anda sudah kami terima. Jawaban ini membantu kami memperbaiki pelayanan.',
        'survey.answered.title': 'Survei sudah diisi',
        'survey.answered.text': 'Survei untuk nomor antrian ini sudah diisi. Terima kasih!',
        'survey.not_served.title': 'Survei belum dibuka',
        'survey.not_served.text': 'Survei dibuka setelah Anda selesai dilayani. Buka lagi halaman ini sesudah layanan Anda selesai.',
        'survey.expired.title': 'Masa survei sudah berakhir',
        'survey.invalid.title': 'Tautan survei tidak valid',
        'survey.not_found.title': 'Survei tidak ditemukan',
        'survey.error.title': 'Survei belum dapat dimuat',
        'survey.to_status': 'Lihat status antrian',
        'survey.retry': 'Coba lagi',
    },
    en: {
        'survey.title': 'Public satisfaction survey',
        'survey.heading': 'Public Satisfaction Survey',
        'survey.loading': 'Loading the survey…',
        'survey.number': 'Queue number {number}',
        'survey.intro': 'How did we do? Answer {n} short questions (about 1 minute): choose one answer for each question.',
        'survey.intro_tablet': 'How was the service you just received? Touch one answer for each question (about 1 minute).',
        'survey.anonymous': 'This survey is anonymous. No phone number or NIK is asked for.',
        'survey.progress': '{n} of {total} answered',
        'survey.question_n': 'Question {n} of {total}',
        'survey.optional': 'Extra question (optional)',
        'survey.officer': 'Officer who served you: {name}',
        'survey.conduct_clear': 'Clear this answer',
        'survey.comment_label': 'Suggestions or comments (optional)',
        'survey.comment_hint': 'Tell us what should improve or what went well. Do not write names, NIK or phone numbers.',
        'survey.comment_count': '{n}/{max} characters',
        'survey.profile_title': 'About you (optional)',
        'survey.profile_hint': 'Only for the statistics of respondents; you may leave all of it empty.',
        'survey.profile_none': '— Not given —',
        'survey.profile.age_band': 'Age',
        'survey.profile.sex': 'Sex',
        'survey.profile.education': 'Education',
        'survey.profile.occupation': 'Occupation',
        'survey.consent_title': 'Consent (required)',
        'survey.consent': 'I agree that my answers are processed, without my name, for the Public Satisfaction Index (IKM), under Law No. 27 of 2022 on Personal Data Protection.',
        'survey.send': 'Send answers',
        'survey.sending': 'Sending…',
        'survey.send_again': 'Send again',
        'survey.kept': 'Your answers are still kept on this page.',
        'survey.missing': 'Question {n} has no answer yet.',
        'survey.missing_more': 'Question {n} and {more} other questions have no answer yet.',
        'survey.missing_one_more': 'Question {n} and 1 other question have no answer yet.',
        'survey.unanswered': 'Question {n} has no answer yet. Answer all nine questions.',
        'survey.thanks.title': 'Thank you!',
        'survey.thanks.text': 'We have received your answers. They help us improve our service.',
        'survey.answered.title': 'Survey already answered',
        'survey.answered.text': 'The survey of this queue number has already been answered. Thank you!',
        'survey.not_served.title': 'The survey is not open yet',
        'survey.not_served.text': 'The survey opens once you have been served. Open this page again after your service is finished.',
        'survey.expired.title': 'The survey has closed',
        'survey.invalid.title': 'This survey link is not valid',
        'survey.not_found.title': 'Survey not found',
        'survey.error.title': 'The survey could not be loaded',
        'survey.to_status': 'See the queue status',
        'survey.retry': 'Try again',
    },
});

/** Profile fields in the order of the form (the server's object may list them in another order). */
const PROFILE_FIELDS = ['age_band', 'sex', 'education', 'occupation'];

/** Refusals that say the survey cannot be answered (any more): the page shows that state, not an error. */
export const STATE_OF_ERROR = {
    survey_already_answered: 'answered',
    survey_not_served: 'not_served',
    survey_link_expired: 'expired',
    survey_link_invalid: 'invalid',
};

/** The sentence of a state in which the survey cannot be answered: its title and text. */
export function stateSentence(state, error) {
    switch (state) {
    case 'answered': return [t('survey.answered.title'), t('survey.answered.text')];
    case 'not_served': return [t('survey.not_served.title'), t('survey.not_served.text')];
    case 'expired': return [t('survey.expired.title'), errorMessage({ code: 'survey_link_expired' })];
    case 'invalid': return [t('survey.invalid.title'), errorMessage({ code: 'survey_link_invalid' })];
    case 'thanks': return [t('survey.thanks.title'), t('survey.thanks.text')];
    case 'not_found': return [t('survey.not_found.title'), errorMessage(error)];
    case 'error': return [t('survey.error.title'), errorMessage(error)];
    default: return [t('survey.loading'), ''];
    }
}

/** The options of a profile field: the contract's array of {code, label}, or the server's {label, options}. */
function profileField(form, name) {
    const field = form.profile?.[name];
    if (!field) return null;
    if (Array.isArray(field)) return { label: t(`survey.profile.${name}`), options: field };
    return { label: pick(field.label) || t(`survey.profile.${name}`), options: field.options || [] };
}

/**
 * Builds the survey form of `form` (the API's survey object) into `root` and keeps it: the answers live in the
 * returned controller and survive a refused or failed submit and a change of language (rerender()).
 * options:
 *   submit(body) → Promise: records the answer (POST …/survey); body is {consent, answers, conduct?, comment?,
 *     profile?} — the caller adds `k` where it has one.
 *   onDone(receipt): after the answer was recorded.
 *   onState(state, error): when the server says the survey cannot be answered (STATE_OF_ERROR).
 *   onActivity(): after every answer or keystroke (the tablet's "someone is filling this in").
 *   draft: {load() → values|null, save(values), clear()}: where answers are kept across reloads (none on a tablet).
 *   tablet: true for the counter's tablet (bigger targets, its own introduction).
 */
export function renderSurvey(root, form, options = {}) {
    const questions = form.questions || [];
    const total = questions.length;
    const maxComment = Number(form.max_comment_length) || 1000;
    const saved = options.draft?.load?.() || null;
    const values = {
        answers: { ...(saved?.answers || {}) },
        conduct: saved?.conduct ?? null,
        comment: typeof saved?.comment === 'string' ? saved.comment : '',
        profile: { ...(saved?.profile || {}) },
        consent: Boolean(saved?.consent),
    };
    // Only answers the form can hold: a draft of another version of the form must not post unknown codes.
    for (const code of Object.keys(values.answers)) {
        const question = questions.find((q) => q.code === code);
        if (!question?.answers?.some((a) => a.value === values.answers[code])) delete values.answers[code];
    }
    if (!form.conduct?.answers?.some((a) => a.value === values.conduct)) values.conduct = null;
    let profileOpen = Object.values(values.profile).some(Boolean);
    let busy = false;
    let failed = false;  // a submit failed: the button says "send again"
    let shownError = null;  // {field, message: () => text}: re-shown in the new language after a rerender

    const $ = (id) => root.querySelector(`#${id}`);

    function changed() {
        options.draft?.save?.(values);
        options.onActivity?.();
    }

    function answeredCount() {
        return questions.filter((q) => values.answers[q.code] != null).length;
    }

    function renderProgress() {
        const n = answeredCount();
        const text = $('sv-progress-text');
        if (text) text.textContent = t('survey.progress', { n, total });
        const bar = $('sv-progress-done');
        // CSSOM, not a style attribute: the Content-Security-Policy allows it.
        if (bar) bar.style.width = `${total ? (100 * n) / total : 0}%`;
        root.querySelector('.survey-progress')?.classList.toggle('complete', n === total);
    }

    function answerGroup(name, answers, chosen, onChoose) {
        return h('div', { class: 'survey-answers' }, ...(answers || []).map((answer) => {
            const id = `sv-${name}-${answer.value}`;
            return h('label', { class: 'survey-answer', for: id },
                h('input', {
                    type: 'radio', class: 'survey-radio', id, name, value: String(answer.value),
                    checked: chosen === answer.value,
                    onchange: () => onChoose(answer.value),
                }),
                h('span', { class: 'survey-answer-box' },
                    h('span', { class: 'survey-answer-mark', 'aria-hidden': 'true' }),
                    h('span', { class: 'survey-answer-label' }, pick(answer.label))));
        }));
    }

    function questionCard(question, index) {
        const id = `q-${question.code}`;
        return h('fieldset', { class: 'card survey-question', id, dataset: { question: question.code } },
            h('legend', { class: 'survey-legend' },
                h('span', { class: 'survey-qcount' },
                    t('survey.question_n', { n: index + 1, total }) + (question.name ? ` · ${pick(question.name)}` : '')),
                h('span', { class: 'survey-qtext' }, pick(question.question))),
            answerGroup(question.code, question.answers, values.answers[question.code], (value) => {
                values.answers[question.code] = value;
                clearFieldError(`answers.${question.code}`);
                renderProgress();
                changed();
            }),
            h('p', { class: 'survey-field-error', id: `${id}-error`, hidden: true }));
    }

    function conductCard() {
        if (!form.conduct) return null;
        const clear = h('button', {
            type: 'button', class: 'btn survey-clear', id: 'sv-conduct-clear', hidden: values.conduct == null,
            onclick: () => {
                values.conduct = null;
                for (const radio of root.querySelectorAll('input[name="conduct"]')) radio.checked = false;
                clear.hidden = true;
                root.querySelector('input[name="conduct"]')?.focus();
                changed();
            },
        }, t('survey.conduct_clear'));
        return h('fieldset', { class: 'card survey-question survey-conduct', id: 'q-conduct', dataset: { question: 'conduct' } },
            h('legend', { class: 'survey-legend' },
                h('span', { class: 'survey-qcount' }, t('survey.optional')),
                h('span', { class: 'survey-qtext' }, pick(form.conduct.question)),
                form.officer?.name ? h('span', { class: 'survey-officer' }, t('survey.officer', { name: form.officer.name })) : null),
            answerGroup('conduct', form.conduct.answers, values.conduct, (value) => {
                values.conduct = value;
                clear.hidden = false;
                clearFieldError('conduct');
                changed();
            }),
            clear,
            h('p', { class: 'survey-field-error', id: 'q-conduct-error', hidden: true }));
    }

    function commentCard() {
        const count = h('p', { class: 'survey-count', id: 'sv-comment-count' });
        const showCount = () => { count.textContent = t('survey.comment_count', { n: textarea.value.length, max: maxComment }); };
        const textarea = h('textarea', {
            id: 'sv-comment', name: 'comment', rows: '4', maxlength: String(maxComment),
            'aria-describedby': 'sv-comment-hint sv-comment-count',
            oninput: () => {
                values.comment = textarea.value;
                showCount();
                clearFieldError('comment');
                changed();
            },
        });
        textarea.value = values.comment;
        showCount();
        return h('div', { class: 'card survey-comment', id: 'q-comment' },
            h('label', { class: 'survey-label', for: 'sv-comment' }, t('survey.comment_label')),
            h('p', { class: 'survey-hint', id: 'sv-comment-hint' }, t('survey.comment_hint')),
            textarea,
            count,
            h('p', { class: 'survey-field-error', id: 'q-comment-error', hidden: true }));
    }

    function profileCard() {
        const names = [...PROFILE_FIELDS, ...Object.keys(form.profile || {}).filter((n) => !PROFILE_FIELDS.includes(n))];
        const fields = names.map((name) => [name, profileField(form, name)]).filter(([, field]) => field);
        if (fields.length === 0) return null;
        const details = h('details', { class: 'card survey-profile', id: 'sv-profile', open: profileOpen },
            h('summary', { class: 'survey-summary' }, t('survey.profile_title')),
            h('p', { class: 'survey-hint' }, t('survey.profile_hint')),
            h('div', { class: 'survey-profile-fields' }, ...fields.map(([name, field]) => {
                const id = `sv-profile-${name}`;
                const select = h('select', {
                    id, name: `profile.${name}`,
                    onchange: () => {
                        if (select.value) values.profile[name] = select.value;
                        else delete values.profile[name];
                        clearFieldError(`profile.${name}`);
                        changed();
                    },
                }, h('option', { value: '' }, t('survey.profile_none')),
                ...field.options.map((option) => h('option', { value: option.code }, pick(option.label))));
                select.value = values.profile[name] || '';
                return h('div', { class: 'survey-select', id: `q-profile-${name}` },
                    h('label', { for: id }, field.label),
                    select,
                    h('p', { class: 'survey-field-error', id: `q-profile-${name}-error`, hidden: true }));
            })));
        details.addEventListener('toggle', () => { profileOpen = details.open; });
        return details;
    }

    function consentCard() {
        return h('div', { class: 'card survey-consent', id: 'q-consent' },
            h('p', { class: 'survey-label', id: 'sv-consent-title' }, t('survey.consent_title')),
            h('label', { class: 'survey-check', for: 'sv-consent' },
                h('input', {
                    type: 'checkbox', id: 'sv-consent', name: 'consent', required: true, checked: values.consent,
                    onchange: (event) => {
                        values.consent = event.target.checked;
                        clearFieldError('consent');
                        changed();
                    },
                }),
                h('span', {}, t('survey.consent'))),
            h('p', { class: 'survey-field-error', id: 'q-consent-error', hidden: true }));
    }

    function build() {
        root.classList.add('survey');
        root.classList.toggle('survey-tablet', Boolean(options.tablet));
        root.replaceChildren(
            h('section', { class: 'card survey-intro', 'aria-labelledby': 'sv-heading' },
                h('h1', { id: 'sv-heading', tabindex: '-1' }, t('survey.heading')),
                h('p', { class: 'survey-ticket' },
                    h('span', { class: 'survey-number' }, t('survey.number', { number: form.number || '' })),
                    h('span', { class: 'survey-service' }, pick(form.service?.name) || form.service?.code || '')),
                form.unit?.name ? h('p', { class: 'survey-unit' }, pick(form.unit.name)) : null,
                h('p', { class: 'survey-intro-text' }, options.tablet ? t('survey.intro_tablet') : t('survey.intro', { n: total })),
                h('p', { class: 'survey-hint' }, t('survey.anonymous'))),
            h('div', { class: 'survey-progress' },
                h('p', { class: 'survey-progress-text', id: 'sv-progress-text', role: 'status' }),
                h('div', { class: 'survey-progress-bar', 'aria-hidden': 'true' }, h('span', { id: 'sv-progress-done' }))),
            h('form', { class: 'survey-form', id: 'sv-form', novalidate: true, onsubmit: submit },
                ...questions.map(questionCard),
                conductCard(),
                commentCard(),
                profileCard(),
                consentCard(),
                h('div', { class: 'survey-send-row' },
                    h('div', { class: 'survey-error', id: 'sv-error', role: 'alert', hidden: true }),
                    h('button', { type: 'submit', class: 'btn btn-accent survey-send', id: 'sv-submit', disabled: busy },
                        t(busy ? 'survey.sending' : failed ? 'survey.send_again' : 'survey.send')))));
        renderProgress();
        if (shownError) showError(shownError.field, shownError.message, false);
    }

    // ---- errors: one at a time, next to the submit button and at the field it is about ----

    /** The element a details.field is about: its card (for the message) and what takes the focus. */
    function fieldTarget(field) {
        if (!field) return null;
        let card = null;
        let focus = null;
        const question = /^answers\.(.+)$/.exec(field);
        if (question) {
            card = $(`q-${question[1]}`);
            focus = card?.querySelector('input:checked') || card?.querySelector('input');
        } else if (field === 'conduct') {
            card = $('q-conduct');
            focus = card?.querySelector('input:checked') || card?.querySelector('input');
        } else if (field === 'comment') {
            card = $('q-comment');
            focus = $('sv-comment');
        } else if (field === 'consent') {
            card = $('q-consent');
            focus = $('sv-consent');
        } else if (field.startsWith('profile.')) {
            const name = field.slice('profile.'.length);
            card = $(`q-profile-${name}`);
            focus = $(`sv-profile-${name}`);
            if (card) $('sv-profile').open = profileOpen = true;
        }
        return card ? { card, focus } : null;
    }

    function clearFieldError(field) {
        if (shownError && shownError.field === field) clearErrors();
    }

    function clearErrors() {
        shownError = null;
        for (const card of root.querySelectorAll('.has-error')) card.classList.remove('has-error');
        for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
        // Only the error notes leave the descriptions: a field keeps its own hint.
        for (const el of root.querySelectorAll('[aria-describedby]')) {
            const kept = el.getAttribute('aria-describedby').split(/\s+/).filter((id) => id && !id.endsWith('-error'));
            if (kept.length > 0) el.setAttribute('aria-describedby', kept.join(' '));
            else el.removeAttribute('aria-describedby');
        }
        for (const p of root.querySelectorAll('.survey-field-error')) {
            p.hidden = true;
            p.textContent = '';
        }
        const region = $('sv-error');
        if (region) {
            region.hidden = true;
            region.replaceChildren();
        }
    }

    /** Shows `message()` at the field (focused, when `focus`) and next to the submit button; replaces any other. */
    function showError(field, message, focus = true) {
        clearErrors();
        shownError = { field, message };
        const text = message();
        const region = $('sv-error');
        region.replaceChildren(h('div', { class: 'alert alert-error' }, text));
        region.hidden = false;
        const target = fieldTarget(field);
        if (!target) return;
        const note = $(`${target.card.id}-error`);
        if (note) {
            note.textContent = text;
            note.hidden = false;
        }
        target.card.classList.add('has-error');
        if (note && target.card.tagName === 'FIELDSET') target.card.setAttribute('aria-describedby', note.id);
        if (target.focus && target.card.tagName !== 'FIELDSET') {
            target.focus.setAttribute('aria-invalid', 'true');
            if (note) target.focus.setAttribute('aria-describedby', [target.focus.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
        }
        if (focus) {
            target.card.scrollIntoView({ block: 'center', behavior: 'smooth' });
            target.focus?.focus({ preventScroll: true });
        }
    }

    function questionNumber(code) {
        return questions.findIndex((q) => q.code === code) + 1;
    }

    function showServerError(error) {
        const field = error.details?.field;
        const code = /^answers\.(.+)$/.exec(field || '')?.[1];
        if (error.code === 'survey_unanswered' && code) {
            // errors.js names no question in its sentence: say which one.
            showError(field, () => t('survey.unanswered', { n: questionNumber(code) || code }));
        } else if (error.status === 0 || error.status >= 500) {
            // Nothing was recorded: say so, and that the answers are still here.
            showError(field, () => `${errorMessage(error)} ${t('survey.kept')}`);
        } else {
            showError(field, () => errorMessage(error));
        }
    }

    // ---- submit ----

    function body() {
        const out = { consent: values.consent, answers: {} };
        for (const q of questions) out.answers[q.code] = values.answers[q.code];
        if (values.conduct != null) out.conduct = values.conduct;
        if (values.comment.trim()) out.comment = values.comment;
        const profile = Object.fromEntries(Object.entries(values.profile).filter(([, v]) => v));
        if (Object.keys(profile).length > 0) out.profile = profile;
        return out;
    }

    function setBusy(on) {
        busy = on;
        const button = $('sv-submit');
        if (!button) return;
        button.disabled = on;
        button.setAttribute('aria-busy', String(on));
        button.textContent = t(on ? 'survey.sending' : failed ? 'survey.send_again' : 'survey.send');
        root.classList.toggle('busy', on);
    }

    async function submit(event) {
        event.preventDefault();
        if (busy) return;
        clearErrors();
        // What the page can tell by itself is told before anything is sent.
        const missing = questions.filter((q) => values.answers[q.code] == null);
        if (missing.length > 0) {
            const n = questionNumber(missing[0].code);
            const more = missing.length - 1;
            // Not t()'s ".one": here n is the question's number, not a count.
            const key = more === 0 ? 'survey.missing' : more === 1 ? 'survey.missing_one_more' : 'survey.missing_more';
            showError(`answers.${missing[0].code}`, () => t(key, { n, more }));
            return;
        }
        if (!values.consent) {
            showError('consent', () => errorMessage({ code: 'survey_consent_required' }));
            return;
        }
        setBusy(true);
        let receipt;
        try {
            receipt = await options.submit(body());
        } catch (error) {
            failed = true;
            setBusy(false);
            const state = STATE_OF_ERROR[error?.code];
            if (state && options.onState) {
                options.draft?.clear?.();
                options.onState(state, error);
                return;
            }
            showServerError(error);
            return;
        }
        setBusy(false);
        options.draft?.clear?.();
        options.onDone?.(receipt);
    }

    build();
    return {
        /** Builds the form again in the current language, with the answers given so far. */
        rerender: build,
        /** The answers given so far (the body a submit would send, without the key). */
        body,
        get ticket() { return form.ticket; },
    };
}

// ---- the page on the citizen's phone ----

/** A draft of the answers in sessionStorage, per ticket: a reload or a lost network loses nothing. */
function sessionDraft(hall, ticket) {
    const key = `layan.survey.${hall}.${ticket}`;
    const store = (() => { try { return window.sessionStorage; } catch (_) { return null; } })();
    return {
        load() {
            try { return JSON.parse(store?.getItem(key) || 'null'); } catch (_) { return null; }
        },
        save(values) {
            try { store?.setItem(key, JSON.stringify(values)); } catch (_) { /* full or blocked: not fatal */ }
        },
        clear() {
            try { store?.removeItem(key); } catch (_) { /* not fatal */ }
        },
    };
}

function startPhonePage() {
    const [, hallId, ticketId] = pathSegments();
    const key = new URLSearchParams(location.search).get('k');
    const el = (id) => document.getElementById(id);
    const root = el('survey-root');
    let state = 'loading';
    let stateError = null;
    let form = null;
    let survey = null;

    const statusPath = `/t/${encodeURIComponent(hallId || '')}/${encodeURIComponent(ticketId || '')}`;
    el('status-link').href = key ? `${statusPath}?k=${encodeURIComponent(key)}` : statusPath;

    function title() {
        const parts = [t('survey.title'), 'layan'];
        if (form?.number) parts.unshift(form.number);
        document.title = parts.join(' · ');
    }

    /** Shows a state; `focus` moves the focus to its title (after the citizen's own action). */
    function show(next, error = null, { focus = false } = {}) {
        state = next;
        stateError = error;
        document.body.dataset.state = next;
        title();
        const open = next === 'open';
        root.hidden = !open;
        el('survey-message').hidden = open;
        if (open) return;
        const [heading, text] = stateSentence(next, error);
        el('survey-message-title').textContent = heading;
        el('survey-message-text').textContent = text;
        el('survey-message-text').hidden = !text;
        const toStatus = ['not_served', 'thanks', 'answered', 'expired'].includes(next) && Boolean(ticketId);
        const retry = next === 'error';
        el('status-link').hidden = !toStatus;
        el('retry').hidden = !retry;
        el('survey-message-actions').hidden = !toStatus && !retry;
        if (focus) {
            el('survey-message-title').setAttribute('tabindex', '-1');
            el('survey-message-title').focus();
            window.scrollTo(0, 0);
        }
    }

    function open() {
        const draft = sessionDraft(hallId, ticketId);
        survey = renderSurvey(root, form, {
            draft,
            submit: (answer) => api(hallApi(hallId, 'tickets', ticketId, 'survey'), { method: 'POST', body: { k: key, ...answer } }),
            onDone: () => show('thanks', null, { focus: true }),
            onState: (next, error) => show(next, error, { focus: true }),
        });
        show('open');
    }

    async function load() {
        show('loading');
        if (!key || !hallId || !ticketId) {
            show('invalid');
            return;
        }
        try {
            form = await api(`${hallApi(hallId, 'tickets', ticketId, 'survey')}?k=${encodeURIComponent(key)}`);
        } catch (error) {
            if (STATE_OF_ERROR[error.code] || error.status === 403) show(STATE_OF_ERROR[error.code] || 'invalid', error);
            else if (error.status === 404) show('not_found', error);
            else show('error', error);
            return;
        }
        if (form.state === 'open') open();
        else show(['answered', 'not_served', 'expired'].includes(form.state) ? form.state : 'error', null);
    }

    initI18n();
    onLanguageChange(() => {
        if (state === 'open') survey?.rerender();
        else show(state, stateError);
        title();
    });
    el('retry').addEventListener('click', load);
    if (hallId) {
        api(hallApi(hallId)).then((hall) => { el('hall-name').textContent = hall.name; }).catch(() => {});
    }
    load();
}

if (document.body.classList.contains('survey-page')) startPhonePage();
