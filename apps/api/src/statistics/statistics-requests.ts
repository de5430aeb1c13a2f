import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { MEMBER_STATES, type MemberState } from '@registry/domain';

const AS_OF = /^(\d{1,18}|\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?)$/;

export class CohortRequest {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) ms!: MemberState;
  @ApiProperty({ example: '2023' }) @Matches(/^(19|20|21)\d{2}$/, { message: 'reportYear must be a four-digit year' }) reportYear!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(AS_OF, { message: 'asOf must be a log position or an ISO date/date-time' }) asOf?: string;
}

export class MemberStateRequest {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) ms!: MemberState;
  @ApiPropertyOptional() @IsOptional() @Matches(AS_OF, { message: 'asOf must be a log position or an ISO date/date-time' }) asOf?: string;
}

export class RestatementRequest {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) ms!: MemberState;
  @ApiProperty({ format: 'uuid' }) @IsUUID() snapshotId!: string;
}
