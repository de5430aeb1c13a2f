import { Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildNotFound, InvestigationNotFound, isMemberState, JudgmentNotFound, type DomainError } from '@registry/domain';
import { childView, investigationView, judgmentView, type ChildRecordView, type InvestigationRecordView, type JudgmentRecordView } from '@registry/projections';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../shared/actor';
import { PersonalData } from '../privacy/personal-data';
import { mayActFor } from '../shared/member-state-scope';

/**
 * A record as the actor may see it: missing and another member state's record answer the same NotFound.
 * Sealed personal fields are opened, or read [erased].
 */
const visible = async <View extends { memberState: string }>(
  { readModels, personalData }: RecordReader,
  load: (manager: EntityManager) => Promise<View | null>,
  actor: Actor,
  notFound: () => DomainError,
): Promise<View> => {
  const view = await load(readModels.manager);
  if (!view || !isMemberState(view.memberState) || !mayActFor(actor, view.memberState)) throw notFound();
  return personalData.reveal(view);
};

@Injectable()
abstract class RecordReader {
  constructor(
    readonly readModels: DataSource,
    readonly personalData: PersonalData,
  ) {}
}

abstract class RecordQuery<View> extends Query<View> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
export class GetInvestigationQuery extends RecordQuery<InvestigationRecordView> {}
export class GetChildQuery extends RecordQuery<ChildRecordView> {}
export class GetJudgmentQuery extends RecordQuery<JudgmentRecordView> {}

@QueryHandler(GetInvestigationQuery)
export class GetInvestigationHandler extends RecordReader implements IQueryHandler<GetInvestigationQuery> {
  execute({ id, actor }: GetInvestigationQuery) {
    return visible(this, (manager) => investigationView(manager, id), actor, () => new InvestigationNotFound(id));
  }
}

@QueryHandler(GetChildQuery)
export class GetChildHandler extends RecordReader implements IQueryHandler<GetChildQuery> {
  execute({ id, actor }: GetChildQuery) {
    return visible(this, (manager) => childView(manager, id), actor, () => new ChildNotFound(id));
  }
}

@QueryHandler(GetJudgmentQuery)
export class GetJudgmentHandler extends RecordReader implements IQueryHandler<GetJudgmentQuery> {
  execute({ id, actor }: GetJudgmentQuery) {
    return visible(this, (manager) => judgmentView(manager, id), actor, () => new JudgmentNotFound(id));
  }
}

export const RECORD_QUERY_HANDLERS = [GetInvestigationHandler, GetChildHandler, GetJudgmentHandler];
