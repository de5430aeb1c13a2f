import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fc from 'fast-check';
import { recordWorld, type RecordWorld } from '../support/record-world';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/**
 * Thousands of malformed, oversized and hostile requests to every write route of the OpenAPI document:
 * type confusion, prototype-pollution keys, huge strings, deep nesting, bad unicode, SQL fragments, and
 * hostile headers. Never a 5xx, always a problem document, and not one event appended.
 */
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

interface Schema {
  readonly type?: string;
  readonly $ref?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly allOf?: readonly Schema[];
}

interface WriteRoute {
  readonly path: string;
  readonly contentType: string;
  /** Top-level fields and their schemas; `required` ones get a value of the wrong type. */
  readonly properties: Record<string, Schema>;
  readonly required: readonly string[];
}

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '1; SELECT pg_sleep(10)',
  '$$ LANGUAGE plpgsql $$',
  '\\x00',
  "') ON CONFLICT DO NOTHING --",
];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((units) => String.fromCharCode(...units));
const hostileString = fc.oneof(
  codeUnits,
  fc.constantFrom(...SQL),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff',
    'a\ud800b',
    '\u202e',
    '\ufeff',
    'é'.normalize('NFD'),
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '${7*7}',
  ),
  fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'x'.repeat(length)),
  fc.uuid(),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A value that is certainly not of the schema's type: a required field with it makes the body invalid. */
const wrongTypeFor = (schema: Schema): fc.Arbitrary<unknown> => {
  const type = schema.type ?? (schema.enum ? 'string' : schema.$ref || schema.allOf ? 'object' : 'string');
  const notString = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.array(hostileValue, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileValue, { maxKeys: 2 }),
  );
  switch (type) {
    case 'string':
      return notString;
    case 'array':
      return fc.oneof(
        hostileString,
        fc.integer(),
        fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileValue, { maxKeys: 2 }),
      );
    case 'object':
      return fc.oneof(hostileString, fc.integer(), fc.array(hostileValue, { maxLength: 3 }));
    default:
      return fc.oneof(
        hostileString,
        fc.array(hostileValue, { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileValue, { maxKeys: 2 }),
      );
  }
};

/** An object with the route's own field names, at least one required field of the wrong type, plus hostile keys. */
const hostileBody = (route: WriteRoute): fc.Arbitrary<unknown> =>
  fc
    .record({
      broken: fc.constantFrom(...route.required),
      others: fc.dictionary(fc.constantFrom(...Object.keys(route.properties)), hostileValue, { maxKeys: 6 }),
      extra: fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileValue, { maxKeys: 2 }),
    })
    .chain(({ broken, others, extra }) =>
      wrongTypeFor(route.properties[broken] ?? {}).map((value) =>
        JSON.stringify({ ...others, ...extra, [broken]: value }),
      ),
    );

