#!/usr/bin/env node
// Runs clang-tidy (.clang-tidy, warnings as errors) over every translation unit of src/ listed in
// a build's compile_commands.json, in parallel, and exits 1 on any finding.
//
//   node scripts/check-tidy.mjs [build-dir] [path-regex]
//
// build-dir defaults to build/dev; path-regex, if given, keeps only the files whose path (relative
// to the checkout) matches it, e.g. 'src/layan/store/'.
//
// It reuses the compile commands of a build that already exists (the dev build in CI), which costs
// only the clang-tidy passes; the `tidy` preset would compile everything once more with g++.
// Those commands are g++'s, so two adjustments are needed for clang:
// - -Wno-error: clang warns about things g++ does not; clang-tidy's own findings are what count.
// - -DBOOST_ASIO_HAS_CO_AWAIT=1: Boost 1.74 enables co_await for g++ but, for clang, only with the
//   pre-C++20 coroutines TS, so without it clang sees no asio::awaitable, use_awaitable, co_spawn.
// - CMake's precompiled headers: clang cannot read g++'s cmake_pch.hxx.gch, and finds it next to
//   the cmake_pch.hxx that the command force-includes. We point the command at a copy of that
//   header in a folder without the .gch: same code, compiled from source.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const buildDir = path.resolve(root, process.argv[2] ?? 'build/dev');
const srcDir = path.join(root, 'src') + path.sep;
const only = process.argv[3] ? new RegExp(process.argv[3]) : null;
const jobs = Math.max(1, os.cpus().length);

const database = JSON.parse(fs.readFileSync(path.join(buildDir, 'compile_commands.json'), 'utf8'));
const tidyDir = path.join(buildDir, 'tidy');
fs.rmSync(tidyDir, { recursive: true, force: true });
fs.mkdirSync(tidyDir, { recursive: true });

const pchCopies = new Map();
function pchCopy(header) {
    if (!pchCopies.has(header)) {
        const dir = path.join(tidyDir, 'pch', String(pchCopies.size));
        fs.mkdirSync(dir, { recursive: true });
        fs.copyFileSync(header, path.join(dir, path.basename(header)));
        pchCopies.set(header, path.join(dir, path.basename(header)));
    }
    return pchCopies.get(header);
}

const entries = database
    .filter((entry) => {
        const file = path.resolve(entry.directory, entry.file);
        return file.startsWith(srcDir) && (!only || only.test(path.relative(root, file)));
    })
    .map((entry) => {
        const rewrite = (arg) => (arg.endsWith('cmake_pch.hxx') ? pchCopy(arg) : arg);
        if (entry.arguments) {
            return { ...entry, arguments: entry.arguments.map(rewrite) };
        }
        return { ...entry, command: entry.command.replace(/(-include\s+)(\S+cmake_pch\.hxx)\b/g, (_, flag, h) => flag + pchCopy(h)) };
    });
if (entries.length === 0) {
    console.error(`tidy: no translation unit of src/${only ? ` matching ${only}` : ''} in ${buildDir}/compile_commands.json`);
    process.exit(1);
}
fs.writeFileSync(path.join(tidyDir, 'compile_commands.json'), JSON.stringify(entries, null, 2));

function tidy(file) {
    const args = [
        `-p=${tidyDir}`,
        '--quiet',
        '--warnings-as-errors=*',
        '--extra-arg=-Wno-unknown-warning-option',
        '--extra-arg=-Wno-error',
        '--extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1',
        file,
    ];
    return new Promise((resolve) => {
        const child = spawn('clang-tidy', args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', (error) => resolve({ file, code: 127, output: error.message }));
        child.on('close', (code) => resolve({ file, code, output }));
    });
}

const started = Date.now();
const files = [...new Set(entries.map((entry) => path.resolve(entry.directory, entry.file)))].sort();
const queue = [...files];
const failed = [];
async function worker() {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        const result = await tidy(file);
        const relative = path.relative(root, file);
        // clang-tidy always says "N warnings generated." on stderr; only findings matter.
        const output = result.output
            .split('\n')
            .filter((line) => !/^\d+ (warning|error)s? (and \d+ (warning|error)s? )?generated\.$/.test(line))
            .join('\n')
            .trim();
        if (result.code !== 0) {
            failed.push(relative);
            console.log(`tidy: FAIL ${relative}\n${output}\n`);
        } else if (output) {
            console.log(`tidy: ok   ${relative}\n${output}\n`);
        }
    }
}
await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed.length > 0) {
    console.log(`tidy: ${failed.length} of ${files.length} files have findings (${seconds} s):`);
    for (const file of failed) {
        console.log(`    ${file}`);
    }
    process.exit(1);
}
console.log(`tidy: ${files.length} files of src/ are clean (${seconds} s, ${jobs} jobs).`);
