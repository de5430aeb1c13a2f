import type { DataSource } from 'typeorm';
import type { Actor } from '../shared/actor';
import { InputInvalid } from '../shared/validate-input';
import { ACCESS_LOG_RECORD_MESSAGE } from './access-log-record';
import { GetAccessLogHandler, GetAccessLogQuery } from './access-log.query';

const auditor: Actor = { userId: 'auditor-anna', role: 'auditor', memberStates: ['NL'] };
// A search that names no record is refused before the read models are asked anything.
const noReadModels = {
  get manager(): never {
    throw new Error('the read models were asked');
  },
} as unknown as DataSource;

describe('an access-log search by a record', () => {
  it('that names no record is refused, naming the field, as the HTTP route refuses it', async () => {
    const query = new GetAccessLogQuery(auditor, { record: `statistics-ab-${'0'.repeat(33)}`, limit: 10 });
    const refusal = new GetAccessLogHandler(noReadModels).execute(query);
    await expect(refusal).rejects.toThrow(InputInvalid);
    await expect(refusal).rejects.toMatchObject({
      errors: [{ field: 'record', messages: [ACCESS_LOG_RECORD_MESSAGE] }],
    });
  });
});