/** Bodies that are not an object at all, not JSON, too large, or nested far too deep. */
const rawBody = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"report"',
    '42',
    'true',
    '{',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    '\u0000',
    '{"__proto__":{"polluted":"yes"}}',
  ),
  fc.integer({ min: 20, max: 20_000 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.integer({ min: 20, max: 5_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.constant(`{"reason":"${'x'.repeat(300_000)}"}`),
  codeUnits,
);

const headerValue = fc.oneof(
  fc.constantFrom(...SQL),
  fc.string({ maxLength: 300 }),
  fc.constant('x'.repeat(4000)),
  fc.constant('W/"99999999999"'),
  fc.constant('"-1"'),
);

/** fast-check's own report prints 300 kB strings in full; keep the counterexample readable. */
const shortReport = <T>(details: fc.RunDetails<T>): Promise<void> => {
  if (!details.failed) return Promise.resolve();
  const shorten = (_key: string, value: unknown) =>
    typeof value === 'string' && value.length > 120 ? `${value.slice(0, 120)}…(${value.length})` : value;
  const error =
    details.errorInstance instanceof Error
      ? details.errorInstance.message.slice(0, 2000)
      : String(details.errorInstance);
  throw new Error(
    `after ${details.numRuns} runs, seed ${details.seed}: ${error}\ncounterexample: ${JSON.stringify(details.counterexample, shorten)}`,
  );
};

/** An unsigned token (alg none) claiming admin for every member state. */
const ALG_NONE_ADMIN = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["admin"],"ms":["*"],"exp":9999999999}').toString('base64url')}.`;

const asciiOnly = (value: string): string => value.replace(/[^\x20-\x7e]/g, '?');

describe('hostile input to every write route', () => {
  let registry: TestRegistry;
  let routes: WriteRoute[];
  let world: RecordWorld;
  beforeAll(async () => {
    registry = await startTestRegistry();
    world = await recordWorld(registry);
    const document = SwaggerModule.createDocument(registry.app, new DocumentBuilder().build());
    const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
    const resolve = (schema: Schema | undefined): Schema =>
      schema?.$ref ? resolve(schemas[schema.$ref.split('/').pop()!]) : (schema ?? {});
    routes = Object.entries(document.paths).flatMap(([path, operations]) => {
      const post = (operations as Record<string, { requestBody?: { content: Record<string, { schema?: Schema }> } }>)
        .post;
      if (!post) return [];
      const [contentType, media] = Object.entries(post.requestBody?.content ?? { 'application/json': {} })[0]!;
      const schema = resolve(media.schema);
      const merged = [schema, ...(schema.allOf ?? []).map(resolve)];
      return [
        {
          path,
          contentType,
          properties: Object.assign({}, ...merged.map((part) => part.properties ?? {})) as Record<string, Schema>,
          required: merged.flatMap((part) => part.required ?? []),
        },
      ];
    });
  }, 120_000);
  afterAll(() => registry.close());

  it('finds the write routes, and each JSON route has a required field to break', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const route of routes.filter(({ contentType }) => contentType === 'application/json')) {
      expect({ path: route.path, required: route.required.length > 0 }).toEqual({ path: route.path, required: true });
    }
  });

  it('never answers 5xx, always answers a problem, and records nothing', async () => {
    const before = await registry.eventCount();
    const token = await registry.tokenFor(['recorder', 'auditor', 'statistician-exact', 'admin'], '*');
    const ids = fc.oneof(
      fc.constantFrom(world.reportId, world.investigationId, world.childId, world.judgmentId, world.personPseudonym),
      fc.uuid(),
      fc.constantFrom('not-a-uuid', "1' OR '1'='1", '..%2F..%2Fetc', '%00', 'NL', 'XX', '%E0%A4%A', 'x'.repeat(500)),
    );
    const request = fc.record({
      route: fc.constantFrom(...routes),
      id: ids,
      ms: fc.constantFrom('NL', 'DE', 'XX', "NL'--"),
      body: fc.oneof({ weight: 3, arbitrary: fc.constant('schema') }, { weight: 1, arbitrary: rawBody }),
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('route') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'text/plain',
            'application/xml',
            'application/json; charset=latin1',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded',
          ),
        },
      ),
      headers: fc.record(
        {
          'if-match': headerValue,
          'idempotency-key': headerValue,
          'x-correlation-id': headerValue,
        },
        { requiredKeys: [] },
      ),
      // Mostly the operator's valid token, so that bodies reach the validators; sometimes a forged or broken one.
      authorization: fc.oneof(
        { weight: 8, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'Bearer x.y.z',
            'Bearer ',
            'Basic YWRtaW46YWRtaW4=',
            `Bearer ${'a'.repeat(9000)}`,
            `Bearer ${ALG_NONE_ADMIN}`,
          ),
        },
      ),
      seed: fc.integer(),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ route, id, ms, body, contentType, headers, authorization, seed }) => {
        const path = route.path.replace('{ms}', encodeURIComponent(ms)).replace(/\{\w+\}/g, encodeURIComponent(id));
        const payload =
          route.contentType === 'application/x-ndjson'
            ? `${fc.sample(hostileBody({ path, contentType: 'application/json', properties: { type: {}, data: {} }, required: ['data'] }), { numRuns: 3, seed }).join('\n')}\n{"type":"RecordReport","data":{"__proto__":{"polluted":1}}}\n`
            : body === 'schema'
              ? (fc.sample(hostileBody(route), { numRuns: 1, seed })[0] as string)
              : body;
        let pending = registry.anonymous
          .post(path)
          .set('content-type', contentType === 'route' ? route.contentType : contentType)
          .set('authorization', authorization ?? `Bearer ${token}`);
        for (const [name, value] of Object.entries(headers)) pending = pending.set(name, asciiOnly(value));
        const response = await pending.send(payload);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(JSON.stringify(response.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
        }
      }),
      { numRuns: NUM_RUNS, endOnFailure: true, asyncReporter: shortReport },
    );
    if (process.env.FUZZ_REPORT) console.log(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)));
    expect(await registry.eventCount()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // The requests reached the validators, not only the front door.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(NUM_RUNS / 3);
  }, 180_000);

  it('answers hostile query strings and path ids of the read routes without a 5xx', async () => {
    const document = SwaggerModule.createDocument(registry.app, new DocumentBuilder().build());
    const reads = Object.entries(document.paths)
      .filter(([, operations]) => 'get' in (operations as object))
      .map(([path]) => path);
    const param = fc.oneof(
      fc.constantFrom('NL', '2024', world.reportId, `report-${world.reportId}`),
      hostileString,
      fc.constantFrom(...SQL),
    );
    const query = fc.dictionary(
      fc.constantFrom(
        'ms',
        'year',
        'reportYear',
        'asOf',
        'format',
        'disclosure',
        'snapshotId',
        '__proto__',
        'ms[0]',
        'year[]',
      ),
      param,
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...reads), param, query, async (path, id, params) => {
        const search = Object.entries(params)
          .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(asciiOnly(value))}`)
          .join('&');
        const response = await registry.http.get(
          `${path.replace(/\{\w+\}/g, encodeURIComponent(asciiOnly(id)))}?${search}`,
        );
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: Math.ceil(NUM_RUNS / 6), endOnFailure: true, asyncReporter: shortReport },
    );
  }, 120_000);

  it('refuses the strings PostgreSQL cannot store and prototype keys, even in an otherwise valid command', async () => {
    const before = await registry.eventCount();
    for (const reason of ['nul \u0000 inside', 'lone \ud800 surrogate']) {
      const response = await registry.http.post(`/api/v1/reports/${world.reportId}/withdrawal`).send({ reason });
      expect({ status: response.status, field: response.body.errors?.[0]?.field }).toEqual({
        status: 400,
        field: 'reason',
      });
    }
    const response = await registry.http
      .post(`/api/v1/reports/${world.reportId}/withdrawal`)
      .set('content-type', 'application/json')
      .send('{"reason":"entered twice","__proto__":{"isAdmin":true}}');
    expect({ status: response.status, field: response.body.errors?.[0]?.field }).toEqual({
      status: 400,
      field: '__proto__',
    });
    expect(await registry.eventCount()).toBe(before);
  });
});
