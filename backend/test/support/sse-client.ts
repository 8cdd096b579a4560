export interface SseEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface EventStream {
  status: number;
  body: unknown;
  events: SseEvent[];
  /** The first event of this type (and matching `where`) not yet taken; waits for it. */
  next: (type: string, where?: Record<string, unknown>, timeoutMs?: number) => Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close: () => void;
}

/** Reads a Server-Sent Events stream with fetch and a bearer token, as the console does. */
export async function openEventStream(url: string, token?: string): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const taken = new Set<SseEvent>();
  if (!res.ok || !res.body) {
    return {
      status: res.status,
      body: await res.json(),
      events,
      next: () => Promise.reject(new Error('no stream')),
      ended: Promise.resolve(),
      close: () => undefined,
    };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let type = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) events.push({ type, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted
    }
  })();
  const next = async (type: string, where: Record<string, unknown> = {}, timeoutMs = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + timeoutMs;
    const fits = (x: SseEvent) => x.type === type && !taken.has(x) && Object.entries(where).every(([k, v]) => x.data[k] === v);
    for (;;) {
      const e = events.find(fits);
      if (e) {
        taken.add(e);
        return e;
      }
      if (Date.now() > deadline)
        throw new Error(`no "${type}" event within ${timeoutMs} ms (got: ${events.map((x) => x.type).join(', ')})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { status: res.status, body: null, events, next, ended, close: () => abort.abort() };
}
