import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { statisticsDecider } from './statistics.decider';
import { SnapshotAlreadySubmitted, SnapshotAlreadyTaken, SnapshotNotFound, type Article8ReportSubmitted, type Article8SnapshotTaken } from './statistics-snapshot';

const given = DeciderSpecification.for(statisticsDecider);
const snapshotId = '9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const taken = (overrides: Partial<Article8SnapshotTaken['data']> = {}): Article8SnapshotTaken => ({
  type: 'Article8SnapshotTaken',
  data: { snapshotId, memberState: 'NL', year: 2024, asOfPosition: '120', takenAt: '2025-03-01T10:00:00.000Z', figures: { a: {} }, ...overrides },
});
const submitted = (overrides: Partial<Article8ReportSubmitted['data']> = {}): Article8ReportSubmitted => ({
  type: 'Article8ReportSubmitted',
  data: { snapshotId, memberState: 'NL', submittedAt: '2025-03-02T10:00:00.000Z', submittedTo: 'European Commission', ...overrides },
});

describe('Art. 8 snapshots and submissions', () => {
  it('takes a snapshot', () => given([]).when({ type: 'TakeArticle8Snapshot', data: taken().data }).then([taken()]));

  it('records nothing when the same snapshot is taken again', () =>
    given([taken()]).when({ type: 'TakeArticle8Snapshot', data: taken().data }).thenNothingHappens());

  it('refuses a snapshot id reused for other figures', () =>
    given([taken()]).when({ type: 'TakeArticle8Snapshot', data: taken({ asOfPosition: '121' }).data }).thenThrows(SnapshotAlreadyTaken));

  it('submits a snapshot', () => given([taken()]).when({ type: 'SubmitArticle8Report', data: submitted().data }).then([submitted()]));

  it('cannot submit a snapshot that was never taken', () =>
    given([]).when({ type: 'SubmitArticle8Report', data: submitted().data }).thenThrows(SnapshotNotFound));

  it('records nothing for a repeated submission, and refuses a second, different one', () => {
    given([taken(), submitted()]).when({ type: 'SubmitArticle8Report', data: submitted().data }).thenNothingHappens();
    given([taken(), submitted()])
      .when({ type: 'SubmitArticle8Report', data: submitted({ submittedAt: '2025-04-01T00:00:00.000Z' }).data })
      .thenThrows(SnapshotAlreadySubmitted);
  });

  it('needs a recipient', () =>
    given([taken()]).when({ type: 'SubmitArticle8Report', data: submitted({ submittedTo: ' ' }).data }).thenThrows(InvalidCommand));
});
