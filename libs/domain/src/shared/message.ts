/**
 * Commands and events are plain tagged objects. Event type strings are a persisted contract: never rename
 * one; add a new version and an upcaster instead.
 */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
