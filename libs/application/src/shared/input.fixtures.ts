import type { ValidationSample } from '@registry/testing';
import { generateDemoDataSet } from '../demo/demo-data-set';
import { IMPORTABLE_COMMANDS } from '../imports/import-commands';

/** An import line: a command type and its input. */
export interface InputLine {
  readonly type: string;
  readonly data: unknown;
}

/** Every line of a small demo data set: valid inputs of every importable command the demo writes. */
export const demoInputLines: readonly InputLine[] = generateDemoDataSet({
  memberState: 'NL',
  year: 2024,
  scale: 'small',
  seed: 1232,
}).lines;

/** Valid inputs of the two command types the demo does not write (it neither submits nor withdraws a declaration). */
export const writtenInputLines: readonly InputLine[] = [
  {
    type: 'SubmitArticle8Report',
    data: {
      memberState: 'NL',
      snapshotId: '0b9f6c1e-8d4a-4f7e-9a51-3c2d7e8f9a10',
      submittedAt: '2025-03-31T12:00:00Z',
      submittedTo: 'European Commission',
    },
  },
  {
    type: 'WithdrawDataNotAvailable',
    data: { memberState: 'NL', year: 2024, metric: 'ART8_1_A', reason: 'the figures were found' },
  },
];

/** A few lines of each command type, so that every input class and its optional fields appear. */
export const inputSampleLines: readonly InputLine[] = [
  ...Object.keys(IMPORTABLE_COMMANDS).flatMap((type) =>
    demoInputLines.filter((line) => line.type === type).slice(0, 4),
  ),
  ...writtenInputLines,
];

/** The samples with their input classes, as the agreement checks of `@registry/testing` take them. */
export const inputSamples: readonly ValidationSample[] = inputSampleLines.map((line) => ({
  type: IMPORTABLE_COMMANDS[line.type]!.input,
  data: line.data,
}));
