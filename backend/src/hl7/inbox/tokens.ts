/** Injection token of the `Hl7Applier` (contract.ts) the inbox applies messages with. */
export const HL7_APPLIER = Symbol('HL7_APPLIER');
