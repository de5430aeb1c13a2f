import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ART8_METRICS, MEMBER_STATES, NOT_AVAILABLE_REASONS, type Art8Metric, type MemberState, type NotAvailableReason } from '@registry/domain';
import { IsInstant } from '../shared/validators';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

class MemberStateYear {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) memberState!: MemberState;
  @ApiProperty({ example: 2024 }) @IsInt() @Min(2000) @Max(2100) year!: number;
}

export class DeclareDataNotAvailableInput extends MemberStateYear {
  @ApiProperty({ enum: ART8_METRICS }) @IsIn(ART8_METRICS) metric!: Art8Metric;
  @ApiProperty({ enum: NOT_AVAILABLE_REASONS }) @IsIn(NOT_AVAILABLE_REASONS) reason!: NotAvailableReason;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(1, 2000)
  note?: string | null;
}

export class WithdrawDataNotAvailableInput extends MemberStateYear {
  @ApiProperty({ enum: ART8_METRICS }) @IsIn(ART8_METRICS) metric!: Art8Metric;
  @ApiProperty({ maxLength: 1000 }) @IsString() @Length(1, 1000) reason!: string;
}

export class RecordMethodologyChangeInput {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) memberState!: MemberState;
  @ApiProperty({ enum: ART8_METRICS }) @IsIn(ART8_METRICS) metric!: Art8Metric;
  @ApiProperty({ example: '2024-01-01', description: 'The date the new method applies from' })
  @Matches(ISO_DATE, { message: 'effectiveFrom must be a date, e.g. 2024-01-01' })
  effectiveFrom!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) description!: string;
}

export class RecordPublishedNcmecFigureInput extends MemberStateYear {
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(1_000_000_000) count!: number;
  @ApiProperty({ example: 'COM(2025) 740, Table 7' }) @IsString() @Length(1, 500) source!: string;
}

export class TakeArticle8SnapshotInput extends MemberStateYear {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-supplied id; generated when omitted' }) @IsOptional() @IsUUID() snapshotId?: string;
}

export class SubmitArticle8ReportInput {
  @ApiProperty({ example: '2025-03-31T12:00:00Z' }) @IsInstant() submittedAt!: string;
  @ApiProperty({ example: 'European Commission' }) @IsString() @Length(1, 200) submittedTo!: string;
}

export class SubmitArticle8ReportLine extends SubmitArticle8ReportInput {
  @IsIn(MEMBER_STATES) memberState!: MemberState;
  @IsUUID() snapshotId!: string;
}
