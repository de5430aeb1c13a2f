import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { MEMBER_STATES, type MemberState } from '@registry/domain';

export class Art8TraceRequest {
  @ApiProperty({ enum: MEMBER_STATES })
  @IsIn(MEMBER_STATES)
  ms!: MemberState;

  @ApiProperty({ example: '2024' })
  @Matches(/^(19|20|21)\d{2}$/, { message: 'year must be a four-digit year' })
  year!: string;

  @ApiProperty({
    description:
      'A figure of the document by its path: a.totalReports, a.bySourceChannel.NCMEC, b.art3.female, c.convictedPersons',
    example: 'a.totalReports',
  })
  @Matches(/^[abc](\.[A-Za-z0-9_]{1,40}){1,2}$/, {
    message: 'metric must be a path of the Art. 8 document, e.g. a.totalReports or b.art3.female',
  })
  metric!: string;

  @ApiPropertyOptional({
    description: "The breakdown's key when metric names the breakdown (metric=a.bySourceChannel&breakdown=NCMEC)",
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{1,40}$/, { message: 'breakdown must be a key of the breakdown, e.g. NCMEC or female' })
  breakdown?: string;

  @ApiPropertyOptional({ description: 'A global log position, or an ISO date/date-time: the figure as it stood then' })
  @IsOptional()
  @Matches(/^(\d{1,18}|\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?)$/, {
    message: 'asOf must be a log position or an ISO date/date-time',
  })
  asOf?: string;
}
