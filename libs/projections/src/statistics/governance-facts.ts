import { isMemberState, yearInMemberState, type StatisticsEvent } from '@registry/domain';
import type { EntityManager } from 'typeorm';
import type { Recorded } from '../projector/projection';
import { openVersion } from './versioned-rows';

const closeCurrent = (manager: EntityManager, table: string, where: string, params: unknown[], seq: bigint) =>
  manager.query(`UPDATE ${table} SET valid_to = $1 WHERE ${where} AND valid_to IS NULL`, [seq.toString(), ...params]);

/** Statistics governance → declarations of "not available", methodology changes (breaks), NCMEC figures. */
export const applyStatisticsEvent = async (manager: EntityManager, event: Recorded<StatisticsEvent>, seq: bigint): Promise<void> => {
  switch (event.type) {
    case 'DataNotAvailableDeclared': {
      const { memberState, year, metric, reason, note } = event.data;
      await closeCurrent(manager, 'stat_declaration', 'member_state = $2 AND year = $3 AND metric = $4', [memberState, year, metric], seq);
      await openVersion(manager, 'stat_declaration', { member_state: memberState, year, metric, reason, note }, seq);
      return;
    }
    case 'DataNotAvailableWithdrawn': {
      const { memberState, year, metric } = event.data;
      await closeCurrent(manager, 'stat_declaration', 'member_state = $2 AND year = $3 AND metric = $4', [memberState, year, metric], seq);
      return;
    }
    case 'MethodologyChanged': {
      const { memberState, metric, effectiveFrom, description } = event.data;
      const year = isMemberState(memberState) ? yearInMemberState(effectiveFrom, memberState) : new Date(effectiveFrom).getUTCFullYear();
      await closeCurrent(manager, 'stat_methodology_change', 'member_state = $2 AND metric = $3 AND effective_from = $4', [memberState, metric, effectiveFrom], seq);
      await openVersion(manager, 'stat_methodology_change', { member_state: memberState, metric, effective_from: effectiveFrom, year, description }, seq);
      return;
    }
    case 'PublishedNcmecFigureRecorded': {
      const { memberState, year, count, source } = event.data;
      await closeCurrent(manager, 'stat_ncmec_figure', 'member_state = $2 AND year = $3', [memberState, year], seq);
      await openVersion(manager, 'stat_ncmec_figure', { member_state: memberState, year, count, source }, seq);
      return;
    }
    default:
      return;
  }
};
