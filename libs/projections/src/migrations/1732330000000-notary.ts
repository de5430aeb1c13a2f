import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notary's hash chain (one row per event, in log order) and its signed seals. */
export class Notary1732330000000 implements MigrationInterface {
  name = 'Notary1732330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE notary_chain (
      sequence bigint PRIMARY KEY,
      global_position bigint NOT NULL,
      event_id uuid NOT NULL,
      event_hash char(64) NOT NULL,
      chain_head char(64) NOT NULL)`);
    await queryRunner.query(`CREATE TABLE notary_seal (
      sequence bigint PRIMARY KEY,
      global_position bigint NOT NULL,
      chain_head char(64) NOT NULL,
      sealed_at timestamptz NOT NULL,
      signature text NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notary_seal`);
    await queryRunner.query(`DROP TABLE notary_chain`);
  }
}
