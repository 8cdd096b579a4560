import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PatientsModule } from '../patients/patients.module';
import { CallEventsHub } from './call-events.hub';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { CtiAdapter } from './cti.adapter';
import { ManualAdapter, TELEPHONY_ADAPTER, TelephonyAdapter } from './telephony.adapter';

/** Telephony (docs/telephony.md): the adapter chosen by TELEPHONY, calls, CTI events and the console's call-event stream. */
@Module({
  imports: [PatientsModule],
  controllers: [CallsController],
  providers: [
    {
      provide: TELEPHONY_ADAPTER,
      inject: [APP_CONFIG],
      useFactory: ({ telephony }: AppConfig): TelephonyAdapter =>
        telephony.mode === 'cti' && telephony.ctiUrl && telephony.ctiToken
          ? new CtiAdapter({ ...telephony, ctiUrl: telephony.ctiUrl, ctiToken: telephony.ctiToken })
          : new ManualAdapter(),
    },
    CallEventsHub,
    CallsService,
  ],
  exports: [CallsService],
})
export class TelephonyModule {}
