import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NotaryKey, Projector } from '@registry/projections';
import { DataSource } from 'typeorm';
import { AccessLog } from './access/access-log';
import { AUDIT_QUERY_HANDLERS } from './audit/audit-queries';
import { CHILD_COMMAND_HANDLERS } from './children/child-commands';
import { GetStreamHistoryHandler } from './history/get-stream-history';
import { INVESTIGATION_COMMAND_HANDLERS } from './investigations/investigation-commands';
import { JUDGMENT_COMMAND_HANDLERS } from './judgments/judgment-commands';
import { RECORD_QUERY_HANDLERS } from './records/record-queries';
import { NdjsonImport } from './imports/ndjson-import';
import { ErasePersonalDataHandler } from './privacy/erase-personal-data';
import { PersonalData } from './privacy/personal-data';
import { Pseudonyms } from './privacy/pseudonyms';
import type { RegistryRuntime } from './infrastructure/registry-runtime';
import { GetReportHandler } from './reports/get-report';
import { RecordReportHandler } from './reports/record-report';
import { REPORT_COMMAND_HANDLERS } from './reports/report-commands';
import { Clock, SystemClock } from './shared/clock';
import { EVENT_STORE, LATEST_NOTARY_SEAL } from './shared/tokens';
import { Art8DocumentMemo } from './statistics/art8-document-memo';
import { GetArt8DocumentHandler } from './statistics/get-art8-document';
import { STATISTICS_COMMAND_HANDLERS } from './statistics/governance-commands';
import { GetRestatementsHandler } from './statistics/restatements';
import { STATISTICS_QUERY_HANDLERS } from './statistics/statistics-queries';

const HANDLERS = [
  RecordReportHandler,
  ...REPORT_COMMAND_HANDLERS,
  ...INVESTIGATION_COMMAND_HANDLERS,
  ...CHILD_COMMAND_HANDLERS,
  ...JUDGMENT_COMMAND_HANDLERS,
  ...STATISTICS_COMMAND_HANDLERS,
  GetReportHandler,
  ...RECORD_QUERY_HANDLERS,
  GetArt8DocumentHandler,
  ...STATISTICS_QUERY_HANDLERS,
  GetRestatementsHandler,
  GetStreamHistoryHandler,
  ...AUDIT_QUERY_HANDLERS,
  ErasePersonalDataHandler,
];

/**
 * The application layer as a Nest module over an opened runtime: command and query handlers on the CQRS
 * buses, shared by the HTTP API and the CLI.
 */
@Module({})
export class RegistryModule {
  static forRuntime(runtime: RegistryRuntime, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: RegistryModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useValue: runtime.store },
        { provide: DataSource, useValue: runtime.readModels },
        { provide: Projector, useValue: runtime.projector },
        { provide: Clock, useValue: clock },
        { provide: Pseudonyms, useValue: runtime.pseudonyms },
        { provide: PersonalData, useValue: runtime.personalData },
        { provide: NotaryKey, useValue: runtime.notaryKey },
        { provide: LATEST_NOTARY_SEAL, useValue: runtime.security.latestNotarySeal() },
        NdjsonImport,
        AccessLog,
        Art8DocumentMemo,
        ...HANDLERS,
      ],
      exports: [EVENT_STORE, DataSource, Projector, Clock, NdjsonImport, AccessLog, CqrsModule],
    };
  }
}
