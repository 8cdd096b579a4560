import { HttpClient, httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { StatusChip } from '../../shared/ui/status-chip';
import { AnswerTextPipe, I18nTextPipe } from '../worklist/answer-text';
import { Escalation, EscalationStatus } from '../worklist/worklist.models';

const STATUSES: readonly EscalationStatus[] = ['open', 'answered', 'closed'];

/**
 * The escalation inbox (closed loop): problems raised from calls, urgent first, overdue highlighted;
 * doctors and managers reply, the nurse reports back to the patient and closes.
 */
@Component({
  selector: 'app-escalations-page',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTabsModule,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    StatusChip,
    AnswerTextPipe,
    I18nTextPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './escalations.page.html',
  styleUrl: './escalations.page.scss',
})
export class EscalationsPage {
  /** Query parameter `?status=`. */
  readonly status = input<string>();

  private readonly http = inject(HttpClient);
  private readonly notifier = inject(Notifier);
  protected readonly canReply = inject(AuthStore).hasPermission('escalation.reply');
  protected readonly statuses = STATUSES;
  protected readonly current = computed<EscalationStatus>(() =>
    STATUSES.includes(this.status() as EscalationStatus) ? (this.status() as EscalationStatus) : 'open',
  );
  private readonly list = httpResource<Escalation[]>(() => ({ url: '/api/escalations', params: { status: this.current() } }));
  protected readonly items = computed(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly loading = this.list.isLoading;
  /** Reply drafts by escalation id. */
  protected readonly drafts = signal<Record<string, string>>({});
  protected readonly saving = signal<string | null>(null);

  protected draft(id: string, text: string): void {
    this.drafts.update((d) => ({ ...d, [id]: text }));
  }

  protected reply(e: Escalation): void {
    const text = (this.drafts()[e.id] ?? '').trim();
    if (!text) return;
    this.act(e, 'reply', { reply: text }, 'escalations.replied');
  }

  protected close(e: Escalation): void {
    this.act(e, 'close', null, 'escalations.closed');
  }

  private act(e: Escalation, action: 'reply' | 'close', body: unknown, done: string): void {
    this.saving.set(e.id);
    this.http.post<void>(`/api/escalations/${e.id}/${action}`, body).subscribe({
      next: () => {
        this.saving.set(null);
        this.drafts.update((d) => Object.fromEntries(Object.entries(d).filter(([id]) => id !== e.id)));
        this.notifier.success(done, { name: e.name });
        this.list.reload();
      },
      error: () => this.saving.set(null),
    });
  }
}
