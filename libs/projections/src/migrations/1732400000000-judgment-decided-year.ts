import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The year of a judgment's first-instance decision, whatever its outcome: a non-final acquittal can still become
 * a conviction on appeal, so it keeps that year's Art. 8(1)(c) figure provisional. Null in rows written before the
 * statistics projection's version 2, which a version switch rebuilds (ADR 0003).
 */
export class JudgmentDecidedYear1732400000000 implements MigrationInterface {
  name = 'JudgmentDecidedYear1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stat_judgment ADD COLUMN decided_year int`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stat_judgment DROP COLUMN decided_year`);
  }
}
