/**
 * The service's OpenAPI 3.1 document, built from the same JSON Schemas the library publishes
 * (`problemJsonSchema()`, `rosterJsonSchema()`), so the document cannot drift from the
 * validators the routes run.
 */
import { z } from 'zod';
import { version } from '../../package.json';
import { problemJsonSchema, rosterJsonSchema } from '../model/json-schema.js';
import { rosterSchema } from '../model/roster-schema.js';
import { changesJsonSchema, changesSchema } from '../solver/replan/changes.js';
import { capacityAnswerSchema } from '../solver/capacity/capacity-answer.js';
import { capacitySummarySchema } from '../solver/capacity/capacity-summary.js';
import { bandsSchema, capacityOptionsSchema, solveOptionsSchema } from './requests.js';

type Json = Record<string, unknown>;

/** A JSON Schema without its `$schema` line: the document's dialect (2020-12) applies. */
function embedded(schema: Json): Json {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const errorAnswer = (description: string) => ({ description, content: json(ref('Error')) });

const JOB_ID = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The job id (a random UUID).',
  schema: { type: 'string', format: 'uuid' },
};

/** The library schemas the document publishes as components, by the component's name. */
const COMPONENTS = new Map<z.core.$ZodType, string>([
  [rosterSchema, 'Roster'],
  [changesSchema, 'Changes'],
]);

/** The component a zod schema is, or is a described copy of (`.meta()` copies a schema). */
function componentOf(schema: z.core.$ZodType): string | undefined {
  for (let s: z.core.$ZodType | undefined = schema; s !== undefined; s = s._zod.parent) {
    const name = COMPONENTS.get(s);
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * A zod schema as the document embeds it: as written (input) unless said, in the document's
 * dialect, with the library's roster and changes inside it referenced, not copied.
 */
const fromZod = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  embedded(
    z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      override: ({ zodSchema, jsonSchema }) => {
        const name = componentOf(zodSchema);
        if (name === undefined || zodSchema === (schema as z.core.$ZodType)) return;
        const { description } = jsonSchema;
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
        Object.assign(jsonSchema, ref(name), description === undefined ? {} : { description });
      },
    }) as Json,
  );

const progressSchema: Json = {
  type: 'object',
  description: 'The latest progress report of the search.',
  required: ['phase', 'iteration', 'elapsedMs', 'bestCost', 'unplacedTasks'],
  properties: {
    phase: { type: 'string' },
    iteration: { type: 'integer', minimum: 0 },
    elapsedMs: { type: 'number', minimum: 0 },
    bestCost: { type: 'number' },
    unplacedTasks: { type: 'integer', minimum: 0 },
  },
};

const jobSchema: Json = {
  type: 'object',
  required: [
    'id',
    'kind',
    'status',
    'createdAt',
    'startedAt',
    'finishedAt',
    'progress',
    'roster',
    'diff',
    'notes',
    'problem',
    'error',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { enum: ['solve', 'replan'] },
    status: { enum: ['queued', 'running', 'done', 'failed', 'stopped'] },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    progress: { oneOf: [ref('Progress'), { type: 'null' }] },
    roster: {
      description: 'The roster once done or stopped (the best found by then), else null.',
      oneOf: [ref('Roster'), { type: 'null' }],
    },
    diff: {
      description:
        'A replan: what changed for each carer and client, and who must be told (null otherwise).',
      oneOf: [{ type: 'object' }, { type: 'null' }],
    },
    notes: {
      description: 'A replan: stops of the roster before that could not stay as they were.',
      oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'null' }],
    },
    problem: {
      description: 'A replan: the problem as changed, which its roster is for (null otherwise).',
      oneOf: [ref('Problem'), { type: 'null' }],
    },
    error: {
      oneOf: [
        {
          type: 'object',
          required: ['message'],
          properties: {
            message: { type: 'string' },
            issues: { type: 'array', items: ref('Issue') },
          },
        },
        { type: 'null' },
      ],
    },
  },
};

