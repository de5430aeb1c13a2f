import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * RecordReport lines as a national authority receives them: mostly NCMEC CyberTipline reports from a few
 * large providers, one to three content hashes each, an account reference on most. A given share of the
 * lines repeats a content hash of an earlier report (a repeat report), mostly of a recent one, as repeat
 * reports cluster in time. Deterministic: the same seed gives the same file.
 */
export interface ReportLineOptions {
  readonly lines: number;
  /** Share of lines that repeat an earlier report's content hash (default 0.05). */
  readonly duplicateShare?: number;
  /** Share of lines with an account reference (default 0.6). */
  readonly accountShare?: number;
  readonly seed?: number;
}

const MEMBER_STATES: [string, number][] = [
  ['DE', 20], ['FR', 15], ['IT', 11], ['ES', 10], ['PL', 8], ['NL', 7], ['BE', 5], ['SE', 4], ['AT', 4], ['PT', 3],
  ['CZ', 3], ['RO', 3], ['HU', 2], ['DK', 2], ['FI', 1], ['IE', 1], ['EL', 1],
];
const CHANNELS: [string, number][] = [['NCMEC', 82], ['INHOPE_HOTLINE', 7], ['NATIONAL_HOTLINE', 5], ['EUROPOL', 3], ['PROVIDER_DIRECT', 2], ['OTHER', 1]];
const CATEGORIES: [string, number][] = [['KNOWN_CSAM', 58], ['NEW_CSAM', 21], ['SOLICITATION', 10], ['SEXTORTION', 6], ['UNKNOWN', 5]];
const PROVIDERS: [{ name: string; providerType: string; serviceName: string | null }, number][] = [
  [{ name: 'Meta Platforms', providerType: 'SOCIAL_MEDIA', serviceName: 'Facebook' }, 30],
  [{ name: 'Meta Platforms', providerType: 'INTERPERSONAL_COMMUNICATION', serviceName: 'Messenger' }, 18],
  [{ name: 'Meta Platforms', providerType: 'SOCIAL_MEDIA', serviceName: 'Instagram' }, 14],
  [{ name: 'Google', providerType: 'HOSTING_OR_CLOUD', serviceName: 'Google Drive' }, 9],
  [{ name: 'Snap', providerType: 'INTERPERSONAL_COMMUNICATION', serviceName: 'Snapchat' }, 7],
  [{ name: 'TikTok', providerType: 'SOCIAL_MEDIA', serviceName: 'TikTok' }, 6],
  [{ name: 'Microsoft', providerType: 'HOSTING_OR_CLOUD', serviceName: 'OneDrive' }, 4],
  [{ name: 'Discord', providerType: 'INTERPERSONAL_COMMUNICATION', serviceName: 'Discord' }, 4],
  [{ name: 'Roblox', providerType: 'ONLINE_GAMING', serviceName: 'Roblox' }, 3],
  [{ name: 'X Corp', providerType: 'SOCIAL_MEDIA', serviceName: 'X' }, 3],
  [{ name: 'Dropbox', providerType: 'HOSTING_OR_CLOUD', serviceName: null }, 2],
];

/** mulberry32: small, fast and good enough to spread test data. */
const random = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const weighted = <T>(choices: readonly [T, number][], next: () => number): T => {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let pick = next() * total;
  for (const [value, weight] of choices) if ((pick -= weight) < 0) return value;
  return choices[0]![0];
};

const hex = (next: () => number, length: number): string => {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 2 ** 32).toString(16).padStart(8, '0');
  return out.slice(0, length);
};

const uuid = (next: () => number): string => {
  const h = hex(next, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(next() * 4)]}${h.slice(17, 20)}-${h.slice(20)}`;
};

/** The lines, generated lazily (constant memory apart from a window of recent hashes). */
export function* reportLines({ lines, duplicateShare = 0.05, accountShare = 0.6, seed = 2026 }: ReportLineOptions): Generator<string> {
  const next = random(seed);
  // Intake keys are per member state: a repeat report repeats a hash within the same member state.
  const recent: { memberState: string; hash: { algorithm: string; value: string } }[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let n = 0; n < lines; n++) {
    let memberState = weighted(MEMBER_STATES, next);
    const sourceChannel = weighted(CHANNELS, next);
    const hashes = [{ algorithm: 'MD5', value: hex(next, 32) }];
    if (next() < 0.7) hashes.push({ algorithm: 'PDQ', value: hex(next, 64) });
    if (next() < 0.3) hashes.push({ algorithm: 'SHA256', value: hex(next, 64) });
    if (recent.length > 0 && next() < duplicateShare) {
      // Mostly one of the last few thousand reports, sometimes a much older one.
      const back = next() < 0.8 ? Math.floor(next() * Math.min(5000, recent.length)) : Math.floor(next() * recent.length);
      const original = recent[recent.length - 1 - back]!;
      memberState = original.memberState;
      hashes[0] = original.hash;
    } else {
      recent.push({ memberState, hash: hashes[0]! });
      if (recent.length > 200_000) recent.splice(0, 100_000);
    }
    const data = {
      reportId: uuid(next),
      memberState,
      receivedAt: new Date(start + Math.floor(next() * 365 * 86_400_000)).toISOString(),
      reporterKind: sourceChannel === 'INHOPE_HOTLINE' || sourceChannel === 'NATIONAL_HOTLINE' ? 'PUBLIC_INTEREST_ORGANISATION' : 'PROVIDER',
      sourceChannel,
      sourceOrganisation: sourceChannel === 'NCMEC' ? 'NCMEC CyberTipline' : null,
      externalReference: `${sourceChannel === 'NCMEC' ? 'CT' : sourceChannel.slice(0, 3)}-${(180_000_000 + n).toString()}`,
      provider: weighted(PROVIDERS, next),
      contentCategory: weighted(CATEGORIES, next),
      detectedUnderArt3: next() < 0.4,
      countUnit: 'REPORT',
      contentHashes: hashes,
      ...(next() < accountShare ? { accountRefs: [`kh1:${Buffer.from(hex(next, 64), 'hex').toString('base64url')}`] } : {}),
      concernedMemberStates: [memberState],
    };
    yield JSON.stringify({ type: 'RecordReport', data });
  }
}

/** Writes the lines to `file` (NDJSON), respecting the stream's backpressure. */
export const writeReportLines = async (file: string, options: ReportLineOptions): Promise<void> => {
  const out = createWriteStream(file);
  for (const line of reportLines(options)) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
};
