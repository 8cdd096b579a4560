import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../platform/errors/app-error';

export enum Hl7InboxErrorCode {
  HL7_MESSAGE_NOT_FOUND = 'HL7_MESSAGE_NOT_FOUND',
  HL7_SOURCE_NOT_FOUND = 'HL7_SOURCE_NOT_FOUND',
  HL7_REPLAY_NOT_ALLOWED = 'HL7_REPLAY_NOT_ALLOWED',
  HL7_MESSAGE_INVALID = 'HL7_MESSAGE_INVALID',
  HL7_UNAVAILABLE = 'HL7_UNAVAILABLE',
}

export class Hl7InboxError extends AppError {
  static messageNotFound(): Hl7InboxError {
    return new Hl7InboxError(HttpStatus.NOT_FOUND, Hl7InboxErrorCode.HL7_MESSAGE_NOT_FOUND, 'HL7 message not found');
  }

  static sourceNotFound(): Hl7InboxError {
    return new Hl7InboxError(HttpStatus.NOT_FOUND, Hl7InboxErrorCode.HL7_SOURCE_NOT_FOUND, 'HL7 source not found');
  }

  static replayNotAllowed(message: string): Hl7InboxError {
    return new Hl7InboxError(HttpStatus.CONFLICT, Hl7InboxErrorCode.HL7_REPLAY_NOT_ALLOWED, message);
  }

  /** The edited text is not a readable HL7 message: 400 with the parser's reason on the `raw` field. */
  static invalidMessage(reason: string): Hl7InboxError {
    return new Hl7InboxError(HttpStatus.BAD_REQUEST, Hl7InboxErrorCode.HL7_MESSAGE_INVALID, reason, { raw: [reason] });
  }

  static unavailable(message: string): Hl7InboxError {
    return new Hl7InboxError(HttpStatus.SERVICE_UNAVAILABLE, Hl7InboxErrorCode.HL7_UNAVAILABLE, message);
  }
}
