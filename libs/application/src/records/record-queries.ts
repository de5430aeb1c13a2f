import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildNotFound, InvestigationNotFound, isMemberState, JudgmentNotFound, type DomainError } from '@registry/domain';
import { childView, investigationView, judgmentView, type ChildRecordView, type InvestigationRecordView, type JudgmentRecordView } from '@registry/projections';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../shared/actor';
import { mayActFor } from '../shared/member-state-scope';

/** A record as the actor may see it: missing and another member state's record answer the same NotFound. */
const visible = async <View extends { memberState: string }>(
  readModels: DataSource,
  load: (manager: EntityManager) => Promise<View | null>,
  actor: Actor,
  notFound: () => DomainError,
): Promise<View> => {
  const view = await load(readModels.manager);
  if (!view || !isMemberState(view.memberState) || !mayActFor(actor, view.memberState)) throw notFound();
  return view;
};

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
export class GetInvestigationHandler implements IQueryHandler<GetInvestigationQuery> {
  constructor(private readonly readModels: DataSource) {}
  execute({ id, actor }: GetInvestigationQuery) {
    return visible(this.readModels, (manager) => investigationView(manager, id), actor, () => new InvestigationNotFound(id));
  }
}

@QueryHandler(GetChildQuery)
export class GetChildHandler implements IQueryHandler<GetChildQuery> {
  constructor(private readonly readModels: DataSource) {}
  execute({ id, actor }: GetChildQuery) {
    return visible(this.readModels, (manager) => childView(manager, id), actor, () => new ChildNotFound(id));
  }
}

@QueryHandler(GetJudgmentQuery)
export class GetJudgmentHandler implements IQueryHandler<GetJudgmentQuery> {
  constructor(private readonly readModels: DataSource) {}
  execute({ id, actor }: GetJudgmentQuery) {
    return visible(this.readModels, (manager) => judgmentView(manager, id), actor, () => new JudgmentNotFound(id));
  }
}

export const RECORD_QUERY_HANDLERS = [GetInvestigationHandler, GetChildHandler, GetJudgmentHandler];
