import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchApiError } from '../../core/api/api-error';
import { formSubmit } from '../../core/forms/form-submit';
import { TextField } from '../../shared/ui/text-field';
import { ImportJobStore } from './import-job.store';
import { ImportsApi } from './imports.api';
import { ENCODINGS, EncodingChoice } from './imports.models';

/** Step 1: choose a CSV or .xlsx file, name its source and (for CSV) its encoding, and upload it. */
@Component({
  selector: 'app-import-upload',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatSelectModule, TranslocoPipe, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="upload" [formGroup]="form" novalidate (ngSubmit)="upload()">
      <div class="file">
        <input
          #fileInput
          type="file"
          class="hidden"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          (change)="choose(fileInput.files)"
          data-testid="import-file"
        />
        <button mat-stroked-button type="button" (click)="fileInput.click()">
          <mat-icon svgIcon="upload" />
          {{ 'imports.upload.chooseFile' | transloco }}
        </button>
        <span [class.muted]="!file()" data-testid="import-file-name">{{ file()?.name ?? ('imports.upload.noFile' | transloco) }}</span>
      </div>
      @if (fileMissing()) {
        <p class="error">{{ 'imports.upload.fileRequired' | transloco }}</p>
      }
      <div class="row">
        <app-text-field
          [control]="form.controls.sourceName"
          label="imports.upload.sourceName"
          hint="imports.upload.sourceHint"
          testId="import-source"
        />
        <mat-form-field>
          <mat-label>{{ 'imports.upload.encoding' | transloco }}</mat-label>
          <mat-select formControlName="encoding" data-testid="import-encoding">
            @for (encoding of encodings; track encoding) {
              <mat-option [value]="encoding" [attr.data-testid]="'import-encoding-' + encoding">
                {{ 'imports.encodings.' + encoding | transloco }}
              </mat-option>
            }
          </mat-select>
          <mat-hint>{{ 'imports.upload.encodingHint' | transloco }}</mat-hint>
        </mat-form-field>
      </div>
      @if (fileError(); as message) {
        <div class="error" role="alert" data-testid="import-upload-error">
          <strong>{{ 'errors.IMPORT_FILE_INVALID' | transloco }}</strong>
          <span>{{ message }}</span>
        </div>
      }
      <button mat-flat-button type="submit" [disabled]="saving()" data-testid="import-upload">
        {{ 'imports.upload.submit' | transloco }}
      </button>
    </form>
  `,
  styles: `
    .upload {
      max-width: 720px;
    }
    .file {
      display: flex;
      align-items: center;
      gap: 12px;
      margin-bottom: 16px;
    }
    .hidden {
      display: none;
    }
    .row {
      display: flex;
      gap: 16px;
      flex-wrap: wrap;
      > * {
        flex: 1 1 260px;
      }
    }
    .error {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin: 0 0 12px;
      color: var(--mat-sys-error);
    }
  `,
})
export class ImportUpload {
  private readonly api = inject(ImportsApi);
  private readonly store = inject(ImportJobStore);

  protected readonly encodings = ENCODINGS;
  protected readonly file = signal<File | null>(null);
  protected readonly fileMissing = signal(false);
  /** The server's reason why the file cannot be imported (wrong encoding, corrupt .xlsx, no header…). */
  protected readonly fileError = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    sourceName: ['HIS', [Validators.required, Validators.pattern(/^[A-Za-z0-9._-]{1,64}$/)]],
    encoding: ['auto' as EncodingChoice],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;

  protected choose(files: FileList | null): void {
    this.file.set(files?.item(0) ?? null);
    this.fileMissing.set(false);
    this.fileError.set(null);
  }

  protected upload(): void {
    const file = this.file();
    this.fileMissing.set(!file);
    this.fileError.set(null);
    if (!file) {
      this.form.markAllAsTouched();
      return;
    }
    const { sourceName, encoding } = this.form.getRawValue();
    this.submitter.submit(
      () =>
        this.api
          .upload(file, sourceName.trim(), encoding)
          .pipe(catchApiError('IMPORT_FILE_INVALID', (error) => this.fileError.set(error.message))),
      (uploaded) => this.store.useUpload(uploaded),
    );
  }
}
