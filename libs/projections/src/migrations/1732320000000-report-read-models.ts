import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first read models: checkpoints, report detail and the Art. 8(1)(a) report table. */
export class ReportReadModels1732320000000 implements MigrationInterface {
  name = 'ReportReadModels1732320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE projection_checkpoint (
      projection text PRIMARY KEY,
      position text NOT NULL,
      global_position bigint,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE TABLE report_detail (
      report_id uuid PRIMARY KEY,
      member_state char(2) NOT NULL,
      revision int NOT NULL,
      facts jsonb NOT NULL,
      assessment jsonb,
      duplicate_of uuid,
      duplicate_basis text,
      correction_count int NOT NULL DEFAULT 0,
      withdrawn_reason text,
      recorded_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE TABLE art8_report (
      report_id uuid PRIMARY KEY,
      member_state char(2) NOT NULL,
      year int NOT NULL,
      received_at timestamptz NOT NULL,
      reporter_kind text NOT NULL,
      source_channel text NOT NULL,
      provider_type text NOT NULL,
      content_category text NOT NULL,
      count_unit text NOT NULL,
      detected_under_art3 boolean,
      has_external_reference boolean NOT NULL,
      actionable boolean,
      is_withdrawn boolean NOT NULL DEFAULT false,
      group_root uuid NOT NULL,
      revision int NOT NULL)`);
    await queryRunner.query(`CREATE INDEX art8_report_ms_year ON art8_report (member_state, year)`);
    await queryRunner.query(`CREATE INDEX art8_report_group_root ON art8_report (group_root)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE art8_report`);
    await queryRunner.query(`DROP TABLE report_detail`);
    await queryRunner.query(`DROP TABLE projection_checkpoint`);
  }
}
