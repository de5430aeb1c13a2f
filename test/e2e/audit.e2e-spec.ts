import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { MEMBER_STATES } from '@registry/domain';
import { reportBody } from '../support/lifecycle-fixtures';
import { recordWorld, type RecordWorld } from '../support/record-world';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

const V1 = '/api/v1';

interface Entry {
  stream: string;
  globalPosition: string;
  type: string;
  data: Record<string, unknown>;
  metadata: {
    memberState: string;
    actor: { userId: string; role: string };
    recordedAt: string;
    correlationId: string;
    causationId: string;
    eventId: string;
  };
}

describe('audit: histories, the whole log, verification and the access log over HTTP', () => {
  let registry: TestRegistry;
  let world: RecordWorld;
  let germanReport: string;
  const events = () => `"${registry.database.schema}".events`;

  beforeAll(async () => {
    registry = await startTestRegistry();
    world = await recordWorld(registry);
    const german = reportBody({ memberState: 'DE' });
    await registry.http.post(`${V1}/reports`).send(german).expect(201);
    germanReport = german.reportId;
    await registry.settle();
  }, 60_000);
  afterAll(() => registry.close());

  it("shows a stream's events with their full metadata", async () => {
    const correlationId = `audit-${randomUUID()}`;
    await registry.http
      .post(`${V1}/reports/${world.reportId}/assessments`)
      .set('X-Correlation-Id', correlationId)
      .send({ actionable: true, assessedAt: '2024-03-02T09:00:00Z' })
      .expect(201);
    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    const history = (await auditor.get(`${V1}/audit/streams/report-${world.reportId}`).expect(200)).body as Entry[];
    expect(history.map(({ type }) => type)).toEqual(['ReportReceived', 'ReportAssessed']);
    expect(history[1]!.metadata).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      recordedAt: '2025-01-15T12:00:00.000Z',
      actor: { userId: 'test-operator', role: 'recorder' },
      memberState: 'NL',
      correlationId,
      causationId: correlationId,
      schemaVersion: 1,
    });
  });

  it('pages the whole log in log order, showing each caller only its member states', async () => {
    const before = await registry.eventCount();
    const auditor = await registry.as('auditor', ['NL', 'DE'], 'auditor-all');
    const paged: Entry[] = [];
    let from = '0';
    for (let page = 0; page < 100; page++) {
      const { body } = await auditor.get(`${V1}/audit/log?from=${from}&limit=4`).expect(200);
      const { events: pageEvents, next, isEnd } = body as { events: Entry[]; next: string; isEnd: boolean };
      expect(pageEvents.length).toBeLessThanOrEqual(4);
      paged.push(...pageEvents);
      from = next;
      if (isEnd) break;
    }
    const { events: all } = await registry.runtime.store.readAll({ maxCount: 100_000 });
    const inScope = all.filter((event) => ['NL', 'DE'].includes(event.metadata.memberState));
    // Each page read is itself logged, so the log grows while it is paged: compare what the pages covered.
    expect(paged.length).toBeGreaterThanOrEqual(before);
    expect(paged.map((event) => event.globalPosition)).toEqual(
      inScope.slice(0, paged.length).map((event) => event.globalPosition.toString()),
    );
    expect(paged[0]!.metadata.actor).toBeDefined();

    const german = await registry.as('auditor', ['DE'], 'auditor-de');
    const { body } = await german.get(`${V1}/audit/log?limit=1000`).expect(200);
    const streams = (body as { events: Entry[] }).events.map((event) => event.stream);
    expect(streams).toContain(`report-${germanReport}`);
    expect(streams).not.toContain(`report-${world.reportId}`);
    // A global position starts the page after that event.
    const third = inScope[2]!.globalPosition.toString();
    const after = (await auditor.get(`${V1}/audit/log?from=${third}&limit=1`).expect(200)).body as { events: Entry[] };
    expect(after.events[0]!.globalPosition).toBe(inScope[3]!.globalPosition.toString());
    await auditor.get(`${V1}/audit/log?from=abc`).expect(400);
  });

  it('logs each read of a record with who, role, what, purpose and when, and never the data read', async () => {
    const recorder = await registry.as('recorder', ['NL'], 'recorder-rob');
    await recorder.get(`${V1}/reports/${world.reportId}`).set('X-Purpose', 'case review 2025/17').expect(200);
    await recorder.get(`${V1}/children/${world.childId}`).expect(200);
    // Refused and not-found reads disclose nothing and record nothing.
    await recorder.get(`${V1}/reports/${germanReport}`).expect(404);
    await recorder.get(`${V1}/reports/${randomUUID()}`).expect(404);
    await registry.settle();

    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    const { body } = await auditor.get(`${V1}/audit/access?actor=recorder-rob`).expect(200);
    expect((body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({
        actor: { userId: 'recorder-rob', role: 'recorder' },
        memberState: 'NL',
        type: 'RecordRead',
        accessed: 'REPORT',
        subject: world.reportId,
        purpose: 'case review 2025/17',
        channel: 'HTTP',
        recordedAt: '2025-01-15T12:00:00.000Z',
      }),
      expect.objectContaining({ accessed: 'CHILD', subject: world.childId, purpose: null }),
    ]);
    const byRecord = await auditor.get(`${V1}/audit/access?record=${world.reportId}`).expect(200);
    // The record's reads and its history's.
    const subjects = new Set(
      (byRecord.body as { entries: { subject: string }[] }).entries.map((entry) => entry.subject),
    );
    expect(subjects).toEqual(new Set([world.reportId, `report-${world.reportId}`]));

    // The access events name ids only: no facts of the report.
    const rows = await registry.runtime.readModels.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM ${events()} WHERE stream_name LIKE 'access-%'`,
    );
    for (const { data } of rows)
      expect(Object.keys(data).sort()).toEqual(expect.arrayContaining(['channel', 'memberState', 'purpose']));
    expect(JSON.stringify(rows)).not.toMatch(/Example Messenger|KNOWN_CSAM|externalReference/);
  });

  it('finds the reads of an actor whose id holds any character a token’s sub may', async () => {
    const issuersSubject = 'auth0|5f7c8ec7c33c6c004bbafe82';
    await (await registry.as('recorder', ['NL'], issuersSubject)).get(`${V1}/reports/${world.reportId}`).expect(200);
    await registry.settle();
    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    const { body } = await auditor.get(`${V1}/audit/access`).query({ actor: issuersSubject }).expect(200);
    expect((body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ actor: { userId: issuersSubject, role: 'recorder' }, accessed: 'REPORT' }),
    ]);
  });

  it('logs statistics exports and history reads, outside every statistics and record read model', async () => {
    const statistician = await registry.as('statistician', ['NL'], 'stats-sam');
    await statistician
      .get(`${V1}/statistics/art8?ms=NL&year=2024&format=csv`)
      .set('X-Purpose', 'Art. 8 return')
      .expect(200);
    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    await auditor.get(`${V1}/audit/streams/investigation-${world.investigationId}`).expect(200);
    await registry.settle();
    const { body } = await auditor.get(`${V1}/audit/access?actor=stats-sam`).expect(200);
    expect((body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({
        type: 'StatisticsExported',
        accessed: 'ART8',
        subject: null,
        parameters: { year: '2024', format: 'csv' },
        purpose: 'Art. 8 return',
      }),
    ]);
    const history = await auditor.get(`${V1}/audit/access?record=investigation-${world.investigationId}`).expect(200);
    expect((history.body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({
        accessed: 'STREAM_HISTORY',
        subject: `investigation-${world.investigationId}`,
        actor: { userId: 'auditor-anna', role: 'auditor' },
      }),
    ]);
    const statistics = await registry.runtime.readModels.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM stat_log WHERE stream_name LIKE 'access-%'`,
    );
    expect(statistics).toEqual([{ n: 0 }]);
  });

  it('shows the histories of a member state’s statistics and access streams to its own auditors', async () => {
    const declaration = { memberState: 'NL', year: 2021, metric: 'ART8_1_B', reason: 'NOT_COLLECTED', note: null };
    await registry.http.post(`${V1}/statistics/not-available`).send(declaration).expect(201);
    const [accessStream] = (
      await registry.runtime.readModels.query<{ stream_name: string }[]>(
        `SELECT stream_name FROM ${events()} WHERE stream_name LIKE 'access-NL-%' LIMIT 1`,
      )
    ).map((row) => row.stream_name);
    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    const governance = (
      await auditor.get(`${V1}/audit/streams/statistics-NL`).set('X-Purpose', 'governance review').expect(200)
    ).body as Entry[];
    expect(governance.at(-1)).toMatchObject({
      stream: 'statistics-NL',
      type: 'DataNotAvailableDeclared',
      metadata: { actor: { userId: 'test-operator' }, memberState: 'NL' },
    });
    const reads = (await auditor.get(`${V1}/audit/streams/${accessStream}`).expect(200)).body as Entry[];
    expect(new Set(reads.map(({ stream, metadata }) => `${stream} ${metadata.memberState}`))).toEqual(
      new Set([`${accessStream} NL`]),
    );

    const german = await registry.as('auditor', ['DE'], 'auditor-de');
    await german.get(`${V1}/audit/streams/statistics-NL`).expect(404);
    await german.get(`${V1}/audit/streams/${accessStream}`).expect(404);
    await registry.settle();
    const { body } = await auditor.get(`${V1}/audit/access?record=statistics-NL`).expect(200);
    expect((body as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ accessed: 'STREAM_HISTORY', subject: 'statistics-NL', purpose: 'governance review' }),
    ]);
  });

  it('refuses a malformed purpose before reading anything', async () => {
    const recorder = await registry.as('recorder', ['NL']);
    const response = await recorder.get(`${V1}/reports/${world.reportId}`).set('X-Purpose', 'x'.repeat(201));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'X-Purpose', messages: [expect.stringMatching(/^X-Purpose must be/)] },
    ]);
  });

  it('keeps a purpose beyond ASCII as the client wrote it, in UTF-8 or in latin1', async () => {
    const recorder = await registry.as('recorder', ['NL'], 'recorder-rut');
    const purpose = 'Überprüfung – żądanie 2025/3, łącznie “Art. 8”';
    // Node's client writes a header's characters as bytes (latin1): these are the purpose's UTF-8 bytes.
    const inUtf8 = Buffer.from(purpose, 'utf8').toString('latin1');
    await recorder.get(`${V1}/reports/${world.reportId}`).set('X-Purpose', inUtf8).expect(200);
    await recorder.get(`${V1}/children/${world.childId}`).set('X-Purpose', 'Prüfung').expect(200);
    await registry.settle();
    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    const { body } = await auditor.get(`${V1}/audit/access?actor=recorder-rut`).expect(200);
    expect((body as { entries: { purpose: string }[] }).entries.map((entry) => entry.purpose)).toEqual([
      purpose,
      'Prüfung',
    ]);
  });

  it('fails the read when its access record cannot be written, instead of answering unlogged', async () => {
    const recorder = await registry.as('recorder', ['NL']);
    const append = jest.spyOn(registry.runtime.store, 'appendToStreams').mockRejectedValueOnce(new Error('disk full'));
    try {
      const response = await recorder.get(`${V1}/reports/${world.reportId}`);
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.toContain(world.reportId);
    } finally {
      append.mockRestore();
    }
    await recorder.get(`${V1}/reports/${world.reportId}`).expect(200);
  });

  it('lets a third party check the latest seal from the log pages and the public key alone', async () => {
    await registry.settle();
    // Everything below is docs/audit-verification.md, written independently of the registry's code.
    const canonical = (value: unknown): string =>
      Array.isArray(value)
        ? `[${value.map(canonical).join(',')}]`
        : value !== null && typeof value === 'object'
          ? `{${Object.keys(value)
              .sort()
              .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
              .join(',')}}`
          : JSON.stringify(value);
    const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    const exporter = await registry.as('auditor', '*', 'third-party-export');
    const { notary, latestSeal } = (await exporter.get(`${V1}/audit/verify`).expect(200)).body as {
      notary: { publicKey: string };
      latestSeal: { sequence: string; globalPosition: string; chainHead: string; sealedAt: string; signature: string };
    };
    let head = sha256('case-registry log chain v1');
    let sequence = 0;
    let last: Entry | undefined;
    for (let from = '0'; sequence < Number(latestSeal.sequence);) {
      const page = (await exporter.get(`${V1}/audit/log?from=${from}&limit=7`).expect(200)).body as {
        events: (Entry & { revision: number })[];
        next: string;
      };
      for (const event of page.events.slice(0, Number(latestSeal.sequence) - sequence)) {
        const { data, globalPosition, metadata, revision, stream, type } = event;
        head = sha256(`${head}\n${sha256(canonical({ data, globalPosition, metadata, revision, stream, type }))}`);
        sequence++;
        last = event;
      }
      from = page.next;
    }
    expect({ head, position: last?.globalPosition }).toEqual({
      head: latestSeal.chainHead,
      position: latestSeal.globalPosition,
    });
    const message = `case-registry-seal-v1|${latestSeal.sequence}|${latestSeal.globalPosition}|${latestSeal.chainHead}|${latestSeal.sealedAt}`;
    expect(
      verify(
        null,
        Buffer.from(message, 'utf8'),
        createPublicKey(notary.publicKey),
        Buffer.from(latestSeal.signature, 'base64'),
      ),
    ).toBe(true);
    expect(
      verify(
        null,
        Buffer.from(`${message}x`, 'utf8'),
        createPublicKey(notary.publicKey),
        Buffer.from(latestSeal.signature, 'base64'),
      ),
    ).toBe(false);
  });

  it('shows registry-wide events (the notary’s) in log pages to readers of every member state only', async () => {
    const correlationId = randomUUID();
    const metadata = {
      eventId: randomUUID(),
      recordedAt: '2025-01-15T12:00:00.000Z',
      actor: { userId: 'cli:operator', role: 'admin' },
      memberState: '*',
      correlationId,
      causationId: correlationId,
      schemaVersion: 1,
    };
    const seal = { sequence: '1', globalPosition: '1', chainHead: '0'.repeat(64) };
    const data = { recordedSeal: seal, databaseSeal: null, reason: 'restored a backup' };
    await registry.runtime.store.appendToStream(
      'notary-restores',
      [{ type: 'NotaryRestoreAccepted', data, metadata }],
      {
        kind: 'any',
      },
    );
    const streamsSeenBy = async (memberStates: readonly ('NL' | 'DE')[] | '*') => {
      const reader = await registry.as('auditor', memberStates, 'auditor-of-pages');
      const { body } = await reader.get(`${V1}/audit/log?limit=1000`).expect(200);
      return (body as { events: Entry[] }).events.map((event) => event.stream);
    };
    expect(await streamsSeenBy('*')).toContain('notary-restores');
    expect(await streamsSeenBy(['NL', 'DE'])).not.toContain('notary-restores');
  });

  it('shows a registry-wide stream’s history to readers of every member state and logs it under each', async () => {
    // The acceptance the test before appended.
    const everywhere = await registry.as('auditor', '*', 'auditor-of-restores');
    const { body } = await everywhere
      .get(`${V1}/audit/streams/notary-restores`)
      .set('X-Purpose', 'restore review')
      .expect(200);
    expect((body as Entry[]).map(({ stream, type, metadata }) => [stream, type, metadata.memberState])).toEqual([
      ['notary-restores', 'NotaryRestoreAccepted', '*'],
    ]);

    // A reader of some member states is answered as for a stream without events, and nothing is logged.
    const scoped = await registry.as('auditor', ['NL', 'DE'], 'auditor-of-some');
    const unknown = `report-${randomUUID()}`;
    const none = await scoped.get(`${V1}/audit/streams/${unknown}`).expect(404);
    const refused = await scoped.get(`${V1}/audit/streams/notary-restores`).expect(404);
    expect(refused.body).toEqual(JSON.parse(JSON.stringify(none.body).replaceAll(unknown, 'notary-restores')));

    // A log page that shows the acceptance alone (found by another reader, whose reads are not counted here).
    const finder = await registry.as('auditor', '*', 'auditor-of-pages');
    const log = (await finder.get(`${V1}/audit/log?limit=1000`).expect(200)).body as { events: Entry[] };
    const before = log.events[log.events.findIndex(({ stream }) => stream === 'notary-restores') - 1]!;
    const page = await everywhere.get(`${V1}/audit/log?from=${before.globalPosition}&limit=1`).expect(200);
    expect((page.body as { events: Entry[] }).events.map(({ stream }) => stream)).toEqual(['notary-restores']);
    await registry.settle();
    const reads = async (actor: string) => {
      const page = await everywhere.get(`${V1}/audit/access?actor=${actor}&limit=1000`).expect(200);
      return (page.body as { entries: { accessed: string; subject: string; memberState: string }[] }).entries;
    };
    const logged = await reads('auditor-of-restores');
    // Access records are kept per member state: a read of registry-wide events is recorded for each of them.
    const memberStatesOf = (accessed: string) =>
      logged.filter((entry) => entry.accessed === accessed).map(({ memberState }) => memberState);
    expect(memberStatesOf('STREAM_HISTORY').sort()).toEqual([...MEMBER_STATES].sort());
    expect(memberStatesOf('LOG_PAGE').sort()).toEqual([...MEMBER_STATES].sort());
    expect(logged.filter((entry) => entry.accessed === 'STREAM_HISTORY')).toEqual(
      MEMBER_STATES.map(() => expect.objectContaining({ subject: 'notary-restores', purpose: 'restore review' })),
    );
    expect(await reads('auditor-of-some')).toEqual([]);
  });

  it('verifies the log, access records included, and names the first position of two swapped events', async () => {
    await registry.settle();
    const auditor = await registry.as('auditor', ['NL'], 'auditor-anna');
    const intact = (await auditor.get(`${V1}/audit/verify`).expect(200)).body as {
      isIntact: boolean;
      eventsChecked: number;
      unnotarisedEvents: number;
      recordedSealChecked: boolean;
      notary: { algorithm: string; publicKey: string };
    };
    expect(intact).toMatchObject({ isIntact: true, eventsChecked: await registry.eventCount(), unnotarisedEvents: 0 });
    // This process's notary keeps its latest seal in memory (no data directory), and the database holds it.
    expect(intact.recordedSealChecked).toBe(true);
    expect(intact.notary.algorithm).toBe('Ed25519');
    expect(createPublicKey(intact.notary.publicKey).asymmetricKeyType).toBe('ed25519');
    const chained = await registry.runtime.readModels.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notary_chain c JOIN ${events()} e ON e.global_position = c.global_position WHERE e.stream_name LIKE 'access-%'`,
    );
    expect(chained[0]!.n).toBeGreaterThan(0);

    const [first, second] = (
      await registry.runtime.readModels.query<{ global_position: string }[]>(
        `SELECT global_position FROM ${events()} WHERE type = 'ReportReceived' ORDER BY global_position LIMIT 2`,
      )
    ).map((row) => row.global_position);
    // Positions are generated, so the two events trade everything else: ids, types, data and metadata.
    await registry.runtime.readModels.transaction(async (manager) => {
      await manager.query(
        `CREATE TEMP TABLE pair ON COMMIT DROP AS SELECT global_position, event_id, type, data, metadata FROM ${events()} WHERE global_position IN ($1, $2)`,
        [first, second],
      );
      await manager.query(`UPDATE ${events()} SET event_id = gen_random_uuid() WHERE global_position IN ($1, $2)`, [
        first,
        second,
      ]);
      await manager.query(
        `UPDATE ${events()} e SET event_id = p.event_id, type = p.type, data = p.data, metadata = p.metadata FROM pair p
          WHERE (e.global_position, p.global_position) IN (($1, $2), ($2, $1))`,
        [first, second],
      );
    });
    const tampered = (await auditor.get(`${V1}/audit/verify`).expect(200)).body as {
      isIntact: boolean;
      failure: { globalPosition: string };
    };
    expect(tampered.isIntact).toBe(false);
    expect(tampered.failure.globalPosition).toBe(first);
  });
});
