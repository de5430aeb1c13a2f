import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes a rebuild dropped to build them once at its end (ADR 0023), with the definition each had. A row is
 * written in the transaction that drops the index and deleted in the one that builds it again, so an index a
 * crashed rebuild left missing is still known here, and built by the next process that projects the schema.
 */
export class DeferredIndexes1732390000000 implements MigrationInterface {
  name = 'DeferredIndexes1732390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE projection_deferred_index (
      projection text NOT NULL,
      index_name text NOT NULL,
      definition text NOT NULL,
      deferred_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, index_name))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_deferred_index`);
  }
}
