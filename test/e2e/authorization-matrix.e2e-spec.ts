import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { TokenRole } from '@registry/application';
import { recordWorld, type RecordWorld } from '../support/record-world';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/**
 * Every route × every role × own / other member state, each cell with its status. The routes come from the
 * application's own OpenAPI document: a route this table does not know fails the first test, so no route
 * can be added without deciding who may use it. The roles per resource are contract.md's table, written
 * out here independently of the implementation's.
 */
const MAY: Record<string, readonly TokenRole[]> = {
  public: [],
  'record-write': ['recorder'],
  'record-read': ['recorder'],
  statistics: ['statistician', 'statistician-exact', 'admin'],
  'statistics-exact': ['statistician-exact', 'admin'],
  'statistics-governance': ['admin'],
  audit: ['auditor'],
  'audit-log': ['auditor'],
  admin: ['admin'],
};

/**
 * How another member state's caller is answered once the role is right: `creates` names the member state in
 * the body (403: may not record for it), `record` addresses an existing record (404: no existence leak),
 * `asks` names the member state in its query (403: may not read its records), `any` is not scoped (statistics
 * of any member state; an import reports its refused lines in a 200).
 */
type Scope = 'creates' | 'record' | 'asks' | 'any';

interface Request {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly body?: string | object;
  readonly contentType?: string;
}

interface RouteCase {
  readonly resource: keyof typeof MAY;
  readonly scope: Scope;
  readonly ok: number;
  /** Records what the request needs (with the operator's agent) and returns it; run once per route. */
  readonly prepare: (registry: TestRegistry) => Promise<Request>;
}

const world = (registry: TestRegistry): Promise<RecordWorld> => recordWorld(registry);
const post = (path: string, body: object): Request => ({ method: 'post', path, body });
const get = (path: string): Request => ({ method: 'get', path });
const V1 = '/api/v1';

const snapshot = async ({ http }: TestRegistry): Promise<string> => {
  const snapshotId = randomUUID();
  const response = await http.post(`${V1}/statistics/snapshots`).send({ memberState: 'NL', year: 2024, snapshotId });
  if (response.status !== 201) throw new Error(`snapshot: ${response.status} ${JSON.stringify(response.body)}`);
  return snapshotId;
};

