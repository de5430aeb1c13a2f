import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Art8MomentRequest } from './art8.request';

export class Art8TraceRequest extends Art8MomentRequest {
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
}
