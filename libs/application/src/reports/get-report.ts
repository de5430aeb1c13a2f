import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isMemberState, ReportNotFound } from '@registry/domain';
import { ReportDetail, reportLinks, type ReportLinks } from '@registry/projections';
import { DataSource } from 'typeorm';
import type { Actor } from '../shared/actor';
import { PersonalData } from '../privacy/personal-data';
import { mayActFor } from '../shared/member-state-scope';

export interface ReportView {
  readonly reportId: string;
  readonly memberState: string;
  readonly revision: number;
  readonly facts: Record<string, unknown>;
  readonly assessment: ReportDetail['assessment'];
  readonly duplicateOf: { readonly reportId: string; readonly basis: string | null } | null;
  readonly isWithdrawn: boolean;
  readonly withdrawnReason: string | null;
  readonly correctionCount: number;
  readonly recordedAt: string;
  readonly updatedAt: string;
  /** What the report led to, through the investigations it is linked to. */
  readonly links: ReportLinks;
}

export class GetReportQuery extends Query<ReportView> {
  constructor(
    readonly reportId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetReportQuery)
export class GetReportHandler implements IQueryHandler<GetReportQuery> {
  constructor(
    private readonly readModels: DataSource,
    private readonly personalData: PersonalData,
  ) {}

  async execute({ reportId, actor }: GetReportQuery): Promise<ReportView> {
    const row = await this.readModels.manager.findOne(ReportDetail, { where: { reportId } });
    const memberState = row?.memberState.trim();
    // Another member state's report answers exactly like a missing one.
    if (!row || !isMemberState(memberState) || !mayActFor(actor, memberState)) throw new ReportNotFound(reportId);
    // Sealed fields (accounts, withdrawal reason) are opened for the reader, or read [erased].
    return this.personalData.reveal({
      reportId: row.reportId,
      memberState,
      revision: row.revision,
      facts: row.facts,
      assessment: row.assessment,
      duplicateOf: row.duplicateOf ? { reportId: row.duplicateOf, basis: row.duplicateBasis } : null,
      isWithdrawn: row.withdrawnReason !== null,
      withdrawnReason: row.withdrawnReason,
      correctionCount: row.correctionCount,
      recordedAt: row.recordedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      links: await reportLinks(this.readModels.manager, reportId),
    });
  }
}
