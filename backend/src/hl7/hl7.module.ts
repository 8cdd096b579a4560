import { DynamicModule, Module, Provider } from '@nestjs/common';
import type { Hl7Applier } from './mapping/contract';
import { FileDropService } from './inbox/file-drop.service';
import { Hl7Controller } from './inbox/hl7.controller';
import { Hl7InboxService } from './inbox/inbox.service';
import { MllpListener } from './inbox/mllp.listener';
import { Hl7MonitorService } from './inbox/monitor.service';
import { Hl7RecoveryJob } from './inbox/recovery.job';
import { Hl7ReplayService } from './inbox/replay.service';
import { Hl7SourcesService } from './inbox/sources.service';
import { HL7_APPLIER } from './inbox/tokens';
import { Hl7MappingModule } from './mapping/mapping.module';
import { Hl7MappingService } from './mapping/mapping.service';

/*
 * HL7 v2 interface (issue #4): transports (MLLP, file drop, upload), the store-before-ACK inbox, replay and the
 * monitor API. The domain mapping is injected through HL7_APPLIER (contract: ./mapping/contract.ts).
 */
const PROVIDERS: Provider[] = [
  Hl7InboxService,
  Hl7SourcesService,
  Hl7MonitorService,
  Hl7ReplayService,
  Hl7RecoveryJob,
  MllpListener,
  FileDropService,
];

// The domain mapping (patients, encounters, appointments) applies what the inbox stored.
const APPLIER: Provider[] = [{ provide: HL7_APPLIER, useExisting: Hl7MappingService }];

@Module({})
export class Hl7Module {
  /** `applier` replaces the domain mapping (API tests use one that records calls). */
  static forRoot(opts: { applier?: Hl7Applier } = {}): DynamicModule {
    return {
      module: Hl7Module,
      imports: [Hl7MappingModule],
      controllers: [Hl7Controller],
      providers: [...PROVIDERS, ...(opts.applier ? [{ provide: HL7_APPLIER, useValue: opts.applier }] : APPLIER)],
      exports: [Hl7InboxService, MllpListener, FileDropService, HL7_APPLIER],
    };
  }
}