const issueSchema: Json = {
  type: 'object',
  required: ['path', 'message'],
  properties: {
    path: {
      type: 'string',
      description: 'JSONPath of the field at fault, e.g. $.problem.carers[0]',
    },
    message: { type: 'string', description: 'What is wrong and what is allowed.' },
  },
};

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'code', 'message'],
      properties: {
        status: { type: 'integer' },
        code: { type: 'string' },
        message: { type: 'string' },
        issues: { type: 'array', items: ref('Issue') },
      },
    },
  },
};

const violationSchema: Json = {
  type: 'object',
  required: ['rule', 'message'],
  properties: {
    rule: { type: 'string' },
    visitKey: { type: 'string' },
    carerId: { type: 'string' },
    message: { type: 'string' },
  },
};

const pairRequest: Json = {
  type: 'object',
  required: ['problem', 'roster'],
  additionalProperties: false,
  properties: { problem: ref('Problem'), roster: ref('Roster') },
};

const replanRequest: Json = {
  type: 'object',
  required: ['problem', 'roster', 'changes'],
  additionalProperties: false,
  properties: {
    problem: ref('Problem'),
    roster: { ...ref('Roster'), description: 'The roster as it stands.' },
    changes: ref('Changes'),
    options: ref('SolveOptions'),
  },
};

const capacityRequest: Json = {
  type: 'object',
  required: ['problem', 'roster', 'package'],
  additionalProperties: false,
  properties: {
    problem: ref('Problem'),
    roster: ref('Roster'),
    package: {
      description: 'The care package to fit in (as in the problem’s packages).',
      type: 'object',
    },
    client: { description: 'The client, when they are not in the problem yet.', type: 'object' },
    options: ref('CapacityOptions'),
  },
};

const summaryRequest: Json = {
  type: 'object',
  required: ['problem', 'roster'],
  additionalProperties: false,
  properties: { problem: ref('Problem'), roster: ref('Roster'), bands: fromZod(bandsSchema) },
};

const CLIENT_ERRORS = {
  '400': errorAnswer('The body is not valid: every issue with its JSON path.'),
  '401': errorAnswer('A bearer token is needed (when the server has tokens).'),
  '413': errorAnswer('The body is larger than the server accepts.'),
};

/**
 * The OpenAPI 3.1 document of the service.
 * @param secured whether the server asks for bearer tokens (the document then says so).
 * @example
 * ```ts
 * writeFileSync('openapi.json', JSON.stringify(openApiDocument(false), null, 2));
 * ```
 */
