import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Something that happened in the domain, published after the transaction that made it committed. */
export type DomainEvent = { type: 'encounter.discharged'; encounterId: string; patientId: string };

type Handler<T extends DomainEvent['type']> = (event: Extract<DomainEvent, { type: T }>) => void | Promise<void>;

/**
 * In-process domain events: the HIS integration publishes `encounter.discharged`, the follow-up
 * engine subscribes and enrols at once. Delivery is best effort within this process — a handler's
 * failure is logged, never thrown back to the publisher — so every subscriber must also have a
 * durable path (the enrolment scan re-reads discharges every minute).
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly emitter = new EventEmitter();

  publish(events: readonly DomainEvent[]): void {
    for (const e of events) this.emitter.emit(e.type, e);
  }

  subscribe<T extends DomainEvent['type']>(type: T, handler: Handler<T>): void {
    this.emitter.on(type, (event: Extract<DomainEvent, { type: T }>) => {
      Promise.resolve()
        .then(() => handler(event))
        .catch((e: unknown) => this.logger.warn({ err: (e as Error).message, type }, 'domain event handler failed'));
    });
  }
}
