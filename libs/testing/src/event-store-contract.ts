import type { EventStore, NewEvent } from '@registry/event-store';
import { appendContract } from './event-store-contract.append';
import { readContract } from './event-store-contract.read';
import { gapSafetyContract, subscribeContract } from './event-store-contract.subscribe';

/** A transaction that wrote one event and stays open until `commit()`. */
export interface HeldTransaction {
  commit(): Promise<void>;
}

export interface EventStoreContractSubject {
  readonly store: EventStore;
  cleanup(): Promise<void>;
  /**
   * PostgreSQL-specific: open a transaction on a separate connection, insert `event` into `streamName` at
   * revision 0 the way the adapter does (so it takes the next global position), and leave it uncommitted.
   * Adapters without in-flight transactions visible to readers (EventStoreDB) leave it out.
   */
  readonly holdOpenTransaction?: (streamName: string, event: NewEvent) => Promise<HeldTransaction>;
}

export type ContractSubject = () => EventStoreContractSubject;

/**
 * The behaviour every EventStore adapter promises. One subject serves the whole suite (starting a database
 * per test would be slow), so each test works in streams and categories of its own.
 */
export const describeEventStoreContract = (name: string, factory: () => Promise<EventStoreContractSubject>): void => {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreContractSubject | undefined;

    beforeAll(async () => {
      subject = await factory();
    }, 60_000);

    afterAll(async () => {
      await subject?.cleanup();
    }, 60_000);

    const current: ContractSubject = () => {
      if (!subject) throw new Error('The contract subject failed to start');
      return subject;
    };

    appendContract(current);
    readContract(current);
    subscribeContract(current);
    gapSafetyContract(current);
  });
};
