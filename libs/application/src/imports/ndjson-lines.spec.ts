import { Readable } from 'node:stream';
import { MAX_LINE_LENGTH } from './import-line';
import { ndjsonLines } from './ndjson-lines';

const linesOf = async (chunks: readonly (Buffer | string)[]): Promise<string[]> => {
  const lines: string[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks))) lines.push(line);
  return lines;
};

describe('ndjsonLines', () => {
  it('splits on LF and CRLF, keeps blank lines (they keep the numbering) and a last line without newline', async () => {
    expect(await linesOf(['{"a":1}\r\n\n{"b":2}\n{"c":3}'])).toEqual(['{"a":1}', '', '{"b":2}', '{"c":3}']);
  });

  it('joins lines cut across chunks, including a character whose bytes are split', async () => {
    const bytes = Buffer.from('{"name":"Ålesund €"}\n{"x":"y"}\n', 'utf8');
    const chunks = Array.from(bytes, (byte) => Buffer.from([byte])); // one byte at a time
    expect(await linesOf(chunks)).toEqual(['{"name":"Ålesund €"}', '{"x":"y"}']);
  });

  it('cuts a line that is too long just past the limit and skips the rest of it, however it arrives', async () => {
    const long = 'x'.repeat(MAX_LINE_LENGTH * 3);
    const chunks = ['{"first":1}\n', long.slice(0, 1000), long.slice(1000), '\n{"after":2}\n'];
    const lines = await linesOf(chunks);
    expect(lines.map((line) => line.length)).toEqual([11, MAX_LINE_LENGTH + 1, 11]);
    expect(lines[2]).toBe('{"after":2}');
  });

  it('drops a byte-order mark at the start, even one split across chunks, and keeps one anywhere else', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n\uFEFF{"b":2}\n', 'utf8')]);
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)];
    expect(await linesOf(chunks)).toEqual(['{"a":1}', '\uFEFF{"b":2}']);
  });

  it('yields nothing for an empty body', async () => {
    expect(await linesOf([])).toEqual([]);
  });
});
