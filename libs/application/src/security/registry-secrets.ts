import { hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MemberState } from '@registry/domain';
import { ConfigurationError } from '../config/registry-config';
import { readOrCreateSecretFile } from './secret-file';
import type { SecurityConfig } from './security-config';

const MASTER_KEY_FILE = join('secrets', 'master.key');

/**
 * The registry's master secret and the keys derived from it (HKDF-SHA256, one label per purpose): a
 * pseudonymisation key per member state and the key that wraps subject keys. It comes from
 * REGISTRY_MASTER_KEY or from `<data dir>/secrets/master.key` (generated on first start), never from the
 * database, so a copy of the database alone neither re-identifies anyone nor decrypts personal fields.
 */
export class RegistrySecrets {
  private readonly derived = new Map<string, Buffer>();

  private constructor(private readonly masterKey: Buffer) {}

  static async open(config: Pick<SecurityConfig, 'dataDir' | 'masterKey'>): Promise<RegistrySecrets> {
    if (config.masterKey) return new RegistrySecrets(config.masterKey);
    const file = join(config.dataDir, MASTER_KEY_FILE);
    const stored = await readOrCreateSecretFile(file, () => `${randomBytes(32).toString('base64')}\n`);
    const key = Buffer.from(stored.trim(), 'base64');
    if (key.length < 32)
      throw new ConfigurationError('REGISTRY_DATA_DIR', `${file} does not hold a 32-byte base64 key`);
    return new RegistrySecrets(key);
  }

  /** Random keys that live as long as the process: tests, and nothing else. */
  static ephemeral(): RegistrySecrets {
    return new RegistrySecrets(randomBytes(32));
  }

  /** HMAC key for the pseudonyms of one member state's persons, children and accounts. */
  pseudonymKey(memberState: MemberState): Buffer {
    return this.derive(`case-registry/pseudonym/v1/${memberState}`);
  }

  /** AES-256 key that encrypts subject keys at rest in the `subject_key` table. */
  keyWrappingKey(): Buffer {
    return this.derive('case-registry/subject-key-wrapping/v1');
  }

  private derive(label: string): Buffer {
    let key = this.derived.get(label);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.masterKey, Buffer.alloc(0), label, 32));
      this.derived.set(label, key);
    }
    return key;
  }
}
