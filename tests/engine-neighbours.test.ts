import { describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { compileProblem } from '../src/solver/compile.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { Problem } from '../src/solver/engine/problem.js';

/** Every task's k nearest by (travel both ways + time gap, index), from a scan of all tasks. */
function bruteForce(inst: EngineInstance, k: number): number[][] {
  const time = inst.travelTime[0]!;
  const finish = (u: number) => inst.taskLatest[u]! + inst.taskService[u]!;
  return Array.from({ length: inst.nTasks }, (_, t) => {
    const lt = inst.taskLocation[t]!;
    const scored: [number, number][] = [];
    for (let u = 0; u < inst.nTasks; u++) {
      if (u === t) continue;
      const lu = inst.taskLocation[u]!;
      const gap = Math.max(0, inst.taskEarliest[u]! - finish(t), inst.taskEarliest[t]! - finish(u));
      scored.push([time.at(lt, lu) + time.at(lu, lt) + gap, u]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return scored.slice(0, k).map(([, u]) => u);
  });
}

describe('neighbour lists', () => {
  it('are the k nearest of a scan of every task, with windows up to a whole day, once not stopped', () => {
    const problem = parseProblem(generateCouncil({ seed: 8, clients: 25, days: 3 }));
    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const { instance } = compileProblem(expanded, travel);
    // A few tasks open all day, so that a bound by the widest window would reach far back.
    const taskLatest = Float64Array.from(instance.taskLatest, (latest, t) =>
      t % 17 === 0 ? latest + 14 * 60 : latest,
    );
    const inst: EngineInstance = { ...instance, taskLatest };
    const p = new Problem(inst);
    // Told to stop at once, it keeps nothing; asked again, it gives the whole lists.
    expect(p.prepareNeighbours(() => true)).toBe(false);
    expect(p.prepareNeighbours(() => false)).toBe(true);
    const k = p.neighbourCount;
    expect(k).toBe(40);
    const expected = bruteForce(inst, k);
    for (let t = 0; t < inst.nTasks; t++) {
      expect(Array.from(p.neighbours.subarray(t * k, (t + 1) * k))).toEqual(expected[t]);
    }
  });
});
