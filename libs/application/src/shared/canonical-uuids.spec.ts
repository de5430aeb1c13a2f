import { Expose, Type } from 'class-transformer';
import { IsString, IsUUID, Validate, ValidateNested, ValidatorConstraint } from 'class-validator';
import { IMPORTABLE_COMMANDS } from '../imports/import-commands';
import { RecordReportInput } from '../reports/report.inputs';
import { demoInputLines, writtenInputLines } from './input.fixtures';
import { validateInput } from './validate-input';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same data with every uuid in it, however deep, written in upper case. */
const upperCaseUuids = (value: unknown): unknown => {
  if (typeof value === 'string') return UUID_SHAPE.test(value) ? value.toUpperCase() : value;
  if (Array.isArray(value)) return value.map(upperCaseUuids);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, upperCaseUuids(child)]));
  }
  return value;
};

/** Every string of a value, however deep. */
const stringsOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
};

describe('validateInput: uuids in lower case, as stream names and read models compare them', () => {
  const REPORT_ID = 'fedcba98-7654-4321-8fed-cba987654321';

  it('writes an upper-case id of a body in lower case, and leaves every other text as it came', async () => {
    const body = {
      reportId: REPORT_ID.toUpperCase(),
      memberState: 'NL',
      receivedAt: '2024-03-01T10:00:00Z',
      reporterKind: 'PROVIDER',
      sourceChannel: 'NCMEC',
      externalReference: `CT-${REPORT_ID.toUpperCase()}`,
      provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION' },
      contentCategory: 'KNOWN_CSAM',
      detectedUnderArt3: true,
      contentHashes: [{ algorithm: 'MD5', value: 'D41D8CD98F00B204E9800998ECF8427E' }],
    };
    const input = await validateInput(RecordReportInput, body);
    expect(input.reportId).toBe(REPORT_ID);
    expect(input.externalReference).toBe(body.externalReference);
    expect(input.contentHashes?.[0]?.value).toBe(body.contentHashes[0]?.value);
    expect(body.reportId).toBe(REPORT_ID.toUpperCase());
  });

  it('gives each importable line with its uuids in upper case the very input of the line in lower case', async () => {
    const lines = [...demoInputLines, ...writtenInputLines];
    let uuidsSeen = 0;
    for (const { type, data } of lines) {
      const input = IMPORTABLE_COMMANDS[type]!.input;
      const upper = upperCaseUuids(data);
      uuidsSeen += stringsOf(upper).filter((text) => UUID_SHAPE.test(text) && /[A-F]/.test(text)).length;
      const [fromUpper, fromLower] = [await validateInput(input, upper), await validateInput(input, data)];
      expect({ type, input: fromUpper }).toEqual({ type, input: fromLower });
    }
    // Ids at the top, in lists (reportIds, linkedReportIds, offenceIds): the variants had upper case to lower.
    expect(uuidsSeen).toBeGreaterThan(lines.length);
  });

  @ValidatorConstraint({ name: 'eventually', async: true })
  class Eventually {
    validate = (value: unknown) => Promise.resolve(typeof value === 'string');
  }

  class Link {
    @IsUUID() reportId!: string;
    @IsUUID(undefined, { each: true }) linkedReportIds!: string[];
  }

  /** Nested, built and validated the slow way: @Expose is class-transformer's, an async validator class-validator's. */
  class Links {
    @Expose() @IsString() @Validate(Eventually) note!: string;
    @ValidateNested({ each: true }) @Type(() => Link) links!: Link[];
  }

  it('writes nested ids and listed ids in lower case when class-transformer and class-validator do it', async () => {
    const other = '0b6f3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    const input = await validateInput(Links, {
      note: REPORT_ID.toUpperCase(),
      links: [{ reportId: REPORT_ID.toUpperCase(), linkedReportIds: [other.toUpperCase(), other] }],
    });
    expect(input.links).toEqual([expect.objectContaining({ reportId: REPORT_ID, linkedReportIds: [other, other] })]);
    expect(input.links[0]).toBeInstanceOf(Link);
    // Not an id field: kept as written.
    expect(input.note).toBe(REPORT_ID.toUpperCase());
  });
});
