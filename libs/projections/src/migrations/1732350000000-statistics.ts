import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics read model: versioned fact tables. Every row version is valid from one statistics sequence
 * number (the n-th event the projection applied) until the next version, so every figure can be computed as
 * it stood after any event: `valid_from <= s AND (valid_to IS NULL OR valid_to > s)`.
 */
const VALIDITY = `valid_from bigint NOT NULL, valid_to bigint`;

const TABLES: Record<string, string> = {
  stat_log: `seq bigint PRIMARY KEY, global_position bigint NOT NULL UNIQUE, position_major bigint NOT NULL, position_minor bigint NOT NULL,
    recorded_at timestamptz NOT NULL, stream_name text NOT NULL, event_type text NOT NULL`,
  stat_report: `report_id uuid NOT NULL, member_state char(2) NOT NULL, year int NOT NULL, received_at timestamptz NOT NULL,
    reporter_kind text NOT NULL, source_channel text NOT NULL, provider_type text NOT NULL, content_category text NOT NULL,
    count_unit text NOT NULL, detected_under_art3 boolean, has_external_reference boolean NOT NULL, actionable boolean,
    is_withdrawn boolean NOT NULL, group_root uuid NOT NULL, ${VALIDITY}`,
  stat_investigation: `investigation_id uuid NOT NULL, member_state char(2) NOT NULL, year int NOT NULL, opened_at timestamptz NOT NULL,
    is_closed boolean NOT NULL, ${VALIDITY}`,
  stat_investigation_report: `investigation_id uuid NOT NULL, report_id uuid NOT NULL, ${VALIDITY}`,
  stat_offence: `investigation_id uuid NOT NULL, offence_id uuid NOT NULL, online_nexus text NOT NULL, ${VALIDITY}`,
  stat_charge: `investigation_id uuid NOT NULL, person_id text NOT NULL, filed_at timestamptz NOT NULL, ${VALIDITY}`,
  stat_child: `child_id uuid NOT NULL, member_state char(2) NOT NULL, investigation_id uuid NOT NULL, year int NOT NULL,
    identified_at timestamptz NOT NULL, sex text NOT NULL, identification_route text NOT NULL, is_merged boolean NOT NULL, ${VALIDITY}`,
  stat_child_report: `child_id uuid NOT NULL, report_id uuid NOT NULL, ${VALIDITY}`,
  stat_judgment: `judgment_id uuid NOT NULL, member_state char(2) NOT NULL, investigation_id uuid NOT NULL, person_id text NOT NULL,
    standing_outcome text NOT NULL, conviction_decided_at timestamptz, conviction_year int, convicted_offence_ids uuid[] NOT NULL,
    is_final boolean NOT NULL, ${VALIDITY}`,
  stat_declaration: `member_state char(2) NOT NULL, year int NOT NULL, metric text NOT NULL, reason text NOT NULL, note text, ${VALIDITY}`,
  stat_methodology_change: `member_state char(2) NOT NULL, metric text NOT NULL, effective_from timestamptz NOT NULL, year int NOT NULL,
    description text NOT NULL, ${VALIDITY}`,
  stat_ncmec_figure: `member_state char(2) NOT NULL, year int NOT NULL, count bigint NOT NULL, source text NOT NULL, ${VALIDITY}`,
};

const INDEXES = [
  `CREATE INDEX stat_log_position ON stat_log (position_major, position_minor)`,
  `CREATE INDEX stat_log_recorded ON stat_log (recorded_at)`,
  `CREATE INDEX stat_report_key ON stat_report (report_id, valid_from)`,
  `CREATE INDEX stat_report_year ON stat_report (member_state, year) WHERE valid_to IS NULL`,
  `CREATE INDEX stat_report_year_history ON stat_report (member_state, year, valid_from)`,
  `CREATE INDEX stat_report_group ON stat_report (group_root) WHERE valid_to IS NULL`,
  `CREATE INDEX stat_report_group_history ON stat_report (group_root, valid_from)`,
  `CREATE INDEX stat_investigation_key ON stat_investigation (investigation_id, valid_from)`,
  `CREATE INDEX stat_investigation_year ON stat_investigation (member_state, year)`,
  `CREATE INDEX stat_investigation_report_report ON stat_investigation_report (report_id)`,
  `CREATE INDEX stat_investigation_report_investigation ON stat_investigation_report (investigation_id)`,
  `CREATE INDEX stat_offence_investigation ON stat_offence (investigation_id)`,
  `CREATE INDEX stat_charge_investigation ON stat_charge (investigation_id)`,
  `CREATE INDEX stat_child_key ON stat_child (child_id, valid_from)`,
  `CREATE INDEX stat_child_year ON stat_child (member_state, year)`,
  `CREATE INDEX stat_child_report_child ON stat_child_report (child_id)`,
  `CREATE INDEX stat_child_report_report ON stat_child_report (report_id)`,
  `CREATE INDEX stat_judgment_key ON stat_judgment (judgment_id, valid_from)`,
  `CREATE INDEX stat_judgment_year ON stat_judgment (member_state, conviction_year)`,
  `CREATE INDEX stat_judgment_investigation ON stat_judgment (investigation_id)`,
  `CREATE INDEX stat_declaration_key ON stat_declaration (member_state, year, metric)`,
  `CREATE INDEX stat_methodology_change_key ON stat_methodology_change (member_state, metric, year)`,
  `CREATE INDEX stat_ncmec_figure_key ON stat_ncmec_figure (member_state, year)`,
];

export class Statistics1732350000000 implements MigrationInterface {
  name = 'Statistics1732350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(TABLES)) await queryRunner.query(`CREATE TABLE ${table} (${columns})`);
    for (const index of INDEXES) await queryRunner.query(index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(TABLES).reverse()) await queryRunner.query(`DROP TABLE ${table}`);
  }
}

export const STATISTICS_TABLES = Object.keys(TABLES);
