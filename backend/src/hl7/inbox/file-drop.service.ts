import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Hl7Source } from './hl7.entities';
import { Hl7InboxService, type ReceiveOutcome } from './inbox.service';
import { Hl7SourcesService } from './sources.service';

export interface FileOutcome {
  source: string;
  file: string;
  /** Where the file went: processed/ when every message was answered AA, else failed/. */
  movedTo: 'processed' | 'failed';
  messages: ReceiveOutcome[];
}

/** A file left in processing/ longer than this (an instance died while handling it) is handled again. */
const STALE_PROCESSING_MS = 60_000;

/**
 * The file drop: every enabled source with an inbound folder is polled (HL7_FILE_POLL_MS). A file that has not
 * changed for HL7_FILE_SETTLE_MS is claimed by renaming it into processing/ (so two instances never take the
 * same file), handed to the inbox (stored before anything else), then moved to processed/ when every message in
 * it was answered AA, else to failed/. Handling a file twice is harmless: repeated control ids are not applied
 * again.
 */
@Injectable()
export class FileDropService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FileDropService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FileOutcome[]> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbox: Hl7InboxService,
    private readonly sources: Hl7SourcesService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.config.hl7.filePollMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): Promise<unknown> {
    this.stopped = true;
    clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** One pass over every folder (used by the timer; tests call it directly). Never throws. */
  poll(): Promise<FileOutcome[]> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<FileOutcome[]> {
    const out: FileOutcome[] = [];
    let sources: Hl7Source[];
    try {
      sources = await this.sources.fileDropSources();
    } catch (e) {
      this.logger.warn(`HL7 file drop: sources not readable (${(e as Error).name}); retrying`);
      return out;
    }
    for (const s of sources) {
      if (this.stopped) break;
      try {
        out.push(...(await this.folder(s)));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        this.logger.warn(`HL7 file drop ${s.code}: folder ${s.inboundDir} not usable (${err.code ?? err.name})`);
      }
    }
    return out;
  }

  private async folder(s: Hl7Source): Promise<FileOutcome[]> {
    const dir = s.inboundDir ?? '';
    const processing = join(dir, 'processing');
    await mkdir(processing, { recursive: true });
    await mkdir(join(dir, 'processed'), { recursive: true });
    await mkdir(join(dir, 'failed'), { recursive: true });
    // Files an instance claimed and never finished: back into the queue.
    for (const name of await readdir(processing)) {
      const st = await stat(join(processing, name)).catch(() => undefined);
      if (st?.isFile() && Date.now() - st.mtimeMs > STALE_PROCESSING_MS) {
        await rename(join(processing, name), join(dir, name)).catch(() => undefined);
      }
    }
    const out: FileOutcome[] = [];
    const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name);
    names.sort();
    for (const name of names) {
      if (this.stopped) break;
      const path = join(dir, name);
      const st = await stat(path).catch(() => undefined);
      if (!st || Date.now() - st.mtimeMs < this.config.hl7.fileSettleMs) continue;
      const claimed = join(processing, name);
      try {
        await rename(path, claimed);
      } catch {
        continue; // another instance took it
      }
      const bytes = await readFile(claimed);
      const messages = await this.inbox.receiveDetailed(bytes, { source: s, transport: 'file', fileName: name });
      if (messages.some((m) => m.status === 'not_stored' || (m.ackCode === 'AR' && m.status === 'received'))) {
        // The database failed: leave the file for the next pass (handled again, nothing applied twice).
        await rename(claimed, path).catch(() => undefined);
        continue;
      }
      const movedTo = messages.length > 0 && messages.every((m) => m.ackCode === 'AA') ? 'processed' : 'failed';
      await rename(claimed, await this.freeName(join(dir, movedTo), name));
      this.logger.log(`HL7 file drop ${s.code}: ${messages.length} message(s) from one file → ${movedTo}/`);
      out.push({ source: s.code, file: name, movedTo, messages });
    }
    return out;
  }

  /** `name`, or `name.<timestamp>` when a file of that name was handled before. */
  private async freeName(dir: string, name: string): Promise<string> {
    const first = join(dir, basename(name));
    if (!(await stat(first).catch(() => undefined))) return first;
    return join(dir, `${basename(name)}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
  }
}
