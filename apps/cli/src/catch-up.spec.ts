import { heldBackNote } from './catch-up';

describe('the note a stats command prints when the log’s readable end holds committed events back', () => {
  it('says nothing when none are held back, or the store has no such end', () => {
    expect(heldBackNote({ count: 0, readableEnd: 12n, oldestOpenTransactionSeconds: 3 })).toBeUndefined();
    expect(heldBackNote(undefined)).toBeUndefined();
  });

  it('says how many, for how long the transaction holding them has been open, and where the figures stop', () => {
    expect(heldBackNote({ count: 12, readableEnd: 4711n, oldestOpenTransactionSeconds: 340 })).toBe(
      'registry: note: 12 committed events are not yet readable: a transaction open on the database server for 340 s ' +
        "holds the log's readable end (ADR 0001); the figures are as of position 4711 at the latest",
    );
  });

  it('counts up to the limit, and says so when the server hides the transaction or nothing is readable yet', () => {
    expect(heldBackNote({ count: 1000, readableEnd: null, oldestOpenTransactionSeconds: null })).toBe(
      'registry: note: at least 1000 committed events are not yet readable: a transaction open on the database ' +
        "server for a time the server does not show holds the log's readable end (ADR 0001); the figures are as of " +
        'the start of the log at the latest',
    );
    expect(heldBackNote({ count: 1, readableEnd: 7n, oldestOpenTransactionSeconds: 0 })).toMatch(
      /^registry: note: 1 committed event is not yet readable: .* for 0 s holds /,
    );
  });
});
