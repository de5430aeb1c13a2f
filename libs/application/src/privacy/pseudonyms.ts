import { createHmac } from 'node:crypto';
import type { MemberState } from '@registry/domain';
import type { RegistrySecrets } from '../security/registry-secrets';

/**
 * Keyed hashes (HMAC-SHA256 with the member state's pseudonym key) of the identifiers an authority supplies.
 * The registry stores only these: the same person gets the same pseudonym in every investigation of the
 * member state, so links and distinct-person counts still work, but the authority's identifier is not held
 * and cannot be recomputed without the key, which lives outside the database.
 */
export class Pseudonyms {
  constructor(private readonly secrets: RegistrySecrets) {}

  /** A suspect's or offender's person id → the registry's person id (a uuid). */
  personId(memberState: MemberState, authorityPersonId: string): string {
    return asUuid(this.mac(memberState, 'person', authorityPersonId.toLowerCase()));
  }

  /** A child id supplied by the authority → the id of the child's record in the registry (a uuid). */
  childId(memberState: MemberState, authorityChildId: string): string {
    return asUuid(this.mac(memberState, 'child', authorityChildId.toLowerCase()));
  }

  /**
   * A provider's keyed hash of an account → the registry's own keyed hash. Providers and NCMEC share their
   * hashes with other data sets; re-keying means the registry's value joins with none of them.
   */
  accountRef(memberState: MemberState, providerAccountRef: string): string {
    return `acct1:${this.mac(memberState, 'account', providerAccountRef).toString('base64url')}`;
  }

  private mac(memberState: MemberState, kind: string, value: string): Buffer {
    return createHmac('sha256', this.secrets.pseudonymKey(memberState))
      .update(`${kind}\u0000${value}`, 'utf8')
      .digest();
  }
}

/** The first 128 bits of a MAC as an RFC 9562 version 8 (custom) uuid, so pseudonyms fit every uuid column and route. */
const asUuid = (mac: Buffer): string => {
  const bytes = Buffer.from(mac.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
