import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  changesJsonSchema,
  createServer,
  problemJsonSchema,
  rosterJsonSchema,
  solve,
} from '../src/index.js';
import { smallProblem } from './support/problems.js';
import { DATE, town, townRoster } from './support/replan-town.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('care-roster serve: OpenAPI document and schemas', () => {
  it('serves an OpenAPI 3.1 document that validates, with and without tokens', async () => {
    for (const tokens of [[], ['a-token-of-sixteen-chars']]) {
      app = createServer({ tokens });
      const answer = await app.inject({
        url: '/openapi.json',
        headers: { authorization: 'Bearer a-token-of-sixteen-chars' },
      });
      expect(answer.statusCode).toBe(200);
      const document = answer.json<Record<string, unknown>>();
      expect(document.openapi).toBe('3.1.0');
      const result = await new Validator().validate(document);
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
      expect('security' in document).toBe(tokens.length > 0);
      await app.close();
      app = undefined;
    }
  });

  it("publishes the library's own problem, roster and changes schemas, in the document and by route", async () => {
    app = createServer();
    const document = (await app.inject({ url: '/openapi.json' })).json<{
      components: { schemas: Record<string, Record<string, unknown>> };
      paths: Record<string, unknown>;
    }>();
    const { $schema: _p, ...problem } = problemJsonSchema();
    const { $schema: _r, ...roster } = rosterJsonSchema();
    const { $schema: _c, ...changes } = changesJsonSchema();
    expect(document.components.schemas.Problem).toEqual(problem);
    expect(document.components.schemas.Roster).toEqual(roster);
    expect(document.components.schemas.Changes).toEqual(changes);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/health',
      '/v1/capacity',
      '/v1/capacity/summary',
      '/v1/check',
      '/v1/explain',
      '/v1/jobs/{id}',
      '/v1/jobs/{id}/events',
      '/v1/replan',
      '/v1/schema/{kind}',
      '/v1/solve',
    ]);
    expect((await app.inject({ url: '/v1/schema/problem' })).json()).toEqual(problemJsonSchema());
    expect((await app.inject({ url: '/v1/schema/roster' })).json()).toEqual(rosterJsonSchema());
    expect((await app.inject({ url: '/v1/schema/changes' })).json()).toEqual(changesJsonSchema());
    expect((await app.inject({ url: '/v1/schema/plans' })).statusCode).toBe(404);
  });

  it('describes request bodies that the schemas in the document accept', async () => {
    app = createServer();
    const document = (await app.inject({ url: '/openapi.json' })).json<{
      components: { schemas: Record<string, unknown> };
    }>();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: document.components } as never);
    const problem = smallProblem();
    const roster = JSON.parse(JSON.stringify(solve(problem, { maxIterations: 50 })));
    const solveRequest = ajv.getSchema('doc#/components/schemas/SolveRequest')!;
    expect(solveRequest({ problem, options: { seed: 2, timeLimitMs: 1000 } })).toBe(true);
    expect(solveRequest({ problem, options: { seed: 'x' } })).toBe(false);
    const pair = ajv.getSchema('doc#/components/schemas/ProblemAndRoster')!;
    expect(pair({ problem, roster })).toBe(true);
    expect(pair({ problem })).toBe(false);

    const previous = townRoster();
    const changes = {
      now: `${DATE}T07:00`,
      changes: [
        { type: 'carer-unavailable', carerId: 'bob', from: `${DATE}T08:00`, to: `${DATE}T12:00` },
      ],
    };
    const replanRequest = ajv.getSchema('doc#/components/schemas/ReplanRequest')!;
    expect(replanRequest({ problem: town(), roster: previous, changes })).toBe(true);
    expect(
      replanRequest({ problem: town(), roster: previous, changes: { changes: [{ type: 'x' }] } }),
    ).toBe(false);
    expect(replanRequest({ problem: town(), roster: previous })).toBe(false);
    const discharge = {
      id: 'p-e1',
      client: 'c1',
      visits: [
        { id: 'am', days: ['mon'], window: { from: '11:00', to: '11:30' }, durationMinutes: 30 },
      ],
    };
    const capacityRequest = ajv.getSchema('doc#/components/schemas/CapacityRequest')!;
    expect(
      capacityRequest({
        problem: town(),
        roster: previous,
        package: discharge,
        options: { from: DATE },
      }),
    ).toBe(true);
    expect(capacityRequest({ problem: town(), roster: previous, options: { seed: -1 } })).toBe(
      false,
    );
    const summaryRequest = ajv.getSchema('doc#/components/schemas/CapacitySummaryRequest')!;
    expect(
      summaryRequest({
        problem: town(),
        roster: previous,
        bands: [{ from: '07:00', to: '12:00' }],
      }),
    ).toBe(true);
    expect(
      summaryRequest({ problem: town(), roster: previous, bands: [{ from: '7am', to: '12:00' }] }),
    ).toBe(false);
  });

  it('describes the answers the new routes give', async () => {
    app = createServer();
    const document = (await app.inject({ url: '/openapi.json' })).json<{
      components: { schemas: Record<string, unknown> };
    }>();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: document.components } as never);
    const summary = await app.inject({
      method: 'POST',
      url: '/v1/capacity/summary',
      payload: { problem: town(), roster: townRoster() },
    });
    expect(ajv.getSchema('doc#/components/schemas/CapacitySummary')!(summary.json())).toBe(true);
    const capacity = await app.inject({
      method: 'POST',
      url: '/v1/capacity',
      payload: {
        problem: town(),
        roster: townRoster(),
        package: {
          id: 'p-e1',
          client: 'c1',
          visits: [
            {
              id: 'am',
              days: ['mon'],
              window: { from: '11:00', to: '11:30' },
              durationMinutes: 30,
            },
          ],
        },
        options: { from: DATE },
      },
    });
    expect(capacity.statusCode).toBe(200);
    const answerSchema = ajv.getSchema('doc#/components/schemas/CapacityAnswer')!;
    const answer = capacity.json<Record<string, unknown>>();
    expect(answerSchema(answer)).toBe(true);
    // The roster inside is held to the roster's own schema, by reference.
    expect(answerSchema({ ...answer, roster: { routes: 'none' } })).toBe(false);
    expect(answerSchema({ ...answer, visits: [{ visitKey: 'x' }] })).toBe(false);
    const started = await app.inject({
      method: 'POST',
      url: '/v1/replan',
      payload: {
        problem: town(),
        roster: townRoster(),
        changes: { changes: [] },
        options: { maxIterations: 20 },
      },
    });
    const job = (
      await app.inject({ url: `/v1/jobs/${started.json<{ id: string }>().id}?wait=30` })
    ).json<{
      status: string;
    }>();
    expect(job.status).toBe('done');
    const jobSchema = ajv.getSchema('doc#/components/schemas/Job')!;
    expect(jobSchema(job)).toBe(true);
    expect(jobSchema({ ...job, kind: 'plan' })).toBe(false);
  });
});
