import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { startWith } from 'rxjs';
import { controlErrors } from '../../core/forms/control-errors';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { Notifier } from '../../core/notify/notifier';
import { DateField } from '../../shared/ui/date-field';
import { SelectField, SelectOption } from '../../shared/ui/select-field';
import { TextField } from '../../shared/ui/text-field';
import { isoDate } from '../patients/patients.models';
import { FollowupTemplate, OrgUnit } from '../templates/templates.models';
import { AssignmentApi } from './assignment.api';
import { departmentOptions, templateOptions, wardOptions } from './options';
import { ReassignBody, ReassignPreview, StaffMember } from './assignment.models';

/** The target select's value for "back to the pool". */
const POOL = 'pool';

/**
 * Bulk reassignment: pick the tasks (a nurse's, and/or by department, ward, template, due dates),
 * the nurse who takes them (or the pool) and a reason; "Preview" counts what would move, and only
 * then may the manager confirm it. The server moves them in one transaction.
 */
@Component({
  selector: 'app-reassign-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatSelectModule,
    TranslocoPipe,
    FieldErrorPipe,
    SelectField,
    DateField,
    TextField,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="reassign" novalidate (submit)="$event.preventDefault(); showPreview()">
      <p class="muted intro">{{ 'assignment.reassign.intro' | transloco }}</p>
      <div class="grid">
        <app-select-field
          [control]="form.controls.fromUserId"
          label="assignment.reassign.from"
          emptyLabel="assignment.anyone"
          [options]="fromOptions()"
          testId="reassign-from"
        />
        <app-select-field
          [control]="form.controls.departmentId"
          label="assignment.department"
          emptyLabel="assignment.any"
          [options]="departmentOptions()"
          testId="reassign-department"
        />
        <app-select-field
          [control]="form.controls.wardId"
          label="assignment.ward"
          emptyLabel="assignment.any"
          [options]="wardOptions()"
          testId="reassign-ward"
        />
        <app-select-field
          [control]="form.controls.templateId"
          label="assignment.template"
          emptyLabel="assignment.any"
          [options]="templateOptions()"
          testId="reassign-template"
        />
        <app-date-field [control]="form.controls.dueFrom" label="assignment.reassign.dueFrom" testId="reassign-due-from" />
        <app-date-field [control]="form.controls.dueTo" label="assignment.reassign.dueTo" testId="reassign-due-to" />
        <mat-form-field class="to" subscriptSizing="dynamic">
          <mat-label>{{ 'assignment.reassign.to' | transloco }}</mat-label>
          <mat-select [formControl]="form.controls.toUserId" data-testid="reassign-to">
            <mat-option [value]="pool" data-testid="reassign-to-pool">{{ 'assignment.pool' | transloco }}</mat-option>
            @for (s of targets(); track s.id) {
              <mat-option [value]="s.id" [attr.data-testid]="'reassign-to-' + s.id">{{ s.displayName }}</mat-option>
            }
          </mat-select>
          <mat-error>{{ toErrors() | fieldError }}</mat-error>
        </mat-form-field>
        <app-text-field class="reason" [control]="form.controls.reason" label="assignment.reassign.reason" testId="reassign-reason" />
      </div>

      <div class="actions">
        <button mat-stroked-button type="submit" [disabled]="saving()" data-testid="reassign-preview">
          <mat-icon svgIcon="search" />
          {{ 'assignment.reassign.preview' | transloco }}
        </button>
        @if (preview(); as p) {
          <p class="summary" data-testid="reassign-summary" [class.warn]="p.outsideTargetDepartments > 0">
            {{ 'assignment.reassign.summary' | transloco: { tasks: p.tasks, patients: p.patients } }}
            @if (p.claimsToRelease > 0) {
              {{ 'assignment.reassign.claims' | transloco: { count: p.claimsToRelease } }}
            }
            @if (p.outsideTargetDepartments > 0) {
              {{ 'assignment.reassign.outside' | transloco: { count: p.outsideTargetDepartments } }}
            }
          </p>
          @if (p.tasks > 0 && p.outsideTargetDepartments === 0) {
            <button mat-flat-button type="button" [disabled]="saving()" (click)="confirm()" data-testid="reassign-confirm">
              {{ 'assignment.reassign.confirm' | transloco: { count: p.tasks } }}
            </button>
          }
        }
      </div>
    </form>
  `,
  styles: `
    .reassign {
      max-width: 1100px;
    }
    .intro {
      margin: 0 0 12px;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 12px 16px;
    }
    .reason {
      grid-column: span 3;
    }
    .to {
      margin-bottom: 12px;
    }
    .actions {
      display: flex;
      align-items: center;
      gap: 16px;
      margin-top: 16px;
      min-height: 40px;
    }
    .summary {
      margin: 0;
      font-weight: 500;
    }
    .summary.warn {
      color: var(--mat-sys-error);
    }
  `,
})
export class ReassignForm {
  readonly staff = input.required<StaffMember[]>();
  readonly orgUnits = input.required<OrgUnit[]>();
  readonly templates = input.required<FollowupTemplate[]>();

  private readonly api = inject(AssignmentApi);
  private readonly notifier = inject(Notifier);
  protected readonly pool = POOL;

  protected readonly form = inject(NonNullableFormBuilder).group({
    fromUserId: [''],
    departmentId: [''],
    wardId: [''],
    templateId: [''],
    dueFrom: this.dateControl(),
    dueTo: this.dateControl(),
    toUserId: ['', Validators.required],
    reason: ['', Validators.maxLength(500)],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;
  protected readonly toErrors = controlErrors(signal(this.form.controls.toUserId));
  /** The counts for the form as it is; cleared by any change, so a confirm always follows a fresh preview. */
  protected readonly preview = signal<ReassignPreview | null>(null);

  private readonly values = toSignal(this.form.valueChanges.pipe(startWith(this.form.value)), { requireSync: true });

  protected readonly fromOptions = computed<SelectOption[]>(() =>
    this.staff().map((s) => ({ value: s.id, label: s.active ? s.displayName : `${s.displayName} ⊘` })),
  );
  protected readonly targets = computed(() => this.staff().filter((s) => s.active && s.id !== this.values().fromUserId));
  protected readonly departmentOptions = computed(() => departmentOptions(this.orgUnits()));
  protected readonly wardOptions = computed(() => wardOptions(this.orgUnits(), this.values().departmentId));
  protected readonly templateOptions = computed(() => templateOptions(this.templates()));

  constructor() {
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.preview.set(null));
  }

  private dateControl() {
    return inject(NonNullableFormBuilder).control<Date | null>(null);
  }

  private body(): ReassignBody {
    const v = this.form.getRawValue();
    return {
      fromUserId: v.fromUserId || undefined,
      departmentId: v.departmentId || undefined,
      wardId: v.wardId || undefined,
      templateId: v.templateId || undefined,
      dueFrom: isoDate(v.dueFrom) || undefined,
      dueTo: isoDate(v.dueTo) || undefined,
      ...(v.toUserId === POOL ? { toPool: true } : { toUserId: v.toUserId || undefined }),
      reason: v.reason.trim() || undefined,
    };
  }

  protected showPreview(): void {
    this.submitter.submit(
      () => this.api.preview(this.body()),
      (p) => this.preview.set(p),
    );
  }

  protected confirm(): void {
    this.submitter.submit(
      () => this.api.reassign(this.body()),
      (r) => {
        this.preview.set(null);
        this.notifier.success('assignment.reassign.done', { count: r.moved, claims: r.releasedClaims });
      },
    );
  }
}
