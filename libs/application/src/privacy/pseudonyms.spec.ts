import { randomUUID } from 'node:crypto';
import { isUuid } from '@registry/domain';
import { RegistrySecrets } from '../security/registry-secrets';
import { Pseudonyms } from './pseudonyms';

describe('pseudonyms', () => {
  const pseudonyms = new Pseudonyms(RegistrySecrets.ephemeral());
  const personId = randomUUID();

  it("are uuids that are not the authority's id", () => {
    const pseudonym = pseudonyms.personId('NL', personId);
    expect(isUuid(pseudonym)).toBe(true);
    expect(pseudonym).not.toBe(personId);
  });

  it('are the same for the same person in the same member state, whatever the case of the id', () =>
    expect(pseudonyms.personId('NL', personId.toUpperCase())).toBe(pseudonyms.personId('NL', personId)));

  it('differ between member states, between persons and children, and between registries', () => {
    expect(pseudonyms.personId('BE', personId)).not.toBe(pseudonyms.personId('NL', personId));
    expect(pseudonyms.childId('NL', personId)).not.toBe(pseudonyms.personId('NL', personId));
    expect(new Pseudonyms(RegistrySecrets.ephemeral()).personId('NL', personId)).not.toBe(
      pseudonyms.personId('NL', personId),
    );
  });

  it('re-key account references', () => {
    expect(pseudonyms.accountRef('NL', 'sha256:abcd')).toMatch(/^acct1:[\w-]{43}$/);
    expect(pseudonyms.accountRef('NL', 'sha256:abcd')).toBe(pseudonyms.accountRef('NL', 'sha256:abcd'));
  });
});
