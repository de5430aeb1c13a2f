import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CONTENT_CATEGORIES,
  COUNT_UNITS,
  DUPLICATE_BASES,
  HASH_ALGORITHMS,
  MEMBER_STATES,
  NON_ACTIONABLE_REASONS,
  PROVIDER_TYPES,
  REPORTER_KINDS,
  SOURCE_CHANNELS,
  type ContentCategory,
  type CountUnit,
  type DuplicateBasis,
  type HashAlgorithm,
  type MemberState,
  type NonActionableReason,
  type ProviderType,
  type ReporterKind,
  type SourceChannel,
} from '@registry/domain';
import { IsInstant } from '../shared/validators';

/** Hashes and keyed hashes are printable tokens: anything longer or stranger is not a hash. */
const HASH_TOKEN = /^[A-Za-z0-9+/=:_.-]{4,1024}$/;

/**
 * An external reference is an intake key (the same reference through the same channel is the same report), so a
 * blank one would make every later blank-referenced report of its channel "already recorded", and "CT-1 " would
 * miss "CT-1": both are refused rather than trimmed, so the sender sees what its export wrote.
 */
const NO_SURROUNDING_SPACE = /^\S(?:[\s\S]*\S)?$/;

export class ProviderInput {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @ApiProperty({ enum: PROVIDER_TYPES })
  @IsIn(PROVIDER_TYPES)
  providerType!: ProviderType;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  serviceName?: string | null;
}

export class ContentHashInput {
  @ApiProperty({ enum: HASH_ALGORITHMS })
  @IsIn(HASH_ALGORITHMS)
  algorithm!: HashAlgorithm;

  @ApiProperty({ description: 'The hash value (hex or base64); never content' })
  @Matches(HASH_TOKEN, { message: 'value must be a hash value (4-1024 of A-Z a-z 0-9 + / = : _ . -)' })
  value!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The hash database it matched, e.g. NCMEC' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  matchedDatabase?: string | null;
}

/** The facts of a report that a recorder supplies; also the fields a correction may change. */
export class ReportFactsInput {
  @ApiProperty({ example: '2024-03-01T10:00:00Z', description: 'When the authority received it (business date)' })
  @IsInstant()
  receivedAt!: string;

  @ApiProperty({ enum: REPORTER_KINDS })
  @IsIn(REPORTER_KINDS)
  reporterKind!: ReporterKind;

  @ApiProperty({ enum: SOURCE_CHANNELS })
  @IsIn(SOURCE_CHANNELS)
  sourceChannel!: SourceChannel;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sourceOrganisation?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'e.g. the CyberTipline report number' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(NO_SURROUNDING_SPACE, { message: 'externalReference must not be blank or start or end with a space' })
  externalReference?: string | null;

  @ApiPropertyOptional({ type: ProviderInput })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProviderInput)
  provider?: ProviderInput;

  @ApiProperty({ enum: CONTENT_CATEGORIES })
  @IsIn(CONTENT_CATEGORIES)
  contentCategory!: ContentCategory;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'null: unknown' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsBoolean()
  detectedUnderArt3?: boolean | null;

  @ApiPropertyOptional({ enum: COUNT_UNITS, default: 'REPORT' })
  @IsOptional()
  @IsIn(COUNT_UNITS)
  countUnit?: CountUnit;

  @ApiPropertyOptional({ type: [ContentHashInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContentHashInput)
  contentHashes?: ContentHashInput[];

  @ApiPropertyOptional({ type: [String], description: 'Keyed hashes of account ids, never the ids' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(HASH_TOKEN, { each: true, message: 'each of accountRefs must be a keyed hash, not an account name' })
  accountRefs?: string[];

  @ApiPropertyOptional({ enum: MEMBER_STATES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(27)
  @IsIn(MEMBER_STATES, { each: true })
  concernedMemberStates?: MemberState[];
}

export class RecordReportInput extends ReportFactsInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  reportId!: string;

  @ApiProperty({ enum: MEMBER_STATES })
  @IsIn(MEMBER_STATES)
  memberState!: MemberState;
}

export class AssessReportInput {
  @ApiProperty()
  @IsBoolean()
  actionable!: boolean;

  @ApiPropertyOptional({ enum: NON_ACTIONABLE_REASONS, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(NON_ACTIONABLE_REASONS)
  reasonIfNot?: NonActionableReason | null;

  @ApiProperty({ example: '2024-03-02T09:00:00Z' })
  @IsInstant()
  assessedAt!: string;
}

export class MarkReportDuplicateInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  duplicateOfReportId!: string;

  @ApiPropertyOptional({ enum: DUPLICATE_BASES, default: 'MANUAL' })
  @IsOptional()
  @IsIn(DUPLICATE_BASES)
  basis?: DuplicateBasis;
}

/** Every fact is optional in a correction; hashes, accounts and references are keys, not corrected. */
export class ReportChangesInput {
  @ApiPropertyOptional() @IsOptional() @IsInstant() receivedAt?: string;
  @ApiPropertyOptional({ enum: REPORTER_KINDS }) @IsOptional() @IsIn(REPORTER_KINDS) reporterKind?: ReporterKind;
  @ApiPropertyOptional({ enum: SOURCE_CHANNELS }) @IsOptional() @IsIn(SOURCE_CHANNELS) sourceChannel?: SourceChannel;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) sourceOrganisation?: string;
  @ApiPropertyOptional({ type: ProviderInput })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProviderInput)
  provider?: ProviderInput;
  @ApiPropertyOptional({ enum: CONTENT_CATEGORIES }) @IsOptional() @IsIn(CONTENT_CATEGORIES) contentCategory?: ContentCategory;
  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsBoolean()
  detectedUnderArt3?: boolean | null;
  @ApiPropertyOptional({ enum: COUNT_UNITS }) @IsOptional() @IsIn(COUNT_UNITS) countUnit?: CountUnit;
  @ApiPropertyOptional({ enum: MEMBER_STATES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(MEMBER_STATES, { each: true })
  concernedMemberStates?: MemberState[];
}

export class CorrectReportInput {
  @ApiProperty({ type: ReportChangesInput })
  @IsObject()
  // An empty correction is a mistake, not a repeat: a correction to the values already held still answers 200.
  @IsNotEmptyObject({ nullable: false }, { message: 'changes must name at least one field to correct' })
  @ValidateNested()
  @Type(() => ReportChangesInput)
  changes!: ReportChangesInput;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class WithdrawReportInput {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** Import lines name the report in the data, where HTTP has it in the path. */
export class AssessReportLine extends AssessReportInput {
  @IsUUID() reportId!: string;
}
export class MarkReportDuplicateLine extends MarkReportDuplicateInput {
  @IsUUID() reportId!: string;
}
export class CorrectReportLine extends CorrectReportInput {
  @IsUUID() reportId!: string;
}
export class WithdrawReportLine extends WithdrawReportInput {
  @IsUUID() reportId!: string;
}
