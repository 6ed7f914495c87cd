/**
 * What a replan may not move, as restrictions of the engine instance: history (stops that
 * started before `now`) and time pins stay on their route at their start (the task's allowed
 * routes cut to that one route, its window to [t, t]); carer pins keep the route; nothing new
 * starts before `now`; a delay stretches the stop before the late one (or the shift's start)
 * so everything after it moves on.
 */
import type { Roster } from '../../model/roster.js';
import type { LocalClock } from '../../model/time.js';
import type { EngineInstance } from '../engine/instance.js';
import { allowedRow, onlyRoute } from '../engine/allowed-table.js';
import type { CompiledProblem } from '../compile.js';
import type { Changes } from './changes.js';
import type { PreviousPlacement } from './previous.js';

/** Why a task is held where it was. */
export type FixKind = 'history' | 'pin' | 'pin-time' | 'delay';

/** The tasks a replan holds, and the instance with them held. */
export interface Fixings {
  readonly instance: EngineInstance;
  /** Held tasks and why (a task held for several reasons keeps the strongest). */
  readonly held: ReadonlyMap<number, FixKind>;
  /** Tasks that cannot be placed any more because their window ended before `now`. */
  readonly past: ReadonlySet<number>;
  /** Minutes from the horizon start of `now` (-Infinity without one). */
  readonly now: number;
}

/** Holds history, pins and delays in a copy of the instance. */
export function fixAssignments(
  compiled: CompiledProblem,
  previous: Roster,
  placement: PreviousPlacement,
  changes: Changes,
  clock: LocalClock,
): Fixings {
  const base = compiled.instance;
  const allowed = Uint32Array.from(base.allowed);
  const earliest = Float64Array.from(base.taskEarliest);
  const latest = Float64Array.from(base.taskLatest);
  const service = Float64Array.from(base.taskService);
  const routeEarliest = Float64Array.from(base.routeEarliestStart);
  const now =
    changes.now === undefined
      ? Number.NEGATIVE_INFINITY
      : clock.localDateTimeToMinutes(changes.now, 'start');
  const held = new Map<number, FixKind>();
  const hold = (t: number, kind: FixKind, keepTime: boolean) => {
    const r = placement.taskRoute[t]!;
    if (r < 0) return;
    onlyRoute(allowed, base, t, r, 'set');
    if (keepTime) {
      const start = placement.taskStart[t]!;
      earliest[t] = start;
      latest[t] = start;
    }
    const before = held.get(t);
    if (before === undefined || before === 'pin') held.set(t, kind);
  };
  // Tasks of one stop: the task on that carer's route with that visit.
  const taskOf = (visitKey: string, carerId: string): number | undefined => {
    for (let t = 0; t < base.nTasks; t++) {
      const r = placement.taskRoute[t]!;
      if (r < 0 || compiled.taskVisit[t]?.id !== visitKey) continue;
      if (compiled.routeShift[r]?.carerId === carerId) return t;
    }
    return undefined;
  };

  for (let t = 0; t < base.nTasks; t++) {
    if (placement.taskStart[t]! < now) hold(t, 'history', true);
  }
  for (const change of changes.changes) {
    if (change.type === 'pin') {
      const carers =
        change.carerId === undefined
          ? [...(placement.visitCarers.get(change.visitKey) ?? [])]
          : [change.carerId];
      for (const carerId of carers) {
        const t = taskOf(change.visitKey, carerId);
        if (t !== undefined) hold(t, change.keepTime ? 'pin-time' : 'pin', change.keepTime);
      }
    } else if (change.type === 'carer-delayed') {
      const route = previous.routes.find(
        (candidate) =>
          candidate.carerId === change.carerId &&
          candidate.stops.some((stop) => stop.visitKey === change.visitKey),
      );
      const index = route?.stops.findIndex((stop) => stop.visitKey === change.visitKey) ?? -1;
      const before = index > 0 ? route?.stops[index - 1] : undefined;
      if (before !== undefined) {
        // The carer is held up at the stop before: it keeps its carer and start, and lasts
        // longer in the engine's eyes only, so the roster shows the true visit and a wait.
        const t = taskOf(before.visitKey, change.carerId);
        if (t !== undefined) {
          hold(t, 'delay', true);
          service[t] = service[t]! + change.minutes;
        }
      } else {
        const t = taskOf(change.visitKey, change.carerId);
        const r = t === undefined ? -1 : placement.taskRoute[t]!;
        const left = route === undefined ? undefined : clock.fromIso(route.shiftStart);
        if (r >= 0 && left !== undefined) {
          routeEarliest[r] = Math.max(routeEarliest[r]!, left + change.minutes);
        }
      }
    }
  }

  // Nothing new starts before now: windows begin at now, those already over are out of reach.
  const past = new Set<number>();
  if (now > Number.NEGATIVE_INFINITY) {
    for (let t = 0; t < base.nTasks; t++) {
      if (held.has(t)) continue;
      earliest[t] = Math.max(earliest[t]!, now);
      if (latest[t]! < now) {
        past.add(t);
        allowed.fill(0, ...allowedRow(base, t));
      }
    }
    const started = new Uint8Array(base.nRoutes);
    for (const t of held.keys()) started[placement.taskRoute[t]!] = 1;
    for (let r = 0; r < base.nRoutes; r++) {
      if (started[r] === 1) continue;
      routeEarliest[r] = Math.min(Math.max(routeEarliest[r]!, now), base.routeLatestEnd[r]!);
    }
  }
  return {
    instance: {
      ...base,
      allowed,
      taskEarliest: earliest,
      taskLatest: latest,
      taskService: service,
      routeEarliestStart: routeEarliest,
    },
    held,
    past,
    now,
  };
}
