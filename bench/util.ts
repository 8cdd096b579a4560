/** Kept for the HL7 benchmarks' imports: the helpers live in ./support. */
export { freePort, percentile } from './support';
