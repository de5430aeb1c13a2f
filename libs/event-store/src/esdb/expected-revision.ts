import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '../event-store';

/**
 * The one place that turns our ExpectedRevision into the client's append option. Trap (stack-notes): the
 * successor client @kurrent/kurrentdb-client renames `expectedRevision` to `streamState` and silently
 * ignores the old key, so every append would lose its concurrency check. Keep the option here, and let the
 * contract suite's noStream/exact tests catch an upgrade that forgets it.
 */
export const appendOptions = (expected: ExpectedRevision): { readonly expectedRevision: AppendExpectedRevision } => {
  switch (expected.kind) {
    case 'noStream':
      return { expectedRevision: NO_STREAM };
    case 'any':
      return { expectedRevision: ANY };
    case 'streamExists':
      return { expectedRevision: STREAM_EXISTS };
    case 'exact':
      return { expectedRevision: BigInt(expected.revision) };
  }
};

export const describeExpected = (expected: ExpectedRevision): string =>
  expected.kind === 'exact' ? String(expected.revision) : expected.kind;

/** Whether a stream whose last revision is `current` (-1: no events) meets the expectation. */
export const isSatisfied = (expected: ExpectedRevision, current: number): boolean => {
  switch (expected.kind) {
    case 'noStream':
      return current < 0;
    case 'any':
      return true;
    case 'streamExists':
      return current >= 0;
    case 'exact':
      return current === expected.revision;
  }
};
