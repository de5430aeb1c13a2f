import { randomUUID } from 'node:crypto';
import { ERASED } from '@registry/application';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/**
 * Crypto-shredding end to end: personal fields are sealed per subject, erasure destroys the subject's key,
 * and afterwards nothing can read them (API, history, the database itself), while every count, and a
 * rebuild of every read model, stays exactly as it was.
 */
describe('erasure of personal data', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  const personal = {
    providerAccount: `sha256:acct-${randomUUID()}`,
    reportReason: `corrected after a call with the account holder ${randomUUID()}`,
    childReason: `age confirmed by the school of the child ${randomUUID()}`,
    suspectNotes: `lives with the victim's family, Kerkstraat ${randomUUID()}`,
  };

  /** Every row of every table of the registry's schema, as text: what someone with the database alone sees. */
  const databaseText = async (): Promise<string> => {
    const { schema } = registry.database;
    const tables = await registry.runtime.readModels.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [schema],
    );
    const dumps = await Promise.all(
      tables.map(({ table_name: table }) =>
        registry.runtime.readModels.query<{ row: string }[]>(`SELECT t::text AS row FROM "${schema}"."${table}" t`),
      ),
    );
    return dumps
      .flat()
      .map(({ row }) => row)
      .join('\n');
  };

  const readModelRows = async (): Promise<Record<string, unknown[]>> => {
    const tables = registry.runtime.projector.projections.flatMap((projection) => projection.tables);
    const entries = await Promise.all(
      tables.map(
        async (table) =>
          [
            table,
            await registry.runtime.readModels.query(`SELECT t::text AS row FROM "${table}" t ORDER BY 1`),
          ] as const,
      ),
    );
    return Object.fromEntries(entries);
  };

  const art8 = async () =>
    (await registry.http.get('/api/v1/statistics/art8?ms=NL&year=2024&disclosure=exact').expect(200)).body as Record<
      string,
      unknown
    >;
  const history = async (stream: string) =>
    JSON.stringify((await registry.http.get(`/api/v1/audit/streams/${stream}`).expect(200)).body);

  it('makes a child, a suspect and a report unreadable, and changes no count and no rebuilt read model', async () => {
    const { http } = registry;
    const report = reportBody({ accountRefs: [personal.providerAccount] });
    const reportId = (await http.post('/api/v1/reports').send(report).expect(201)).body.id;
    await http
      .post(`/api/v1/reports/${reportId}/corrections`)
      .send({ changes: { contentCategory: 'NEW_CSAM' }, reason: personal.reportReason })
      .expect(201);
    const investigationId = (
      await http
        .post('/api/v1/investigations')
        .send(investigationBody([reportId]))
        .expect(201)
    ).body.id;
    const offence = offenceBody();
    await http.post(`/api/v1/investigations/${investigationId}/offences`).send(offence).expect(201);
    const personId = randomUUID();
    await http
      .post(`/api/v1/investigations/${investigationId}/suspects`)
      .send({ personId, linkedReportIds: [reportId], notes: personal.suspectNotes })
      .expect(201);
    const child = childBody(investigationId, [reportId]);
    const childId = (await http.post('/api/v1/children').send(child).expect(201)).body.id;
    await http
      .post(`/api/v1/children/${childId}/corrections`)
      .send({ changes: { ageBand: '6-11' }, reason: personal.childReason })
      .expect(201);
    await http
      .post('/api/v1/judgments')
      .send(judgmentBody(investigationId, personId, [offence.offenceId]))
      .expect(201);
    await registry.settle();

    // Before: readable by those allowed, but never stored in plain text, nor the authority's ids.
    const suspect = (await http.get(`/api/v1/investigations/${investigationId}`).expect(200)).body.suspects[0];
    expect(suspect.notes).toBe(personal.suspectNotes);
    const personPseudonym: string = suspect.personId;
    expect((await http.get(`/api/v1/reports/${reportId}`).expect(200)).body.facts.accountRefs).toEqual([
      expect.stringMatching(/^acct1:/),
    ]);
    expect(await history(`child-${childId}`)).toContain(personal.childReason);
    const stored = await databaseText();
    for (const value of [...Object.values(personal), personId, child.childId]) expect(stored).not.toContain(value);
    const figuresBefore = await art8();
    expect(figuresBefore).toMatchObject({ b: { allRoutes: { total: 1 } }, c: { convictedPersons: 1 } });

    for (const subjectId of [childId, personPseudonym, reportId]) {
      await registry
        .as('admin', ['NL'])
        .then((admin) =>
          admin.post('/api/v1/erasures').send({ subjectId, reason: 'DATA_SUBJECT_REQUEST' }).expect(201),
        );
    }
    await registry.settle();

    // API and history: the fields read [erased]; everything else is as it was.
    expect((await http.get(`/api/v1/investigations/${investigationId}`).expect(200)).body.suspects[0]).toMatchObject({
      personId: personPseudonym,
      notes: ERASED,
    });
    const reportView = (await http.get(`/api/v1/reports/${reportId}`).expect(200)).body;
    expect(reportView.facts).toMatchObject({ accountRefs: [ERASED], contentCategory: 'NEW_CSAM' });
    const childHistory = await history(`child-${childId}`);
    expect(childHistory).not.toContain(personal.childReason);
    expect(childHistory).toContain(`"reason":"${ERASED}"`);
    expect(await history(`investigation-${investigationId}`)).toContain(`"notes":"${ERASED}"`);
    expect(await history(`report-${reportId}`)).not.toContain(personal.reportReason);
    expect(await history(`erasure-${childId}`)).toContain('"type":"PersonalDataErased"');

    // The database: no key left for the erased subjects, and no plain text anywhere.
    const keys = await registry.runtime.readModels.query<{ subject_id: string; wrapped_key: Buffer | null }[]>(
      `SELECT subject_id, wrapped_key FROM subject_key WHERE subject_id = ANY($1::uuid[])`,
      [[childId, personPseudonym, reportId]],
    );
    expect(keys).toHaveLength(3);
    expect(keys.every((key) => key.wrapped_key === null)).toBe(true);
    const storedAfter = await databaseText();
    for (const value of Object.values(personal)) expect(storedAfter).not.toContain(value);

    // Counts and read models: unchanged, also after rebuilding every projection from the first event.
    expect(await art8()).toEqual(figuresBefore);
    await registry.settle(); // reads are logged too (the access log): let the projections see them first
    const rowsBefore = await readModelRows();
    await registry.runtime.projector.stop();
    await registry.runtime.projector.rebuild();
    expect(await readModelRows()).toEqual(rowsBefore);
    expect(await art8()).toEqual(figuresBefore);
    await registry.runtime.projector.start();
  });

  it('keeps later fields of an erased subject unreadable, and a second erasure records nothing', async () => {
    const { http } = registry;
    const investigationId = (await http.post('/api/v1/investigations').send(investigationBody([])).expect(201)).body.id;
    const childId = (await http.post('/api/v1/children').send(childBody(investigationId, [])).expect(201)).body.id;
    await http
      .post(`/api/v1/children/${childId}/corrections`)
      .send({ changes: { sex: 'MALE' }, reason: 'first reason' })
      .expect(201);
    const admin = await registry.as('admin', ['NL']);
    await admin.post('/api/v1/erasures').send({ subjectId: childId, reason: 'RETENTION_PERIOD_ENDED' }).expect(201);
    expect(
      (await admin.post('/api/v1/erasures').send({ subjectId: childId, reason: 'RETENTION_PERIOD_ENDED' }).expect(200))
        .body,
    ).toMatchObject({ created: false });
    await http
      .post(`/api/v1/children/${childId}/corrections`)
      .send({ changes: { sex: 'FEMALE' }, reason: 'written after the erasure' })
      .expect(201);
    const childHistory = await history(`child-${childId}`);
    expect(childHistory).not.toMatch(/first reason|written after the erasure/);
    expect(await databaseText()).not.toContain('written after the erasure');
  });

  it('is completed by the projector when the process fails after recording it, before destroying the key', async () => {
    const { http } = registry;
    const report = reportBody({ accountRefs: [`sha256:acct-${randomUUID()}`] });
    await http.post('/api/v1/reports').send(report).expect(201);
    const destroyFails = jest
      .spyOn(registry.runtime.personalData, 'destroyKey')
      .mockRejectedValueOnce(new Error('the process stopped here'));
    try {
      const admin = await registry.as('admin', ['NL']);
      await admin
        .post('/api/v1/erasures')
        .send({ subjectId: report.reportId, reason: 'DATA_SUBJECT_REQUEST' })
        .expect(500);
      expect(destroyFails).toHaveBeenCalledTimes(1);
    } finally {
      destroyFails.mockRestore();
    }

    await registry.settle();

    expect((await http.get(`/api/v1/reports/${report.reportId}`).expect(200)).body.facts.accountRefs).toEqual([ERASED]);
    const [key] = await registry.runtime.readModels.query<{ wrapped_key: Buffer | null; erased_at: Date }[]>(
      `SELECT wrapped_key, erased_at FROM subject_key WHERE subject_id = $1`,
      [report.reportId],
    );
    expect(key).toEqual({ wrapped_key: null, erased_at: registry.clock.now() });
  });

  describe("an erased report's account", () => {
    const inNetherlands = (account: string) => reportBody({ accountRefs: [account] });
    const record = async (report: ReturnType<typeof inNetherlands>) =>
      registry.http.post('/api/v1/reports').send(report).expect(201);
    const erase = async (subjectId: string) => {
      const admin = await registry.as('admin', ['NL']);
      return admin.post('/api/v1/erasures').send({ subjectId, reason: 'DATA_SUBJECT_REQUEST' });
    };
    const duplicateOf = async ({ reportId }: { reportId: string }) => {
      await registry.settle();
      return (await registry.http.get(`/api/v1/reports/${reportId}`).expect(200)).body.duplicateOf;
    };
    /** A report recorded with an erased report's account, then another: the first claims the account afresh. */
    const erasedReportAndItsAccount = async () => {
      const account = `acctsecretref-${randomUUID()}`;
      const erased = inNetherlands(account);
      await record(erased);
      await erase(erased.reportId).then((response) => expect(response.status).toBe(201));
      return { account, erased };
    };

    it('no longer makes a later report a repeat of it, and links the reports after that to the later one', async () => {
      const { account, erased } = await erasedReportAndItsAccount();
      await registry.settle();
      expect(
        (await registry.http.get(`/api/v1/reports/${erased.reportId}`).expect(200)).body.facts.accountRefs,
      ).toEqual([ERASED]);
      const later = inNetherlands(account);
      await record(later);
      expect(await duplicateOf(later)).toBeNull();
      // Erasing the first report again releases nothing more: the account's claim is the later report's now.
      expect((await erase(erased.reportId)).status).toBe(200);
      const third = inNetherlands(account);
      await record(third);
      expect(await duplicateOf(third)).toEqual({ reportId: later.reportId, basis: 'SAME_ACCOUNT' });
      // The releases and claims again are no projection's events: `rebuild --verify` finds every table as it is.
      const verified = await registry.runtime.projector.verify();
      expect(verified.flatMap((projection) => projection.differences)).toEqual([]);
    });

    it('is released once when an erasure that failed after the release is repeated', async () => {
      const account = `acctsecretref-${randomUUID()}`;
      const erased = inNetherlands(account);
      await record(erased);
      // The process fails after releasing the account key, before recording the erasure (and destroying the key).
      const { store } = registry.runtime;
      const append = store.appendToStream.bind(store);
      let failed = false;
      const failOnce = jest.spyOn(store, 'appendToStream').mockImplementation(async (name, ...rest) => {
        if (failed || !name.startsWith('erasure-')) return append(name, ...rest);
        failed = true;
        throw new Error('the process stopped here');
      });
      try {
        expect((await erase(erased.reportId)).status).toBe(500);
      } finally {
        failOnce.mockRestore();
      }
      // The log as the gap-safe reader sees it: a transaction open elsewhere on the server may hide the release.
      await registry.settle();
      const released = (await registry.runtime.store.readAll({ filter: { eventTypes: ['ReportKeyReleased'] } })).events;
      const release = released.find((event) => (event.data as { reportId: string }).reportId === erased.reportId);
      expect(release).toBeDefined();

      expect((await erase(erased.reportId)).status).toBe(201);
      const keyStream = await registry.runtime.store.readStream(release!.streamName);
      expect(keyStream.map((event) => event.type)).toEqual(['ReportKeyClaimed', 'ReportKeyReleased']);
      const later = inNetherlands(account);
      await record(later);
      expect(await duplicateOf(later)).toBeNull();
      await registry.settle();
      const erasedView = (await registry.http.get(`/api/v1/reports/${erased.reportId}`).expect(200)).body;
      expect(erasedView.facts.accountRefs).toEqual([ERASED]);
    });

    it('stays claimed when the erasure is refused for a stale If-Match', async () => {
      const account = `acctsecretref-${randomUUID()}`;
      const kept = inNetherlands(account);
      await record(kept);
      const admin = await registry.as('admin', ['NL']);
      const refused = await admin
        .post('/api/v1/erasures')
        .set('If-Match', 'W/"0"')
        .send({ subjectId: kept.reportId, reason: 'DATA_SUBJECT_REQUEST' });
      expect(refused.status).toBe(412);
      const later = inNetherlands(account);
      await record(later);
      expect(await duplicateOf(later)).toEqual({ reportId: kept.reportId, basis: 'SAME_ACCOUNT' });
    });

    it('no longer makes a later report imported after it a repeat of it', async () => {
      const { account } = await erasedReportAndItsAccount();
      const [later, third] = [inNetherlands(account), inNetherlands(account)];
      const body = [later, third].map((data) => JSON.stringify({ type: 'RecordReport', data })).join('\n');
      const imported = await registry.http
        .post('/api/v1/imports')
        .set('content-type', 'application/x-ndjson')
        .send(body)
        .expect(200);
      expect(imported.body).toMatchObject({ imported: 2, rejected: 0 });
      expect(await duplicateOf(later)).toBeNull();
      expect(await duplicateOf(third)).toEqual({ reportId: later.reportId, basis: 'SAME_ACCOUNT' });
    });

    it('is claimed by one of two reports recorded at once, and the other is its repeat', async () => {
      const { account } = await erasedReportAndItsAccount();
      const [one, other] = [inNetherlands(account), inNetherlands(account)];
      await Promise.all([record(one), record(other)]);
      const marks = [await duplicateOf(one), await duplicateOf(other)];
      expect(marks.filter((mark) => mark === null)).toHaveLength(1);
      const first = marks[0] === null ? one : other;
      expect(marks.find((mark) => mark !== null)).toEqual({ reportId: first.reportId, basis: 'SAME_ACCOUNT' });
    });
  });

  it('answers 404 for a subject the registry holds nothing for, and refuses a reason outside the list', async () => {
    const admin = await registry.as('admin', '*');
    expect(
      (await admin.post('/api/v1/erasures').send({ subjectId: randomUUID(), reason: 'DATA_SUBJECT_REQUEST' })).body,
    ).toMatchObject({
      status: 404,
      code: 'SUBJECT.NOT_FOUND',
    });
    expect((await admin.post('/api/v1/erasures').send({ subjectId: randomUUID(), reason: 'because' })).status).toBe(
      400,
    );
  });
});
