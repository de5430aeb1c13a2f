import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far each projection has read the log; written in the same transaction as the projection's rows. */
@Entity({ name: 'projection_checkpoint' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  projection!: string;

  /** The event store's opaque log position to continue after. */
  @Column({ type: 'text' })
  position!: string;

  /** Global position of the last event applied, for people (`asOf.position`). */
  @Column({ name: 'global_position', type: 'bigint', nullable: true })
  globalPosition!: string | null;

  /** The projection's `version` that wrote the rows; null (rows older than versions) counts as 1. */
  @Column({ type: 'integer', nullable: true })
  version!: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
