import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { ERASURE_REASONS, type ErasureReason } from '@registry/domain';

export class ErasePersonalDataInput {
  @ApiProperty({
    format: 'uuid',
    description:
      "The subject: a report id, a child record's id, or a person id as the registry shows it (the pseudonym)",
  })
  @IsUUID()
  subjectId!: string;

  @ApiProperty({ enum: ERASURE_REASONS })
  @IsIn(ERASURE_REASONS)
  reason!: ErasureReason;
}
