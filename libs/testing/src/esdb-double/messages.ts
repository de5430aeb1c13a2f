import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp, type AppendReq, type BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import type { Expected, ProposedEvent, StoredEvent } from './in-memory-log';

/** Translation between the protobuf messages of the Streams service and the in-memory log. */

export const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export const streamIdentifier = (streamName: string): StreamIdentifier =>
  new StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));

const HEX_UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/;

/** Event ids are compared in the server's canonical form: lower-case, dashed. */
export const uuidToString = (uuid: UUID | undefined): string => {
  if (!uuid) throw new Error('The proposed event has no id');
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const hex = [structured.getMostSignificantBits(), structured.getLeastSignificantBits()]
      .map((bits) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0'))
      .join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const match = HEX_UUID.exec(uuid.getString().toLowerCase());
  if (!match) throw new Error(`Not a UUID: "${uuid.getString()}"`);
  return match.slice(1).join('-');
};

/** Answers in the form the request asked for (`uuid_option`), as the server does. */
export const uuidMessage = (id: string, structured: boolean): UUID => {
  if (!structured) return new UUID().setString(id);
  const hex = id.replace(/-/g, '');
  const bits = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return new UUID().setStructured(
    new UUID.Structured().setMostSignificantBits(bits(hex.slice(0, 16))).setLeastSignificantBits(bits(hex.slice(16))),
  );
};

type ProposedMessage = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

export const toProposedEvent = (message: ProposedMessage): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  // The server refuses events without these two required metadata entries.
  if (!type || !contentType) throw new Error('A proposed event needs "type" and "content-type" metadata');
  return {
    id: uuidToString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
};

export const appendExpected = (options: AppendReq.Options): Expected => {
  if (options.hasNoStream()) return { kind: 'noStream' };
  if (options.hasStreamExists()) return { kind: 'streamExists' };
  if (options.hasAny()) return { kind: 'any' };
  return { kind: 'revision', revision: BigInt(options.getRevision()) };
};

export const batchAppendExpected = (options: BatchAppendReq.Options): Expected => {
  if (options.hasNoStream()) return { kind: 'noStream' };
  if (options.hasStreamExists()) return { kind: 'streamExists' };
  if (options.hasAny()) return { kind: 'any' };
  return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
};

export const readEventMessage = (event: StoredEvent, structuredIds: boolean): ReadResp => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.streamName))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.commit.toString())
    .setPreparePosition(event.position.prepare.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.createdTicks.toString());
  const readEvent = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.commit.toString());
  return new ReadResp().setEvent(readEvent);
};
