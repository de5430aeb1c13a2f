interface Waiting<Input, Output> {
  readonly input: Input;
  readonly resolve: (output: Output) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Groups a coalescer of the registry's own keeps in flight at once: its PostgreSQL stream reads, appends and
 * subject-key writes. One group running while the next gathers makes fewer, larger statements: under the API
 * benchmark's 32 connections PostgreSQL then needed about half the CPU per request, and the API alone served
 * 899–1,086 requests/s against 823–826 with three groups each (ADR 0017). A group waits for at most the one
 * before it; the callers of a refused group run alone beside the groups.
 */
export const GROUPS_IN_FLIGHT = 1;

/**
 * Group commit for concurrent callers: a call goes out at once while fewer than `concurrency` groups are
 * running; the calls that arrive meanwhile wait and go out together as the next group (one statement for
 * many HTTP requests). No timer: a lone caller never waits. `runGroup` answers one output per input, in
 * order; an input it cannot answer (undefined) is run alone with `runAlone`.
 */
export class Coalescer<Input, Output> {
  private waiting: Waiting<Input, Output>[] = [];
  private running = 0;

  constructor(
    private readonly runGroup: (inputs: readonly Input[]) => Promise<readonly (Output | undefined)[]>,
    private readonly runAlone: (input: Input) => Promise<Output>,
    private readonly concurrency: number,
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  private async run(group: readonly Waiting<Input, Output>[]): Promise<void> {
    if (group.length === 1) return settle(group[0]!, () => this.runAlone(group[0]!.input));
    let outputs: readonly (Output | undefined)[];
    try {
      outputs = await this.runGroup(group.map((waiting) => waiting.input));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    for (const [index, waiting] of group.entries()) {
      const output = outputs[index];
      // Run alone outside the groups in flight, so that the next group need not wait for them: one of them may
      // take several statements (an append refused again is told a conflict from a repeat), and every call behind
      // would wait for its slowest (ADR 0017). Each caller has one call in flight at most, so this adds no more
      // concurrency than there are callers.
      if (output === undefined) void settle(waiting, () => this.runAlone(waiting.input));
      else waiting.resolve(output);
    }
  }
}

const settle = async <Input, Output>(waiting: Waiting<Input, Output>, work: () => Promise<Output>): Promise<void> => {
  try {
    waiting.resolve(await work());
  } catch (error) {
    waiting.reject(error);
  }
};
