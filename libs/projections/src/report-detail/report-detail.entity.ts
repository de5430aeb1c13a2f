import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One report as a recorder sees it: current facts, assessment, duplicate link, withdrawal. */
@Entity({ name: 'report_detail' })
export class ReportDetail {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @Column({ name: 'member_state', type: 'char', length: 2 })
  memberState!: string;

  /** Stream revision of the last event applied: makes the projection idempotent and is the ETag. */
  @Column({ type: 'int' })
  revision!: number;

  /** Current facts (corrections applied): hashes and keyed hashes only, never content. */
  @Column({ type: 'jsonb' })
  facts!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  assessment!: { actionable: boolean; reasonIfNot: string | null; assessedAt: string } | null;

  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf!: string | null;

  @Column({ name: 'duplicate_basis', type: 'text', nullable: true })
  duplicateBasis!: string | null;

  @Column({ name: 'correction_count', type: 'int', default: 0 })
  correctionCount!: number;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
