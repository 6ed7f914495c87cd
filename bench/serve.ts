/**
 * The HTTP service under load and abuse, on loopback only. Starts `care-roster serve` as a child
 * process (bearer tokens on), then:
 *   1. `POST /v1/check` of the demo council and a roster solved once at the start (a small
 *      iteration budget), at 1, 8 and 32 concurrent connections with autocannon, a few seconds
 *      each: requests a second, median and 99th-percentile latency, the server's RSS;
 *   2. 10 000 bad requests (malformed JSON, wrong types, huge bodies, unknown job ids, missing or
 *      wrong tokens, ...) mixed with good ones (health, schemas, small checks, small solve jobs
 *      whose rosters go through checkRoster): every bad one must get its 4xx, every good one its
 *      answer, the server must keep its pid and answer /health, and its RSS is followed.
 *
 *   npm run bench:serve
 *   npm run bench:serve -- --seconds 3 --bad 2000
 *
 * Bounded: each load run lasts `--seconds`, the abuse phase sends `--bad` bad requests, and
 * the whole run is killed after MAX_RUN_MS. Writes bench/results/serve.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { checkRoster } from '../src/constraints/check-roster.js';
import type { Roster } from '../src/model/roster.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { smallProblem } from '../tests/support/problems.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    bad: { type: 'string', default: '10000' },
  },
});
const LOAD_SECONDS = Number(values.seconds);
const BAD_REQUESTS = Number(values.bad);

/** Concurrent connections of the load runs. */
const CONNECTIONS = [1, 8, 32];
/** Iterations of the one demo solve that gives the roster to check: enough for a real roster. */
const DEMO_ITERATIONS = 200;
/** One good request among this many in the abuse phase. */
const BAD_PER_GOOD = 10;
/** Requests in flight at once in the abuse phase. */
const ABUSE_CONCURRENCY = 16;
/** Good solve jobs in the abuse phase (each a worker thread): few, they are slow. */
const GOOD_SOLVES = 10;
/** Body limit the server runs with: the demo check fits, a "huge" body is just over it. */
const MAX_BODY_MB = 4;
/** Depth of the deeply nested bad body: far beyond any real problem. */
const NESTING = 20_000;
/** How often the server's RSS is sampled, in ms. */
const RSS_SAMPLE_MS = 250;
/** After the abuse, how long the server is left idle before its RSS is read again. */
const SETTLE_MS = 5_000;
/** The whole benchmark stops after this long whatever happens. */
const MAX_RUN_MS = 10 * 60_000;

const TOKEN = 'bench-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_HEADERS = { 'content-type': 'application/json', ...AUTH };

const deadline = setTimeout(() => {
  process.stderr.write(`bench:serve: over ${MAX_RUN_MS / 1000} s, stopping\n`);
  process.exit(1);
}, MAX_RUN_MS);
deadline.unref();

const demo = JSON.parse(
  readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8'),
);
process.stderr.write(`solving the demo once (${DEMO_ITERATIONS} iterations)...\n`);
const demoRoster = JSON.parse(
  JSON.stringify(solve(demo, { maxIterations: DEMO_ITERATIONS })),
) as Roster;
const demoBody = JSON.stringify({ problem: demo, roster: demoRoster });
const small = smallProblem();
const smallRoster = JSON.parse(JSON.stringify(solve(small, { maxIterations: 50 })));
const smallCheckBody = JSON.stringify({ problem: small, roster: smallRoster });

// The server: a child process, so its pid and RSS are its own.
const dir = mkdtempSync(join(tmpdir(), 'bench-serve-'));
writeFileSync(join(dir, 'tokens'), `${TOKEN}\n`);
const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'src/bin.ts',
    'serve',
    '--port',
    '0',
    '--tokens-file',
    join(dir, 'tokens'),
    '--max-body-mb',
    String(MAX_BODY_MB),
    '--max-time-limit',
    '60',
  ],
  {
    cwd: new URL('..', import.meta.url),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CARE_ROSTER_TOKENS: '' },
  },
);
let serverExited: number | null | undefined;
server.on('exit', (code) => (serverExited = code));
const base = await new Promise<string>((resolve, reject) => {
  let text = '';
  server.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (match) resolve(match[1]!);
  });
  server.on('exit', () => reject(new Error(`the server exited: ${text}`)));
});

