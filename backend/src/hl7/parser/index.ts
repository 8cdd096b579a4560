export { ack, ackText, hl7Timestamp, newControlId, type AckCode, type AckError, type AckOptions } from './ack';
export { splitBatch, type Hl7Batch, type Hl7BatchEnvelopeSegment } from './batch';
export { resolveCharset, decodeBytes, encodeText, GB18030, LATIN1, UTF8, type Hl7Charset } from './charset';
export { formatLocation, HL7_ERROR_TEXT, Hl7ErrorCode, Hl7ParseError, type Hl7Location } from './errors';
export { encodingCharacters, escapeValue, STANDARD_DELIMITERS, unescapeValue, type Hl7Delimiters } from './escape';
export {
  Hl7Message,
  Hl7Segment,
  parseMessage,
  parsePath,
  tryParseMessage,
  type Hl7Header,
  type Hl7ParseResult,
  type ParseOptions,
} from './message';
export { frame, MllpDecoder, MLLP_CR, MLLP_END, MLLP_START, type MllpDecoderOptions, type MllpEvent } from './mllp';
