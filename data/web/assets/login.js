// The sign-in page: POST /api/v1/session, then back to ?next= (a path of this site only).
// Bahasa Indonesia first, English second.
import { errorMessage } from './errors.js';
import { addStrings, initI18n, t } from './i18n.js';
import { clearAlert, showAlert } from './common.js';
import { authHeaders, currentSession, safeNext } from './session.js';

addStrings({
    id: {
        'login.staff_area': 'Layanan petugas',
        'login.title': 'Masuk',
        'login.hint': 'Untuk petugas, supervisor, dan admin. Warga tidak perlu masuk untuk mengambil nomor antrian.',
        'login.username': 'Nama pengguna',
        'login.password': 'Kata sandi',
        'login.submit': 'Masuk',
        'login.submitting': 'Memeriksa…',
        'login.continue': 'Lanjutkan',
        'login.sign_out': 'Keluar',
        'login.signed_in_as': 'Anda masuk sebagai {name} ({role}).',
        'login.signed_out': 'Anda sudah keluar.',
        'login.shared_pc': 'Di komputer bersama, selalu tekan “Keluar” setelah selesai.',
        'login.missing': 'Isi nama pengguna dan kata sandi.',
        'login.invalid': 'Nama pengguna atau kata sandi salah.',
        'login.locked': 'Terlalu banyak percobaan gagal. Coba lagi dalam {n} menit, atau minta admin mengatur ulang kata sandi.',
        'login.rate_limited': 'Terlalu banyak percobaan dari perangkat ini. Coba lagi dalam {n} detik.',
        'login.disabled': 'Akun ini dinonaktifkan. Hubungi admin.',
        'login.busy': 'Server sedang sibuk. Coba lagi sebentar lagi.',
        'login.network': 'Server tidak dapat dihubungi. Periksa jaringan lalu coba lagi.',
        'role.officer': 'petugas', 'role.supervisor': 'supervisor', 'role.unit_head': 'kepala unit',
        'role.admin': 'admin', 'role.auditor': 'auditor',
        'password.title': 'Ganti kata sandi',
        'password.current': 'Kata sandi sekarang',
        'password.new': 'Kata sandi baru (minimal 10 karakter)',
        'password.repeat': 'Ulangi kata sandi baru',
        'password.submit': 'Simpan kata sandi',
        'password.mismatch': 'Kedua isian kata sandi baru tidak sama.',
        'password.wrong': 'Kata sandi sekarang salah.',
        'password.same': 'Pilih kata sandi yang berbeda dari yang sekarang.',
        'password.weak': 'Kata sandi baru terlalu lemah: minimal 10 karakter, tidak memuat nama pengguna, bukan kata sandi umum.',
        'password.changed': 'Kata sandi sudah diganti. Sesi lain akun ini telah diakhiri.',
    },
    en: {
        'login.staff_area': 'Staff area',
        'login.title': 'Sign in',
        'login.hint': 'For officers, supervisors and administrators. Citizens do not need to sign in to take a number.',
        'login.username': 'Username',
        'login.password': 'Password',
        'login.submit': 'Sign in',
        'login.submitting': 'Checking…',
        'login.continue': 'Continue',
        'login.sign_out': 'Sign out',
        'login.signed_in_as': 'You are signed in as {name} ({role}).',
        'login.signed_out': 'You have signed out.',
        'login.shared_pc': 'On a shared computer, always press “Sign out” when you are done.',
        'login.missing': 'Enter your username and password.',
        'login.invalid': 'The username or password is not right.',
        'login.locked': 'Too many failed attempts. Try again in {n} minute(s), or ask an administrator to reset the password.',
        'login.rate_limited': 'Too many attempts from this device. Try again in {n} second(s).',
        'login.disabled': 'This account is disabled. Contact your administrator.',
        'login.busy': 'The server is busy. Try again in a moment.',
        'login.network': 'The server cannot be reached. Check the network and try again.',
        'role.officer': 'officer', 'role.supervisor': 'supervisor', 'role.unit_head': 'unit head',
        'role.admin': 'administrator', 'role.auditor': 'auditor',
        'password.title': 'Change password',
        'password.current': 'Current password',
        'password.new': 'New password (at least 10 characters)',
        'password.repeat': 'Repeat the new password',
        'password.submit': 'Save password',
        'password.mismatch': 'The two new passwords differ.',
        'password.wrong': 'The current password is not right.',
        'password.same': 'Choose a password other than the current one.',
        'password.weak': 'The new password is too weak: at least 10 characters, not containing the username, not a common password.',
        'password.changed': 'Your password is changed. Your other sessions have ended.',
    },
});

