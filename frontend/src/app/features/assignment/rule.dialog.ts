import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { startWith } from 'rxjs';
import { formSubmit } from '../../core/forms/form-submit';
import { FormDialog } from '../../shared/ui/form-dialog';
import { SelectField, SelectOption } from '../../shared/ui/select-field';
import { TextField } from '../../shared/ui/text-field';
import { FollowupTemplate, OrgUnit } from '../templates/templates.models';
import { AssignmentApi } from './assignment.api';
import { departmentOptions, templateOptions, wardOptions } from './options';
import { ASSIGNMENT_TEAMS, AssignmentRule, AssignmentTeam, CHANNELS, RuleBody, StaffMember } from './assignment.models';

export interface RuleDialogData {
  rule?: AssignmentRule;
  orgUnits: OrgUnit[];
  templates: FollowupTemplate[];
  staff: StaffMember[];
  /** Proposed priority for a new rule (after the last one). */
  nextPriority: number;
}

const ICD_PREFIX = /^[A-Za-z]\d{0,2}(\.\d{0,4})?$/;

/** "I21, I25.1" → ['I21', 'I25.1']; commas, Chinese commas or spaces separate. */
export function parseIcdPrefixes(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、;；]+/)
        .map((x) => x.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** Add or edit an assignment rule; closes with `true` once saved. */
@Component({
  selector: 'app-rule-dialog',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatSelectModule, FormDialog, TextField, SelectField, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-dialog
      [title]="data.rule ? 'assignment.rules.edit' : 'assignment.rules.create'"
      [saving]="saving()"
      submitTestId="rule-form-submit"
      (submitted)="save()"
    >
      <div class="row">
        <app-text-field class="grow" [control]="form.controls.name" label="assignment.rules.name" testId="rule-form-name" />
        <app-text-field
          class="priority"
          [control]="form.controls.priority"
          type="number"
          label="assignment.rules.priority"
          testId="rule-form-priority"
        />
      </div>
      <p class="section">{{ 'assignment.rules.when' | transloco }}</p>
      <div class="row">
        <app-select-field
          class="grow"
          [control]="form.controls.departmentId"
          label="assignment.department"
          emptyLabel="assignment.any"
          [options]="departmentOptions"
          testId="rule-form-department"
        />
        <app-select-field
          class="grow"
          [control]="form.controls.wardId"
          label="assignment.ward"
          emptyLabel="assignment.any"
          [options]="wardOptions()"
          testId="rule-form-ward"
        />
      </div>
      <app-text-field
        [control]="form.controls.icdPrefixes"
        label="assignment.rules.icdPrefixes"
        hint="assignment.rules.icdHint"
        testId="rule-form-icd"
      />
      <div class="row">
        <app-select-field
          class="grow"
          [control]="form.controls.templateId"
          label="assignment.template"
          emptyLabel="assignment.any"
          [options]="templateOptions"
          testId="rule-form-template"
        />
        <mat-form-field class="grow" subscriptSizing="dynamic">
          <mat-label>{{ 'assignment.rules.channel' | transloco }}</mat-label>
          <mat-select [formControl]="form.controls.channel" data-testid="rule-form-channel">
            <mat-option value="">{{ 'assignment.any' | transloco }}</mat-option>
            @for (c of channels; track c) {
              <mat-option [value]="c">{{ 'templates.channels.' + c | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <p class="section">{{ 'assignment.rules.then' | transloco }}</p>
      <div class="row">
        <mat-form-field class="grow" subscriptSizing="dynamic">
          <mat-label>{{ 'assignment.rules.target' | transloco }}</mat-label>
          <mat-select [formControl]="form.controls.target" data-testid="rule-form-target">
            @for (t of targets; track t) {
              <mat-option [value]="t" [attr.data-testid]="'rule-form-target-' + t">{{ 'assignment.targets.' + t | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (targetKind() === 'user') {
          <app-select-field
            class="grow"
            [control]="form.controls.assigneeId"
            label="assignment.rules.assignee"
            [options]="nurseOptions()"
            [hint]="form.controls.departmentId.value || form.controls.wardId.value ? 'assignment.rules.nursesOfDepartment' : undefined"
            testId="rule-form-assignee"
          />
        }
      </div>
    </app-form-dialog>
  `,
  styles: `
    .row {
      display: flex;
      gap: 12px;
    }
    .grow {
      flex: 1 1 0;
      min-width: 0;
    }
    .priority {
      width: 120px;
    }
    .section {
      margin: 4px 0 10px;
      font-weight: 500;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RuleDialog {
  protected readonly data = inject<RuleDialogData>(MAT_DIALOG_DATA);
  private readonly api = inject(AssignmentApi);
  private readonly dialogRef = inject(MatDialogRef<RuleDialog, boolean>);

  private readonly rule = this.data.rule;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.rule?.name ?? '', [Validators.required, Validators.maxLength(100)]],
    priority: [this.rule?.priority ?? this.data.nextPriority, [Validators.required, Validators.min(0), Validators.max(100000)]],
    departmentId: [this.rule?.departmentId ?? ''],
    wardId: [this.rule?.wardId ?? ''],
    icdPrefixes: [
      this.rule?.icdPrefixes.join(', ') ?? '',
      (c: { value: string }) =>
        parseIcdPrefixes(c.value).every((x) => ICD_PREFIX.test(x)) ? null : { pattern: { requiredPattern: 'I21, E11.9' } },
    ],
    templateId: [this.rule?.templateId ?? ''],
    channel: [this.rule?.channel ?? ''],
    target: [(this.rule?.targetTeam ?? 'user') as string],
    assigneeId: [this.rule?.assigneeId ?? ''],
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;

  private readonly values = toSignal(this.form.valueChanges.pipe(startWith(this.form.value)), { requireSync: true });
  protected readonly targetKind = computed(() => this.values().target);

  protected readonly departmentOptions = departmentOptions(this.data.orgUnits);
  protected readonly wardOptions = computed(() => wardOptions(this.data.orgUnits, this.values().departmentId));
  protected readonly templateOptions = templateOptions(this.data.templates);
  protected readonly channels = CHANNELS;
  protected readonly targets = ['user', ...ASSIGNMENT_TEAMS];
  /** Active nurses; of the rule's department when it names one (the API refuses the others). */
  protected readonly nurseOptions = computed<SelectOption[]>(() => {
    const v = this.values();
    const dept = v.departmentId || this.data.orgUnits.find((d) => d.wards.some((w) => w.id === v.wardId))?.id;
    return this.data.staff
      .filter((s) => (s.active && (!dept || s.departmentIds.includes(dept))) || s.id === this.rule?.assigneeId)
      .map((s) => ({ value: s.id, label: s.displayName }));
  });

  constructor() {
    // A ward of another department is cleared when the department changes.
    this.form.controls.departmentId.valueChanges.pipe(takeUntilDestroyed()).subscribe((dept) => {
      const ward = this.form.controls.wardId.value;
      if (ward && dept && !this.data.orgUnits.find((d) => d.id === dept)?.wards.some((w) => w.id === ward)) {
        this.form.controls.wardId.setValue('');
      }
    });
  }

  protected save(): void {
    const v = this.form.getRawValue();
    if (v.target === 'user' && !v.assigneeId) {
      this.form.controls.assigneeId.setErrors({ required: true });
      this.form.controls.assigneeId.markAsTouched();
      return;
    }
    const body: RuleBody = {
      name: v.name.trim(),
      priority: Number(v.priority),
      departmentId: v.departmentId || null,
      wardId: v.wardId || null,
      icdPrefixes: parseIcdPrefixes(v.icdPrefixes),
      templateId: v.templateId || null,
      channel: v.channel || null,
      assigneeId: v.target === 'user' ? v.assigneeId : null,
      targetTeam: v.target === 'user' ? null : (v.target as AssignmentTeam),
    };
    this.submitter.submit(
      () => (this.rule ? this.api.updateRule(this.rule.id, body) : this.api.createRule(body)),
      () => this.dialogRef.close(true),
    );
  }
}