/** The server's RSS in bytes, from /proc (Linux). */
function rss(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}
/** Samples the RSS until stopped; returns the peak. */
function sampleRss(): () => number {
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rss());
  };
}
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function health(): Promise<{ pid: number }> {
  const response = await fetch(`${base}/health`);
  if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
  return (await response.json()) as { pid: number };
}

// A check of the demo through the service must agree with the library's checker.
const viaService = await fetch(`${base}/v1/check`, {
  method: 'POST',
  headers: JSON_HEADERS,
  body: demoBody,
});
const demoViolations = ((await viaService.json()) as { violations: unknown[] }).violations.length;
if (demoViolations !== checkRoster(parseProblem(demo), demoRoster).length) {
  throw new Error('the service and checkRoster disagree on the demo roster');
}

// 1. Load.
interface LoadRow {
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  peakRss: number;
}
const load: LoadRow[] = [];
const idleRss = rss();
for (const connections of CONNECTIONS) {
  process.stderr.write(`check on the demo, ${connections} connection(s), ${LOAD_SECONDS} s...\n`);
  const stop = sampleRss();
  const result = await autocannon({
    url: `${base}/v1/check`,
    method: 'POST',
    headers: JSON_HEADERS,
    body: demoBody,
    connections,
    duration: LOAD_SECONDS,
    timeout: 60,
  });
  load.push({
    connections,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    peakRss: stop(),
  });
}

// 2. Abuse.
interface Probe {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The status that must come back. */
  readonly expect: number;
}
const hugeBody = ' '.repeat(MAX_BODY_MB * 1024 * 1024 + 1);
const deepBody = `{"problem":${'['.repeat(NESTING)}${']'.repeat(NESTING)}}`;
const badProblem = JSON.stringify({ problem: { ...small, carers: 'two carers' } });
const unknownId = () => crypto.randomUUID();
const BAD: ((i: number) => Probe)[] = [
  () => ({
    kind: 'malformed JSON',
    method: 'POST',
    path: '/v1/check',
    headers: JSON_HEADERS,
    body: '{"problem": {"carers": [',
    expect: 400,
  }),
  () => ({
    kind: 'wrong types',
    method: 'POST',
    path: '/v1/solve',
    headers: JSON_HEADERS,
    body: badProblem,
    expect: 400,
  }),
  () => ({
    kind: 'wrong types',
    method: 'POST',
    path: '/v1/check',
    headers: JSON_HEADERS,
    body: JSON.stringify({ problem: 1, roster: [] }),
    expect: 400,
  }),
  () => ({
    kind: 'time limit over the cap',
    method: 'POST',
    path: '/v1/solve',
    headers: JSON_HEADERS,
    body: JSON.stringify({ problem: small, options: { timeLimitMs: 1e9 } }),
    expect: 400,
  }),
  (i) =>
    // A real over-limit body one cycle in four (each is 4 MiB over loopback), a deeply nested one otherwise.
    i % 4 === 0
      ? {
          kind: 'huge body',
          method: 'POST',
          path: '/v1/check',
          headers: JSON_HEADERS,
          body: hugeBody,
          expect: 413,
        }
      : {
          kind: 'deeply nested JSON',
          method: 'POST',
          path: '/v1/check',
          headers: JSON_HEADERS,
          body: deepBody,
          expect: 400,
        },
  () => ({
    kind: 'unknown job id',
    method: 'GET',
    path: `/v1/jobs/${unknownId()}`,
    headers: AUTH,
    expect: 404,
  }),
  () => ({
    kind: 'unknown job id',
    method: 'DELETE',
    path: `/v1/jobs/${unknownId()}`,
    headers: AUTH,
    expect: 404,
  }),
  () => ({
    kind: 'unknown job id',
    method: 'GET',
    path: `/v1/jobs/${unknownId()}/events`,
    headers: AUTH,
    expect: 404,
  }),
  () => ({
    kind: 'missing token',
    method: 'POST',
    path: '/v1/check',
    headers: { 'content-type': 'application/json' },
    body: smallCheckBody,
    expect: 401,
  }),
  () => ({ kind: 'missing token', method: 'GET', path: `/v1/jobs/${unknownId()}`, expect: 401 }),
  () => ({
    kind: 'wrong token',
    method: 'GET',
    path: '/openapi.json',
    headers: { authorization: 'Bearer guess-guess-guess-guess' },
    expect: 401,
  }),
  () => ({
    kind: 'unsupported media type',
    method: 'POST',
    path: '/v1/check',
    headers: { ...AUTH, 'content-type': 'application/xml' },
    body: '<check/>',
    expect: 415,
  }),
  () => ({ kind: 'unknown route', method: 'GET', path: '/v1/admin', headers: AUTH, expect: 404 }),
];
const GOOD: Probe[] = [
  { kind: 'health', method: 'GET', path: '/health', expect: 200 },
  { kind: 'schema', method: 'GET', path: '/v1/schema/roster', headers: AUTH, expect: 200 },
  { kind: 'openapi', method: 'GET', path: '/openapi.json', headers: AUTH, expect: 200 },
  {
    kind: 'small check',
    method: 'POST',
    path: '/v1/check',
    headers: JSON_HEADERS,
    body: smallCheckBody,
    expect: 200,
  },
];

