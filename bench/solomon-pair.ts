/**
 * Equal-time quality against another commit, measured at the same moment:
 * `npm run bench:solomon-pair -- --against REV [--time 1] [--only c101,r101] [--seed 1]`.
 *
 * The gaps of bench/solomon.ts move with the machine: at a time limit the search does as many
 * iterations as the cores give it, so a table written on another day, under other load, cannot
 * say whether a change made the search worse. This runs this checkout's bench/solomon.ts and
 * REV's side by side, one process each (on a 2-core machine each has a core), so whatever else
 * runs slows both alike; the table gives both gaps per instance and the mean paired difference
 * with its spread over the instances, which is the noise to judge a difference against.
 *
 * REV is checked out as a detached git worktree beside this checkout (its Solomon files are
 * read from `../shared/benchmarks`, as here), sharing this checkout's node_modules, and removed
 * at the end; a directory may be given instead of a revision. Writes
 * bench/results/solomon-pair-<time>s.md for a full run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  against: string;
  time: number;
  only: string[] | null;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  let against: string | null = null;
  let time = 1;
  let only: string[] | null = null;
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--') continue;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--against') against = value;
    else if (flag === '--time') time = Number(value);
    else if (flag === '--only') only = value.split(',').map((s) => s.trim().toLowerCase());
    else if (flag === '--seed') seed = Number(value);
    else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  if (against === null) throw new Error('--against REV (a commit, tag or branch) is required');
  if (!(time > 0)) throw new Error('--time must be positive seconds');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  return { against, time, only, seed };
}

const git = (...args: string[]): string =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** One instance's line as bench/solomon.ts prints it (`rc204  788.07 veh  4 gap   0.21% ...`). */
const LINE = /^(\w+)\s+([\d.]+)\s+veh\s+(\d+)\s+gap\s+(-?[\d.]+)%\s+([\d.]+) s\s+(.+)$/;

interface Result {
  distance: number;
  vehicles: number;
  gap: number;
  status: string;
}

/** Runs bench/solomon.ts in `cwd` and collects its per-instance lines. */
function runBench(cwd: string, extra: string[]): Promise<Map<string, Result>> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['bench/solomon.ts', ...extra], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const results = new Map<string, Result>();
      for (const line of out.split('\n')) {
        const m = LINE.exec(line.trim());
        if (m) {
          results.set(m[1]!, {
            distance: Number(m[2]),
            vehicles: Number(m[3]),
            gap: Number(m[4]),
            status: m[6]!,
          });
        }
      }
      if (results.size === 0)
        reject(new Error(`bench/solomon.ts in ${cwd} printed no results (exit ${code})`));
      else resolve(results);
    });
  });
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const fmt = (v: number, digits = 2): string => v.toFixed(digits);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const here = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  let otherDir: string;
  let otherLabel: string;
  let made = false;
  if (existsSync(args.against) && statSync(args.against).isDirectory()) {
    otherDir = path.resolve(args.against);
    otherLabel = `${path.basename(otherDir)} (${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: otherDir, encoding: 'utf8' }).trim()})`;
  } else {
    const rev = git('rev-parse', '--short', args.against);
    otherDir = path.resolve(root, '..', `.solomon-pair-${rev}`);
    if (!existsSync(otherDir)) {
      git('worktree', 'add', '--detach', otherDir, rev);
      made = true;
    }
    const modules = path.join(otherDir, 'node_modules');
    if (!existsSync(modules)) symlinkSync(path.join(root, 'node_modules'), modules, 'dir');
    otherLabel = rev;
  }

  const common = ['--time', String(args.time), '--seed', String(args.seed)];
  if (args.only) common.push('--only', args.only.join(','));
  const loadBefore = os.loadavg()[0]!;
  console.log(`Solving with ${here} and ${otherLabel} side by side, ${args.time} s an instance...`);
  let mine: Map<string, Result>;
  let theirs: Map<string, Result>;
  try {
    [mine, theirs] = await Promise.all([
      runBench(root, [...common, '--no-write']),
      runBench(otherDir, common),
    ]);
  } finally {
    if (made) git('worktree', 'remove', '--force', otherDir);
  }
  const loadAfter = os.loadavg()[0]!;

  const names = [...mine.keys()].filter((n) => theirs.has(n));
  const rows: string[] = [];
  const diffs: number[] = [];
  let better = 0;
  let worse = 0;
  for (const name of names) {
    const a = mine.get(name)!;
    const b = theirs.get(name)!;
    const d = a.gap - b.gap;
    diffs.push(d);
    if (a.distance < b.distance - 1e-6) better++;
    else if (a.distance > b.distance + 1e-6) worse++;
    rows.push(
      `| ${name} | ${fmt(a.distance)} | ${a.vehicles} | ${fmt(a.gap)} | ${fmt(b.distance)} | ${b.vehicles} | ${fmt(b.gap)} | ${fmt(d)} | ${a.status} / ${b.status} |`,
    );
  }
  const meanDiff = mean(diffs);
  const sd = Math.sqrt(
    diffs.reduce((s, d) => s + (d - meanDiff) ** 2, 0) / Math.max(1, diffs.length - 1),
  );
  const se = sd / Math.sqrt(diffs.length);
  const overall =
    `Average gap: this ${fmt(mean(names.map((n) => mine.get(n)!.gap)))} %, ` +
    `against ${fmt(mean(names.map((n) => theirs.get(n)!.gap)))} %; ` +
    `mean paired difference ${fmt(meanDiff)} points (standard error ${fmt(se)}, so about ±${fmt(2 * se)} is noise); ` +
    `this shorter on ${better}, longer on ${worse}, equal on ${names.length - better - worse} of ${names.length}.`;

  const lines = [
    `# Solomon at ${args.time} s an instance: this checkout against ${otherLabel}, side by side`,
    '',
    `Produced by \`npm run bench:solomon-pair -- --against ${args.against} --time ${args.time}\`. ` +
      `Both checkouts ran bench/solomon.ts (seed ${args.seed}) at the same moment, one process each, ` +
      `so load fell on both alike. This checkout: ${here}${dirty ? ' with uncommitted changes' : ''}.`,
    `Machine: ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; ` +
      `1-minute load average ${fmt(loadBefore, 1)} at the start, ${fmt(loadAfter, 1)} at the end (the two runs themselves make 2).`,
    '',
    overall,
    '',
    '| instance | this distance | veh | this gap % | against distance | veh | against gap % | difference (points) | status |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ];
  console.log('\n' + lines.join('\n'));
  if (args.only) {
    console.log('\n(subset run: results file not written)');
  } else {
    const outDir = path.join(root, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `solomon-pair-${args.time}s.md`);
    writeFileSync(file, lines.join('\n') + '\n');
    console.log(`\nWritten ${path.relative(root, file)}`);
  }
}

await main();
