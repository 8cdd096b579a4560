import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ack, frame, Hl7ErrorCode, MllpDecoder, type MllpEvent } from '../parser';
import { Hl7InboxService, type ReceiveContext } from './inbox.service';
import { Hl7SourcesService } from './sources.service';

/** Frames queued on one connection before it stops reading (a sender that does not wait for ACKs). */
const MAX_QUEUED = 64;
/** How long shutdown waits for messages in flight. */
const DRAIN_MS = 15_000;

interface Connection {
  socket: Socket;
  remote: string;
  /** The end of this connection's chain: messages are stored, applied and answered strictly in order. */
  tail: Promise<void>;
  queued: number;
}

/**
 * The MLLP listener (TCP or TLS): one decoder per connection (several frames per read, frames split across
 * reads), messages of a connection handled one after the other, one framed ACK per message on the same
 * connection. Never logs message content. Garbage between frames is ignored (logged by size); an unfinished
 * frame is stored as rejected; a frame over the size limit is answered AR without being kept.
 */
@Injectable()
export class MllpListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MllpListener.name);
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbox: Hl7InboxService,
    private readonly sources: Hl7SourcesService,
  ) {}

  /** The port actually listened on (useful with HL7_MLLP_PORT=0), or undefined when not listening. */
  get port(): number | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config.hl7.mllp;
    if (!c.enabled) return;
    const onConnection = (socket: Socket) => this.accept(socket);
    const server = c.tls
      ? createTlsServer({ cert: readFileSync(c.tls.certFile), key: readFileSync(c.tls.keyFile), allowHalfOpen: true }, onConnection)
      : createServer({ allowHalfOpen: true }, onConnection);
    server.maxConnections = 1000;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(c.port, c.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // The HTTP side stays up (the console shows the inbox); the operator sees why MLLP is off.
      this.logger.error(
        err.code === 'EADDRINUSE'
          ? `HL7 MLLP port ${c.port} is already in use: the MLLP listener is OFF. Free the port or set HL7_MLLP_PORT.`
          : `HL7 MLLP listener could not start on ${c.host}:${c.port} (${err.code ?? err.message}): it is OFF.`,
      );
      return;
    }
    server.on('error', (e: NodeJS.ErrnoException) => this.logger.error(`HL7 MLLP listener error: ${e.code ?? e.message}`));
    this.server = server;
    this.logger.log(`HL7 MLLP listening on ${c.host}:${this.port}${c.tls ? ' (TLS)' : ''} for source ${c.sourceCode}`);
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const c = this.config.hl7.mllp;
    const conn: Connection = { socket, remote: socket.remoteAddress ?? '', tail: Promise.resolve(), queued: 0 };
    this.connections.add(conn);
    const decoder = new MllpDecoder({ maxFrameBytes: c.maxFrameBytes });
    socket.setNoDelay(true);
    socket.setTimeout(c.idleSeconds * 1000);
    socket.on('timeout', () => {
      if (conn.queued === 0) {
        this.logger.log(`HL7 MLLP connection from ${conn.remote} idle for ${c.idleSeconds} s: closed`);
        socket.end();
      } else {
        // Still working on its messages: not idle. Count again from when they are answered.
        void conn.tail.then(() => socket.setTimeout(c.idleSeconds * 1000));
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.closing) return; // shutting down: the sender gets no ACK and resends later
      for (const ev of decoder.push(chunk)) this.onEvent(conn, ev);
    });
    socket.on('end', () => {
      for (const ev of decoder.end()) this.onEvent(conn, ev);
      void conn.tail.then(() => socket.end());
    });
    socket.on('error', (e: NodeJS.ErrnoException) => this.logger.debug(`HL7 MLLP connection from ${conn.remote}: ${e.code ?? e.message}`));
    socket.on('close', () => this.connections.delete(conn));
  }

  private onEvent(conn: Connection, ev: MllpEvent): void {
    switch (ev.kind) {
      case 'frame':
        this.enqueue(conn, async (ctx) => {
          const acks = await this.inbox.receive(ev.data, ctx);
          for (const a of acks) this.write(conn, a);
        });
        return;
      case 'junk':
        this.logger.warn(`HL7 MLLP: ${ev.data.length} byte(s) outside a frame from ${conn.remote} ignored`);
        return;
      case 'discarded':
        if (ev.reason === 'too-large') {
          this.logger.warn(
            `HL7 MLLP: frame of ${ev.bytes} bytes from ${conn.remote} refused (limit ${this.config.hl7.mllp.maxFrameBytes})`,
          );
          const text = `Frame larger than ${this.config.hl7.mllp.maxFrameBytes} bytes refused`;
          this.enqueue(conn, () => {
            this.write(conn, ack(undefined, 'AR', { error: { code: Hl7ErrorCode.ApplicationInternalError, message: text } }));
            return Promise.resolve();
          });
          return;
        }
        if (ev.data?.length) {
          const data = ev.data;
          const reason =
            ev.reason === 'truncated'
              ? `incomplete MLLP frame (${ev.bytes} bytes): the connection closed before the end block`
              : `incomplete MLLP frame (${ev.bytes} bytes): a new frame started before the end block`;
          this.enqueue(conn, async (ctx) => void (await this.inbox.storeBroken(data, ctx, reason)));
        }
        return;
    }
  }

  /** Chains the work after the connection's previous message; pauses reading when too much is queued. */
  private enqueue(conn: Connection, work: (ctx: ReceiveContext) => Promise<void>): void {
    conn.queued++;
    if (conn.queued >= MAX_QUEUED) conn.socket.pause();
    conn.tail = conn.tail
      .then(async () => {
        const code = this.config.hl7.mllp.sourceCode;
        const source = await this.sources.byCodeCached(code).catch(() => undefined);
        if (!source) {
          this.logger.error(
            source === null
              ? `HL7 MLLP: source ${code} does not exist (HL7_MLLP_SOURCE); answered AR`
              : 'HL7 MLLP: database unavailable; answered AR',
          );
          this.write(
            conn,
            ack(undefined, 'AR', { error: { code: Hl7ErrorCode.ApplicationInternalError, message: 'Not ready; resend later' } }),
          );
          return;
        }
        await work({ source, transport: 'mllp', remoteAddress: conn.remote });
      })
      .catch((e: Error) => {
        this.logger.error(`HL7 MLLP: unexpected error (${e.name}); answered AR`);
        this.write(
          conn,
          ack(undefined, 'AR', { error: { code: Hl7ErrorCode.ApplicationInternalError, message: 'Internal error; resend' } }),
        );
      })
      .finally(() => {
        conn.queued--;
        if (conn.queued < MAX_QUEUED / 2 && conn.socket.isPaused()) conn.socket.resume();
      });
  }

  private write(conn: Connection, ackBytes: Buffer): void {
    if (conn.socket.writable && ackBytes.length) conn.socket.write(frame(ackBytes));
  }

  /** Stop accepting, finish the messages in flight (bounded), then close the connections. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((r) => server.close(() => r()));
    const drained = Promise.all([...this.connections].map((c) => c.tail));
    await Promise.race([drained, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
    for (const c of this.connections) c.socket.end();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 2000).unref())]);
    for (const c of this.connections) c.socket.destroy();
    this.server = undefined;
  }
}
