import { parseSse } from './telephony.models';

describe('parseSse', () => {
  it('reads typed events with JSON data, skips comments, keeps an unfinished message for later', () => {
    const { messages, rest } = parseSse(
      '\nevent: ready\nid: 1\ndata: {"provider":"cti"}\n\n: keep-alive\n\nevent: incoming\ndata: {"a":\ndata: 1}\n\nevent: call\ndata: {"id"',
    );
    expect(messages).toEqual([
      { type: 'ready', data: '{"provider":"cti"}' },
      { type: 'incoming', data: '{"a":\n1}' },
    ]);
    expect(rest).toBe('event: call\ndata: {"id"');
    expect(parseSse(rest + ':"c-1"}\n\n').messages).toEqual([{ type: 'call', data: '{"id":"c-1"}' }]);
  });

  it('accepts CRLF line ends and events without a type', () => {
    expect(parseSse('data: {}\r\n\r\n').messages).toEqual([{ type: 'message', data: '{}' }]);
  });
});
