import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormArray, FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, filter, throwError } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { formSubmit } from '../../core/forms/form-submit';
import { ErrorText } from '../../core/i18n/error-text';
import { LanguageService } from '../../core/i18n/language.service';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { ActiveChip } from '../../shared/ui/active-chip';
import { TextField } from '../../shared/ui/text-field';
import { HasUnsavedChanges, warnBeforeUnload } from '../../shared/ui/unsaved-changes';
import { QuestionnairesApi } from '../questionnaires/questionnaires.api';
import { CodeLabelPipe, CodeLists } from '../patients/code-lists';
import { DisableTemplateDialog } from './disable-template.dialog';
import { localizeTemplateErrors } from './template-errors';
import { EnrolDialog, EnrolDialogData } from './enrol.dialog';
import { RuleTester } from './rule-tester';
import { TemplatesApi } from './templates.api';
import {
  ANCHORS,
  CHANNELS,
  DISPOSITIONS,
  FollowupTemplate,
  MODES,
  PATIENT_CLASSES,
  PURPOSES,
  PlanStep,
  TEAMS,
  TemplateBody,
} from './templates.models';

type StepForm = ReturnType<TemplateEditorPage['stepGroup']>;

/** Comma, space or 、-separated codes as a list. */
function codeList(text: string, upper = false): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((c) => (upper ? c.trim().toUpperCase() : c.trim()))
    .filter(Boolean);
}

/** A whole number, or nothing for an empty field. */
function optionalNumber(value: number | null | string): number | undefined {
  return value === null || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
}

/**
 * A follow-up template: names, purpose, mode, owner department, enrolment rules and steps, saved with
 * the server's field errors shown on the fields; for a saved template also the rule tester, manual
 * enrolment and disabling (with a reason).
 */
@Component({
  selector: 'app-template-editor-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTooltipModule,
    TranslocoPipe,
    FieldErrorPipe,
    LocalizedPipe,
    CodeLabelPipe,
    ActiveChip,
    TextField,
    RuleTester,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './template-editor.page.html',
  styleUrl: './template-editor.page.scss',
})
export class TemplateEditorPage implements HasUnsavedChanges {
  /** Route parameter; absent on `/templates/new`. */
  readonly id = input<string>();

