/** Files that are not JSON, or JSON at its extremes: each ends as exit 2 naming where. */
import { describe, expect, it } from 'vitest';
import { smallProblem } from '../support/problems.js';
import { expectBadInput, expectNoStack, run, useCliHarness, writeTemp } from './harness.js';

useCliHarness();

const problemText = JSON.stringify(smallProblem(), null, 2);

describe('malformed JSON names the file, line and column', () => {
  it.each([
    ['a truncated file', '{"horizon": ', 'not valid JSON'],
    ['a trailing comma', '{"carers": [1,],}', "Unexpected token ']'"],
    ['single quotes', "{'carers': []}", 'p.json:1:2'],
    ['a comment', '{\n  // note\n  "carers": []\n}', 'p.json:2:3'],
    ['an empty file', '', 'not valid JSON'],
    ['a bare word', 'roster', 'not valid JSON'],
    ['two documents', '{} {}', 'p.json:1:4'],
    ['NaN', '{"carers": NaN}', "Unexpected token 'N'"],
  ])('%s', async (_name, text, expected) => {
    expectBadInput(await run(['solve', writeTemp('p.json', text)]), expected);
  });
});

describe('a UTF-8 byte-order mark', () => {
  it('is skipped on a problem file, which then solves', async () => {
    const result = await run([
      'solve',
      writeTemp('p.json', `\ufeff${problemText}`),
      '--iterations',
      '5',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('\ufeff');
    expectNoStack(result);
  });

  it('is skipped on stdin, and a BOM inside the text is still an error', async () => {
    const result = await run(
      ['check', writeTemp('p.json', problemText), '-'],
      '\ufeff{"routes": 1}',
    );
    expectBadInput(
      result,
      'stdin: not a roster',
      '$.routes: must be an array, not a number (got 1)',
    );
    expect(result.stderr).not.toContain('\ufeff');
    expectBadInput(
      await run(['solve', writeTemp('q.json', `\ufeff\ufeff${problemText}`)]),
      "q.json: not valid JSON: Unexpected token '\\ufeff'",
    );
  });
});

describe('extreme JSON', () => {
  it('1e999 reads as Infinity and is reported as too large', async () => {
    const text = problemText.replace('"durationMinutes": 30', '"durationMinutes": 1e999');
    expectBadInput(
      await run(['solve', writeTemp('p.json', text)]),
      '$.packages[0].visits[0].durationMinutes: must be a whole number more than 0 and at most 1440',
      '1e999',
    );
  });

  it('a very deep nesting in a field is one issue at that field', async () => {
    const depth = 200_000;
    const text = problemText.replace(
      '"id": "ann"',
      `"id": ${'['.repeat(depth)}${']'.repeat(depth)}`,
    );
    const result = await run(['solve', writeTemp('p.json', text)]);
    expectBadInput(result, '$.carers[0].id: must be a non-empty string, not an array');
    expect(result.stderr.length).toBeLessThan(2_000);
  });

  it('a very deep nesting as the whole file', async () => {
    const depth = 500_000;
    const result = await run(
      ['check', writeTemp('p.json', `${'['.repeat(depth)}${']'.repeat(depth)}`), '-'],
      '{}',
    );
    expectBadInput(result, '$: must be an object, not an array');
  });

  it('a file of a few MB with one mistake at the end names it', async () => {
    const problem = smallProblem() as { carers: Record<string, unknown>[] };
    const template = problem.carers[0]!;
    problem.carers = Array.from({ length: 12_000 }, (_, index) => ({
      ...template,
      id: `carer-${index}`,
    }));
    const last = problem.carers[problem.carers.length - 1]!;
    last.home = { lat: 91, lon: 0 };
    const text = JSON.stringify(problem, null, 1);
    expect(text.length).toBeGreaterThan(3_000_000);
    expectBadInput(
      await run(['solve', writeTemp('big.json', text)]),
      '$.carers[11999].home.lat: latitude must be between -90 and 90 (got 91)',
    );
  });

  it('"__proto__" as a field name is an unknown field, and Object.prototype is untouched', async () => {
    const text = problemText.replace('{', '{"__proto__": {"polluted": true},');
    expectBadInput(
      await run(['solve', writeTemp('p.json', text)]),
      '$.__proto__: unknown field "__proto__"',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a missing file, a folder and nothing on stdin each say so', async () => {
    expectBadInput(
      await run(['solve', writeTemp('p.json', '{}').replace('p.json', 'none.json')]),
      'no such file',
    );
    expectBadInput(
      await run(['solve', writeTemp('p.json', '{}').replace('/p.json', '')]),
      'is a directory',
    );
    expectBadInput(await run(['solve', '-'], ''), 'stdin: not valid JSON');
  });
});