const next = safeNext(new URLSearchParams(location.search).get('next') || '/');
const form = document.getElementById('login-form');
const alertRegion = document.getElementById('alert');
const submit = document.getElementById('submit');
const signedIn = document.getElementById('signed-in');

function showSignedIn(session) {
    const user = session.user;
    document.getElementById('signed-in-as').textContent =
        t('login.signed_in_as', { name: user.username, role: t('role.' + user.role) });
    document.getElementById('continue').setAttribute('href', next);
    signedIn.hidden = false;
    form.hidden = true;
}

function messageFor(status, error, retryAfter) {
    const seconds = Number(retryAfter) || Number(error?.details?.retry_after_s) || 60;
    switch (error?.code) {
        case 'invalid_credentials': return t('login.invalid');
        case 'login_locked': return t('login.locked', { n: Math.ceil(seconds / 60) });
        case 'rate_limited': return t('login.rate_limited', { n: seconds });
        case 'account_disabled': return t('login.disabled');
        case 'busy': return t('login.busy');
        default: return errorMessage({ code: error?.code, status, details: error?.details });
    }
}

async function signIn(event) {
    event.preventDefault();
    clearAlert(alertRegion);
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
        showAlert(alertRegion, t('login.missing'));
        return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
        const response = await fetch('/api/v1/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ username, password }),
            cache: 'no-store',
        });
        if (response.ok) {
            form.password.value = '';
            location.assign(next);
            return;
        }
        let error = null;
        try { error = (await response.json()).error; } catch (_) { /* not JSON */ }
        showAlert(alertRegion, messageFor(response.status, error, response.headers.get('Retry-After')));
        form.password.value = '';
        form.password.focus();
    } catch (_) {
        showAlert(alertRegion, t('login.network'));
    } finally {
        submit.disabled = false;
        submit.textContent = t('login.submit');
    }
}

async function signOutHere() {
    try {
        await fetch('/api/v1/session', { method: 'DELETE', headers: authHeaders(), cache: 'no-store' });
    } catch (_) { /* the cookies expire anyway */ }
    signedIn.hidden = true;
    form.hidden = false;
    showAlert(alertRegion, t('login.signed_out'), 'info');
    form.username.focus();
}

const passwordForm = document.getElementById('password-form');

async function changePassword(event) {
    event.preventDefault();
    clearAlert(alertRegion);
    const current = passwordForm.current.value;
    const next = passwordForm.next.value;
    if (next !== passwordForm.repeat.value) {
        showAlert(alertRegion, t('password.mismatch'));
        return;
    }
    const button = document.getElementById('password-submit');
    button.disabled = true;
    try {
        const response = await fetch('/api/v1/session/password', {
            method: 'POST',
            headers: { ...authHeaders(), 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ current_password: current, new_password: next }),
            cache: 'no-store',
        });
        if (response.ok) {
            passwordForm.reset();
            showAlert(alertRegion, t('password.changed'), 'info');
            return;
        }
        let error = null;
        try { error = (await response.json()).error; } catch (_) { /* not JSON */ }
        const messages = { wrong_password: 'password.wrong', same_password: 'password.same', weak_password: 'password.weak' };
        showAlert(alertRegion, messages[error?.code] ? t(messages[error.code])
                                                     : messageFor(response.status, error, response.headers.get('Retry-After')));
    } catch (_) {
        showAlert(alertRegion, t('login.network'));
    } finally {
        button.disabled = false;
    }
}

initI18n();
form.addEventListener('submit', signIn);
passwordForm.addEventListener('submit', changePassword);
document.getElementById('sign-out').addEventListener('click', signOutHere);
try {
    const session = await currentSession();
    if (session?.user) showSignedIn(session);
    else form.username.focus();
} catch (_) {
    form.username.focus();
}
