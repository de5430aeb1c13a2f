import { INPUT_VALIDATOR_OPTIONS, isSurelyValid } from '@registry/application';
import { agreementWithClassValidator } from '@registry/testing';
import { AccessLogRequest, LogPageRequest } from '../audit/audit-requests';
import { Art8TraceRequest } from '../statistics/art8-trace.request';
import { Art8Request } from '../statistics/art8.request';
import { CohortRequest, MemberStateRequest, RestatementRequest } from '../statistics/statistics-requests';

/**
 * The query classes of the statistics and audit routes go through validateInput as bodies do: the compiled
 * plan (ADR 0012) must accept exactly what class-validator accepts for them too.
 */
describe('query inputs: the compiled validation plan agrees with class-validator', () => {
  const samples = [
    { type: Art8Request, data: { ms: 'NL', year: '2024', asOf: '2025-01-31T12:00:00Z', format: 'sdmx-csv', disclosure: 'public' } },
    { type: Art8TraceRequest, data: { ms: 'DE', year: '2024', asOf: '1200', metric: 'a.bySourceChannel', breakdown: 'NCMEC' } },
    { type: CohortRequest, data: { ms: 'NL', reportYear: '2023', asOf: '2024-06-30' } },
    { type: MemberStateRequest, data: { ms: 'FR', asOf: '42' } },
    { type: RestatementRequest, data: { ms: 'NL', snapshotId: '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10' } },
    { type: LogPageRequest, data: { from: '12/3', limit: '100' } },
    { type: AccessLogRequest, data: { actor: 'cli:alice', record: 'report-0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10', from: '1/2', limit: '5' } },
  ];

  it('accepts the samples', () => {
    for (const { type, data } of samples) expect({ type: type.name, surelyValid: isSurelyValid(Object.assign(new type(), data)) }).toEqual({ type: type.name, surelyValid: true });
  });

  it('answers as class-validator does for every one-field variant', async () => {
    const { disagreements, accepted, refused } = await agreementWithClassValidator(isSurelyValid, INPUT_VALIDATOR_OPTIONS, samples);
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(300);
  });
});
