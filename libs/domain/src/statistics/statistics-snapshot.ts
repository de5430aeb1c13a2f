import { InvalidCommand, type Command, type Event, type MemberState } from '../shared';
import { DomainError } from '../shared';

/**
 * Art. 8 submissions: a snapshot freezes the document exactly as computed at one log position; a submission
 * records that it was sent. Both live on `statistics-<memberState>`; a snapshot is never overwritten, and a
 * later difference from today's figures is a restatement.
 */
export type Article8SnapshotTaken = Event<
  'Article8SnapshotTaken',
  {
    readonly snapshotId: string;
    readonly memberState: MemberState;
    readonly year: number;
    /** Global position of the last event the figures include. */
    readonly asOfPosition: string | null;
    readonly takenAt: string;
    /** The full Art. 8 document as it was computed (exact figures). */
    readonly figures: unknown;
  }
>;

export type Article8ReportSubmitted = Event<
  'Article8ReportSubmitted',
  { readonly snapshotId: string; readonly memberState: MemberState; readonly submittedAt: string; readonly submittedTo: string }
>;

export type TakeArticle8Snapshot = Command<'TakeArticle8Snapshot', Article8SnapshotTaken['data']>;
export type SubmitArticle8Report = Command<'SubmitArticle8Report', Article8ReportSubmitted['data']>;

export interface Snapshot {
  readonly snapshotId: string;
  readonly year: number;
  readonly asOfPosition: string | null;
  readonly submittedAt: string | null;
}

export class SnapshotNotFound extends DomainError {
  readonly code = 'STATISTICS.SNAPSHOT_NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly snapshotId: string) {
    super(`Snapshot ${snapshotId} does not exist`, { snapshotId });
  }
}

export class SnapshotAlreadyTaken extends DomainError {
  readonly code = 'STATISTICS.SNAPSHOT_ID_ALREADY_USED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly snapshotId: string) {
    super(`Snapshot id ${snapshotId} is already used by another snapshot`, { snapshotId });
  }
}

export class SnapshotAlreadySubmitted extends DomainError {
  readonly code = 'STATISTICS.SNAPSHOT_ALREADY_SUBMITTED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly snapshotId: string) {
    super(`Snapshot ${snapshotId} was already submitted; take a new snapshot to submit a restatement`, { snapshotId });
  }
}

export const decideSnapshot = ({ data }: TakeArticle8Snapshot, snapshots: readonly Snapshot[]): Article8SnapshotTaken[] => {
  const known = snapshots.find((snapshot) => snapshot.snapshotId === data.snapshotId);
  if (known) {
    // A retried snapshot (same year and position) is the same snapshot; anything else reuses the id.
    if (known.year === data.year && known.asOfPosition === data.asOfPosition) return [];
    throw new SnapshotAlreadyTaken(data.snapshotId);
  }
  if (!Number.isInteger(data.year)) throw new InvalidCommand('year', 'year is a calendar year');
  return [{ type: 'Article8SnapshotTaken', data }];
};

export const decideSubmission = ({ data }: SubmitArticle8Report, snapshots: readonly Snapshot[]): Article8ReportSubmitted[] => {
  const snapshot = snapshots.find((candidate) => candidate.snapshotId === data.snapshotId);
  if (!snapshot) throw new SnapshotNotFound(data.snapshotId);
  if (snapshot.submittedAt !== null) {
    if (snapshot.submittedAt === data.submittedAt) return [];
    throw new SnapshotAlreadySubmitted(data.snapshotId);
  }
  if (data.submittedTo.trim() === '') throw new InvalidCommand('submittedTo', 'submittedTo names the recipient, e.g. the Commission');
  return [{ type: 'Article8ReportSubmitted', data }];
};

export const evolveSnapshots = (snapshots: readonly Snapshot[], event: Article8SnapshotTaken | Article8ReportSubmitted): readonly Snapshot[] =>
  event.type === 'Article8SnapshotTaken'
    ? [...snapshots, { snapshotId: event.data.snapshotId, year: event.data.year, asOfPosition: event.data.asOfPosition, submittedAt: null }]
    : snapshots.map((snapshot) => (snapshot.snapshotId === event.data.snapshotId ? { ...snapshot, submittedAt: event.data.submittedAt } : snapshot));
