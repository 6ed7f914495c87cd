import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemJsonSchema } from '../src/model/json-schema.js';
import { changesJsonSchema } from '../src/solver/replan/changes.js';

describe('schema/problem.schema.json', () => {
  it('matches the zod model (run `npm run schema` after changing src/model/schema.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../schema/problem.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(problemJsonSchema());
  });

  it('describes the input as written: defaulted fields are optional', () => {
    const schema = problemJsonSchema() as {
      required: string[];
      properties: { carers: { items: { required: string[] } } };
    };
    expect(schema.required).toEqual(['horizon', 'carers', 'clients', 'packages']);
    expect(schema.properties.carers.items.required).toEqual(['id', 'home']);
  });
});

describe('schema/changes.schema.json', () => {
  it('matches the zod model (run `npm run schema` after changing src/solver/replan/changes.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../schema/changes.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(changesJsonSchema());
  });
});
