import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ART8_FORMATS, IsAsOf, type Art8Format, type Disclosure } from '@registry/application';
import { MEMBER_STATES, type MemberState } from '@registry/domain';

/** Which Art. 8 document, and as of when: what the document and the trace of one of its figures both take. */
export class Art8MomentRequest {
  @ApiProperty({ enum: MEMBER_STATES })
  @IsIn(MEMBER_STATES)
  ms!: MemberState;

  @ApiProperty({ example: '2024' })
  @Matches(/^(19|20|21)\d{2}$/, { message: 'year must be a four-digit year' })
  year!: string;

  @ApiPropertyOptional({ description: 'A global log position, or an ISO date/date-time: the figures as they stood then' })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

export class Art8Request extends Art8MomentRequest {
  @ApiPropertyOptional({ enum: ART8_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(ART8_FORMATS)
  format?: Art8Format;

  @ApiPropertyOptional({ enum: ['exact', 'public'], default: 'exact' })
  @IsOptional()
  @IsIn(['exact', 'public'])
  disclosure?: Disclosure;
}