export function openApiDocument(secured: boolean): Json {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'care-roster',
      version,
      description:
        'Home-care rosters over HTTP: solve and replan jobs (start, poll, stream, stop), capacity, check and explain.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    ...(secured ? { security: [{ bearer: [] }] } : {}),
    paths: {
      '/v1/solve': {
        post: {
          summary: 'Start a solve job',
          requestBody: { required: true, content: json(ref('SolveRequest')) },
          responses: {
            '202': { description: 'The job, queued or running.', content: json(ref('Job')) },
            ...CLIENT_ERRORS,
            '429': errorAnswer('Too many jobs are waiting; retry later.'),
            '503': errorAnswer('The server is shutting down.'),
          },
        },
      },
      '/v1/replan': {
        post: {
          summary: 'Start a replan job: the roster after the changes, and the diff',
          requestBody: { required: true, content: json(ref('ReplanRequest')) },
          responses: {
            '202': { description: 'The job, queued or running.', content: json(ref('Job')) },
            ...CLIENT_ERRORS,
            '429': errorAnswer('Too many jobs are waiting; retry later.'),
            '503': errorAnswer('The server is shutting down.'),
          },
        },
      },
      '/v1/capacity': {
        post: {
          summary: 'Can the roster take a new package: from when, with whom, what would move',
          description:
            'Answered directly; it takes one of the running-job slots while it runs and is ended at the server’s cap on time limits.',
          requestBody: { required: true, content: json(ref('CapacityRequest')) },
          responses: {
            '200': { description: 'The answer.', content: json(ref('CapacityAnswer')) },
            ...CLIENT_ERRORS,
            '429': errorAnswer('Every running slot is taken; retry later.'),
            '503': errorAnswer('The server is shutting down, or the search passed the time cap.'),
          },
        },
      },
      '/v1/capacity/summary': {
        post: {
          summary: 'Free carer hours per neighbourhood, date and time band',
          requestBody: { required: true, content: json(ref('CapacitySummaryRequest')) },
          responses: {
            '200': { description: 'The summary.', content: json(ref('CapacitySummary')) },
            ...CLIENT_ERRORS,
            '429': errorAnswer('Every running slot is taken; retry later.'),
            '503': errorAnswer('The server is shutting down, or the summary passed the time cap.'),
          },
        },
      },
      '/v1/jobs/{id}': {
        parameters: [JOB_ID],
        get: {
          summary: 'A job: status, progress, and its roster once finished',
          parameters: [
            {
              name: 'wait',
              in: 'query',
              required: false,
              description: 'Seconds to wait for the job to finish before answering (long poll).',
              schema: { type: 'number', minimum: 0 },
            },
          ],
          responses: {
            '200': { description: 'The job.', content: json(ref('Job')) },
            '401': CLIENT_ERRORS['401'],
            '404': errorAnswer('No such job (or not this client’s).'),
          },
        },
        delete: {
          summary: 'Stop a job; it keeps the best roster found',
          responses: {
            '200': {
              description: 'The stopped (or already finished) job.',
              content: json(ref('Job')),
            },
            '401': CLIENT_ERRORS['401'],
            '404': errorAnswer('No such job (or not this client’s).'),
          },
        },
      },
      '/v1/jobs/{id}/events': {
        parameters: [JOB_ID],
        get: {
          summary: 'Progress as server-sent events',
          description:
            'Events: `progress` (data: a Progress) for each report, then one `done` (data: the Job, with its roster).',
          responses: {
            '200': {
              description: 'An event stream.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            '401': CLIENT_ERRORS['401'],
            '404': errorAnswer('No such job (or not this client’s).'),
          },
        },
      },
      '/v1/check': {
        post: {
          summary: 'Check a roster against every hard rule',
          requestBody: { required: true, content: json(ref('ProblemAndRoster')) },
          responses: {
            '200': { description: 'The violations found.', content: json(ref('CheckResult')) },
            ...CLIENT_ERRORS,
          },
        },
      },
      '/v1/explain': {
        post: {
          summary: "Break a roster's cost down by rule, carer and client",
          requestBody: { required: true, content: json(ref('ProblemAndRoster')) },
          responses: {
            '200': { description: 'The breakdown.', content: json({ type: 'object' }) },
            ...CLIENT_ERRORS,
          },
        },
      },
      '/v1/schema/{kind}': {
        get: {
          summary: 'The JSON Schema of problems, rosters or changes',
          parameters: [
            {
              name: 'kind',
              in: 'path',
              required: true,
              schema: { enum: ['problem', 'roster', 'changes'] },
            },
          ],
          responses: {
            '200': { description: 'A JSON Schema (2020-12).', content: json({ type: 'object' }) },
            '404': errorAnswer('Not a schema this server has.'),
          },
        },
      },
      '/health': {
        get: {
          summary: 'Liveness, and the job counts',
          security: [],
          responses: {
            '200': { description: 'The server is up.', content: json({ type: 'object' }) },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: embedded(problemJsonSchema()),
        Roster: embedded(rosterJsonSchema()),
        Changes: embedded(changesJsonSchema()),
        SolveOptions: fromZod(solveOptionsSchema),
        SolveRequest: {
          type: 'object',
          required: ['problem'],
          additionalProperties: false,
          properties: { problem: ref('Problem'), options: ref('SolveOptions') },
        },
        ProblemAndRoster: pairRequest,
        ReplanRequest: replanRequest,
        CapacityOptions: fromZod(capacityOptionsSchema),
        CapacityRequest: capacityRequest,
        CapacityAnswer: fromZod(capacityAnswerSchema),
        CapacitySummaryRequest: summaryRequest,
        CapacitySummary: fromZod(capacitySummarySchema, 'output'),
        Job: jobSchema,
        Progress: progressSchema,
        Violation: violationSchema,
        CheckResult: {
          type: 'object',
          required: ['violations'],
          properties: { violations: { type: 'array', items: ref('Violation') } },
        },
        Issue: issueSchema,
        Error: errorSchema,
      },
    },
  };
}
