import { Module, type DynamicModule } from '@nestjs/common';
import { RegistryModule, type Clock, type RegistryRuntime } from '@registry/application';
import { AuditController } from './audit/audit.controller';
import { ChildrenController } from './children/children.controller';
import { InvestigationsController } from './investigations/investigations.controller';
import { JudgmentsController } from './judgments/judgments.controller';
import { HealthController } from './health/health.controller';
import { ImportsController } from './imports/imports.controller';
import { ReportsController } from './reports/reports.controller';
import { StatisticsGovernanceController } from './statistics/statistics-governance.controller';
import { StatisticsController } from './statistics/statistics.controller';

@Module({})
export class ApiModule {
  static forRuntime(runtime: RegistryRuntime, clock?: Clock): DynamicModule {
    return {
      module: ApiModule,
      imports: [RegistryModule.forRuntime(runtime, clock)],
      controllers: [
        HealthController,
        ReportsController,
        InvestigationsController,
        ChildrenController,
        JudgmentsController,
        StatisticsController,
        StatisticsGovernanceController,
        AuditController,
        ImportsController,
      ],
    };
  }
}
