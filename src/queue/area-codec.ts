/**
 * Neighbourhood jobs and results as JSON, the form a Redis queue carries: the travel slice's
 * typed arrays become plain arrays (JSON writes every float64 so that it reads back exactly), so
 * a job solved on another machine gives the very roster it gives on a thread here.
 */
import type { TransportMode } from '../model/schema.js';
import type { AreaJob, AreaResult } from '../solver/parallel/area-job.js';
import type { TravelSlice } from '../solver/travel-slice.js';

type Figures = Partial<Record<TransportMode, readonly number[]>>;

/** An {@link AreaJob} with its travel figures as arrays. */
export interface AreaJobData extends Omit<AreaJob, 'travel'> {
  readonly travel?: Omit<TravelSlice, 'minutes' | 'metres'> & {
    readonly minutes: Figures;
    readonly metres: Figures;
  };
}

const mapFigures = <From, To>(
  figures: Partial<Record<TransportMode, From>>,
  convert: (values: From) => To,
): Partial<Record<TransportMode, To>> =>
  Object.fromEntries(
    Object.entries(figures).map(([mode, values]) => [mode, convert(values as From)]),
  ) as Partial<Record<TransportMode, To>>;

/** A job as JSON-safe data. */
export function encodeAreaJob(job: AreaJob): AreaJobData {
  const { travel, ...rest } = job;
  if (travel === undefined) return rest;
  return {
    ...rest,
    travel: {
      ...travel,
      minutes: mapFigures(travel.minutes, (values) => Array.from(values)),
      metres: mapFigures(travel.metres, (values) => Array.from(values)),
    },
  };
}

/** A job back from its JSON-safe data. */
export function decodeAreaJob(data: AreaJobData): AreaJob {
  const { travel, ...rest } = data;
  if (travel === undefined) return rest;
  return {
    ...rest,
    travel: {
      ...travel,
      minutes: mapFigures(travel.minutes, (values) => Float64Array.from(values)),
      metres: mapFigures(travel.metres, (values) => Float64Array.from(values)),
    },
  };
}

/** What a queue job carries: which solve it belongs to, and the neighbourhood. */
export interface AreaQueueJob {
  readonly run: string;
  readonly job: AreaJobData;
}

/** A result is plain JSON already (a roster); this names the type a queue job returns. */
export type AreaQueueResult = AreaResult;
