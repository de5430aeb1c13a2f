import type { Command } from 'commander';
import { EmbeddedTokenKeys, parseDuration, TOKEN_ROLES, type TokenRole } from '@registry/application';
import { isMemberState, MEMBER_STATES, type MemberState } from '@registry/domain';
import { UsageError, UserError } from '../cli-errors';
import { configFrom } from '../cli-runtime';

const MAX_TTL_SECONDS = 30 * 86_400;

const parseRoles = (value: string): TokenRole[] => {
  const roles = value.split(',').map((role) => role.trim());
  const bad = roles.find((role) => !(TOKEN_ROLES as readonly string[]).includes(role));
  if (bad !== undefined)
    throw new UsageError(`--role must be one or more of ${TOKEN_ROLES.join(', ')} (comma-separated), got "${bad}"`);
  return roles as TokenRole[];
};

const parseMemberStates = (value: string): MemberState[] | 'all' => {
  if (value.trim() === '*') return 'all';
  const codes = value.split(',').map((code) => code.trim().toUpperCase());
  const bad = codes.find((code) => !isMemberState(code));
  if (bad !== undefined)
    throw new UsageError(
      `--ms must be member state codes (${MEMBER_STATES.join(' ')}), comma-separated, or *; got "${bad}"`,
    );
  return codes as MemberState[];
};

export const registerToken = (program: Command): void => {
  program
    .command('token')
    .description('(embedded/dev only) print a signed bearer token for the HTTP API')
    .requiredOption('--role <roles>', `role(s), comma-separated: ${TOKEN_ROLES.join(', ')}`)
    .requiredOption('--ms <codes>', 'member state(s) the token acts for, e.g. NL or NL,BE (* for all)')
    .option('--ttl <duration>', 'lifetime, e.g. 30m, 8h, 7d (at most 30d)', '8h')
    .option('--sub <name>', 'the user the token names (sub claim; goes into every event it records)')
    .option('--data-dir <dir>', 'data directory holding the signing key (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { role: string; ms: string; ttl: string; sub?: string; dataDir?: string }) => {
      const roles = parseRoles(flags.role);
      const memberStates = parseMemberStates(flags.ms);
      const ttlSeconds = parseDuration(flags.ttl);
      if (ttlSeconds === undefined || ttlSeconds < 60 || ttlSeconds > MAX_TTL_SECONDS) {
        throw new UsageError(`--ttl must be a duration from 1m to 30d such as 30m, 8h or 7d, got "${flags.ttl}"`);
      }
      const subject = flags.sub ?? `dev-${roles[0]}`;
      if (!/^[\x21-\x7e]{1,200}$/.test(subject))
        throw new UsageError('--sub must be 1-200 printable characters without spaces');
      const { security } = configFrom(flags);
      if (security?.auth.kind === 'oidc') {
        throw new UserError('AUTH_ISSUER is set: tokens come from that issuer, this registry signs none');
      }
      // The token key alone: the master and notary keys are opened, and checked, with the database only.
      const keys = await (security ? EmbeddedTokenKeys.loadOrCreate(security.dataDir) : EmbeddedTokenKeys.ephemeral());
      process.stdout.write(`${await keys.sign({ subject, roles, memberStates, ttlSeconds })}\n`);
    });
};
