import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsAsOf } from '@registry/application';
import { MEMBER_STATES, type MemberState } from '@registry/domain';

export class CohortRequest {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) ms!: MemberState;
  @ApiProperty({ example: '2023' }) @Matches(/^(19|20|21)\d{2}$/, { message: 'reportYear must be a four-digit year' }) reportYear!: string;
  @ApiPropertyOptional() @IsOptional() @IsAsOf() asOf?: string;
}

export class MemberStateRequest {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) ms!: MemberState;
  @ApiPropertyOptional() @IsOptional() @IsAsOf() asOf?: string;
}

export class RestatementRequest {
  @ApiProperty({ enum: MEMBER_STATES }) @IsIn(MEMBER_STATES) ms!: MemberState;
  @ApiProperty({ format: 'uuid' }) @IsUUID() snapshotId!: string;
}
