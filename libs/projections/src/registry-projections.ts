import { AccessLogProjection } from './access-log/access-log.projection';
import type { Projection } from './projector/projection';
import { ReportDetailProjection } from './report-detail/report-detail.projection';
import { ChildRecordProjection } from './records/child-record.projection';
import { InvestigationRecordProjection } from './records/investigation-record.projection';
import { JudgmentRecordProjection } from './records/judgment-record.projection';
import { StatisticsProjection } from './statistics/statistics.projection';

/** Every read model of the registry, in the order a rebuild runs them. */
export const registryProjections = (): Projection[] => [
  new ReportDetailProjection(),
  new InvestigationRecordProjection(),
  new ChildRecordProjection(),
  new JudgmentRecordProjection(),
  new StatisticsProjection(),
  new AccessLogProjection(),
];
