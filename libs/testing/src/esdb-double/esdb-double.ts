/**
 * An in-process stand-in for an EventStoreDB node, speaking its gRPC protocol with the service code that
 * ships inside @eventstore/db-client. It exists so the EventStore contract suite can run against our
 * EventStoreDB adapter on machines without a server (no Docker here or in CI).
 *
 * It checks OUR use of the protocol, not the server: it implements the subset our adapter calls, with the
 * server's semantics as we understand them (expected revisions, idempotency by event id within a stream,
 * `$all` reads that include their start position, subscriptions that start after it, filters,
 * checkpoints, system events at the start of the log, dropping live subscriptions that fall behind).
 * What it does not model — clustering and gossip (it only answers NotLeader on request), authentication and ACLs, TLS,
 * deadlines, stream deletion and metadata semantics ($maxCount, $tb), backward `$all` reads, stream
 * subscriptions, persistent subscriptions, projections, the server's real buffer sizes and positions —
 * must be covered by running the same suite against a real server (set EVENTSTORE_URL).
 */
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { Server, ServerCredentials, type sendUnaryData } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { appendHandler, batchAppendHandler } from './append-handlers';
import { InMemoryLog } from './in-memory-log';
import { NotLeaderAnswers } from './not-leader';
import { readHandler } from './read-handler';

export interface EsdbDoubleOptions {
  /**
   * Advertise and serve Streams.BatchAppend, which real servers since 21.10 offer and the client then uses
   * for every append. Off, the client falls back to Streams.Append.
   */
  readonly batchAppend?: boolean;
  /**
   * Live events a subscription may have waiting for its client (beyond what the connection buffers)
   * before the double drops it as too slow, as the server does with a bounded live buffer.
   */
  readonly maxLiveBacklog?: number;
}

export interface EsdbDouble {
  /** For `EventStoreDBClient.connectionString`: a single insecure node. */
  readonly connectionString: string;
  /** Cuts every open client connection at the socket, as a network failure would; the double keeps listening. */
  dropConnections(): void;
  /** The next `calls` Streams calls answer NotLeader, naming this double as the leader to reconnect to. */
  answerNotLeader(calls?: number): void;
  /** How many `$all` subscriptions clients have opened so far: shows that a client resubscribed. */
  readonly subscriptionsStarted: number;
  stop(): Promise<void>;
}

const SERVER_VERSION = '23.10.0-double';

export const startEsdbDouble = async ({
  batchAppend = true,
  maxLiveBacklog = 32,
}: EsdbDoubleOptions = {}): Promise<EsdbDouble> => {
  const log = new InMemoryLog();
  let subscriptionsStarted = 0;
  let port = 0;
  const notLeader = new NotLeaderAnswers(() => ({ host: '127.0.0.1', port }));
  const server = new Server();
  // Methods left out of an implementation answer UNIMPLEMENTED (grpc-js does that for us): Delete, Tombstone.
  server.addService(StreamsService, {
    read: notLeader.guard(readHandler(log, () => subscriptionsStarted++, maxLiveBacklog)),
    append: notLeader.guard(appendHandler(log)),
    ...(batchAppend ? { batchAppend: notLeader.guard(batchAppendHandler(log)) } : {}),
  });
  server.addService(ServerFeaturesService, { getSupportedMethods: supportedMethods(batchAppend) });

  // We accept the TCP connections ourselves and hand them to grpc-js, so we can cut them on demand.
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    injector.injectConnection(socket);
  });
  port = await listen(listener);
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    dropConnections,
    answerNotLeader: (calls = 1) => notLeader.answerNext(calls),
    get subscriptionsStarted() {
      return subscriptionsStarted;
    },
    stop: async () => {
      dropConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      injector.destroy();
      server.forceShutdown();
    },
  };
};

const supportedMethods =
  (batchAppend: boolean) =>
  (_call: unknown, callback: sendUnaryData<SupportedMethods>): void => {
    const method = (serviceName: string, methodName: string) =>
      new SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
    const streams = ['read', 'append', ...(batchAppend ? ['batchappend'] : [])].map((name) =>
      method('event_store.client.streams.streams', name),
    );
    const features = method('event_store.client.server_features.serverfeatures', 'getsupportedmethods');
    callback(
      null,
      new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList([...streams, features]),
    );
  };

const listen = (listener: NetServer): Promise<number> =>
  new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve((listener.address() as AddressInfo).port));
  });
