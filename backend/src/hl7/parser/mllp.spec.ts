import { frame, MllpDecoder, type MllpEvent } from './mllp';

const framesOf = (events: MllpEvent[]): string[] => events.flatMap((e) => (e.kind === 'frame' ? [e.data.toString()] : []));

describe('MLLP', () => {
  it('frames a payload with 0x0B … 0x1C 0x0D', () => {
    const f = frame(Buffer.from('MSH|x'));
    expect([...f]).toEqual([0x0b, ...Buffer.from('MSH|x'), 0x1c, 0x0d]);
    expect(frame('A').length).toBe(4);
  });

  it('returns each frame of a chunk holding several', () => {
    const d = new MllpDecoder();
    const chunk = Buffer.concat([frame('one'), frame('two'), frame('three')]);
    expect(framesOf(d.push(chunk))).toEqual(['one', 'two', 'three']);
    expect(d.buffered).toBe(0);
  });

  it('reassembles frames split at every possible position', () => {
    const stream = Buffer.concat([frame('MSH|first'), frame('MSH|second')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new MllpDecoder();
      const got = [...framesOf(d.push(stream.subarray(0, cut))), ...framesOf(d.push(stream.subarray(cut)))];
      expect(got).toEqual(['MSH|first', 'MSH|second']);
      expect(d.end()).toEqual([]);
    }
  });

  it('reassembles a frame fed one byte at a time, end block and CR in separate chunks', () => {
    const d = new MllpDecoder();
    const out: string[] = [];
    for (const b of Buffer.concat([frame('abc'), frame('def')])) out.push(...framesOf(d.push(Buffer.from([b]))));
    expect(out).toEqual(['abc', 'def']);
  });

  it('returns copies, not views of the caller’s chunk', () => {
    const d = new MllpDecoder();
    const chunk = frame('abc');
    const [ev] = d.push(chunk);
    chunk.fill(0);
    expect(ev.kind === 'frame' && ev.data.toString()).toBe('abc');
  });

  it('reports bytes outside frames, ignores whitespace between them', () => {
    const d = new MllpDecoder();
    const events = d.push(Buffer.concat([Buffer.from('junk'), frame('a'), Buffer.from('\r\n'), frame('b'), Buffer.from('tail')]));
    expect(events.map((e) => e.kind)).toEqual(['junk', 'frame', 'frame', 'junk']);
    expect(events[0].kind === 'junk' && events[0].data.toString()).toBe('junk');
  });

  it('reports a frame abandoned by a new start block, and one cut by the end of the stream', () => {
    const d = new MllpDecoder();
    const events = d.push(
      Buffer.concat([Buffer.from([0x0b]), Buffer.from('half'), frame('whole'), Buffer.from([0x0b]), Buffer.from('cut')]),
    );
    expect(events).toEqual([
      { kind: 'discarded', reason: 'unterminated', bytes: 4, data: Buffer.from('half') },
      { kind: 'frame', data: Buffer.from('whole') },
    ]);
    expect(d.buffered).toBe(3);
    expect(d.end()).toEqual([{ kind: 'discarded', reason: 'truncated', bytes: 3, data: Buffer.from('cut') }]);
  });

  it('accepts an end block without the trailing CR', () => {
    const d = new MllpDecoder();
    const events = d.push(Buffer.from([0x0b, 0x41, 0x1c, 0x0b, 0x42, 0x1c, 0x0d]));
    expect(framesOf(events)).toEqual(['A', 'B']);
  });

  it('discards frames over the size limit without buffering them', () => {
    const d = new MllpDecoder({ maxFrameBytes: 10 });
    const events = d.push(Buffer.concat([frame('x'.repeat(50)), frame('ok')]));
    expect(events).toEqual([
      { kind: 'discarded', reason: 'too-large', bytes: 50 },
      { kind: 'frame', data: Buffer.from('ok') },
    ]);
  });
});
