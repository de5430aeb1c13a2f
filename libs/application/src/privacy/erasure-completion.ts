import { Logger } from '@nestjs/common';
import type { PrivacyEvent } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import { asRecorded, type Projection } from '@registry/projections';
import type { EntityManager } from 'typeorm';
import type { SubjectKeyStore } from './subject-key-store';

/**
 * Completes erasures whose subject key outlived their record. The erasure handler appends `PersonalDataErased`
 * and then destroys the key; a process that stops between the two left the personal data readable until someone
 * repeated the erasure (ADR 0005, the addendum on completing erasures). The projector feeds this reactor every
 * `PersonalDataErased` once, from its own checkpoint, in the processes that run the projections (`serve`,
 * `project`) and in the CLI commands that catch them up: each key still held is destroyed with the event's
 * `erasedAt`, in the transaction that moves the checkpoint, so none is skipped and a repeat changes nothing.
 *
 * It reads one category, `erasure`: the category index on PostgreSQL and PGlite, a filtered read on EventStoreDB,
 * from the checkpoint on. Its row of `subject_key` is no read model: a rebuild never runs it (not disposable).
 */
export class ErasureCompletion implements Projection {
  readonly name = 'erasure-completion';
  readonly filter = { streamCategories: ['erasure'], eventTypes: ['PersonalDataErased'] };
  readonly tables = [];
  /** It destroys keys, which no rebuild can bring back, and its transaction waits for the disk (ADR 0018). */
  readonly isDisposable = false;
  private readonly logger = new Logger('ErasureCompletion');

  constructor(private readonly keys: SubjectKeyStore) {}

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const erasures = events
      .map((event) => asRecorded<PrivacyEvent>(event))
      .filter((event) => event.type === 'PersonalDataErased')
      .map(({ data }) => ({ subjectId: data.subjectId, erasedAt: new Date(data.erasedAt) }));
    const destroyed = await this.keys.destroyRecorded(erasures, (sql, parameters) => manager.query(sql, parameters));
    // A count only: subject ids are record data. The erasing process usually destroys the key itself first.
    if (destroyed > 0) this.logger.log(`destroyed ${destroyed} subject key(s) still held after their erasure`);
  }
}