const tally = new Map<string, { sent: number; right: number; wrong: Map<string, number> }>();
function record(kind: string, right: boolean, got: string) {
  const entry = tally.get(kind) ?? { sent: 0, right: 0, wrong: new Map() };
  entry.sent++;
  if (right) entry.right++;
  else entry.wrong.set(got, (entry.wrong.get(got) ?? 0) + 1);
  tally.set(kind, entry);
}
/**
 * Sends one request with node:http, the whole body before reading, and resolves with its status
 * and body. An over-limit body is read to its end by the server before its 413, so this plain
 * client hears it; should a server close early instead, the answer counts and the client's write
 * error after it does not.
 */
function request(probe: Probe): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(probe.path, base);
    const req = httpRequest(url, { method: probe.method, headers: probe.headers });
    let answered = false;
    req.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(probe.body);
  });
}

async function send(probe: Probe, bad: boolean): Promise<void> {
  const kind = `${bad ? 'bad' : 'good'}: ${probe.kind}`;
  try {
    const { status, text } = await request(probe);
    const stackFree = !/\n\s+at |node_modules/.test(text);
    record(kind, status === probe.expect && stackFree, String(status));
  } catch (error) {
    record(kind, false, (error as Error).message);
  }
}

async function goodSolve(): Promise<void> {
  const kind = 'good: solve job (start, long poll, checkRoster)';
  const started = await fetch(`${base}/v1/solve`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ problem: small, options: { maxIterations: 50 } }),
  });
  if (started.status !== 202) return record(kind, false, String(started.status));
  const { id } = (await started.json()) as { id: string };
  const done = (await (await fetch(`${base}/v1/jobs/${id}?wait=60`, { headers: AUTH })).json()) as {
    status: string;
    roster: Roster | null;
  };
  const clean =
    done.status === 'done' &&
    done.roster !== null &&
    checkRoster(parseProblem(small), done.roster).length === 0;
  record(kind, clean, done.status);
}

