import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createServer, problemJsonSchema, rosterJsonSchema, solve } from '../src/index.js';
import { smallProblem } from './support/problems.js';

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

  it("publishes the library's own problem and roster schemas, in the document and by route", async () => {
    app = createServer();
    const document = (await app.inject({ url: '/openapi.json' })).json<{
      components: { schemas: Record<string, Record<string, unknown>> };
      paths: Record<string, unknown>;
    }>();
    const { $schema: _p, ...problem } = problemJsonSchema();
    const { $schema: _r, ...roster } = rosterJsonSchema();
    expect(document.components.schemas.Problem).toEqual(problem);
    expect(document.components.schemas.Roster).toEqual(roster);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/health',
      '/v1/check',
      '/v1/explain',
      '/v1/jobs/{id}',
      '/v1/jobs/{id}/events',
      '/v1/schema/{kind}',
      '/v1/solve',
    ]);
    expect((await app.inject({ url: '/v1/schema/problem' })).json()).toEqual(problemJsonSchema());
    expect((await app.inject({ url: '/v1/schema/roster' })).json()).toEqual(rosterJsonSchema());
    expect((await app.inject({ url: '/v1/schema/changes' })).statusCode).toBe(404);
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
  });
});
