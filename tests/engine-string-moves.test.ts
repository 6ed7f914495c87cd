import { describe, expect, it } from 'vitest';
import { Proposal } from '../src/solver/engine/moves/proposal.js';
import { closeGapCost } from '../src/solver/engine/moves/string-gap.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

describe('the cost of closing the gap a string of stops leaves', () => {
  // Four locations on a line at 0, 1, 3 and 6: the cost between two is their distance.
  const at = [0, 1, 3, 6];
  const cost = denseTravel(Float64Array.from(at.flatMap((a) => at.map((b) => Math.abs(a - b)))));
  // The route leaves 0, visits 1, 2, 3 and comes back to 0 (nodes 0..4).
  const loc = Int32Array.from([0, 1, 2, 3, 0]);

  it('joins the neighbours of one stop, worked by hand', () => {
    // Node 2 (location 2, at 3) leaves: 1 -> 3 costs 5, the arcs 1 -> 2 (2) and 2 -> 3 (3) go.
    expect(closeGapCost(cost, loc, 2, 1)).toBe(5 - 2 - 3);
  });

  it("leaves a longer string's inner arcs out", () => {
    // Nodes 1..2 (at 1 and 3) leave: 0 -> 6 costs 6, the arcs in (0 -> 1, 1) and out (3 -> 6,
    // 3) go; the inner arc 1 -> 3 is the caller's.
    expect(closeGapCost(cost, loc, 1, 2)).toBe(6 - 1 - 3);
  });
});

describe('a proposal given a run of route nodes', () => {
  it('places the tasks of nodes node..node+len-1 in order after what it holds', () => {
    const tasks = [10, 11, 12, 13];
    const prop = new Proposal().before(0, 0).add(7).addNodes(tasks, 2, 2).addNodes(tasks, 4, 0);
    expect(prop.mids.slice(0, prop.nMids)).toEqual([7, 11, 12]);
  });
});
