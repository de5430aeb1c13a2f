import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first Art. 8(1)(a) table is replaced by the versioned statistics tables (as-of queries need history). */
export class DropArt8Report1732360000000 implements MigrationInterface {
  name = 'DropArt8Report1732360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS art8_report`);
    await queryRunner.query(`DELETE FROM projection_checkpoint WHERE projection = 'art8-reports'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE art8_report (
      report_id uuid PRIMARY KEY, member_state char(2) NOT NULL, year int NOT NULL, received_at timestamptz NOT NULL,
      reporter_kind text NOT NULL, source_channel text NOT NULL, provider_type text NOT NULL, content_category text NOT NULL,
      count_unit text NOT NULL, detected_under_art3 boolean, has_external_reference boolean NOT NULL, actionable boolean,
      is_withdrawn boolean NOT NULL DEFAULT false, group_root uuid NOT NULL, revision int NOT NULL)`);
  }
}
