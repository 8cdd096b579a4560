import { ComponentType } from '@angular/cdk/portal';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormGroup } from '@angular/forms';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { EMPTY, Observable, catchError, throwError } from 'rxjs';
import { toApiError } from '../../core/api/api-error';
import { formSubmit } from '../../core/forms/form-submit';
import { ErrorText } from '../../core/i18n/error-text';
import { PatientDetail } from './patients.models';

/** What every dialog of a phone, contact person or identifier is opened with. */
export interface DetailDialogData<T> {
  patientId: string;
  /** Absent: add a new one. */
  detail?: T;
  /** The clear phone number of `detail`, when the page shows the full numbers (else it is masked). */
  clearPhone?: string | null;
}

/** Opens a detail dialog; emits the updated record, or undefined when it was cancelled. */
export function openDetailDialog<C, D>(dialog: MatDialog, component: ComponentType<C>, data: D): Observable<PatientDetail | undefined> {
  return dialog.open<C, D, PatientDetail>(component, { data, width: '480px', maxWidth: '95vw' }).afterClosed();
}

/**
 * Saving in a detail dialog (call in a field initializer, after the form): field errors show on the
 * fields; a conflict without fields (the last identifier, a merged record) shows in the dialog as
 * `problem`; the dialog closes with the updated record the API answers.
 */
export function detailSave(form: FormGroup) {
  const dialogRef = inject<MatDialogRef<unknown, PatientDetail>>(MatDialogRef);
  const errorText = inject(ErrorText);
  const submitter = formSubmit(form);
  const problem = signal<string | null>(null);

  function save(request: () => Observable<PatientDetail>): void {
    problem.set(null);
    submitter.submit(
      () =>
        request().pipe(
          catchError((error: unknown) => {
            const apiError = toApiError(error);
            if (apiError.statusCode === 409 && !apiError.fields) {
              problem.set(errorText.describe(apiError));
              return EMPTY;
            }
            return throwError(() => error);
          }),
        ),
      (record) => dialogRef.close(record),
    );
  }

  return { saving: submitter.saving, problem: problem.asReadonly(), save, close: () => dialogRef.close() };
}

/** A conflict the dialog could not put on a field, as an alert above the fields. */
@Component({
  selector: 'app-detail-problem',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (text(); as message) {
      <p class="problem" role="alert" data-testid="detail-dialog-problem">
        <mat-icon svgIcon="warning" />
        <span>{{ message }}</span>
      </p>
    }
  `,
  styles: `
    .problem {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 0 12px;
      padding: 10px 12px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class DetailProblem {
  readonly text = input<string | null>(null);
}
