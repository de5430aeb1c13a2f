/**
 * A small RFC 4180 parser, written for the tests so exported CSV is read the way a statistics office's tool
 * reads it (not with the exporter's own code): comma-separated fields, CRLF or LF between records, fields in
 * double quotes may hold commas, line breaks and doubled quotes. Throws on malformed input.
 */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      // A quoted field runs to the next quote that is not doubled.
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (char === '"') throw new Error(`quote inside an unquoted field at ${i}`);
    if (char === ',') endField();
    else if (char === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (char === '\n') endRecord();
    else field += char;
    i++;
  }
  // A final line break ends the last record; without one, what is left is the last record.
  if (field !== '' || record.length > 0) endRecord();
  return records;
};

/** Records as objects keyed by the header row, checking every record has exactly the header's fields. */
export const csvObjects = (text: string): { header: string[]; rows: Record<string, string>[] } => {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error('no header row');
  for (const [index, record] of records.entries()) {
    if (record.length !== header.length) throw new Error(`record ${index + 2} has ${record.length} fields, the header ${header.length}`);
  }
  return { header, rows: records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]!]))) };
};
