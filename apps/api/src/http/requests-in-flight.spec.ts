import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Subject, throwError } from 'rxjs';
import { RequestsInFlight } from './requests-in-flight';

describe('RequestsInFlight', () => {
  const context = {} as ExecutionContext;
  const handlerOf = (result: Subject<string>): CallHandler => ({ handle: () => result.asObservable() });

  it('is drained once every running handler has finished, whether it answered or failed', async () => {
    const inFlight = new RequestsInFlight();
    const [first, second] = [new Subject<string>(), new Subject<string>()];
    const answers = [first, second].map((handler) => lastValueFrom(inFlight.intercept(context, handlerOf(handler))).catch(() => 'failed'));
    expect(inFlight.count).toBe(2);

    let drained: boolean | undefined;
    const draining = inFlight.drained(5_000).then((result) => (drained = result));
    first.next('answer');
    first.complete();
    await Promise.resolve();
    expect(drained).toBeUndefined(); // the second still runs

    second.error(new Error('storage gone'));
    await draining;
    expect(drained).toBe(true);
    expect(await Promise.all(answers)).toEqual(['answer', 'failed']);
    expect(inFlight.count).toBe(0);
  });

  it('gives up after the timeout while a handler still runs', async () => {
    const inFlight = new RequestsInFlight();
    void lastValueFrom(inFlight.intercept(context, handlerOf(new Subject<string>()))).catch(() => undefined);
    expect(await inFlight.drained(20)).toBe(false);
  });

  it('is drained at once when nothing runs', async () => {
    const inFlight = new RequestsInFlight();
    await lastValueFrom(inFlight.intercept(context, { handle: () => throwError(() => new Error('refused')) })).catch(() => undefined);
    expect(await inFlight.drained(5_000)).toBe(true);
  });
});
