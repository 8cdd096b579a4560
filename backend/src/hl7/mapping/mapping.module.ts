import { Module } from '@nestjs/common';
import { Hl7MappingService } from './mapping.service';

/** The mapping of parsed HL7 messages to patients, encounters and appointments; used by the HL7 inbox. */
@Module({
  providers: [Hl7MappingService],
  exports: [Hl7MappingService],
})
export class Hl7MappingModule {}
