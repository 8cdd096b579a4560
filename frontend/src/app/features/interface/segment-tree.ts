import { Segment } from './hl7.models';

/** Where an error points, read from the stored location text (`PV1-10`, `PID[2]-3.1`, `(segment 4)`). */
export interface ErrorPlace {
  segment: string;
  /** 1-based occurrence of that segment in the message. */
  sequence: number;
  field?: number;
  component?: number;
}

/** Parses the location format the inbox stores (backend `formatLocation`); null when it names no segment. */
export function parseLocation(location: string | null | undefined): ErrorPlace | null {
  const match = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?(?:-(\d+))?(?:\[\d+\])?(?:\.(\d+))?/.exec((location ?? '').trim());
  if (!match) {
    return null;
  }
  return {
    segment: match[1],
    sequence: match[2] ? Number(match[2]) : 1,
    field: match[3] ? Number(match[3]) : undefined,
    component: match[4] ? Number(match[4]) : undefined,
  };
}

export interface TreeField {
  /** `PID-3` */
  label: string;
  n: number;
  value: string;
  /** `[{ label: 'PID-3.1', value: '…' }]`; empty when the field has one component. */
  components: Array<{ label: string; value: string }>;
  error: boolean;
}

export interface TreeSegment {
  name: string;
  /** 1-based occurrence of this segment name (the second OBX is 2). */
  sequence: number;
  /** `OBX[2]` for a repeated segment, else the name. */
  label: string;
  fields: TreeField[];
  error: boolean;
}

/**
 * The server's segment tree, labelled as interface engineers read it (`PID-3`, `PID-3.1`, `OBX[2]`),
 * with the segment and field the error points at marked.
 */
export function segmentTree(segments: readonly Segment[], errorLocation?: string | null): TreeSegment[] {
  const place = parseLocation(errorLocation);
  const seen = new Map<string, number>();
  const total = new Map<string, number>();
  for (const s of segments) {
    total.set(s.name, (total.get(s.name) ?? 0) + 1);
  }
  return segments.map((segment) => {
    const sequence = (seen.get(segment.name) ?? 0) + 1;
    seen.set(segment.name, sequence);
    const here = !!place && place.segment === segment.name && place.sequence === sequence;
    const label = (total.get(segment.name) ?? 0) > 1 ? `${segment.name}[${sequence}]` : segment.name;
    return {
      name: segment.name,
      sequence,
      label,
      error: here,
      fields: segment.fields.map((f) => ({
        label: `${segment.name}-${f.n}`,
        n: f.n,
        value: f.value,
        components: f.components.map((value, i) => ({ label: `${segment.name}-${f.n}.${i + 1}`, value })),
        error: here && place?.field === f.n,
      })),
    };
  });
}

/** The raw text one segment a line, whatever separator the sender used (CR, LF or CRLF). */
export function rawLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line, i, all) => line !== '' || i < all.length - 1);
}

/** For the edit-and-replay textarea: one segment a line (the server accepts CR or LF). */
export function editableText(text: string): string {
  return rawLines(text).join('\n');
}
