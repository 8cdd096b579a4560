import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import { ErrorText } from '../../core/i18n/error-text';
import { AppDatePipe, LocalizedPipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { Notifier } from '../../core/notify/notifier';
import { IconAction } from '../../shared/ui/icon-action';
import { CodeLabelPipe, CodeLists } from './code-lists';
import { ContactPersonDialog } from './contact-person.dialog';
import { DetailChanges } from './detail-changes';
import { openDetailDialog } from './detail-dialog';
import { IdentifierDialog } from './identifier.dialog';
import { departmentOptions } from './department-options';
import { MergeHistory } from './merge-history';
import { PatientPlans } from '../templates/patient-plans';
import { PatientDuplicates } from './patient-duplicates';
import { PatientEncounters } from './patient-encounters';
import { openPatientForm } from './patient-form.dialog';
import { PatientRestrictions } from './patient-restrictions';
import { PatientStatusChip } from './patient-status-chip';
import { PatientTimeline } from './patient-timeline';
import { PatientsApi } from './patients.api';
import { ContactPerson, DetailKind, PatientDetail, PatientIdentifier, PatientPhone, RevealedContacts } from './patients.models';
import { PhoneDialog } from './phone.dialog';
import { RemoveDetailData, RemoveDetailDialog } from './remove-detail.dialog';

/** Tabs that later modules fill; until then they say so. */
const COMING_TABS = ['contactLog', 'feedback'] as const;

/** The 360° record: header with masked contacts (and reveal), tabs, duplicates and merges. */
@Component({
  selector: 'app-patient-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTabsModule,
    MatTooltipModule,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    CodeLabelPipe,
    PatientStatusChip,
    PatientTimeline,
    PatientEncounters,
    PatientRestrictions,
    PatientDuplicates,
    MergeHistory,
    PatientPlans,
    IconAction,
    DetailChanges,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-detail.page.html',
  styleUrl: './patient-detail.page.scss',
})
export class PatientDetailPage {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly api = inject(PatientsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly errorText = inject(ErrorText);
  private readonly auth = inject(AuthStore);
  private readonly codeLists = inject(CodeLists);
  private readonly language = inject(LanguageService);

  protected readonly canWrite = this.auth.hasPermission('patient.write');
  protected readonly canReveal = this.auth.hasPermission('patient.reveal');
  protected readonly canMerge = this.auth.hasPermission('patient.merge');
  protected readonly comingTabs = COMING_TABS;
  private readonly departments = departmentOptions();

  private readonly record = this.api.detailResource(this.id);
  protected readonly patient = computed(() => (this.record.hasValue() ? this.record.value() : undefined));
  protected readonly loading = this.record.isLoading;
  private readonly error = computed(() => {
    const error = this.record.error();
    return error ? toApiError(error) : null;
  });
  /** Unknown, or outside the user's departments: the API answers 404 for both. */
  protected readonly notFound = computed(() => this.error()?.statusCode === 404);
  protected readonly errorMessage = computed(() => {
    const error = this.error();
    return error && error.statusCode !== 404 ? this.errorText.describe(error) : null;
  });

  /** The clear numbers after a reveal; forgotten when another record is shown. */
  protected readonly revealed = linkedSignal<string, RevealedContacts | null>({ source: this.id, computation: () => null });
  protected readonly revealing = linkedSignal<string, boolean>({ source: this.id, computation: () => false });

  protected readonly registeredDepartment = computed(() => {
    const id = this.patient()?.registeredDepartmentId;
    return id ? this.departments().find((d) => d.id === id) : undefined;
  });

  private readonly duplicates = viewChild(PatientDuplicates);
  private readonly mergeHistory = viewChild(MergeHistory);
  private readonly detailChanges = viewChild(DetailChanges);

  protected phoneNumber(phone: PatientPhone): string {
    return this.revealed()?.phones.find((p) => p.id === phone.id)?.number ?? phone.number;
  }

  protected contactPhone(contact: ContactPerson): string | null {
    return this.revealed()?.contacts.find((c) => c.id === contact.id)?.phone ?? contact.phone;
  }

  protected idNumber(): string | null {
    const revealed = this.revealed();
    return revealed ? revealed.idNumber : (this.patient()?.idNumber ?? null);
  }

  protected reveal(): void {
    this.revealing.set(true);
    this.api.reveal(this.id()).subscribe({
      next: (contacts) => {
        this.revealing.set(false);
        this.revealed.set(contacts);
      },
      error: () => this.revealing.set(false),
    });
  }

  protected hide(): void {
    this.revealed.set(null);
  }

  protected reload(): void {
    this.record.reload();
    this.duplicates()?.reload();
    this.mergeHistory()?.reload();
    this.detailChanges()?.reload();
  }

  protected edit(): void {
    const patient = this.patient();
    if (!patient) {
      return;
    }
    openPatientForm(this.dialog, { patient }).subscribe((saved) => {
      if (saved) {
        this.notifier.success('patients.updated', { name: saved.name });
        this.revealed.set(null);
        this.reload();
      }
    });
  }

  // ---- phones, contact persons and identifiers: each write answers the updated record ----

  protected addPhone(): void {
    this.afterWrite(openDetailDialog(this.dialog, PhoneDialog, { patientId: this.id() }), 'patients.details.phoneSaved');
  }

  protected editPhone(phone: PatientPhone): void {
    const clearPhone = this.revealed()?.phones.find((p) => p.id === phone.id)?.number;
    this.afterWrite(
      openDetailDialog(this.dialog, PhoneDialog, { patientId: this.id(), detail: phone, clearPhone }),
      'patients.details.phoneSaved',
    );
  }

  protected makePrimary(phone: PatientPhone): void {
    this.api.changeDetail(this.id(), 'phone', phone.id, { isPrimary: true }).subscribe({
      next: (record) => this.show(record, 'patients.details.primaryDone'),
      error: (error: unknown) => this.notifier.error(toApiError(error)),
    });
  }

  protected addContact(): void {
    this.afterWrite(openDetailDialog(this.dialog, ContactPersonDialog, { patientId: this.id() }), 'patients.details.contactSaved');
  }

  protected editContact(contact: ContactPerson): void {
    const clearPhone = contact.phone ? this.revealed()?.contacts.find((c) => c.id === contact.id)?.phone : undefined;
    this.afterWrite(
      openDetailDialog(this.dialog, ContactPersonDialog, { patientId: this.id(), detail: contact, clearPhone }),
      'patients.details.contactSaved',
    );
  }

  protected addIdentifier(): void {
    this.afterWrite(openDetailDialog(this.dialog, IdentifierDialog, { patientId: this.id() }), 'patients.details.identifierSaved');
  }

  protected removePhone(phone: PatientPhone): void {
    this.remove('phone', phone.id, this.phoneNumber(phone));
  }

  protected removeContact(contact: ContactPerson): void {
    const relation = this.codeLists.label('relation', contact.relation, this.language.active());
    this.remove('contact', contact.id, this.language.t('patients.details.contactLabel', { name: contact.name, relation }));
  }

  protected removeIdentifier(identifier: PatientIdentifier): void {
    const type = this.codeLists.label('identifier_type', identifier.type, this.language.active());
    this.remove('identifier', identifier.id, `${type} ${identifier.value}`);
  }

  private remove(kind: DetailKind, detailId: string, label: string): void {
    const data: RemoveDetailData = { patientId: this.id(), kind, detailId, label };
    this.afterWrite(openDetailDialog(this.dialog, RemoveDetailDialog, data), 'patients.details.removed');
  }

  private afterWrite(closed: Observable<PatientDetail | undefined>, message: string): void {
    closed.subscribe((record) => {
      if (record) {
        this.show(record, message);
      }
    });
  }

  /** Shows the record a write answered, without loading it again; the full numbers are hidden again. */
  private show(record: PatientDetail, message: string): void {
    this.record.set(record);
    this.revealed.set(null);
    this.detailChanges()?.reload();
    // Another phone or identifier may make (or unmake) a probable duplicate.
    this.duplicates()?.reload();
    this.notifier.success(message);
  }
}