const before = await health();
const rssBefore = rss();
process.stderr.write(`abuse: ${BAD_REQUESTS} bad requests mixed with good ones...\n`);
const stopAbuseRss = sampleRss();
const abuseStarted = Date.now();
let next = 0;
const tasks: (() => Promise<void>)[] = [];
for (let i = 0; i < BAD_REQUESTS; i++) {
  tasks.push(() => send(BAD[i % BAD.length]!(Math.floor(i / BAD.length)), true));
  if (i % BAD_PER_GOOD === 0)
    tasks.push(() => send(GOOD[(i / BAD_PER_GOOD) % GOOD.length]!, false));
  if (i % Math.floor(BAD_REQUESTS / GOOD_SOLVES) === 0) tasks.push(goodSolve);
}
await Promise.all(
  Array.from({ length: ABUSE_CONCURRENCY }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }),
);
const abuseMs = Date.now() - abuseStarted;
const rssPeak = stopAbuseRss();
const after = await health();
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const rssSettled = rss();
const samePid = before.pid === after.pid && after.pid === server.pid && serverExited === undefined;

server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));

// Report.
const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
const badSent = rows.filter(([k]) => k.startsWith('bad')).reduce((s, [, e]) => s + e.sent, 0);
const badRight = rows.filter(([k]) => k.startsWith('bad')).reduce((s, [, e]) => s + e.right, 0);
const goodSent = rows.filter(([k]) => k.startsWith('good')).reduce((s, [, e]) => s + e.sent, 0);
const goodRight = rows.filter(([k]) => k.startsWith('good')).reduce((s, [, e]) => s + e.right, 0);
const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
const text = `# care-roster serve: load and abuse

\`npm run bench:serve\` on ${cpu}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, loopback only.
The machine is shared with other work (load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(', ')} at the end, from \`os.loadavg()\`), so the figures are noisy.
The server is \`care-roster serve\` in its own process (bearer tokens on, \`--max-body-mb ${MAX_BODY_MB}\`), run with tsx.

## \`POST /v1/check\` of the demo council

The demo (\`fixtures/demo-council.json\`, ${demo.clients.length} clients) and a roster solved once with ${DEMO_ITERATIONS} iterations (${demoViolations} violations): a ${(demoBody.length / 1024).toFixed(0)} KiB body, validated, expanded and checked on each request. autocannon, ${LOAD_SECONDS} s per row. Server RSS idle before the runs: ${mb(idleRss)} MiB.

| connections | requests | requests/s | median latency (ms) | p99 latency (ms) | non-2xx | errors | server peak RSS (MiB) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${load.map((r) => `| ${r.connections} | ${r.requests} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${mb(r.peakRss)} |`).join('\n')}

## ${BAD_REQUESTS} bad requests mixed with good ones

${ABUSE_CONCURRENCY} requests in flight at once, one good request per ${BAD_PER_GOOD} bad ones and ${GOOD_SOLVES} small solve jobs; ${abuseMs} ms in all. A request is answered right when its status is the expected one and the body holds no stack trace; a solve job when it ends \`done\` with a roster that \`checkRoster\` passes.

| request | sent | answered right | otherwise |
| --- | ---: | ---: | --- |
${rows.map(([kind, e]) => `| ${kind} | ${e.sent} | ${e.right} | ${[...e.wrong].map(([got, n]) => `${got} ×${n}`).join(', ') || '–'} |`).join('\n')}

- Bad requests answered with their 4xx: **${badRight} of ${badSent}**; good ones answered: **${goodRight} of ${goodSent}**.
- Same server process throughout (pid ${after.pid} before and after, still answering \`/health\`): **${samePid ? 'yes' : 'NO'}**.
- Server RSS: ${mb(rssBefore)} MiB before the abuse, ${mb(rssPeak)} MiB at its peak, ${mb(rssSettled)} MiB ${SETTLE_MS / 1000} s after it (${((rssSettled / rssBefore - 1) * 100).toFixed(0)} % from before).
`;
writeFileSync(new URL('results/serve.md', import.meta.url), text);
process.stdout.write(text);
