import type { WriteBatch } from '@registry/event-store';
import { ReadsAhead } from './reads-ahead';

/** Stand-ins: the ledger only hands the batches back. */
const batch = (name: string) => ({ name }) as unknown as WriteBatch;
const [one, two, three, four] = ['one', 'two', 'three', 'four'].map(batch) as [WriteBatch, WriteBatch, WriteBatch, WriteBatch];

describe('reads ahead of an import batch', () => {
  it('follow nothing when every batch before was written when they went out', () => {
    const ledger = new ReadsAhead();
    ledger.decided(1, one);
    ledger.written(1);
    const ticket = ledger.ticket();
    expect(ledger.toFollow(ticket, 2)).toEqual([]);
  });

  it('follow, oldest first, every batch not yet written when they went out, decided since or not', () => {
    const ledger = new ReadsAhead();
    ledger.decided(1, one);
    ledger.written(1);
    ledger.decided(2, two); // being written
    const ticket = ledger.ticket(); // batch 4's reads go out while batch 3 is decided
    ledger.decided(3, three);
    ledger.written(2);
    expect(ledger.toFollow(ticket, 4)).toEqual([two, three]);
  });

  it('are stale when a refused batch was applied line by line after they went out, or while it was', () => {
    const ledger = new ReadsAhead();
    ledger.decided(1, one);
    const before = ledger.ticket();
    ledger.reapplying();
    const during = ledger.ticket();
    ledger.reapplied(1);
    const after = ledger.ticket();
    ledger.decided(2, two);
    expect(ledger.toFollow(before, 3)).toBeUndefined();
    expect(ledger.toFollow(during, 3)).toBeUndefined();
    expect(ledger.toFollow(after, 3)).toEqual([two]);
  });

  it('follow a batch as decided again, not as first decided, when the batch before it was refused', () => {
    const ledger = new ReadsAhead();
    ledger.decided(1, one);
    ledger.decided(2, two); // written beside batch 1, and refused with it
    ledger.reapplying();
    ledger.reapplied(1);
    const ticket = ledger.ticket(); // batch 3's reads go out while batch 2 is decided again
    ledger.decided(2, three);
    expect(ledger.toFollow(ticket, 3)).toEqual([three]);
  });

  it('are read again when a batch they would have to follow is no longer known', () => {
    const ledger = new ReadsAhead();
    const ticket = ledger.ticket();
    [one, two, three, four].forEach((decided, index) => ledger.decided(index + 1, decided));
    expect(ledger.toFollow(ticket, 5)).toBeUndefined(); // batch 1 is forgotten: only the last three are kept
  });

  it('are read again when a batch before was applied line by line without the ledger knowing (a lone line)', () => {
    const ledger = new ReadsAhead();
    ledger.decided(1, one);
    ledger.written(1);
    const ticket = ledger.ticket(); // batch 2, a single line, is applied on its own; batch 3 reads meanwhile
    expect(ledger.toFollow(ticket, 3)).toBeUndefined();
  });
});
