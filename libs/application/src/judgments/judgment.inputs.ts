import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import {
  APPEAL_PARTIES,
  JUDGMENT_OUTCOMES,
  JUDGMENT_SOURCES,
  MEMBER_STATES,
  type AppealParty,
  type JudgmentOutcome,
  type JudgmentSource,
  type MemberState,
} from '@registry/domain';
import { IsInstant } from '../shared/validators';

export class RecordJudgmentInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() judgmentId!: string;
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) memberState!: MemberState;
  @ApiProperty({ format: 'uuid' }) @IsUUID() investigationId!: string;
  @ApiProperty({ format: 'uuid', description: "The authority's person id of a suspect of the investigation (stored as its keyed hash)" })
  @IsUUID()
  personId!: string;
  @ApiProperty({ maxLength: 200, example: 'Rechtbank Amsterdam' }) @IsString() @Length(1, 200) court!: string;
  @ApiProperty({ example: '2024-11-20T10:00:00Z' }) @IsInstant() decidedAt!: string;
  @ApiProperty({ enum: JUDGMENT_OUTCOMES }) @IsIn(JUDGMENT_OUTCOMES) outcome!: JudgmentOutcome;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  convictedOffenceIds?: string[];
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  numberOfCounts?: number | null;
  @ApiProperty({ enum: JUDGMENT_SOURCES }) @IsIn(JUDGMENT_SOURCES) source!: JudgmentSource;
}

export class LodgeAppealInput {
  @ApiProperty({ example: '2024-12-01T10:00:00Z' }) @IsInstant() lodgedAt!: string;
  @ApiProperty({ enum: APPEAL_PARTIES }) @IsIn(APPEAL_PARTIES) by!: AppealParty;
}

export class RecordAppealOutcomeInput {
  @ApiProperty({ enum: JUDGMENT_OUTCOMES }) @IsIn(JUDGMENT_OUTCOMES) newOutcome!: JudgmentOutcome;
  @ApiProperty({ example: '2025-03-01T10:00:00Z' }) @IsInstant() decidedAt!: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Omitted: a conviction keeps its offences' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  convictedOffenceIds?: string[];
}

export class RecordFinalityInput {
  @ApiProperty({ example: '2025-04-01T00:00:00Z' }) @IsInstant() finalAt!: string;
}

export class LodgeAppealLine extends LodgeAppealInput {
  @IsUUID() judgmentId!: string;
}
export class RecordAppealOutcomeLine extends RecordAppealOutcomeInput {
  @IsUUID() judgmentId!: string;
}
export class RecordFinalityLine extends RecordFinalityInput {
  @IsUUID() judgmentId!: string;
}
