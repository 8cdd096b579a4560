import { ChangeDetectionStrategy, Component, computed, inject, input, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ApiError, toApiError } from '../../core/api/api-error';
import { safeReturnUrl } from '../../core/auth/auth.guards';
import { AuthService } from '../../core/auth/auth.service';
import { FieldErrorPipe } from '../../core/forms/field-error.pipe';
import { ErrorText } from '../../core/i18n/error-text';
import { LanguageService } from '../../core/i18n/language.service';
import { LanguageSwitch } from '../../core/i18n/language-switch';

@Component({
  selector: 'app-sign-in-page',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoPipe,
    FieldErrorPipe,
    LanguageSwitch,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.scss',
})
export class SignInPage {
  /** Where to go after signing in (query parameter); only internal paths are followed. */
  readonly returnUrl = input<string>();

  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  private readonly errorText = inject(ErrorText);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  private readonly formDirective = viewChild.required(FormGroupDirective);
  protected readonly busy = signal(false);
  private readonly error = signal<ApiError | null>(null);
  /** Recomputed on a language switch, so the message follows the language. */
  protected readonly errorMessage = computed(() => {
    const error = this.error();
    this.language.active();
    return error ? this.errorText.describe(error) : '';
  });

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) {
      return;
    }
    const { username, password } = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    this.auth.login(username.trim(), password).subscribe({
      next: () => {
        void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(error));
        // Clear the password without flagging the now-empty field as an error.
        this.formDirective().resetForm({ username, password: '' });
      },
    });
  }
}