  private readonly api = inject(TemplatesApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly errorText = inject(ErrorText);
  private readonly auth = inject(AuthStore);
  private readonly language = inject(LanguageService);
  protected readonly canManage = this.auth.hasPermission('template.manage');

  protected readonly purposes = PURPOSES;
  protected readonly modes = MODES;
  protected readonly anchors = ANCHORS;
  protected readonly channels = CHANNELS;
  protected readonly teams = TEAMS;
  protected readonly patientClasses = PATIENT_CLASSES;
  protected readonly dispositions = DISPOSITIONS;

  private readonly record = this.api.detailResource(this.id);
  protected readonly template = signal<FollowupTemplate | null>(null);
  protected readonly loading = this.record.isLoading;
  protected readonly loadError = computed(() => {
    const error = this.record.error();
    return error ? this.errorText.describe(toApiError(error)) : null;
  });
  protected readonly editable = computed(() => this.canManage && (this.template()?.active ?? true));

  private readonly orgUnitList = this.api.orgUnitsResource();
  protected readonly orgUnits = computed(() => (this.orgUnitList.hasValue() ? this.orgUnitList.value() : []));
  private readonly questionnaireList = inject(QuestionnairesApi).listResource(signal(''));
  /** Published questionnaires, plus a step's current one when it is no longer published. */
  protected readonly questionnaires = computed(() => (this.questionnaireList.hasValue() ? this.questionnaireList.value() : []));
  /** Loads the disposition labels. */
  protected readonly dispositionItems = inject(CodeLists).items('discharge_disposition');

  protected readonly form = this.fb.group({
    nameZh: ['', [Validators.required, Validators.maxLength(200)]],
    nameEn: ['', [Validators.required, Validators.maxLength(200)]],
    purpose: ['clinical', Validators.required],
    mode: ['centre', Validators.required],
    ownerDepartmentId: [''],
    rules: this.fb.group({
      departmentIds: [[] as string[]],
      wardIds: [[] as string[]],
      icdPrefixes: [''],
      procedureCodes: [''],
      ageMin: new FormControl<number | null>(null, [Validators.min(0), Validators.max(150)]),
      ageMax: new FormControl<number | null>(null, [Validators.min(0), Validators.max(150)]),
      patientClasses: [[] as string[]],
      dispositions: [[] as string[]],
    }),
    steps: this.fb.array<StepForm>([]),
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;
  /** Bumped on save, so the rule tester runs again. */
  protected readonly savedRev = signal(0);
  private readonly selectedDepartments = signal<string[]>([]);

  /** Wards of the rule's departments (of all departments while none is chosen), by department. */
  protected readonly wardGroups = computed(() => {
    const chosen = this.selectedDepartments();
    return this.orgUnits().filter((d) => d.wards.length > 0 && (chosen.length === 0 || chosen.includes(d.id)));
  });

  constructor() {
    effect(() => {
      if (this.record.hasValue()) {
        const t = this.record.value();
        untracked(() => this.load(t));
      }
    });
    // A new template: owned by, and for discharges of, the user's first department.
    effect(() => {
      if (this.id() === undefined) {
        untracked(() => this.startNew());
      }
    });
    this.form.controls.rules.controls.departmentIds.valueChanges.subscribe((ids) => this.selectedDepartments.set(ids));
    warnBeforeUnload(() => this.hasUnsavedChanges());
  }

  /** Edits not saved yet (the route guard asks before leaving). */
  hasUnsavedChanges(): boolean {
    return this.editable() && this.form.dirty;
  }

  protected get steps(): FormArray<StepForm> {
    return this.form.controls.steps;
  }

  protected stepGroup(step?: Partial<PlanStep>) {
    return this.fb.group({
      key: [step?.key ?? '', [Validators.required, Validators.pattern(/^[a-z0-9_]{1,32}$/)]],
      anchor: [step?.anchor ?? 'discharge', Validators.required],
      offsetDays: [step?.offsetDays ?? 1, [Validators.required, Validators.min(0)]],
      repeat: this.fb.group({
        everyDays: new FormControl<number | null>(step?.repeat?.everyDays ?? null, Validators.min(1)),
        times: new FormControl<number | null>(step?.repeat?.times ?? null, Validators.min(1)),
      }),
      questionnaireId: [step?.questionnaireId ?? '', Validators.required],
      channel: [step?.channel ?? 'phone', Validators.required],
      team: [step?.team ?? 'centre', Validators.required],
      windowBeforeDays: [step?.windowBeforeDays ?? 0, [Validators.required, Validators.min(0)]],
      windowAfterDays: [step?.windowAfterDays ?? 2, [Validators.required, Validators.min(0)]],
    });
  }

  private startNew(): void {
    const own = this.auth.departments()[0]?.id ?? '';
    this.form.reset();
    this.form.patchValue({ ownerDepartmentId: own, rules: { departmentIds: own ? [own] : [] } });
    this.steps.clear();
    this.steps.push(this.stepGroup({ key: 'd1' }));
  }

  private load(t: FollowupTemplate): void {
    this.template.set(t);
    this.steps.clear();
    for (const step of t.steps) this.steps.push(this.stepGroup(step));
    const r = t.rules ?? {};
    this.form.reset({
      nameZh: t.nameZh,
      nameEn: t.nameEn,
      purpose: t.purpose,
      mode: t.mode,
      ownerDepartmentId: t.ownerDepartmentId ?? '',
      rules: {
        departmentIds: r.departmentIds ?? [],
        wardIds: r.wardIds ?? [],
        icdPrefixes: (r.icdPrefixes ?? []).join(', '),
        procedureCodes: (r.procedureCodes ?? []).join(', '),
        ageMin: r.ageMin ?? null,
        ageMax: r.ageMax ?? null,
        patientClasses: r.patientClasses ?? [],
        dispositions: r.dispositions ?? [],
      },
    });
    if (this.editable()) this.form.enable();
    else this.form.disable();
  }

  protected addStep(): void {
    const last = this.steps.at(this.steps.length - 1)?.getRawValue();
    const offset = last ? Number(last.offsetDays) + 7 : 1;
    const keys = new Set(this.steps.getRawValue().map((s) => s.key));
    let key = `d${offset}`;
    for (let n = 2; keys.has(key); n++) key = `d${offset}_${n}`;
    this.steps.push(
      this.stepGroup({
        key,
        anchor: last?.anchor ?? 'discharge',
        offsetDays: offset,
        questionnaireId: last?.questionnaireId ?? '',
        channel: last?.channel ?? 'phone',
        team: last?.team ?? 'centre',
      }),
    );
    this.form.markAsDirty();
  }

  protected removeStep(index: number): void {
    this.steps.removeAt(index);
    this.form.markAsDirty();
  }

  protected isPublished(id: string): boolean {
    return this.questionnaires().some((q) => q.id === id && q.status === 'published');
  }

  private body(): TemplateBody {
    const v = this.form.getRawValue();
    const r = v.rules;
    return {
      nameZh: v.nameZh.trim(),
      nameEn: v.nameEn.trim(),
      purpose: v.purpose as TemplateBody['purpose'],
      mode: v.mode as TemplateBody['mode'],
      ownerDepartmentId: v.ownerDepartmentId || undefined,
      rules: {
        ...(r.departmentIds.length ? { departmentIds: r.departmentIds } : {}),
        ...(r.wardIds.length ? { wardIds: r.wardIds } : {}),
        ...(codeList(r.icdPrefixes).length ? { icdPrefixes: codeList(r.icdPrefixes, true) } : {}),
        ...(codeList(r.procedureCodes).length ? { procedureCodes: codeList(r.procedureCodes) } : {}),
        ...(optionalNumber(r.ageMin) !== undefined ? { ageMin: optionalNumber(r.ageMin) } : {}),
        ...(optionalNumber(r.ageMax) !== undefined ? { ageMax: optionalNumber(r.ageMax) } : {}),
        ...(r.patientClasses.length ? { patientClasses: r.patientClasses } : {}),
        ...(r.dispositions.length ? { dispositions: r.dispositions } : {}),
      },
      steps: v.steps.map((s) => {
        const every = optionalNumber(s.repeat.everyDays);
        const times = optionalNumber(s.repeat.times);
        return {
          key: s.key.trim(),
          anchor: s.anchor as PlanStep['anchor'],
          offsetDays: Number(s.offsetDays),
          ...(every !== undefined || times !== undefined ? { repeat: { everyDays: every ?? 0, times: times ?? 0 } } : {}),
          questionnaireId: s.questionnaireId,
          channel: s.channel as PlanStep['channel'],
          team: s.team as PlanStep['team'],
          windowBeforeDays: Number(s.windowBeforeDays),
          windowAfterDays: Number(s.windowAfterDays),
        };
      }),
    };
  }

  protected save(): void {
    const current = this.template();
    const body = this.body();
    this.submitter.submit(
      () =>
        (current ? this.api.update(current.id, body) : this.api.create(body)).pipe(
          catchError((error: unknown) => throwError(() => localizeTemplateErrors(error, this.language))),
        ),
      (saved) => {
        this.notifier.success(current ? 'templates.updated' : 'templates.created', { name: saved.nameZh });
        if (current) {
          this.load(saved);
          this.savedRev.update((n) => n + 1);
        } else {
          this.form.markAsPristine(); // saved: moving to its own address is not leaving unsaved edits
          void this.router.navigate(['/templates', saved.id], { replaceUrl: true });
        }
      },
    );
  }

  protected enrol(): void {
    const t = this.template();
    if (!t) return;
    this.dialog
      .open<EnrolDialog, EnrolDialogData, boolean>(EnrolDialog, { data: { template: t }, width: '640px' })
      .afterClosed()
      .pipe(filter(Boolean))
      .subscribe(() => this.savedRev.update((n) => n + 1));
  }

  protected disable(): void {
    const t = this.template();
    if (!t) return;
    this.dialog
      .open<DisableTemplateDialog, FollowupTemplate, FollowupTemplate>(DisableTemplateDialog, { data: t, width: '480px' })
      .afterClosed()
      .pipe(filter(Boolean))
      .subscribe((disabled) => {
        this.notifier.success('templates.disable.done', { name: disabled.nameZh });
        this.load(disabled);
      });
  }
}
