import type { ReportFacts } from '@registry/domain';
import { toUtcIso } from '../shared/validators';
import type { ReportChangesInput, ReportFactsInput } from './report.inputs';

/** Fills the documented defaults and normalises dates, so the same report always yields the same facts. */
export const reportFactsFrom = (input: ReportFactsInput): ReportFacts => ({
  receivedAt: toUtcIso(input.receivedAt),
  reporterKind: input.reporterKind,
  sourceChannel: input.sourceChannel,
  sourceOrganisation: input.sourceOrganisation ?? null,
  externalReference: input.externalReference ?? null,
  provider: {
    name: input.provider?.name ?? null,
    providerType: input.provider?.providerType ?? 'UNKNOWN',
    serviceName: input.provider?.serviceName ?? null,
  },
  contentCategory: input.contentCategory,
  detectedUnderArt3: input.detectedUnderArt3 ?? null,
  countUnit: input.countUnit ?? 'REPORT',
  contentHashes: (input.contentHashes ?? []).map((hash) => ({
    algorithm: hash.algorithm,
    value: hash.value,
    matchedDatabase: hash.matchedDatabase ?? null,
  })),
  accountRefs: [...(input.accountRefs ?? [])],
  concernedMemberStates: [...(input.concernedMemberStates ?? [])],
});

export const reportChangesFrom = (input: ReportChangesInput): Partial<ReportFacts> => {
  const { receivedAt, provider, ...rest } = input;
  return {
    ...rest,
    ...(receivedAt !== undefined && { receivedAt: toUtcIso(receivedAt) }),
    ...(provider !== undefined && {
      provider: { name: provider.name ?? null, providerType: provider.providerType, serviceName: provider.serviceName ?? null },
    }),
  };
};
