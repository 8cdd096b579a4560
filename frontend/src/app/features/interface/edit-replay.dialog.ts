import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { controlErrors } from '../../core/forms/control-errors';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { Hl7Api } from './hl7.api';
import { Hl7ReplayResult } from './hl7.models';
import { editableText } from './segment-tree';

export interface EditReplayData {
  id: string;
  rawText: string;
  errorLocation: string | null;
}

/** Edit the raw message and replay it; closes with the replay's result. The parser's complaint shows under the text. */
@Component({
  selector: 'app-edit-replay-dialog',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, FormDialog, TranslocoPipe, FieldErrorPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      title="interface.editReplay.title"
      submitLabel="interface.editReplay.submit"
      submitTestId="hl7-edit-replay-submit"
      [saving]="saving()"
      (submitted)="save()"
    >
      <p class="muted">
        {{ 'interface.editReplay.intro' | transloco }}
        @if (data.errorLocation) {
          {{ 'interface.editReplay.errorAt' | transloco: { location: data.errorLocation } }}
        }
      </p>
      <mat-form-field subscriptSizing="dynamic" class="raw">
        <mat-label>{{ 'interface.rawText' | transloco }}</mat-label>
        <textarea
          matInput
          class="mono"
          rows="14"
          spellcheck="false"
          wrap="off"
          [formControl]="form.controls.raw"
          data-testid="hl7-edit-raw"
        ></textarea>
        <mat-error data-testid="hl7-edit-error">{{ errors() | fieldError }}</mat-error>
      </mat-form-field>
    </app-form-dialog>
  `,
  styles: `
    .raw {
      width: 100%;
    }
    .mono {
      font-family: ui-monospace, Menlo, Consolas, monospace;
      font-size: 12px;
      line-height: 1.5;
      white-space: pre;
      overflow-x: auto;
    }
  `,
})
export class EditReplayDialog {
  protected readonly data = inject<EditReplayData>(MAT_DIALOG_DATA);
  private readonly api = inject(Hl7Api);
  private readonly dialogRef = inject(MatDialogRef<EditReplayDialog, Hl7ReplayResult>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    raw: [editableText(this.data.rawText), [Validators.required, Validators.minLength(8)]],
  });
  protected readonly errors = controlErrors(signal(this.form.controls.raw));
  private readonly submitter = formSubmit(this.form, { HL7_MESSAGE_INVALID: 'raw' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const raw = this.form.controls.raw.value;
    this.submitter.submit(
      () => this.api.editReplay(this.data.id, raw),
      (result) => this.dialogRef.close(result),
    );
  }
}
