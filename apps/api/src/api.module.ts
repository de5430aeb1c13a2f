import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { RegistryModule, type Clock, type RegistryRuntime } from '@registry/application';
import { AuditController } from './audit/audit.controller';
import { ChildrenController } from './children/children.controller';
import { ErasuresController } from './erasures/erasures.controller';
import { AccessGuard, TOKEN_VERIFIER } from './http/access.guard';
import { RateLimitStorage } from './http/rate-limit-storage';
import { InvestigationsController } from './investigations/investigations.controller';
import { JudgmentsController } from './judgments/judgments.controller';
import { HealthController } from './health/health.controller';
import { ImportsController } from './imports/imports.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics-registry';
import { ReportsController } from './reports/reports.controller';
import { StatisticsGovernanceController } from './statistics/statistics-governance.controller';
import { StatisticsController } from './statistics/statistics.controller';
import { Art8TraceController } from './statistics/art8-trace.controller';

@Module({})
export class ApiModule {
  static forRuntime(runtime: RegistryRuntime, clock?: Clock, rateLimitPerMinute = runtime.security.rateLimitPerMinute): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        RegistryModule.forRuntime(runtime, clock),
        ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: rateLimitPerMinute }], storage: new RateLimitStorage() }),
      ],
      // Rate limit first (it also slows down token guessing), then authentication and the route's policy.
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => runtime.security.tokenVerifier() },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        MetricsRegistry,
      ],
      controllers: [
        HealthController,
        ReportsController,
        InvestigationsController,
        ChildrenController,
        JudgmentsController,
        StatisticsController,
        Art8TraceController,
        StatisticsGovernanceController,
        AuditController,
        ImportsController,
        ErasuresController,
        MetricsController,
      ],
    };
  }
}
