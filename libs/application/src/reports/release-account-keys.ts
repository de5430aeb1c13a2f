import { accountKeys, keysToRelease, REPORT_KEY_CATEGORY, type ReportId } from '@registry/domain';
import {
  ExpectedRevision,
  eventIdFor,
  readStreams,
  streamName,
  WrongExpectedRevision,
  type EventStore,
  type StreamAppend,
} from '@registry/event-store';
import type { PersonalData } from '../privacy/personal-data';
import type { stampFor } from '../shared/stamp';
import { reportOf, reportStream } from './report-stream';

const MAX_ATTEMPTS = 3;

/**
 * Releases the account keys an erased report claimed (ADR 0005, the addendum on account keys), so that its
 * account links no later report to it. The keys are derived from the report's account references, which only
 * the report's subject key opens: this must run before the key is destroyed. A key already released (an
 * erasure repeated after a crash) is not released again; a key claimed meanwhile refuses the append, and the
 * release is decided again. Answers how many keys it released.
 */
export const releaseAccountKeys = async (
  store: EventStore,
  personalData: PersonalData,
  reportId: ReportId,
  stamp: ReturnType<typeof stampFor>,
): Promise<number> => {
  const history = await store.readStream(reportStream(reportId));
  const report = reportOf(history);
  if (report.status === 'None') return 0;
  const accounts = await personalData.openable(report.facts.accountRefs);
  const keys = accountKeys(report.memberState, accounts);
  if (keys.length === 0) return 0;
  const keyStreamOf = new Map(keys.map((key) => [key, streamName(REPORT_KEY_CATEGORY, key.keyId)]));
  for (let attempt = 1; ; attempt++) {
    const streams = await readStreams(store, [...keyStreamOf.values()]);
    const releases = keysToRelease(reportId, keys, (key) => streams.get(keyStreamOf.get(key)!) ?? []);
    if (releases.length === 0) return 0;
    const appends: StreamAppend[] = releases.map(({ event, revision }) => ({
      streamName: streamName(REPORT_KEY_CATEGORY, event.data.keyId),
      expectedRevision: ExpectedRevision.after(revision),
      events: [{ type: event.type, data: event.data, metadata: stamp(event, eventIdFor(undefined, 0)) }],
    }));
    try {
      await store.appendToStreams(appends);
      return releases.length;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
};
