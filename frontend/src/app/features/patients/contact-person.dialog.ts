import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { TranslocoPipe } from '@jsverse/transloco';
import { FormDialog } from '../../shared/ui/form-dialog';
import { SelectField, codeOptions } from '../../shared/ui/select-field';
import { TextField } from '../../shared/ui/text-field';
import { CodeLists } from './code-lists';
import { DetailDialogData, DetailProblem, detailSave } from './detail-dialog';
import { PHONE } from './patient-form.dialog';
import { PatientsApi } from './patients.api';
import { ContactPerson, ContactPersonBody } from './patients.models';

/**
 * Adds a contact person (family member, caregiver…) or changes one. A masked phone number is kept
 * when the field stays empty; a number the page showed in full is cleared by emptying the field.
 */
@Component({
  selector: 'app-contact-person-dialog',
  imports: [TranslocoPipe, FormDialog, TextField, SelectField, DetailProblem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="contact ? 'patients.details.editContact' : 'patients.details.addContact'"
      [saving]="saving()"
      submitTestId="contact-dialog-submit"
      (submitted)="save()"
    >
      <app-detail-problem [text]="problem()" />
      <app-text-field [control]="form.controls.name" label="patients.details.contactName" testId="contact-dialog-name" />
      <app-select-field
        [control]="form.controls.relation"
        label="patients.details.relation"
        [options]="relations()"
        testId="contact-dialog-relation"
      />
      @if (keepsPhone) {
        <p class="current" data-testid="contact-dialog-current">
          {{ 'patients.details.currentNumber' | transloco: { number: contact?.phone } }}
        </p>
      }
      <app-text-field
        [control]="form.controls.phone"
        label="patients.details.contactPhone"
        type="tel"
        [hint]="keepsPhone ? 'patients.details.emptyKeepsNumber' : 'patients.details.optional'"
        testId="contact-dialog-phone"
      />
    </app-form-dialog>
  `,
  styles: `
    .current {
      margin: 4px 0 12px;
    }
  `,
})
export class ContactPersonDialog {
  private readonly api = inject(PatientsApi);
  private readonly codeLists = inject(CodeLists);
  /** A contact person is someone else: "self" is left out. */
  protected readonly relations = computed(() =>
    codeOptions(
      this.codeLists
        .items('relation')()
        .filter((r) => r.code !== 'self'),
    ),
  );

  private readonly data = inject<DetailDialogData<ContactPerson>>(MAT_DIALOG_DATA);
  protected readonly contact = this.data.detail;
  /** The contact has a number that the page shows masked: an empty field keeps it. */
  protected readonly keepsPhone = !!this.contact?.phone && !this.data.clearPhone;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.contact?.name ?? '', [Validators.required, Validators.maxLength(100)]],
    relation: [this.contact?.relation ?? '', Validators.required],
    phone: [this.data.clearPhone ?? '', Validators.pattern(PHONE)],
  });
  private readonly saver = detailSave(this.form);
  protected readonly saving = this.saver.saving;
  protected readonly problem = this.saver.problem;

  protected save(): void {
    const v = this.form.getRawValue();
    const phone = v.phone.trim();
    const contact = this.contact;
    if (!contact) {
      const body: ContactPersonBody = { name: v.name.trim(), relation: v.relation, phone: phone || undefined };
      this.saver.save(() => this.api.addDetail(this.data.patientId, 'contact', body));
      return;
    }
    // Empty: keep a masked number, clear one that was shown in full.
    const body: ContactPersonBody = { name: v.name.trim(), relation: v.relation, phone: phone || (this.keepsPhone ? undefined : null) };
    const samePhone = body.phone === undefined || body.phone === (this.data.clearPhone ?? contact.phone);
    if (body.name === contact.name && body.relation === contact.relation && samePhone) {
      this.saver.close();
      return;
    }
    this.saver.save(() => this.api.changeDetail(this.data.patientId, 'contact', contact.id, body));
  }
}
