import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { LanguageService } from '../../core/i18n/language.service';
import { Notifier } from '../../core/notify/notifier';
import { StatusChip } from '../../shared/ui/status-chip';
import { PatientsApi } from './patients.api';
import { CONTACT_PURPOSES, ContactPurpose, ContactRestriction } from './patients.models';

/** Do-not-contact restrictions by purpose: listed for everyone, added and lifted with patient.write. */
@Component({
  selector: 'app-patient-restrictions',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    FieldErrorPipe,
    AppDatePipe,
    StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="line-list restrictions" data-testid="patient-restrictions">
      @for (restriction of restrictions(); track restriction.id) {
        <li [attr.data-testid]="'restriction-' + restriction.purpose" [class.lifted]="restriction.liftedAt">
          <app-status-chip [tone]="restriction.liftedAt ? 'neutral' : 'warn'">
            {{ 'patients.purposes.' + restriction.purpose | transloco }}
          </app-status-chip>
          <span class="muted">{{ 'patients.restrictions.since' | transloco: { date: (restriction.since | appDate: 'mediumDate') } }}</span>
          @if (restriction.reason) {
            <span>{{ restriction.reason }}</span>
          }
          @if (restriction.liftedAt) {
            <span class="muted">{{
              'patients.restrictions.lifted' | transloco: { date: (restriction.liftedAt | appDate: 'mediumDate') }
            }}</span>
          } @else if (canWrite()) {
            <button mat-button type="button" (click)="lift(restriction)" [attr.data-testid]="'restriction-lift-' + restriction.purpose">
              {{ 'patients.restrictions.lift' | transloco }}
            </button>
          }
        </li>
      } @empty {
        <li class="muted">{{ 'patients.restrictions.none' | transloco }}</li>
      }
    </ul>

    @if (canWrite() && available().length > 0) {
      <form class="add" [formGroup]="form" (ngSubmit)="add()">
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>{{ 'patients.restrictions.purpose' | transloco }}</mat-label>
          <mat-select formControlName="purpose" data-testid="restriction-purpose">
            @for (purpose of available(); track purpose) {
              <mat-option [value]="purpose">{{ 'patients.purposes.' + purpose | transloco }}</mat-option>
            }
          </mat-select>
          <mat-error>{{ form.controls.purpose.errors | fieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic" class="reason">
          <mat-label>{{ 'patients.restrictions.reason' | transloco }}</mat-label>
          <input matInput formControlName="reason" autocomplete="off" data-testid="restriction-reason" />
        </mat-form-field>
        <button mat-stroked-button type="submit" [disabled]="saving()" data-testid="restriction-add">
          <mat-icon svgIcon="block" />
          {{ 'patients.restrictions.add' | transloco }}
        </button>
      </form>
    }
  `,
  styles: `
    .restrictions {
      margin-bottom: 12px;
    }
    .add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
    }
    .reason {
      flex: 1 1 200px;
    }
  `,
})
export class PatientRestrictions {
  readonly patientId = input.required<string>();
  readonly restrictions = input.required<ContactRestriction[]>();
  readonly canWrite = input(false);
  /** A restriction was added or lifted: the record should be loaded again. */
  readonly changed = output<void>();

  private readonly api = inject(PatientsApi);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(LanguageService);

  /** Purposes without an active restriction. */
  protected readonly available = computed(() => {
    const active = new Set(
      this.restrictions()
        .filter((r) => !r.liftedAt)
        .map((r) => r.purpose),
    );
    return CONTACT_PURPOSES.filter((p) => !active.has(p));
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    purpose: ['' as ContactPurpose | '', Validators.required],
    reason: ['', Validators.maxLength(300)],
  });
  private readonly submitter = formSubmit(this.form, { CONFLICT: 'purpose' });
  protected readonly saving = this.submitter.saving;

  protected add(): void {
    const { purpose, reason } = this.form.getRawValue();
    if (!purpose) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitter.submit(
      () => this.api.addRestriction(this.patientId(), purpose, reason.trim()),
      () => {
        this.notifier.success('patients.restrictions.added', { purpose: this.purposeName(purpose) });
        this.form.reset({ purpose: '', reason: '' });
        this.changed.emit();
      },
    );
  }

  protected lift(restriction: ContactRestriction): void {
    this.api.liftRestriction(this.patientId(), restriction.id).subscribe(() => {
      this.notifier.success('patients.restrictions.liftedDone', { purpose: this.purposeName(restriction.purpose) });
      this.changed.emit();
    });
  }

  private purposeName(purpose: ContactPurpose): string {
    return this.language.t(`patients.purposes.${purpose}`);
  }
}
