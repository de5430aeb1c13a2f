import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@registry/event-store';

/** An event's metadata as a recorder of NL writes it: fresh event, correlation and causation ids. */
export const testMetadata = (): NewEvent['metadata'] => ({
  eventId: randomUUID(),
  recordedAt: '2024-03-02T09:00:00.000Z',
  actor: { userId: 'recorder-1', role: 'recorder' },
  memberState: 'NL',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  schemaVersion: 1,
});

/** A report's assessment, every other one not actionable: a realistic event for the notary's logs. */
export const anAssessment = (n: number): NewEvent => ({
  type: 'ReportAssessed',
  data: {
    reportId: randomUUID(),
    actionable: n % 2 === 0,
    reasonIfNot: n % 2 === 0 ? null : 'NOT_CSAM',
    assessedAt: '2024-03-02T09:00:00.000Z',
  },
  metadata: testMetadata(),
});
