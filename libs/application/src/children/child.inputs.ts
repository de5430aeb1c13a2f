import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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
  AGE_BANDS,
  IDENTIFICATION_ROUTES,
  IDENTIFYING_BODIES,
  MEMBER_STATES,
  SEXES,
  type AgeBand,
  type IdentificationRoute,
  type IdentifyingBody,
  type MemberState,
  type Sex,
} from '@registry/domain';
import { IsInstant } from '../shared/validators';

const COUNTRY_CODE = /^[A-Z]{2}$/;

/** The facts of a child record: a pseudonymous id, never a name. */
export class IdentifyChildInput {
  @ApiProperty({
    format: 'uuid',
    description: "The authority's child id (never a name). The registry keeps only its keyed hash, which is the record's id in the answer",
  })
  @IsUUID()
  childId!: string;
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) memberState!: MemberState;
  @ApiProperty({ format: 'uuid' }) @IsUUID() investigationId!: string;
  @ApiProperty({ example: '2024-04-01T10:00:00Z' }) @IsInstant() identifiedAt!: string;
  @ApiProperty({ enum: SEXES, description: 'Never blank, never guessed: NOT_STATED when unknown' }) @IsIn(SEXES) sex!: Sex;
  @ApiProperty({ enum: IDENTIFICATION_ROUTES }) @IsIn(IDENTIFICATION_ROUTES) identificationRoute!: IdentificationRoute;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  linkedReportIds?: string[];
  @ApiProperty({ enum: IDENTIFYING_BODIES }) @IsIn(IDENTIFYING_BODIES) identifyingBody!: IdentifyingBody;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'NL',
    description: 'Country of residence: an attribute, never a filter',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(COUNTRY_CODE, { message: 'residence must be a two-letter country code or null' })
  residence?: string | null;
  @ApiPropertyOptional({ enum: AGE_BANDS }) @IsOptional() @IsIn(AGE_BANDS) ageBand?: AgeBand;
}

export class ChildChangesInput {
  @ApiPropertyOptional() @IsOptional() @IsInstant() identifiedAt?: string;
  @ApiPropertyOptional({ enum: SEXES }) @IsOptional() @IsIn(SEXES) sex?: Sex;
  @ApiPropertyOptional({ enum: IDENTIFICATION_ROUTES }) @IsOptional() @IsIn(IDENTIFICATION_ROUTES) identificationRoute?: IdentificationRoute;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  linkedReportIds?: string[];
  @ApiPropertyOptional({ enum: IDENTIFYING_BODIES }) @IsOptional() @IsIn(IDENTIFYING_BODIES) identifyingBody?: IdentifyingBody;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(COUNTRY_CODE, { message: 'residence must be a two-letter country code or null' })
  residence?: string | null;
  @ApiPropertyOptional({ enum: AGE_BANDS }) @IsOptional() @IsIn(AGE_BANDS) ageBand?: AgeBand;
}

export class CorrectChildRecordInput {
  @ApiProperty({ type: ChildChangesInput })
  @IsObject()
  // An empty correction is a mistake, not a repeat: a correction to the values already held still answers 200.
  @IsNotEmptyObject({ nullable: false }, { message: 'changes must name at least one field to correct' })
  @ValidateNested()
  @Type(() => ChildChangesInput)
  changes!: ChildChangesInput;
  @ApiProperty({ maxLength: 1000 }) @IsString() @Length(1, 1000) reason!: string;
}

export class MergeChildRecordsInput {
  @ApiProperty({ format: 'uuid', description: 'The record this duplicate is the same child as' }) @IsUUID() childId!: string;
}

export class CorrectChildRecordLine extends CorrectChildRecordInput {
  @IsUUID() childId!: string;
}
/** `{duplicateChildId, childId}` as in domain.md. */
export class MergeChildRecordsLine extends MergeChildRecordsInput {
  @IsUUID() duplicateChildId!: string;
}
