import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { formSubmit } from '../../core/forms/form-submit';
import { SelectField, SelectOption } from '../../shared/ui/select-field';
import { ImportJobStore } from './import-job.store';
import { ColumnMapping, IDENTIFYING_FIELDS, IMPORT_FIELDS, ImportField, REQUIRED_FIELDS } from './imports.models';

type MappingControls = Record<ImportField, FormControl<string>>;

/** The name must be mapped, and at least one identifying column (so that re-imports add nothing). */
function requiredColumns(group: AbstractControl): ValidationErrors | null {
  const value = (group as FormGroup<MappingControls>).getRawValue();
  const problems: ValidationErrors = {};
  for (const field of REQUIRED_FIELDS) {
    if (!value[field]) {
      problems[field] = true;
    }
  }
  if (!IDENTIFYING_FIELDS.some((field) => value[field])) {
    problems['identifying'] = true;
  }
  return Object.keys(problems).length ? { requiredColumns: problems } : null;
}

/**
 * Step 2: for every target field, the file column it is read from (pre-filled from the source's saved
 * mapping or suggested from the column names), with the first rows of the file; then the dry run.
 * Created for one job (the page re-creates it for another).
 */
@Component({
  selector: 'app-import-mapping',
  imports: [ReactiveFormsModule, MatButtonModule, MatTableModule, TranslocoPipe, SelectField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './import-mapping.html',
  styleUrl: './import-mapping.scss',
})
export class ImportMapping {
  private readonly store = inject(ImportJobStore);
  private readonly job = this.store.job();

  protected readonly fields = IMPORT_FIELDS;
  protected readonly columns = this.job?.columns ?? [];
  protected readonly columnOptions: SelectOption[] = this.columns.map((column) => ({ value: column, label: column }));
  protected readonly preview = computed(() => this.store.uploaded()?.preview ?? []);
  protected readonly savedMapping = computed(() => this.store.uploaded()?.savedMapping ?? false);
  /** The dry run can be (re)started before the import ran. */
  protected readonly canCheck = computed(() => ['mapping', 'checked', 'failed'].includes(this.store.phase()));

  protected readonly form = new FormGroup({
    mapping: new FormGroup(
      Object.fromEntries(
        IMPORT_FIELDS.map((field) => [field, new FormControl(this.job?.mapping?.[field] ?? '', { nonNullable: true })]),
      ) as MappingControls,
      { validators: requiredColumns },
    ),
  });
  private readonly submitter = formSubmit(this.form);
  protected readonly saving = this.submitter.saving;

  protected isRequired(field: ImportField): boolean {
    return REQUIRED_FIELDS.includes(field);
  }

  protected isIdentifying(field: ImportField): boolean {
    return IDENTIFYING_FIELDS.includes(field);
  }

  /** The target field a column is mapped to, for the preview header. */
  protected fieldOf(column: string): ImportField | undefined {
    const mapping = this.form.controls.mapping.getRawValue();
    return IMPORT_FIELDS.find((field) => mapping[field] === column);
  }

  protected check(): void {
    this.submitter.submit(
      () => this.store.dryRun(this.mapping()),
      () => undefined,
    );
  }

  private mapping(): ColumnMapping {
    const value = this.form.controls.mapping.getRawValue();
    return Object.fromEntries(IMPORT_FIELDS.filter((field) => value[field]).map((field) => [field, value[field]]));
  }
}
