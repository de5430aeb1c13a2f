import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MemberState } from '@registry/domain';
import { ProjectionCheckpoint, queryArt8ReportFigures } from '@registry/projections';
import { DataSource } from 'typeorm';
import type { Art8Document } from './art8-document';

export class GetArt8DocumentQuery extends Query<Art8Document> {
  constructor(
    readonly memberState: MemberState,
    readonly year: number,
  ) {
    super();
  }
}

const NOT_YET_RECORDED = {
  status: 'NOT_AVAILABLE',
  reason: 'NOT_COLLECTED',
  note: 'this registry does not record children and judgments yet',
} as const;

/** Assembles the Art. 8 document from the read models, stamped with the position they reflect. */
@QueryHandler(GetArt8DocumentQuery)
export class GetArt8DocumentHandler implements IQueryHandler<GetArt8DocumentQuery> {
  constructor(private readonly readModels: DataSource) {}

  async execute({ memberState, year }: GetArt8DocumentQuery): Promise<Art8Document> {
    // One repeatable-read transaction: every figure sees the same committed state as the checkpoint.
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const checkpoint = await manager.findOne(ProjectionCheckpoint, { where: { projection: 'art8-reports' } });
      const figures = await queryArt8ReportFigures(manager, memberState, year);
      return {
        memberState,
        year,
        asOf: { position: checkpoint?.globalPosition ?? null, at: checkpoint?.updatedAt.toISOString() ?? null },
        a: { ...figures, reportsInInvestigations: null, investigationsOpened: null },
        b: null,
        c: null,
        status: { ART8_1_A: { status: 'COMPLETE', reason: null }, ART8_1_B: NOT_YET_RECORDED, ART8_1_C: NOT_YET_RECORDED },
      };
    });
  }
}
