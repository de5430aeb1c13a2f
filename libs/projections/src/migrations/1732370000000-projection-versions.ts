import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of the projection code that wrote each projection's rows (ADR 0003). Rows written before
 * versions existed have none, which counts as version 1.
 */
export class ProjectionVersions1732370000000 implements MigrationInterface {
  name = 'ProjectionVersions1732370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projection_checkpoint ADD COLUMN version integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projection_checkpoint DROP COLUMN version`);
  }
}
