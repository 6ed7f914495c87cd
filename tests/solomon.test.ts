import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSolomon } from '../bench/solomon-check.js';
import { parseSolomon, toEngineInstance } from '../bench/solomon-instance.js';
import { parseBks } from '../bench/solomon-reference.js';
import { solveEngine } from '../src/solver/engine/index.js';

const dir = new URL('../fixtures/solomon/', import.meta.url);
const bks = parseBks(readFileSync(new URL('bks.csv', dir), 'utf8'));

describe('Solomon instances on a small deterministic budget', () => {
  for (const name of ['c101', 'r101']) {
    it(`${name}: feasible, every customer served, within 10% of the best known distance`, () => {
      const inst = parseSolomon(name, readFileSync(new URL(`${name}.txt`, dir), 'utf8'));
      const engine = toEngineInstance(inst);
      const sol = solveEngine(engine, { seed: 7, maxIterations: 4000 });
      const routes = sol.routes.map((tasks) => tasks.map((t) => engine.taskLocation[t]!));
      const check = checkSolomon(inst, routes);
      expect(check.errors).toEqual([]);
      expect(check.served).toBe(inst.nodes.length - 1);
      expect(check.distance).toBeCloseTo(sol.travelCost, 6);
      expect(check.distance).toBeLessThanOrEqual(bks.get(name)! * 1.1);
    });
  }
});
