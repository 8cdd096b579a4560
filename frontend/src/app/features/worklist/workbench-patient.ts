import { ChangeDetectionStrategy, Component, inject, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { CodeLabelPipe } from '../patients/code-lists';
import { PatientsApi } from '../patients/patients.api';
import { PatientStatusChip } from '../patients/patient-status-chip';
import { ContactPerson, PatientDetail, PatientPhone, RevealedContacts } from '../patients/patients.models';
import { DialTarget } from './calls.api';

/**
 * The call screen's patient header: name, sex, age, status, tags, preferred time; phones and contact
 * persons masked, with reveal (audited) and a dial button on each number: the server looks the number
 * up and dials through the telephony adapter (a `tel:` link or the CTI), so dialling needs no reveal.
 */
@Component({
  selector: 'app-workbench-patient',
  imports: [RouterLink, MatButtonModule, MatIconModule, MatTooltipModule, TranslocoPipe, CodeLabelPipe, PatientStatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = patient();
    <div class="identity">
      <h1 data-testid="workbench-patient-name">
        <a [routerLink]="['/patients', p.id]" target="_blank" rel="noopener">{{ p.name }}</a>
      </h1>
      <span data-testid="workbench-patient-meta">
        {{ p.sexCode | codeLabel: 'sex' }}
        @if (p.age !== null) {
          · {{ 'patients.ageValue' | transloco: { age: p.age } }}
        }
      </span>
      <app-patient-status-chip [status]="p.status" />
      @for (tag of p.tags; track tag) {
        <span class="tag">{{ tag }}</span>
      }
      @if (p.preferredContactTime) {
        <span class="muted">{{ 'worklist.preferredTime' | transloco: { time: p.preferredContactTime } }}</span>
      }
    </div>
    <div class="contacts">
      @for (phone of p.phones; track phone.id; let i = $index) {
        <span class="phone" [attr.data-testid]="'workbench-phone-' + i">
          <span class="mono">{{ number(phone) }}</span>
          <span class="muted">{{ phone.owner | codeLabel: 'relation' }}</span>
          @if (canDial()) {
            <button
              mat-icon-button
              type="button"
              (click)="dial.emit({ phoneId: phone.id })"
              [attr.aria-label]="'workbench.dial' | transloco"
              [matTooltip]="'workbench.dial' | transloco"
              [attr.data-testid]="'workbench-dial-' + i"
            >
              <mat-icon svgIcon="phone" />
            </button>
          }
        </span>
      } @empty {
        <span class="muted">{{ 'workbench.noPhone' | transloco }}</span>
      }
      @for (c of p.contacts; track c.id; let i = $index) {
        <span class="phone" [attr.data-testid]="'workbench-contact-' + i">
          <span>{{ c.name }}</span>
          <span class="muted">{{ c.relation | codeLabel: 'relation' }}</span>
          <span class="mono">{{ contactPhone(c) ?? '—' }}</span>
          @if (canDial() && c.phone) {
            <button
              mat-icon-button
              type="button"
              (click)="dial.emit({ contactId: c.id })"
              [attr.aria-label]="'workbench.dial' | transloco"
              [matTooltip]="'workbench.dial' | transloco"
              [attr.data-testid]="'workbench-dial-contact-' + i"
            >
              <mat-icon svgIcon="phone" />
            </button>
          }
        </span>
      }
      @if (canReveal) {
        @if (revealed()) {
          <button mat-button type="button" (click)="revealed.set(null)" data-testid="workbench-hide">
            <mat-icon svgIcon="visibility-off" />
            {{ 'patients.detail.hide' | transloco }}
          </button>
        } @else {
          <button
            mat-stroked-button
            type="button"
            [disabled]="revealing()"
            (click)="reveal()"
            [matTooltip]="'patients.detail.revealHint' | transloco"
            data-testid="workbench-reveal"
          >
            <mat-icon svgIcon="visibility" />
            {{ 'workbench.reveal' | transloco }}
          </button>
        }
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .identity,
    .contacts {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-small);
      a {
        color: inherit;
        text-decoration: none;
      }
      a:hover {
        text-decoration: underline;
      }
    }
    .tag {
      padding: 0 6px;
      border-radius: 4px;
      font-size: 12px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .contacts {
      margin-top: 4px;
    }
    .phone {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding-right: 8px;
      border-right: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class WorkbenchPatient {
  readonly patient = input.required<PatientDetail>();
  /** Dial buttons are shown while the nurse holds the task (and no call is under way). */
  readonly canDial = input(false);
  readonly dial = output<DialTarget>();

  private readonly api = inject(PatientsApi);
  protected readonly canReveal = inject(AuthStore).hasPermission('patient.reveal');
  protected readonly revealed = linkedSignal<PatientDetail, RevealedContacts | null>({ source: this.patient, computation: () => null });
  protected readonly revealing = linkedSignal<PatientDetail, boolean>({ source: this.patient, computation: () => false });

  protected number(phone: PatientPhone): string {
    return this.revealed()?.phones.find((p) => p.id === phone.id)?.number ?? phone.number;
  }

  protected contactPhone(contact: ContactPerson): string | null {
    return this.revealed()?.contacts.find((c) => c.id === contact.id)?.phone ?? contact.phone;
  }

  /** Shows the clear numbers (the server writes an audit event). */
  reveal(): void {
    if (this.revealed() || this.revealing() || !this.canReveal) return;
    this.revealing.set(true);
    this.api.reveal(this.patient().id).subscribe({
      next: (contacts) => {
        this.revealing.set(false);
        this.revealed.set(contacts);
      },
      error: () => this.revealing.set(false),
    });
  }
}
