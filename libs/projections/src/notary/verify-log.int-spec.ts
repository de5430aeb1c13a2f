import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@registry/event-store';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { Projector } from '../projector/projector';
import { openReadModels } from '../read-model-data-source';
import { anAssessment } from '../testing/test-events';
import { NotaryKey } from './notary-key';
import { NotaryProjection } from './notary.projection';
import { verifyLog } from './verify-log';

describe('verify-log: the tamper-evident chain', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let readModels: DataSource;
  const key = NotaryKey.ephemeral();
  const events = `"${'%SCHEMA%'}".events`;
  const sql = (statement: string) => pool.query(statement.replaceAll('%EVENTS%', events.replace('%SCHEMA%', database.schema)));

  beforeEach(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 1 });
    await PostgresEventStore.migrate(pool, database.schema);
    store = new PostgresEventStore({ pool, schema: database.schema });
    readModels = await openReadModels(database.url, database.schema, database.kind === 'pglite' ? pool : undefined);
    for (let stream = 0; stream < 10; stream++) {
      const assessments = [anAssessment(stream), anAssessment(stream + 1)];
      await store.appendToStream(`report-${randomUUID()}`, assessments, { kind: 'noStream' });
    }
    // Seal every 5 events, so the log of 20 carries 4 seals.
    await new Projector(store, readModels, [new NotaryProjection(key, { sealEveryEvents: 5, sealEveryMs: 3_600_000 })]).catchUp();
  }, 60_000);

  afterEach(async () => {
    await store.close();
    await readModels.destroy();
    await pool.end();
    await database.close();
  });

  const verify = () => verifyLog(store, readModels.manager, key.publicKey, { sealEveryEvents: 5 });
  const positions = async () => (await sql(`SELECT global_position FROM %EVENTS% ORDER BY global_position`)).rows.map((row: { global_position: string }) => row.global_position);

  it('verifies an untouched log', async () => {
    const intact = { isIntact: true, eventsChecked: 20, sealsChecked: 4, unnotarisedEvents: 0 };
    await expect(verify()).resolves.toEqual({ ...intact, recordedSealChecked: false });
  });

  it('names the position of an event whose data was edited in the database', async () => {
    const target = (await positions())[7];
    await sql(`UPDATE %EVENTS% SET data = jsonb_set(data, '{assessedAt}', '"2020-01-01T00:00:00.000Z"') WHERE global_position = ${target}`);
    const result = await verify();
    expect(result.isIntact).toBe(false);
    expect(result.failure).toMatchObject({ problem: 'EVENT_ALTERED', globalPosition: target });
  });

  it('names the position of a deleted event', async () => {
    const target = (await positions())[12];
    await sql(`DELETE FROM %EVENTS% WHERE global_position = ${target}`);
    expect((await verify()).failure).toMatchObject({ problem: 'EVENT_MISSING_OR_MOVED', globalPosition: target });
  });

  it('names the first position of two swapped events', async () => {
    const all = await positions();
    const [first, second] = [all[3]!, all[9]!];
    // Positions are generated, so the two events trade everything else: ids, types, data and metadata.
    await sql(`CREATE TEMP TABLE pair AS SELECT global_position, event_id, type, data, metadata FROM %EVENTS% WHERE global_position IN (${first}, ${second})`);
    await sql(`UPDATE %EVENTS% SET event_id = gen_random_uuid() WHERE global_position IN (${first}, ${second})`);
    await sql(
      `UPDATE %EVENTS% e SET event_id = p.event_id, type = p.type, data = p.data, metadata = p.metadata FROM pair p
        WHERE (e.global_position, p.global_position) IN ((${first}, ${second}), (${second}, ${first}))`,
    );
    expect((await verify()).failure).toMatchObject({ globalPosition: first });
  });

  it('catches an edit whose chain rows were rewritten to match, through the signed seal', async () => {
    const target = (await positions())[2]!;
    await sql(`UPDATE %EVENTS% SET data = jsonb_set(data, '{assessedAt}', '"2020-01-01T00:00:00.000Z"') WHERE global_position = ${target}`);
    // The forger recomputes the whole chain from the edited log, but cannot re-sign the seals.
    await readModels.query(`TRUNCATE notary_chain`);
    await readModels.query(`DELETE FROM projection_checkpoint`);
    await readModels.query(`CREATE TEMP TABLE keep_seals AS SELECT * FROM notary_seal`);
    await readModels.query(`TRUNCATE notary_seal`);
    await new Projector(store, readModels, [new NotaryProjection(NotaryKey.ephemeral(), { sealEveryEvents: 1_000_000, sealEveryMs: 3_600_000 })]).catchUp();
    await readModels.query(`TRUNCATE notary_seal`);
    await readModels.query(`INSERT INTO notary_seal SELECT * FROM keep_seals`);
    expect((await verify()).failure).toMatchObject({ problem: 'SEAL_MISMATCH' });
  });

  it('catches an edit whose chain rows were rewritten to match and whose later seals were deleted', async () => {
    const all = await positions();
    await sql(
      `UPDATE %EVENTS% SET data = jsonb_set(data, '{assessedAt}', '"2020-01-01T00:00:00.000Z"')
        WHERE global_position = ${all[6]}`,
    );
    // The forger recomputes the chain from the edited log and deletes the seals it no longer matches.
    await readModels.query(`TRUNCATE notary_chain`);
    await readModels.query(`DELETE FROM projection_checkpoint`);
    await readModels.query(`CREATE TEMP TABLE keep_seals AS SELECT * FROM notary_seal WHERE sequence < 7`);
    const forgersNotary = new NotaryProjection(NotaryKey.ephemeral(), { sealEveryEvents: 1_000_000 });
    await new Projector(store, readModels, [forgersNotary]).catchUp();
    await readModels.query(`TRUNCATE notary_seal`);
    await readModels.query(`INSERT INTO notary_seal SELECT * FROM keep_seals`);
    // Seals every 5 events: the one after the 10th event is missing.
    expect((await verify()).failure).toMatchObject({ problem: 'SEAL_MISSING', globalPosition: all[9] });
  });

  it('takes a deleted chain row for the chain altered, at the position of the event it notarised', async () => {
    const target = (await positions())[12];
    await readModels.query(`DELETE FROM notary_chain WHERE global_position = $1`, [target]);
    expect((await verify()).failure).toMatchObject({ problem: 'CHAIN_ALTERED', globalPosition: target });
  });

  it.each([
    ['event_hash', `repeat('0', 64)`],
    ['event_id', 'gen_random_uuid()'],
    ['global_position', 'global_position + 1000'],
  ])('takes a chain row whose %s was edited for the chain altered, not the event', async (column, value) => {
    const target = (await positions())[12];
    await readModels.query(`UPDATE notary_chain SET ${column} = ${value} WHERE global_position = $1`, [target]);
    expect((await verify()).failure).toMatchObject({ problem: 'CHAIN_ALTERED', globalPosition: target });
  });

  it('rejects a seal signed with another key', async () => {
    await readModels.query(`UPDATE notary_seal SET signature = $1 WHERE sequence = 10`, [NotaryKey.ephemeral().sign('forged')]);
    expect((await verify()).failure).toMatchObject({ problem: 'SEAL_INVALID' });
  });
});
