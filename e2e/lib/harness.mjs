/// Browser-test harness for layan, for Node's built-in test runner (`node --test`).
///
/// `browserSuite(name, body)` declares a suite that, before its first test, starts the real
/// `layan serve` binary (path in env LAYAN_BIN) on a free loopback port with a fresh SQLite
/// database (or a PostgreSQL schema when TEST_BACKEND names a server; migrated and seeded with the
/// demo city), waits for GET /readyz, and launches Debian's
/// Chromium (/usr/bin/chromium) headless through playwright-core. Each test declared with the
/// `it(name, fn)` handed to `body` gets a fresh browser context and page: `fn({ page, baseUrl, url })`.
/// After each test a screenshot is saved to env LAYAN_ARTIFACTS (default e2e/artifacts/), also and
/// above all when the test failed; a test also fails when its page threw an uncaught JavaScript
/// error. After the suite, Chromium and the server are stopped, whatever happened; the server must
/// exit cleanly on SIGTERM (under AddressSanitizer that includes no leak report), or the suite fails.
/// The server's output goes to <artifacts>/<suite>.server.log.
import { spawn, execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const kE2eDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const kChromium = '/usr/bin/chromium';
// The server runs under sanitizers in the dev build: give it time to start.
const kReadyTimeoutMs = 60_000;
const kStopTimeoutMs = 15_000;
const kTestTimeoutMs = 120_000;  // a sanitized server on a 2-core machine that runs other tests too
// Flags for Chromium on a closed network, as root, in a container. Playwright adds --headless,
// --no-sandbox and a fresh temporary --user-data-dir itself (it refuses one passed in `args`).
const kChromiumArgs = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

/// Declares a suite of browser tests against one layan server; see the file comment.
/// `options.env` adds variables to the server's environment (e.g. LAYAN_CLOCK_START), for this suite only.
export function browserSuite(name, body, options = {}) {
    describe(name, () => {
        const env = { server: null, browser: null };
        const artifacts = artifactsDir();
        const slug = slugify(name);

        before(
            async () => {
                env.server = await startServer(requiredBinary(), path.join(artifacts, `${slug}.server.log`),
                                               serverEnv(options.env));
                try {
                    env.browser = await launchChromium();
                } catch (error) {
                    // Node 18 runs no `after` hook when `before` fails: stop the server here.
                    await env.server.stop().catch(() => {});
                    env.server = null;
                    throw error;
                }
            },
            { timeout: kReadyTimeoutMs * 2 },
        );

        after(async () => {
            // Both are stopped even if one of them fails to stop.
            const results = await Promise.allSettled([env.browser?.close(), env.server?.stop()]);
            const failure = results.find((r) => r.status === 'rejected');
            if (failure) {
                throw failure.reason;
            }
        });

        body((testName, fn) =>
            test(testName, { timeout: kTestTimeoutMs }, async () => {
                const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
                const page = await context.newPage();
                const pageErrors = [];
                page.on('pageerror', (error) => pageErrors.push(error));
                const shot = path.join(artifacts, `${slug}--${slugify(testName)}.png`);
                try {
                    await fn({ page, baseUrl: env.server.baseUrl, url: (p) => new URL(p, env.server.baseUrl).href });
                    if (pageErrors.length > 0) {
                        throw new Error(`the page threw ${pageErrors.length} uncaught error(s):\n` +
                                        pageErrors.map((e) => e.stack ?? String(e)).join('\n'));
                    }
                } finally {
                    await page.screenshot({ path: shot, fullPage: true }).catch((e) => {
                        console.error(`harness: no screenshot for "${testName}": ${e.message}`);
                    });
                    await context.close();
                }
            }),
        );
    });
}

function requiredBinary() {
    const bin = process.env.LAYAN_BIN;
    if (!bin) {
        throw new Error('LAYAN_BIN is not set: run the browser tests through ctest (scripts/test.sh does), ' +
                        'or set LAYAN_BIN to a built layan executable.');
    }
    fs.accessSync(bin, fs.constants.X_OK);
    return bin;
}

function artifactsDir() {
    const dir = process.env.LAYAN_ARTIFACTS || path.join(kE2eDir, 'artifacts');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

function slugify(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

async function launchChromium() {
    let chromium;
    try {
        ({ chromium } = await import('playwright-core'));
    } catch (error) {
        throw new Error(`playwright-core is not installed: run \`npm ci\` in ${kE2eDir} (${error.message})`);
    }
    if (!fs.existsSync(kChromium)) {
        throw new Error(`${kChromium} is missing: install Debian's chromium (scripts/install-deps.sh test)`);
    }
    return chromium.launch({ executablePath: kChromium, headless: true, args: kChromiumArgs });
}

/// The environment of the server: ours, less the variables meant for this harness, plus `extra`.
function serverEnv(extra = {}) {
    const env = { ...process.env, ...extra };
    delete env.LAYAN_BIN;
    delete env.LAYAN_ARTIFACTS;
    return env;
}

/// The database of a suite's server: a SQLite file in `workDir`, or, when TEST_BACKEND is a PostgreSQL
/// URL (ctest runs each browser test a second time so, as browser.<name>@postgres), a schema of its own
/// on that server (made with psql), with the vault's key file and the uploads folder in `workDir`.
async function suiteDatabase(workDir, env) {
    const server = process.env.TEST_BACKEND ?? '';
    if (!server.startsWith('postgres')) {
        return `sqlite://${path.join(workDir, 'layan.db')}`;
    }
    const schema = `browser_${path.basename(workDir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;
    await promisify(execFile)('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', server, '-c', `CREATE SCHEMA ${schema}`],
                              { timeout: 60_000 });
    env.LAYAN_PERSONAL_DATA_KEY_FILE = path.join(workDir, 'vault.key');
    env.LAYAN_UPLOADS_DIR = path.join(workDir, 'uploads');  // requests' documents: no folder beside a server
    return `${server}${server.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
}

async function startServer(bin, logPath, env) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layan-e2e-'));
    env = { ...env };
    delete env.TEST_BACKEND;  // the harness's, not a setting of layan
    const database = await suiteDatabase(workDir, env);
    const log = fs.openSync(logPath, 'w');
    const cleanUp = () => {
        fs.closeSync(log);
        fs.rmSync(workDir, { recursive: true, force: true });
    };
    try {
        for (const args of [['migrate', '--database', database], ['seed-demo', '--database', database]]) {
            fs.writeSync(log, `$ layan ${args.join(' ')}\n`);
            try {
                const { stdout, stderr } = await promisify(execFile)(bin, args, { env, timeout: 60_000 });
                fs.writeSync(log, stdout + stderr);
            } catch (error) {
                fs.writeSync(log, `${error.stdout ?? ''}${error.stderr ?? ''}`);
                throw new Error(`\`layan ${args[0]}\` failed: ${error.message}`);
            }
        }
        // A free port can be taken between our probe and the server's bind: try again then.
        for (let attempt = 1; ; ++attempt) {
            const port = await freePort();
            const args = ['serve', '--database', database, '--port', String(port)];
            fs.writeSync(log, `$ layan ${args.join(' ')}\n`);
            const child = spawn(bin, args, { env, stdio: ['ignore', log, log] });
            // A server left running must not keep this process alive; on exit it is killed.
            child.unref();
            const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
            const killOnExit = () => child.kill('SIGKILL');
            process.once('exit', killOnExit);
            const baseUrl = `http://127.0.0.1:${port}`;
            const ready = await waitReady(`${baseUrl}/readyz`, exited);
            if (ready === true) {
                return {
                    baseUrl,
                    stop: async () => {
                        try {
                            await stopServer(child, exited, logPath);
                        } finally {
                            process.removeListener('exit', killOnExit);
                            cleanUp();
                        }
                    },
                };
            }
            process.removeListener('exit', killOnExit);
            if (ready === 'timeout') {
                child.kill('SIGKILL');
                await exited;
                throw new Error(`layan serve did not answer ${baseUrl}/readyz within ${kReadyTimeoutMs} ms\n` +
                                logTail(logPath));
            }
            if (attempt === 3) {
                throw new Error(`layan serve exited before it was ready (${describeExit(ready)})\n${logTail(logPath)}`);
            }
        }
    } catch (error) {
        cleanUp();
        throw error;
    }
}

/// Resolves true once `url` answers 200, the exit of the server if it exits first, or 'timeout'.
async function waitReady(url, exited) {
    const deadline = Date.now() + kReadyTimeoutMs;
    let exit = null;
    exited.then((e) => (exit = e));
    while (Date.now() < deadline) {
        if (exit) {
            return exit;
        }
        if ((await httpStatus(url)) === 200) {
            return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return 'timeout';
}

async function stopServer(child, exited, logPath) {
    child.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, kStopTimeoutMs, 'timeout')));
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`layan serve did not stop within ${kStopTimeoutMs} ms of SIGTERM\n${logTail(logPath)}`);
    }
    if (result.code !== 0 && result.signal !== 'SIGTERM') {
        throw new Error(`layan serve did not exit cleanly on SIGTERM (${describeExit(result)})\n${logTail(logPath)}`);
    }
}

function describeExit({ code, signal }) {
    return signal ? `signal ${signal}` : `exit code ${code}`;
}

function logTail(logPath, lines = 60) {
    const text = fs.readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return `--- last lines of ${logPath} ---\n${text}`;
}

function httpStatus(url) {
    return new Promise((resolve) => {
        const request = http.get(url, { timeout: 2000 }, (response) => {
            response.resume();
            resolve(response.statusCode);
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(0));
    });
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}
