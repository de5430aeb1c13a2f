import type { AccessEvent } from '@registry/domain';
import { logPositionSortKey, type RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { asRecorded, type Projection } from '../projector/projection';

export const ACCESS_CATEGORY = 'access';

/** Feeds `GET /audit/access`: one row per access record, keyed by its global position (so redelivery is a no-op). */
export class AccessLogProjection implements Projection {
  readonly name = 'access-log';
  readonly filter = { streamCategories: [ACCESS_CATEGORY] };
  readonly tables = ['access_log'];
  readonly queryIndexes = ['access_log_order', 'access_log_actor', 'access_log_subject'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = asRecorded<AccessEvent>(recorded);
      const [major, minor] = logPositionSortKey(event.position);
      const { metadata } = event;
      const accessed =
        event.type === 'RecordRead'
          ? { accessed: event.data.data, subject: event.data.subject, parameters: null }
          : { accessed: event.data.export, subject: null, parameters: event.data.parameters };
      await manager.query(
        `INSERT INTO access_log (global_position, position_major, position_minor, recorded_at, actor_id, actor_role, member_state, event_type,
                                 accessed, subject, parameters, purpose, channel, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (global_position) DO NOTHING`,
        [
          event.globalPosition.toString(),
          major.toString(),
          minor.toString(),
          metadata.recordedAt,
          metadata.actor.userId,
          metadata.actor.role,
          event.data.memberState,
          event.type,
          accessed.accessed,
          accessed.subject,
          accessed.parameters === null ? null : JSON.stringify(accessed.parameters),
          event.data.purpose,
          event.data.channel,
          metadata.correlationId,
        ],
      );
    }
  }
}
