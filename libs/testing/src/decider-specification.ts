import type { Decider } from '@registry/domain';

/**
 * Given/when/then for deciders: `given(history).when(command).then(events)` or `.thenThrows(ErrorClass)`.
 * It exercises decide and evolve together, exactly as the write path does, with no I/O.
 */
export const DeciderSpecification = {
  for<C, E, S>(decider: Decider<C, E, S>) {
    return (history: readonly E[]) => ({
      when(command: C) {
        const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState));
        return {
          then(expected: readonly E[]) {
            expect(run()).toEqual(expected);
          },
          thenNothingHappens() {
            expect(run()).toEqual([]);
          },
          thenThrows(errorType: abstract new (...args: never[]) => Error, code?: string) {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(errorType);
            if (code !== undefined) expect((thrown as { code?: string }).code).toBe(code);
          },
        };
      },
    });
  },
};
