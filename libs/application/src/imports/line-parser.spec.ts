import { spawnSync } from 'node:child_process';
import { RecordReportInput } from '../reports/report.inputs';
import { asRejection, MAX_LINE_LENGTH } from './import-line';
import { inlineLineParser, LineParserThread, type LineParse } from './line-parser';

const report = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'RecordReport',
    data: {
      reportId: '00000000-0000-4000-8000-000000000001',
      memberState: 'NL',
      receivedAt: '2024-03-01T10:00:00Z',
      reporterKind: 'PROVIDER',
      sourceChannel: 'NCMEC',
      externalReference: 'CT-1',
      provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION' },
      contentCategory: 'KNOWN_CSAM',
      contentHashes: [{ algorithm: 'MD5', value: '0'.repeat(32) }],
      ...overrides,
    },
    actor: 'analyst-7',
  });

/** One line of each kind parseLine tells apart. */
const lines = [
  report(),
  report({ reporterKind: 'ROBOT', memberState: 'XX', provider: { providerType: 'NONE' } }), // several bad fields
  '{"type":"RecordReport","data":{',
  JSON.stringify({ type: 'LaunchRocket', data: {} }),
  JSON.stringify({ type: 'RecordReport', data: {}, extra: 1 }),
  JSON.stringify({ type: 'AssessReport', data: { reportId: '00000000-0000-4000-8000-000000000001', actionable: true, assessedAt: '2024-03-02T09:00:00Z' } }),
  'x'.repeat(MAX_LINE_LENGTH + 1),
  '[1,2]',
  Buffer.from(report({ sourceOrganisation: 'Société Générale' }), 'latin1').toString('utf8'), // a Latin-1 file
  Buffer.from(report(), 'utf16le').toString('utf8'), // a UTF-16 file
];

/** What the import makes of a parse: the input with its class, or the rejection's code, message and fields. */
const described = (parse: LineParse) => {
  if (!('error' in parse)) return { type: parse.type, commandId: parse.commandId, actor: parse.actor, inputClass: parse.input.constructor.name, input: { ...parse.input } };
  const rejection = asRejection(parse.error);
  return { code: rejection?.code, message: rejection?.message, errors: rejection?.errors };
};

describe('LineParserThread', () => {
  it('parses every kind of line exactly as the calling thread does', async () => {
    const thread = new LineParserThread();
    try {
      const onThread = await thread.parse(lines);
      const inline = await inlineLineParser.parse(lines);

      expect(onThread.map(described)).toEqual(inline.map(described));
      const [first] = onThread;
      expect(first && 'input' in first && first.input instanceof RecordReportInput).toBe(true);
      expect(onThread.map((parse) => ('error' in parse ? (parse.error as { code: string }).code : 'parsed'))).toEqual([
        'parsed',
        'INPUT.INVALID',
        'IMPORT.MALFORMED_JSON',
        'IMPORT.UNKNOWN_COMMAND',
        'IMPORT.MALFORMED_LINE',
        'parsed',
        'IMPORT.LINE_TOO_LONG',
        'IMPORT.MALFORMED_LINE',
        'IMPORT.NOT_UTF8',
        'IMPORT.NOT_UTF8',
      ]);
    } finally {
      await thread.close();
    }
  }, 30_000);

  it('answers batches in the order they were sent', async () => {
    const thread = new LineParserThread();
    try {
      const batches = [0, 1, 2, 3].map((n) => [report({ externalReference: `CT-${n}` }), report({ externalReference: `CT-${n}-b` })]);
      const parses = await Promise.all(batches.map((batch) => thread.parse(batch)));
      const expected = await Promise.all(batches.map((batch) => inlineLineParser.parse(batch)));
      expect(parses.map((batch) => batch.map(described))).toEqual(expected.map((batch) => batch.map(described)));
    } finally {
      await thread.close();
    }
  }, 30_000);

  it('starts in a process run with heap flags a worker refuses (node --max-old-space-size=…)', () => {
    const script = `const { LineParserThread } = require(${JSON.stringify(require.resolve('./line-parser'))});
      const thread = new LineParserThread();
      thread.parse([${JSON.stringify(report())}]).then((parses) => { console.log('input' in parses[0] ? 'parsed' : 'rejected'); return thread.close(); });`;
    const run = spawnSync(process.execPath, ['--max-old-space-size=1024', '--max-semi-space-size=32', '-r', '@swc-node/register', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('parsed');
  }, 30_000);

  it('fails the parses still waiting when the thread stops, and every later one', async () => {
    const thread = new LineParserThread();
    const waiting = expect(thread.parse([report()])).rejects.toThrow('the line parser thread was closed');
    await thread.close();

    await waiting;
    await expect(thread.parse([report()])).rejects.toThrow('the line parser thread was closed');
  }, 30_000);
});

describe('the command id of a line', () => {
  // Fixed across versions: a re-import recognises the lines an older version recorded by it.
  it('is the SHA-256 of the canonical JSON of its type and data', async () => {
    const [parse] = await inlineLineParser.parse([report()]);
    const expected = '04bd965f1d168308685aba896a9711d2211cd7f20006d85cd173651392b0ce32';
    expect(parse && !('error' in parse) && parse.commandId).toBe(expected);
  });
});
