import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who read which record or exported which statistics, in log order (the events are in `access-…` streams). */
export class AccessLog1732380000000 implements MigrationInterface {
  name = 'AccessLog1732380000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE access_log (
      global_position bigint PRIMARY KEY,
      position_major bigint NOT NULL,
      position_minor bigint NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      member_state char(2) NOT NULL,
      event_type text NOT NULL,
      accessed text NOT NULL,
      subject text,
      parameters jsonb,
      purpose text,
      channel text NOT NULL,
      correlation_id text NOT NULL)`);
    await queryRunner.query(`CREATE INDEX access_log_order ON access_log (position_major, position_minor)`);
    await queryRunner.query(`CREATE INDEX access_log_actor ON access_log (actor_id, position_major, position_minor)`);
    await queryRunner.query(`CREATE INDEX access_log_subject ON access_log (subject, position_major, position_minor)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_log`);
  }
}
