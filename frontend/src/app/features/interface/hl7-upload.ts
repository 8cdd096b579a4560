import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, linkedSignal, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { finalize } from 'rxjs';
import { ApiError, toApiError } from '../../core/api/api-error';
import { ErrorText } from '../../core/i18n/error-text';
import { Hl7Api } from './hl7.api';
import { Hl7Source, UploadResult } from './hl7.models';
import { Hl7StatusChip } from './hl7-status-chip';

/** Upload of an .hl7 file (one message or a batch) for a source, with one result per message. */
@Component({
  selector: 'app-hl7-upload',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    TranslocoPipe,
    Hl7StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="muted">{{ 'interface.upload.intro' | transloco }}</p>
    <div class="form">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'interface.source' | transloco }}</mat-label>
        <mat-select [ngModel]="sourceId()" (ngModelChange)="sourceId.set($event)" data-testid="hl7-upload-source">
          @for (source of sources(); track source.id) {
            <mat-option [value]="source.id">{{ source.code }} — {{ source.name }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <label class="file">
        <input type="file" accept=".hl7,.txt,.dat,text/plain" (change)="pick($event)" data-testid="hl7-upload-file" />
      </label>
      <button
        mat-flat-button
        type="button"
        [disabled]="!file() || !sourceId() || busy()"
        (click)="upload()"
        data-testid="hl7-upload-submit"
      >
        <mat-icon svgIcon="upload" />
        {{ 'interface.upload.submit' | transloco }}
      </button>
    </div>
    @if (busy()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as e) {
      <p class="error" role="alert" data-testid="hl7-upload-error">{{ e }}</p>
    }
    @if (result(); as r) {
      <h3 data-testid="hl7-upload-summary">
        {{ 'interface.upload.summary' | transloco: { file: r.fileName, count: r.messages.length } }}
      </h3>
      <div class="table-card">
        <table mat-table [dataSource]="r.messages" data-testid="hl7-upload-results">
          <ng-container matColumnDef="n">
            <th mat-header-cell *matHeaderCellDef>#</th>
            <td mat-cell *matCellDef="let m; let i = index">{{ i + 1 }}</td>
          </ng-container>
          <ng-container matColumnDef="controlId">
            <th mat-header-cell *matHeaderCellDef>{{ 'interface.controlId' | transloco }}</th>
            <td mat-cell *matCellDef="let m" class="mono">{{ m.controlId || '—' }}</td>
          </ng-container>
          <ng-container matColumnDef="type">
            <th mat-header-cell *matHeaderCellDef>{{ 'interface.messageType' | transloco }}</th>
            <td mat-cell *matCellDef="let m" class="mono">{{ m.messageType ?? '—' }}</td>
          </ng-container>
          <ng-container matColumnDef="status">
            <th mat-header-cell *matHeaderCellDef>{{ 'common.status' | transloco }}</th>
            <td mat-cell *matCellDef="let m">
              <app-hl7-status-chip [status]="m.status" />
              @if (m.repeat) {
                <span class="muted small">{{ 'interface.upload.repeat' | transloco }}</span>
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="ack">
            <th mat-header-cell *matHeaderCellDef>{{ 'interface.ack' | transloco }}</th>
            <td mat-cell *matCellDef="let m" class="mono">{{ m.ackCode ?? '—' }}</td>
          </ng-container>
          <ng-container matColumnDef="error">
            <th mat-header-cell *matHeaderCellDef>{{ 'interface.error' | transloco }}</th>
            <td mat-cell *matCellDef="let m" class="error">
              @if (m.error) {
                <span class="mono">{{ m.error.code }}</span> {{ m.error.reason }}
                @if (m.error.location) {
                  <span class="mono muted">@ {{ m.error.location }}</span>
                }
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="open">
            <th mat-header-cell *matHeaderCellDef></th>
            <td mat-cell *matCellDef="let m">
              @if (m.messageId) {
                <a mat-button [routerLink]="['/interface/messages', m.messageId]" data-testid="hl7-upload-open">
                  {{ 'interface.open' | transloco }}
                </a>
              }
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let m; columns: columns" [attr.data-testid]="'hl7-upload-result-' + m.controlId"></tr>
        </table>
      </div>
    }
  `,
  styles: `
    .form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      margin-bottom: 12px;
    }
    .mono {
      font-family: ui-monospace, Menlo, Consolas, monospace;
      font-size: 12px;
    }
    .small {
      font-size: 12px;
      margin-left: 4px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class Hl7Upload {
  readonly sources = input.required<Hl7Source[]>();
  readonly uploaded = output<UploadResult>();
  private readonly api = inject(Hl7Api);
  private readonly errorText = inject(ErrorText);
  private readonly destroyRef = inject(DestroyRef);

  /** The first source until the user picks another. */
  protected readonly sourceId = linkedSignal(() => this.sources()[0]?.id ?? '');
  protected readonly file = signal<File | null>(null);
  protected readonly busy = signal(false);
  protected readonly result = signal<UploadResult | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['n', 'controlId', 'type', 'status', 'ack', 'error', 'open'];

  protected pick(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected upload(): void {
    const file = this.file();
    if (!file || !this.sourceId()) {
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.result.set(null);
    this.api
      .upload(file, this.sourceId())
      .pipe(
        finalize(() => this.busy.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (result) => {
          this.result.set(result);
          this.uploaded.emit(result);
        },
        error: (e: unknown) => this.error.set(this.describe(toApiError(e))),
      });
  }

  private describe(error: ApiError): string {
    const field = Object.values(error.fields ?? {})[0]?.[0];
    return field ?? this.errorText.describe(error);
  }
}
