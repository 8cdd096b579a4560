import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { TextField } from '../../shared/ui/text-field';
import { starterDefinition } from './builder-model';
import { QuestionnairesApi } from './questionnaires.api';
import { QUESTIONNAIRE_CODE, Questionnaire, QuestionnaireItem } from './questionnaires.models';

export interface QuestionnaireMetaData {
  /** Present: copy this version under a new code; absent: a new questionnaire. */
  source?: QuestionnaireItem;
}

/** A new questionnaire (code and titles; it starts with one section) or a copy; closes with the new draft. */
@Component({
  selector: 'app-questionnaire-meta-dialog',
  imports: [FormDialog, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="source ? 'questionnaires.copyTitle' : 'questionnaires.createTitle'"
      [submitLabel]="source ? 'questionnaires.copy' : 'questionnaires.create'"
      [saving]="saving()"
      submitTestId="questionnaire-meta-submit"
      (submitted)="save()"
    >
      <app-text-field
        [control]="form.controls.code"
        label="questionnaires.code"
        hint="questionnaires.codeHint"
        testId="questionnaire-meta-code"
      />
      <app-text-field [control]="form.controls.titleZh" label="questionnaires.titleZh" lang="zh-CN" testId="questionnaire-meta-title-zh" />
      <app-text-field [control]="form.controls.titleEn" label="questionnaires.titleEn" lang="en" testId="questionnaire-meta-title-en" />
    </app-form-dialog>
  `,
})
export class QuestionnaireMetaDialog {
  protected readonly source = inject<QuestionnaireMetaData>(MAT_DIALOG_DATA).source;
  private readonly api = inject(QuestionnairesApi);
  private readonly dialogRef = inject(MatDialogRef<QuestionnaireMetaDialog, Questionnaire>);

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: [this.source ? `${this.source.code}_copy`.slice(0, 64) : '', [Validators.required, Validators.pattern(QUESTIONNAIRE_CODE)]],
    titleZh: [this.source?.titleZh ?? '', [Validators.required, Validators.maxLength(200)]],
    titleEn: [this.source?.titleEn ?? '', [Validators.required, Validators.maxLength(200)]],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'code' });
  protected readonly saving = this.submitter.saving;

  protected save(): void {
    const value = this.form.getRawValue();
    const body = { code: value.code.trim(), titleZh: value.titleZh.trim(), titleEn: value.titleEn.trim() };
    const source = this.source;
    this.submitter.submit(
      () => (source ? this.api.copy(source.id, body) : this.api.create({ ...body, definition: starterDefinition() })),
      (created) => this.dialogRef.close(created),
    );
  }
}
