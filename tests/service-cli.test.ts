/**
 * `care-roster serve` as a real process: it listens, reads its tokens from the environment, and
 * on SIGTERM stops its running job (the long poller gets the best roster) and exits 0.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../src/index.js';
import { smallProblem } from './support/problems.js';
import { expectChecked } from './support/service.js';

const root = resolve(import.meta.dirname, '..');
const TOKEN = 'cli-test-token-0123456789';

describe('care-roster serve (command)', () => {
  it('serves with tokens from CARE_ROSTER_TOKENS and closes on SIGTERM, answering its poller', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/bin.ts', 'serve', '--port', '0', '--max-time-limit', '60'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CARE_ROSTER_TOKENS: TOKEN },
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const base = await new Promise<string>((done, fail) => {
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+) \(1 bearer token/.exec(stderr);
        if (match) done(match[1]!);
      });
      child.on('exit', () => fail(new Error(`serve exited: ${stderr}`)));
    });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${base}/openapi.json`)).status).toBe(401);
    const problem = smallProblem();
    const started = await fetch(`${base}/v1/solve`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ problem, options: { timeLimitMs: 60_000 } }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as JobView;
    const poll = fetch(`${base}/v1/jobs/${id}?wait=60`, { headers: auth }).then(
      (response) => response.json() as Promise<JobView>,
    );
    await new Promise((done) => setTimeout(done, 1_500));
    child.kill('SIGTERM');
    const job = await poll;
    expect(job.status).toBe('stopped');
    expectChecked(problem, job.roster);
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping jobs and closing');
  });
});