const ROUTES: Record<string, RouteCase> = {
  'GET /health': { resource: 'public', scope: 'any', ok: 200, prepare: () => Promise.resolve(get('/health')) },
  'GET /api/v1/metrics': { resource: 'public', scope: 'any', ok: 200, prepare: () => Promise.resolve(get(`${V1}/metrics`)) },

  'POST /api/v1/reports': {
    resource: 'record-write',
    scope: 'creates',
    ok: 201,
    prepare: () => Promise.resolve(post(`${V1}/reports`, reportBody())),
  },
  'POST /api/v1/reports/{id}/assessments': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/reports/${(await world(r)).reportId}/assessments`, {
        actionable: true,
        assessedAt: '2024-03-02T09:00:00Z',
      }),
  },
  'POST /api/v1/reports/{id}/duplicate-of': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => {
      const { reportId } = await world(r);
      const other = reportBody();
      await r.http.post(`${V1}/reports`).send(other).expect(201);
      return post(`${V1}/reports/${other.reportId}/duplicate-of`, { duplicateOfReportId: reportId });
    },
  },
  'POST /api/v1/reports/{id}/corrections': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/reports/${(await world(r)).reportId}/corrections`, {
        changes: { contentCategory: 'NEW_CSAM' },
        reason: 'mis-keyed',
      }),
  },
  'POST /api/v1/reports/{id}/withdrawal': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => post(`${V1}/reports/${(await world(r)).reportId}/withdrawal`, { reason: 'entered twice' }),
  },
  'GET /api/v1/reports/{id}': {
    resource: 'record-read',
    scope: 'record',
    ok: 200,
    prepare: async (r) => get(`${V1}/reports/${(await world(r)).reportId}`),
  },

  'POST /api/v1/investigations': {
    resource: 'record-write',
    scope: 'creates',
    ok: 201,
    prepare: async (r) => post(`${V1}/investigations`, investigationBody([(await world(r)).reportId])),
  },
  'POST /api/v1/investigations/{id}/reports': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => {
      const { investigationId } = await world(r);
      const report = reportBody();
      await r.http.post(`${V1}/reports`).send(report).expect(201);
      return post(`${V1}/investigations/${investigationId}/reports`, { reportId: report.reportId });
    },
  },
  'POST /api/v1/investigations/{id}/offences': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => post(`${V1}/investigations/${(await world(r)).investigationId}/offences`, offenceBody()),
  },
  'POST /api/v1/investigations/{id}/suspects': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/investigations/${(await world(r)).investigationId}/suspects`, {
        personId: randomUUID(),
        notes: 'seen at the address',
      }),
  },
  'POST /api/v1/investigations/{id}/charges': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => {
      const { investigationId, personId, offenceId } = await world(r);
      return post(`${V1}/investigations/${investigationId}/charges`, {
        personId,
        offenceIds: [offenceId],
        filedAt: '2024-06-01T09:00:00Z',
      });
    },
  },
  'POST /api/v1/investigations/{id}/closure': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/investigations/${(await world(r)).investigationId}/closure`, {
        outcome: 'NO_FURTHER_ACTION',
        closedAt: '2024-09-01T09:00:00Z',
      }),
  },
  'GET /api/v1/investigations/{id}': {
    resource: 'record-read',
    scope: 'record',
    ok: 200,
    prepare: async (r) => get(`${V1}/investigations/${(await world(r)).investigationId}`),
  },

  'POST /api/v1/children': {
    resource: 'record-write',
    scope: 'creates',
    ok: 201,
    prepare: async (r) => {
      const { investigationId, reportId } = await world(r);
      return post(`${V1}/children`, childBody(investigationId, [reportId]));
    },
  },
  'POST /api/v1/children/{id}/corrections': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/children/${(await world(r)).childId}/corrections`, { changes: { sex: 'MALE' }, reason: 'mis-keyed' }),
  },
  'POST /api/v1/children/{id}/merged-into': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => {
      const { childId, investigationId, reportId } = await world(r);
      const duplicate = (
        await r.http
          .post(`${V1}/children`)
          .send(childBody(investigationId, [reportId]))
          .expect(201)
      ).body.id;
      return post(`${V1}/children/${duplicate}/merged-into`, { childId });
    },
  },
  'GET /api/v1/children/{id}': {
    resource: 'record-read',
    scope: 'record',
    ok: 200,
    prepare: async (r) => get(`${V1}/children/${(await world(r)).childId}`),
  },

  'POST /api/v1/judgments': {
    resource: 'record-write',
    scope: 'creates',
    ok: 201,
    prepare: async (r) => {
      const { investigationId, personId, offenceId } = await world(r);
      return post(`${V1}/judgments`, judgmentBody(investigationId, personId, [offenceId]));
    },
  },
  'POST /api/v1/judgments/{id}/appeals': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/judgments/${(await world(r)).judgmentId}/appeals`, {
        lodgedAt: '2024-12-01T10:00:00Z',
        by: 'DEFENCE',
      }),
  },
  'POST /api/v1/judgments/{id}/appeal-outcome': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) => {
      const { judgmentId } = await world(r);
      await r.http
        .post(`${V1}/judgments/${judgmentId}/appeals`)
        .send({ lodgedAt: '2024-12-01T10:00:00Z', by: 'DEFENCE' })
        .expect(201);
      return post(`${V1}/judgments/${judgmentId}/appeal-outcome`, {
        newOutcome: 'CONVICTED',
        decidedAt: '2025-01-10T10:00:00Z',
      });
    },
  },
  'POST /api/v1/judgments/{id}/finality': {
    resource: 'record-write',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/judgments/${(await world(r)).judgmentId}/finality`, { finalAt: '2025-01-01T00:00:00Z' }),
  },
  'GET /api/v1/judgments/{id}': {
    resource: 'record-read',
    scope: 'record',
    ok: 200,
    prepare: async (r) => get(`${V1}/judgments/${(await world(r)).judgmentId}`),
  },

  'POST /api/v1/imports': {
    resource: 'record-write',
    scope: 'any',
    ok: 200,
    prepare: () =>
      Promise.resolve({
        method: 'post',
        path: `${V1}/imports`,
        contentType: 'application/x-ndjson',
        body: `${JSON.stringify({ type: 'RecordReport', data: reportBody() })}\n`,
      } as const),
  },

  'GET /api/v1/statistics/art8': {
    resource: 'statistics',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/statistics/art8?ms=NL&year=2024`)),
  },
  'GET /api/v1/statistics/quality': {
    resource: 'statistics',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/statistics/quality?ms=NL`)),
  },
  'GET /api/v1/statistics/cohort': {
    resource: 'statistics-exact',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/statistics/cohort?ms=NL&reportYear=2024`)),
  },
  'GET /api/v1/statistics/reconciliation': {
    resource: 'statistics-exact',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/statistics/reconciliation?ms=NL`)),
  },
  'GET /api/v1/statistics/restatements': {
    resource: 'statistics-exact',
    scope: 'any',
    ok: 200,
    prepare: async (r) => get(`${V1}/statistics/restatements?ms=NL&snapshotId=${await snapshot(r)}`),
  },
  'GET /api/v1/statistics/art8/trace': {
    resource: 'audit',
    scope: 'asks',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/statistics/art8/trace?ms=NL&year=2024&metric=a.totalReports`)),
  },
  'POST /api/v1/statistics/not-available': {
    resource: 'statistics-governance',
    scope: 'creates',
    ok: 201,
    prepare: () =>
      Promise.resolve(
        post(`${V1}/statistics/not-available`, {
          memberState: 'NL',
          year: 2022,
          metric: 'ART8_1_C',
          reason: 'NOT_COLLECTED',
        }),
      ),
  },
  'POST /api/v1/statistics/not-available/withdrawals': {
    resource: 'statistics-governance',
    scope: 'creates',
    ok: 201,
    prepare: async ({ http }) => {
      await http
        .post(`${V1}/statistics/not-available`)
        .send({ memberState: 'NL', year: 2021, metric: 'ART8_1_B', reason: 'NOT_COLLECTED' })
        .expect(201);
      return post(`${V1}/statistics/not-available/withdrawals`, {
        memberState: 'NL',
        year: 2021,
        metric: 'ART8_1_B',
        reason: 'now collected',
      });
    },
  },
  'POST /api/v1/statistics/methodology-changes': {
    resource: 'statistics-governance',
    scope: 'creates',
    ok: 201,
    prepare: () =>
      Promise.resolve(
        post(`${V1}/statistics/methodology-changes`, {
          memberState: 'NL',
          metric: 'ART8_1_A',
          effectiveFrom: '2024-01-01',
          description: 'counts reports, not referrals',
        }),
      ),
  },
  'POST /api/v1/statistics/ncmec-figures': {
    resource: 'statistics-governance',
    scope: 'creates',
    ok: 201,
    prepare: () =>
      Promise.resolve(
        post(`${V1}/statistics/ncmec-figures`, { memberState: 'NL', year: 2023, count: 1234, source: 'COM(2025) 740' }),
      ),
  },
  'POST /api/v1/statistics/snapshots': {
    resource: 'statistics-governance',
    scope: 'creates',
    ok: 201,
    prepare: () => Promise.resolve(post(`${V1}/statistics/snapshots`, { memberState: 'NL', year: 2024 })),
  },
  'POST /api/v1/statistics/snapshots/{ms}/{id}/submission': {
    resource: 'statistics-governance',
    scope: 'creates',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/statistics/snapshots/NL/${await snapshot(r)}/submission`, {
        submittedAt: '2025-01-15T10:00:00Z',
        submittedTo: 'European Commission',
      }),
  },

  'GET /api/v1/audit/streams/{stream}': {
    resource: 'audit',
    scope: 'record',
    ok: 200,
    prepare: async (r) => get(`${V1}/audit/streams/report-${(await world(r)).reportId}`),
  },
  // The whole log and the access log show a caller only its member states' entries; verification shows no data.
  'GET /api/v1/audit/log': {
    resource: 'audit-log',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/audit/log?limit=20`)),
  },
  'GET /api/v1/audit/verify': {
    resource: 'audit',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/audit/verify`)),
  },
  'GET /api/v1/audit/access': {
    resource: 'audit',
    scope: 'any',
    ok: 200,
    prepare: () => Promise.resolve(get(`${V1}/audit/access?limit=20`)),
  },
  'POST /api/v1/erasures': {
    resource: 'admin',
    scope: 'record',
    ok: 201,
    prepare: async (r) =>
      post(`${V1}/erasures`, { subjectId: (await world(r)).reportId, reason: 'DATA_SUBJECT_REQUEST' }),
  },
};

type Caller = { readonly role: TokenRole | 'anonymous'; readonly memberState: 'NL' | 'DE' };
const ROLES: readonly TokenRole[] = ['recorder', 'statistician', 'statistician-exact', 'auditor', 'admin'];
const CALLERS: readonly Caller[] = [
  { role: 'anonymous', memberState: 'NL' },
  ...ROLES.flatMap((role) => (['DE', 'NL'] as const).map((memberState) => ({ role, memberState }))),
];

const expectedStatus = ({ resource, scope, ok }: RouteCase, { role, memberState }: Caller): number => {
  if (resource === 'public') return ok;
  if (role === 'anonymous') return 401;
  if (!MAY[resource]!.includes(role)) return 403;
  if (memberState === 'NL' || scope === 'any') return ok;
  return scope === 'creates' || scope === 'asks' ? 403 : 404;
};

describe('authorisation matrix: every route × role × own/other member state', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  it('knows every route of the application, and each publishes the policy this table expects', () => {
    const document = SwaggerModule.createDocument(registry.app, new DocumentBuilder().build());
    const published = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations as Record<string, { 'x-access-policy'?: string }>).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        policy: operation['x-access-policy'],
      })),
    );
    expect(published.map(({ route }) => route).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const { route, policy } of published)
      expect({ route, policy }).toEqual({ route, policy: ROUTES[route]?.resource });
  });

  it('leaves the OpenAPI page public', async () => {
    await registry.anonymous.get('/docs').expect(200);
    await registry.anonymous.get('/docs-json').expect(200);
  });

  describe.each(Object.entries(ROUTES))('%s', (route, routeCase) => {
    it(`answers each caller with the status of its cell`, async () => {
      const request = await routeCase.prepare(registry);
      await registry.settle();
      // Refusals first (they must change nothing), the cells that succeed last.
      const cells = CALLERS.map((caller) => ({ caller, expected: expectedStatus(routeCase, caller) })).sort(
        (a, b) => Number(a.expected < 300) - Number(b.expected < 300),
      );
      const observed: string[] = [];
      const wanted: string[] = [];
      for (const { caller, expected } of cells) {
        const agent =
          caller.role === 'anonymous' ? registry.anonymous : await registry.as(caller.role, [caller.memberState]);
        const before = await registry.eventCount();
        let pending = agent[request.method](request.path);
        if (request.contentType) pending = pending.set('content-type', request.contentType);
        const response = await (request.body === undefined ? pending : pending.send(request.body));
        const label = `${caller.role}@${caller.memberState}`;
        observed.push(`${label} ${response.status}`);
        wanted.push(`${label} ${expected}`);
        if (expected >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          if (expected === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
          expect(await registry.eventCount()).toBe(before);
        }
      }
      expect({ route, cells: observed }).toEqual({ route, cells: wanted });
    });
  });
});
