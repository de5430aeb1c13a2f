// The thread of LineParserThread: parses the lines it is sent and answers with plain data, in order.
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { inlineLineParser, toMessage, type ParseRequest, type ParseResponse } from './line-parser';

if (!parentPort) throw new Error('line-parser.worker runs as a worker thread of LineParserThread');
const port = parentPort;

port.on('message', ({ id, lines }: ParseRequest) => {
  void inlineLineParser.parse(lines).then((parses) => port.postMessage({ id, results: parses.map(toMessage) } satisfies ParseResponse));
});
