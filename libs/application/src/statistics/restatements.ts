import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SnapshotNotFound, type Article8SnapshotTaken, type MemberState } from '@registry/domain';
import type { EventStore } from '@registry/event-store';
import { currentMoment, eventsChangingPart, seqAtPosition, type ChangingEvent } from '@registry/projections';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../shared/tokens';
import { ART8_METRICS, cellsOf, PART_OF, type Art8Document, type Art8Metric, type Art8Quality } from './art8-document';
import { buildArt8Document } from './get-art8-document';
import { statisticsStream } from './governance-commands';

export interface Restatement {
  /** e.g. "c.convictedPersons", "status.ART8_1_C" or "definitionVersion.ART8_1_A". */
  readonly figure: string;
  readonly submitted: number | string | null;
  readonly current: number | string | null;
}

export interface RestatementReport {
  readonly memberState: string;
  readonly year: number;
  readonly snapshotId: string;
  readonly snapshotAsOf: string | null;
  readonly currentAsOf: string | null;
  readonly restatements: readonly Restatement[];
  /** Per part with a restated figure: the events recorded since the snapshot on the records behind it. */
  readonly changedBy: Partial<Record<'a' | 'b' | 'c', readonly ChangingEvent[]>>;
}

export class GetRestatementsQuery extends Query<RestatementReport> {
  constructor(
    readonly memberState: MemberState,
    readonly snapshotId: string,
  ) {
    super();
  }
}

/** A snapshot taken before the document carried definitionVersion has none in its status: no figure for it. */
const definitionVersionsOf = (document: Art8Document): [string, number][] =>
  ART8_METRICS.flatMap((metric): [string, number][] => {
    const version = (document.status[metric] as Partial<Art8Quality>).definitionVersion;
    return version === undefined ? [] : [[`definitionVersion.${metric}`, version]];
  });

const figuresOf = (document: Art8Document): Map<string, number | string | null> =>
  new Map<string, number | string | null>([
    ...ART8_METRICS.flatMap((metric) => cellsOf(document[PART_OF[metric]], PART_OF[metric])),
    ...ART8_METRICS.map((metric): [string, string] => [`status.${metric}`, document.status[metric].status]),
    ...definitionVersionsOf(document),
  ]);

/**
 * A figure the document gained after the snapshot was taken (e.g. b.onlineNexusUnknown, or a metric's
 * definitionVersion): its part was in the snapshot, the figure was not. It was never submitted, so it cannot have
 * been restated. A figure of a part declared not available then (null) is another matter: that it has a value now
 * is a restatement.
 */
const addedSince = (submitted: Art8Document, before: ReadonlyMap<string, unknown>, figure: string): boolean => {
  if (before.has(figure) || figure.startsWith('status.')) return false;
  return figure.startsWith('definitionVersion.') || submitted[figure[0] as 'a' | 'b' | 'c'] !== null;
};

/** The part a figure belongs to: its prefix, or its metric's part for a status or definitionVersion. */
const partOf = (figure: string): 'a' | 'b' | 'c' => {
  const [head, metric] = figure.split('.') as [string, Art8Metric];
  return head === 'status' || head === 'definitionVersion' ? PART_OF[metric] : (head as 'a' | 'b' | 'c');
};

/** Compares a submitted snapshot with today's figures: each difference is a restatement, with its causes. */
@QueryHandler(GetRestatementsQuery)
export class GetRestatementsHandler implements IQueryHandler<GetRestatementsQuery> {
  constructor(
    private readonly readModels: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ memberState, snapshotId }: GetRestatementsQuery): Promise<RestatementReport> {
    const history = await this.store.readStream(statisticsStream(memberState));
    const snapshot = history.find((event) => event.type === 'Article8SnapshotTaken' && (event.data as Article8SnapshotTaken['data']).snapshotId === snapshotId);
    if (!snapshot) throw new SnapshotNotFound(snapshotId);
    const taken = snapshot.data as Article8SnapshotTaken['data'];
    const submittedDocument = taken.figures as Art8Document;
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const current = await buildArt8Document(manager, memberState, taken.year, await currentMoment(manager), 'exact');
      const before = figuresOf(submittedDocument);
      const after = figuresOf(current);
      const restatements = [...new Set([...before.keys(), ...after.keys()])]
        .filter((figure) => before.get(figure) !== after.get(figure) && !addedSince(submittedDocument, before, figure))
        .map((figure) => ({ figure, submitted: before.get(figure) ?? null, current: after.get(figure) ?? null }));
      const sinceSeq = await seqAtPosition(manager, taken.asOfPosition);
      const parts = [...new Set(restatements.map((restatement) => partOf(restatement.figure)))];
      const changedBy: RestatementReport['changedBy'] = {};
      for (const part of parts) changedBy[part] = await eventsChangingPart(manager, part, memberState, taken.year, sinceSeq);
      return {
        memberState,
        year: taken.year,
        snapshotId,
        snapshotAsOf: taken.asOfPosition,
        currentAsOf: current.asOf.position,
        restatements,
        changedBy,
      };
    });
  }
}
