import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { controlErrors } from '../../core/forms/control-errors';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { Hl7Api } from './hl7.api';
import { Hl7Source, Hl7SourceInput, SourceTransport } from './hl7.models';

/** The mapping must be a JSON object; the server checks its shape and says what is wrong. */
export function jsonObject(control: AbstractControl<string>): ValidationErrors | null {
  const text = control.value.trim();
  if (!text) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : { jsonObject: true };
  } catch {
    return { json: true };
  }
}

/** Create or edit an HL7 source; closes with `true` once saved. */
@Component({
  selector: 'app-source-dialog',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    FormDialog,
    TextField,
    TranslocoPipe,
    FieldErrorPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="existing ? 'interface.sources.edit' : 'interface.sources.add'"
      [saving]="saving()"
      submitTestId="hl7-source-save"
      (submitted)="save()"
    >
      <div class="row">
        <app-text-field [control]="form.controls.code" label="interface.sources.code" testId="hl7-source-code" />
        <app-text-field [control]="form.controls.name" label="interface.sources.name" testId="hl7-source-name" />
      </div>
      <div class="row">
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>{{ 'interface.sources.transport' | transloco }}</mat-label>
          <mat-select [formControl]="form.controls.transport" data-testid="hl7-source-transport">
            <mat-option value="mllp">{{ 'interface.transports.mllp' | transloco }}</mat-option>
            <mat-option value="file">{{ 'interface.transports.file' | transloco }}</mat-option>
          </mat-select>
        </mat-form-field>
        <app-text-field
          [control]="form.controls.defaultCharset"
          label="interface.sources.defaultCharset"
          hint="interface.sources.charsetHint"
          testId="hl7-source-charset"
        />
      </div>
      <app-text-field
        [control]="form.controls.inboundDir"
        label="interface.sources.inboundDir"
        hint="interface.sources.inboundDirHint"
        testId="hl7-source-inbound-dir"
      />
      <mat-form-field subscriptSizing="dynamic" class="mapping">
        <mat-label>{{ 'interface.sources.mappingJson' | transloco }}</mat-label>
        <textarea
          matInput
          class="mono"
          rows="8"
          spellcheck="false"
          [formControl]="form.controls.mapping"
          data-testid="hl7-source-mapping"
        ></textarea>
        <mat-hint>{{ 'interface.sources.mappingHint' | transloco }}</mat-hint>
        <mat-error data-testid="hl7-source-mapping-error">
          @if (mappingErrors()?.['json'] || mappingErrors()?.['jsonObject']) {
            {{ 'interface.sources.mappingNotJson' | transloco }}
          } @else {
            {{ mappingErrors() | fieldError }}
          }
        </mat-error>
      </mat-form-field>
      <mat-slide-toggle [formControl]="form.controls.enabled" data-testid="hl7-source-enabled">
        {{ 'interface.sources.enabled' | transloco }}
      </mat-slide-toggle>
    </app-form-dialog>
  `,
  styles: `
    .row {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 12px;
    }
    .mapping {
      width: 100%;
    }
    .mono {
      font-family: ui-monospace, Menlo, Consolas, monospace;
      font-size: 12px;
    }
  `,
})
export class SourceDialog {
  protected readonly existing = inject<{ source?: Hl7Source }>(MAT_DIALOG_DATA).source;
  private readonly api = inject(Hl7Api);
  private readonly dialogRef = inject(MatDialogRef<SourceDialog, boolean>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: [this.existing?.code ?? '', [Validators.required, Validators.pattern(/^[A-Za-z0-9._-]{1,32}$/)]],
    name: [this.existing?.name ?? '', [Validators.required, Validators.maxLength(128)]],
    transport: [this.existing?.transport ?? ('mllp' as SourceTransport)],
    defaultCharset: [this.existing?.defaultCharset ?? 'UTF-8', [Validators.required, Validators.maxLength(32)]],
    inboundDir: [this.existing?.inboundDir ?? '', Validators.maxLength(1000)],
    mapping: [JSON.stringify(this.existing?.mapping ?? {}, null, 2), jsonObject],
    enabled: [this.existing?.enabled ?? true],
  });
  protected readonly mappingErrors = controlErrors(signal(this.form.controls.mapping));
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'code' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const v = this.form.getRawValue();
    const input: Hl7SourceInput = {
      code: v.code.trim(),
      name: v.name.trim(),
      transport: v.transport,
      defaultCharset: v.defaultCharset.trim(),
      inboundDir: v.inboundDir.trim() || null,
      mapping: v.mapping.trim() ? (JSON.parse(v.mapping) as Hl7SourceInput['mapping']) : {},
      enabled: v.enabled,
    };
    this.submitter.submit(
      () => (this.existing ? this.api.updateSource(this.existing.id, input) : this.api.createSource(input)),
      () => this.dialogRef.close(true),
    );
  }
}
