import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { problemJsonSchema } from '../src/model/json-schema.js';
import { inputFieldTable, inputFields, TABLE_END, TABLE_START } from '../scripts/input-fields.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has a library example that runs as written', async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const source = new URL('../src/index.ts', import.meta.url).href;
    // The example imports the package by name; here it runs against the source.
    const code = (example as string).replace("from 'care-roster'", `from '${source}'`);
    const dir = mkdtempSync(join(new URL('.', import.meta.url).pathname, '.readme-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, code);
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => printed.push(args));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    // The example's last line prints what the checker found: nothing.
    expect(printed.at(-1)?.[0]).toEqual([]);
  });

  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm test');
  });

  it('describes every field of the problem schema', () => {
    const undescribed = inputFields(problemJsonSchema()).filter((field) => !field.description);
    expect(undescribed.map((field) => field.path)).toEqual([]);
  });

  it('lists exactly the fields of the problem schema, as the schema describes them', () => {
    const section = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END));
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
    const fields = inputFields(problemJsonSchema()).map((field) => field.path);
    // Named apart from the whole-table comparison so a failure says which field is wrong.
    expect({ missing: fields.filter((path) => !listed.includes(path)) }).toEqual({ missing: [] });
    expect({ unknown: listed.filter((path) => !fields.includes(path!)) }).toEqual({ unknown: [] });
    // Run `npm run schema` to rewrite the table after changing the schema.
    expect(section.trim()).toBe(`${TABLE_START}\n\n${inputFieldTable(problemJsonSchema())}`);
  });
});
