import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter, switchMap } from 'rxjs';
import { AuthStore } from '../../core/auth/auth.store';
import { LanguageService } from '../../core/i18n/language.service';
import { AppDatePipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { ConfirmData, ConfirmDialog } from '../../shared/ui/confirm.dialog';
import { EditReplayData, EditReplayDialog } from './edit-replay.dialog';
import { Hl7Api } from './hl7.api';
import { Hl7ReplayResult } from './hl7.models';
import { Hl7StatusChip } from './hl7-status-chip';
import { TreeSegment, rawLines, segmentTree } from './segment-tree';

/** One HL7 message: header facts, segment tree, raw text, ACK, error; replay and edit-and-replay. */
@Component({
  selector: 'app-message-detail-page',
  imports: [RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule, TranslocoPipe, AppDatePipe, TranslateOrPipe, Hl7StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './message-detail.page.html',
  styleUrl: './message-detail.page.scss',
})
export class MessageDetailPage {
  readonly id = input.required<string>();
  private readonly api = inject(Hl7Api);
  private readonly dialog = inject(MatDialog);
  private readonly language = inject(LanguageService);
  protected readonly canManage = inject(AuthStore).hasPermission('hl7.manage');

  protected readonly resource = this.api.messageResource(() => this.id());
  protected readonly message = computed(() => (this.resource.hasValue() ? this.resource.value() : undefined));
  protected readonly tree = computed(() => {
    const m = this.message();
    return m?.segments ? segmentTree(m.segments, m.errorLocation) : [];
  });
  /** With an error located in a segment, only that one starts open; else all but MSH (its values are in the header). */
  private readonly errorInTree = computed(() => this.tree().some((s) => s.error));
  protected readonly raw = computed(() => rawLines(this.message()?.rawText ?? ''));
  protected readonly ack = computed(() => rawLines(this.message()?.ackText ?? ''));
  protected readonly replayable = computed(() => this.canManage && !!this.message() && this.message()?.status !== 'received');
  /** The latest replay started here, with its outcome. */
  protected readonly lastReplay = linkedSignal<string, Hl7ReplayResult | null>({ source: this.id, computation: () => null });
  protected readonly busy = signal(false);

  protected segmentOpen(segment: TreeSegment): boolean {
    return this.errorInTree() ? segment.error : segment.name !== 'MSH';
  }

  protected replay(): void {
    const m = this.message();
    if (!m) {
      return;
    }
    const data: ConfirmData = {
      title: this.language.t('interface.replay.title'),
      message: this.language.t('interface.replay.confirm', { controlId: m.controlId || '—' }),
      confirm: this.language.t('interface.replay.ok'),
      cancel: this.language.t('common.cancel'),
    };
    this.dialog
      .open(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((ok) => ok === true),
        switchMap(() => {
          this.busy.set(true);
          return this.api.replay(m.id);
        }),
      )
      .subscribe({
        next: (result) => this.replayed(result),
        error: () => this.busy.set(false),
      });
  }

  protected editReplay(): void {
    const m = this.message();
    if (!m) {
      return;
    }
    const data: EditReplayData = { id: m.id, rawText: m.rawText, errorLocation: m.errorLocation };
    this.dialog
      .open(EditReplayDialog, { data, width: '960px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((result: Hl7ReplayResult | undefined) => {
        if (result) {
          this.replayed(result);
        }
      });
  }

  private replayed(result: Hl7ReplayResult): void {
    this.busy.set(false);
    this.lastReplay.set(result);
    this.resource.reload();
  }
}
