import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Record-level read models of the case lifecycle and the links between records. */
export class CaseRecords1732340000000 implements MigrationInterface {
  name = 'CaseRecords1732340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE investigation_record (
      investigation_id uuid PRIMARY KEY,
      member_state char(2) NOT NULL,
      revision int NOT NULL,
      opened_at timestamptz NOT NULL,
      trigger text NOT NULL,
      offences jsonb NOT NULL DEFAULT '[]',
      suspects jsonb NOT NULL DEFAULT '[]',
      charges jsonb NOT NULL DEFAULT '[]',
      outcome text,
      closed_at timestamptz,
      recorded_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE TABLE investigation_report (
      investigation_id uuid NOT NULL,
      report_id uuid NOT NULL,
      PRIMARY KEY (investigation_id, report_id))`);
    await queryRunner.query(`CREATE INDEX investigation_report_report ON investigation_report (report_id)`);
    await queryRunner.query(`CREATE TABLE child_record (
      child_id uuid PRIMARY KEY,
      member_state char(2) NOT NULL,
      revision int NOT NULL,
      investigation_id uuid NOT NULL,
      facts jsonb NOT NULL,
      merged_into uuid,
      correction_count int NOT NULL DEFAULT 0,
      recorded_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE INDEX child_record_investigation ON child_record (investigation_id)`);
    await queryRunner.query(`CREATE TABLE child_report (
      child_id uuid NOT NULL,
      report_id uuid NOT NULL,
      PRIMARY KEY (child_id, report_id))`);
    await queryRunner.query(`CREATE INDEX child_report_report ON child_report (report_id)`);
    await queryRunner.query(`CREATE TABLE judgment_record (
      judgment_id uuid PRIMARY KEY,
      member_state char(2) NOT NULL,
      revision int NOT NULL,
      investigation_id uuid NOT NULL,
      person_id text NOT NULL,
      court text NOT NULL,
      decided_at timestamptz NOT NULL,
      outcome text NOT NULL,
      standing_outcome text NOT NULL,
      convicted_offence_ids jsonb NOT NULL,
      number_of_counts int,
      source text NOT NULL,
      appeals jsonb NOT NULL DEFAULT '[]',
      final_at timestamptz,
      recorded_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE INDEX judgment_record_investigation ON judgment_record (investigation_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['judgment_record', 'child_report', 'child_record', 'investigation_report', 'investigation_record']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
