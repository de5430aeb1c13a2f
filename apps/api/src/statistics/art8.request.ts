import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { MEMBER_STATES, type MemberState } from '@registry/domain';

export class Art8Request {
  @ApiProperty({ enum: MEMBER_STATES })
  @IsIn(MEMBER_STATES)
  ms!: MemberState;

  @ApiProperty({ example: '2024' })
  @Matches(/^(19|20|21)\d{2}$/, { message: 'year must be a four-digit year' })
  year!: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
