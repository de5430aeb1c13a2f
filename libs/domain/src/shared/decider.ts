/**
 * The decider pattern: a slice of the domain is three pure functions. `decide` turns a command and the
 * current state into new events (or throws a DomainError); `evolve` folds one event into the state and
 * never fails, because events are facts that already happened.
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/** Folds a stream's history into the state a decider decides on. */
export const fold = <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: Iterable<Event>): State => {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** Makes a switch over a union exhaustive at compile time. */
export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};
