import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { DuplicateList } from './duplicate-list';
import { MergeApi } from './merge.api';

/** The probable duplicates of a record, each with a way to compare and merge (for patient.merge). */
@Component({
  selector: 'app-patient-duplicates',
  imports: [DuplicateList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (candidates().length > 0) {
      <app-duplicate-list
        title="patients.duplicates.panelTitle"
        testId="patient-duplicates-panel"
        [candidates]="candidates()"
        [compareWith]="patientId()"
      />
    }
  `,
  styles: ':host { display: block; margin-bottom: 16px; } :host:empty { display: none; }',
})
export class PatientDuplicates {
  readonly patientId = input.required<string>();
  private readonly list = inject(MergeApi).duplicatesResource(this.patientId);
  protected readonly candidates = computed(() => (this.list.hasValue() ? this.list.value() : []));

  reload(): void {
    this.list.reload();
  }
}
