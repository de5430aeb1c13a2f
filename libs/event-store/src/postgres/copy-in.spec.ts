import { CopyChunks, copyField } from './copy-in';

describe('COPY text', () => {
  it('escapes what would end a field or a row', () => {
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('plain ✓')).toBe('plain ✓');
  });

  it('keeps every row whole and in order across chunks, multi-byte characters included', () => {
    const rows = Array.from({ length: 3000 }, (_, index) => `${index}\tÜnïcödé ✓ 😀 ${'x'.repeat(index % 97)}\n`);
    const chunks = new CopyChunks();
    for (const row of rows) chunks.add(row);
    const buffers = chunks.finish();

    expect(buffers.length).toBeGreaterThan(1);
    expect(Buffer.concat(buffers).toString('utf8')).toBe(rows.join(''));
    // Each chunk ends where a row ends: no row, and no character, is cut in two.
    for (const buffer of buffers) expect(buffer.toString('utf8').endsWith('\n')).toBe(true);
  });

  it('gives no chunk for no text', () => {
    expect(new CopyChunks().finish()).toEqual([]);
  });
});
