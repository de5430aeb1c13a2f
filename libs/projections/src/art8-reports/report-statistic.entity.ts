import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per report with exactly the attributes Art. 8(1)(a) counts by. Figures are aggregated from these
 * rows at query time, so a correction or a late duplicate link changes every figure it touches.
 */
@Entity({ name: 'art8_report' })
@Index(['memberState', 'year'])
@Index(['groupRoot'])
export class ReportStatistic {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @Column({ name: 'member_state', type: 'char', length: 2 })
  memberState!: string;

  /** Calendar year of receivedAt in the member state's legal time zone. */
  @Column({ type: 'int' })
  year!: number;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'reporter_kind', type: 'text' }) reporterKind!: string;
  @Column({ name: 'source_channel', type: 'text' }) sourceChannel!: string;
  @Column({ name: 'provider_type', type: 'text' }) providerType!: string;
  @Column({ name: 'content_category', type: 'text' }) contentCategory!: string;
  @Column({ name: 'count_unit', type: 'text' }) countUnit!: string;
  @Column({ name: 'detected_under_art3', type: 'boolean', nullable: true }) detectedUnderArt3!: boolean | null;
  @Column({ name: 'has_external_reference', type: 'boolean' }) hasExternalReference!: boolean;

  /** Latest assessment; null while not assessed. */
  @Column({ type: 'boolean', nullable: true })
  actionable!: boolean | null;

  @Column({ name: 'is_withdrawn', type: 'boolean', default: false })
  isWithdrawn!: boolean;

  /** The root report of the duplicate group (the report itself unless marked a duplicate). */
  @Column({ name: 'group_root', type: 'uuid' })
  groupRoot!: string;

  @Column({ type: 'int' })
  revision!: number;
}
