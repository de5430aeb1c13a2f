import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { PersonalDataErased } from '@registry/domain';
import { ExpectedRevision, type NewEvent } from '@registry/event-store';
import { createTestDatabase, startEsdbDouble, type EsdbDouble, type TestDatabase } from '@registry/testing';
import { RegistryRuntime, type RuntimeOptions } from '../infrastructure/registry-runtime';
import { erasureStream } from './erase-personal-data';
import { ERASED } from './sealed-field';
import type { Subject } from './subject-key-store';

/**
 * An erasure recorded by a process that stopped before it destroyed the subject's key (ADR 0005, the addendum on
 * completing erasures): the next process that runs the projections destroys it, with the event's erasure time.
 */
describe.each(['postgres', 'eventstoredb'] as const)('an erasure left half done, events in %s', (eventStore) => {
  let database: TestDatabase;
  let double: EsdbDouble | undefined;
  let secretsDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    double = eventStore === 'eventstoredb' && !process.env.EVENTSTORE_URL ? await startEsdbDouble() : undefined;
    secretsDir = await mkdtemp(join(tmpdir(), 'erasure-completion-'));
  });

  afterAll(async () => {
    await double?.stop();
    await database.close();
    await rm(secretsDir, { recursive: true, force: true });
  });

  /** One process after another on the same database and log, with the same secrets (as a restart). */
  const open = (options: RuntimeOptions) =>
    RegistryRuntime.open(
      {
        storage: {
          kind: 'postgres',
          url: database.url,
          schema: database.schema,
          isSingleSession: database.kind === 'pglite',
        },
        port: 0,
        eventStoreUrl: eventStore === 'eventstoredb' ? (process.env.EVENTSTORE_URL ?? double!.connectionString) : null,
        security: {
          dataDir: secretsDir,
          masterKey: Buffer.alloc(32, 5),
          auth: { kind: 'embedded' },
          rateLimitPerMinute: 1_000,
          corsOrigins: [],
        },
      },
      options,
    );

  const erasedAt = '2025-02-03T04:05:06.000Z';
  /** What the erasure handler appends, with the metadata of its stamp. */
  const recordedErasure = ({ subjectId, memberState, kind }: Subject): NewEvent => {
    const event: PersonalDataErased = {
      type: 'PersonalDataErased',
      data: { subjectId, subjectKind: kind, memberState, reason: 'DATA_SUBJECT_REQUEST', erasedAt },
    };
    const metadata = {
      eventId: randomUUID(),
      recordedAt: erasedAt,
      actor: { userId: 'admin-1', role: 'admin' },
      memberState,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
    };
    return { ...event, metadata };
  };

  it('has its key destroyed when the projections start again; other subjects keep theirs', async () => {
    const erased: Subject = { subjectId: randomUUID(), memberState: 'NL', kind: 'REPORT' };
    const kept: Subject = { subjectId: randomUUID(), memberState: 'NL', kind: 'CHILD' };
    const reason = `corrected after a call with the account holder ${randomUUID()}`;

    // The process that erased: the event is in the log, and the process stopped before the key was destroyed.
    const stopped = await open({ projections: 'none' });
    let sealed: string[];
    try {
      sealed = [await stopped.personalData.seal(erased, reason), await stopped.personalData.seal(kept, reason)];
      const erasure = [recordedErasure(erased)];
      await stopped.store.appendToStream(erasureStream(erased.subjectId), erasure, ExpectedRevision.noStream);
      expect(await stopped.personalData.reveal(sealed)).toEqual([reason, reason]);
    } finally {
      await stopped.close();
    }

    const logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const restarted = await open({ projections: 'live', readModelUse: 'projecting' });
    try {
      await restarted.projector.waitUntilCaughtUp();

      expect(await restarted.personalData.reveal(sealed)).toEqual([ERASED, reason]);
      const rows = await restarted.readModels.query<{ is_erased: boolean; erased_at: Date | null }[]>(
        `SELECT wrapped_key IS NULL AS is_erased, erased_at FROM "${database.schema}".subject_key
          WHERE subject_id = $1`,
        [erased.subjectId],
      );
      expect(rows).toEqual([{ is_erased: true, erased_at: new Date(erasedAt) }]);
      const lines = logged.mock.calls.map(([message]) => String(message));
      expect(lines).toContain('destroyed 1 subject key(s) still held after their erasure');
      expect(lines.join('\n')).not.toContain(erased.subjectId);
    } finally {
      logged.mockRestore();
      await restarted.close();
    }
  }, 60_000);
});
