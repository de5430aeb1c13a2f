import type { ProjectionStatus } from '@registry/projections';
import { START_OF_LOG } from '@registry/event-store';
import { progressLine, projectionThatStopped } from './run-projector';

const status = (projection: string, changes: Partial<ProjectionStatus> = {}): ProjectionStatus => ({
  projection,
  position: START_OF_LOG,
  globalPosition: '12',
  isRunning: true,
  lag: null,
  error: null,
  isRefusing: false,
  version: 1,
  isSwitchingVersion: false,
  ...changes,
});

describe('registry project', () => {
  it('prints each projection’s committed position, a dash where it has none', () => {
    expect(progressLine([status('report-detail'), status('statistics', { globalPosition: null })])).toBe(
      'projected report-detail@12 statistics@-',
    );
  });

  it('ends the process for a projection that stopped, so that a supervisor restarts it', () => {
    const stopped = status('statistics', { isRunning: false, error: 'connection terminated' });
    expect(projectionThatStopped([status('report-detail'), stopped])).toBe(stopped);
  });

  it('keeps running while the notary refuses: a restart would change nothing, and stop the read models', () => {
    const refusing = status('notary', {
      isRunning: false,
      error: 'the notary refuses to notarise: …',
      isRefusing: true,
    });
    expect(projectionThatStopped([status('report-detail'), refusing])).toBeUndefined();
  });
});
