import { ReportStatisticProjection } from './art8-reports/report-statistic.projection';
import type { Projection } from './projector/projection';
import { ReportDetailProjection } from './report-detail/report-detail.projection';

/** Every read model of the registry, in the order a rebuild runs them. */
export const registryProjections = (): Projection[] => [new ReportDetailProjection(), new ReportStatisticProjection()];
