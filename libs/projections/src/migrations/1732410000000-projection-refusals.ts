import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projections a live projector holds because they refused to go on (ADR 0029's addenda), with the reason: the
 * projector that holds one writes its row and deletes it when the projection goes on. A server whose projections
 * run in another process (`serve --no-projector` beside `registry project`) reads them here for `/health` and the
 * metrics, since that process's memory is out of its reach.
 */
export class ProjectionRefusals1732410000000 implements MigrationInterface {
  name = 'ProjectionRefusals1732410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE projection_refusal (
      projection text PRIMARY KEY,
      reason text NOT NULL,
      since timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_refusal`);
  }
}
