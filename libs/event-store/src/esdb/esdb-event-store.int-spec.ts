import { describeEventStoreContract, startEsdbDouble } from '@registry/testing';
import { EsdbEventStore } from './esdb-event-store';

const serverUrl = process.env.EVENTSTORE_URL;

// A real server when EVENTSTORE_URL is set (e.g. esdb://127.0.0.1:2113?tls=false), otherwise the in-process
// gRPC double from libs/testing. Either way the full contract runs; every test works in streams of its own.
describeEventStoreContract(serverUrl ? 'EventStoreDB' : 'EventStoreDB (double)', async () => {
  const double = serverUrl ? undefined : await startEsdbDouble();
  const store = await EsdbEventStore.connect(serverUrl ?? double!.connectionString);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await double?.stop();
    },
  };
});

// The client appends through Streams.BatchAppend when the server offers it (21.10 and later) and through
// Streams.Append otherwise; without a real server, run the contract over the second path as well.
if (!serverUrl) {
  describeEventStoreContract('EventStoreDB (double, Streams.Append only)', async () => {
    const double = await startEsdbDouble({ batchAppend: false });
    const store = await EsdbEventStore.connect(double.connectionString);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await double.stop();
      },
    };
  });
}
