import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import {
  INVESTIGATION_OUTCOMES,
  INVESTIGATION_TRIGGERS,
  MEMBER_STATES,
  OFFENCE_CATEGORIES,
  ONLINE_NEXUSES,
  type InvestigationOutcome,
  type InvestigationTrigger,
  type MemberState,
  type OffenceCategory,
  type OnlineNexus,
} from '@registry/domain';
import { IsInstant } from '../shared/validators';

/** One investigation may cover many reports (SE: several provider reports on one user); not unboundedly many. */
const MAX_LINKED_REPORTS = 10_000;

export class OpenInvestigationInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() investigationId!: string;
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) memberState!: MemberState;
  @ApiProperty({ example: '2024-03-05T08:00:00Z' }) @IsInstant() openedAt!: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_REPORTS)
  @IsUUID(undefined, { each: true })
  reportIds?: string[];
  @ApiProperty({ enum: INVESTIGATION_TRIGGERS }) @IsIn(INVESTIGATION_TRIGGERS) trigger!: InvestigationTrigger;
}

export class LinkReportInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() reportId!: string;
}

export class ClassifyOffenceInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() offenceId!: string;
  @ApiProperty({ example: 'Sr. art. 252', maxLength: 200 }) @IsString() @Length(1, 200) nationalProvision!: string;
  @ApiProperty({ enum: OFFENCE_CATEGORIES }) @IsIn(OFFENCE_CATEGORIES) category!: OffenceCategory;
  @ApiProperty({ enum: ONLINE_NEXUSES }) @IsIn(ONLINE_NEXUSES) onlineNexus!: OnlineNexus;
  @ApiProperty({ example: '2024-02-20T00:00:00Z' }) @IsInstant() offenceDate!: string;
}

export class IdentifySuspectInput {
  @ApiProperty({ format: 'uuid', description: "The authority's person id (never a name); the registry keeps and shows only its keyed hash" })
  @IsUUID()
  personId!: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_REPORTS)
  @IsUUID(undefined, { each: true })
  linkedReportIds?: string[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 1000,
    description:
      'Free text: personal data, sealed for the person (erasable). Given again for a known suspect, notes unlike ' +
      'their earlier ones are recorded; the same notes change nothing',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  notes?: string | null;
}

export class FileChargeInput {
  @ApiProperty({ format: 'uuid', description: "The authority's person id, as given when the suspect was identified" }) @IsUUID() personId!: string;
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  offenceIds!: string[];
  @ApiProperty({ example: '2024-06-01T09:00:00Z' }) @IsInstant() filedAt!: string;
}

export class CloseInvestigationInput {
  @ApiProperty({ enum: INVESTIGATION_OUTCOMES }) @IsIn(INVESTIGATION_OUTCOMES) outcome!: InvestigationOutcome;
  @ApiProperty({ example: '2024-09-01T09:00:00Z' }) @IsInstant() closedAt!: string;
}

/** Import lines name the investigation in the data, where HTTP has it in the path. */
export class LinkReportLine extends LinkReportInput {
  @IsUUID() investigationId!: string;
}
export class ClassifyOffenceLine extends ClassifyOffenceInput {
  @IsUUID() investigationId!: string;
}
export class IdentifySuspectLine extends IdentifySuspectInput {
  @IsUUID() investigationId!: string;
}
export class FileChargeLine extends FileChargeInput {
  @IsUUID() investigationId!: string;
}
export class CloseInvestigationLine extends CloseInvestigationInput {
  @IsUUID() investigationId!: string;
}
