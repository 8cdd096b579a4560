import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { errorMode } from '../../core/api/error-mode';
import { AuthStore } from '../../core/auth/auth.store';

/**
 * A call recording in a contact log: "play" fetches it through the API (with the session's token,
 * permission-checked and audited on the server) and shows an audio player. Hidden without
 * `recording.play`.
 */
@Component({
  selector: 'app-recording-player',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canPlay) {
      @if (src(); as url) {
        <audio
          controls
          autoplay
          [src]="url"
          [attr.aria-label]="'recording.playing' | transloco"
          [attr.data-testid]="'recording-audio-' + recordingId()"
        ></audio>
      } @else {
        <button mat-button type="button" [disabled]="loading()" (click)="play()" [attr.data-testid]="'recording-play-' + recordingId()">
          <mat-icon svgIcon="play" />
          {{ 'recording.play' | transloco }}
          @if (durationSeconds(); as s) {
            <span class="muted">({{ 'recording.duration' | transloco: { seconds: s } }})</span>
          }
        </button>
      }
      @if (failed()) {
        <span class="error" role="alert">{{ 'recording.failed' | transloco }}</span>
      }
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    audio {
      height: 32px;
      max-width: 260px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class RecordingPlayer {
  readonly recordingId = input.required<string>();
  readonly durationSeconds = input<number | null>(null);

  private readonly http = inject(HttpClient);
  protected readonly canPlay = inject(AuthStore).hasPermission('recording.play');
  protected readonly src = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly failed = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      const url = this.src();
      if (url) URL.revokeObjectURL(url);
    });
  }

  protected play(): void {
    this.loading.set(true);
    this.failed.set(false);
    this.http.get(`/api/recordings/${this.recordingId()}/audio`, { responseType: 'blob', context: errorMode('silent') }).subscribe({
      next: (blob) => {
        this.loading.set(false);
        this.src.set(URL.createObjectURL(blob));
      },
      error: () => {
        this.loading.set(false);
        this.failed.set(true);
      },
    });
  }
}
