import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsAccessLogRecord, USER_ID } from '@registry/application';
import { IsOptional, Matches } from 'class-validator';

const LIMIT = /^([1-9]\d{0,2}|1000)$/;
const CURSOR = /^\d{1,18}\/\d{1,18}$/;

export class LogPageRequest {
  @ApiPropertyOptional({
    description:
      'A global position (the page starts after that event) or the `next` of the previous page; default: the start',
  })
  @IsOptional()
  @Matches(/^(\d{1,18}|\d{1,18}\/\d{1,18})$/, {
    message: 'from must be a global position or the `next` cursor of a previous page',
  })
  from?: string;

  @ApiPropertyOptional({ description: 'Events per page, 1-1000', default: '100' })
  @IsOptional()
  @Matches(LIMIT, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;
}

export class AccessLogRequest {
  @ApiPropertyOptional({ description: "Only this actor's reads (the token subject, e.g. cli:alice)" })
  @IsOptional()
  // Any id a token may name: an issuer's `sub` such as `auth0|5f7c…` is some reader's actor id.
  @Matches(USER_ID, { message: 'actor must be a user id' })
  actor?: string;

  @ApiPropertyOptional({ description: 'Only reads of this record: its id, or a stream name for history reads' })
  @IsOptional()
  @IsAccessLogRecord()
  record?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @Matches(CURSOR, { message: 'from must be the `next` cursor of a previous page' })
  from?: string;

  @ApiPropertyOptional({ description: 'Entries per page, 1-1000', default: '100' })
  @IsOptional()
  @Matches(LIMIT, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;
}
