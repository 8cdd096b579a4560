import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import en from '../../../../public/i18n/en.json';
import { AuthStore } from '../../core/auth/auth.store';
import { aLogin } from '../../core/auth/testing';
import { apiInterceptor } from '../../core/http/api.interceptor';
import { registerIcons } from '../../core/layout/icons';
import { ContactPersonDialog } from './contact-person.dialog';
import { IdentifierDialog } from './identifier.dialog';
import { PhoneDialog } from './phone.dialog';
import { RemoveDetailDialog } from './remove-detail.dialog';

const RECORD = { id: 'p-1', name: '张三', phones: [], identifiers: [], contacts: [] };

describe('phone, contact person, identifier and remove dialogs', () => {
  let http: HttpTestingController;
  let close: jest.Mock;

  async function open<T>(component: Type<T>, data: unknown): Promise<{ fixture: ComponentFixture<T>; root: HTMLElement }> {
    close = jest.fn();
    TestBed.configureTestingModule({
      imports: [
        component,
        TranslocoTestingModule.forRoot({
          langs: { en },
          translocoConfig: { availableLangs: ['en'], defaultLang: 'en' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    TestBed.runInInjectionContext(registerIcons);
    TestBed.inject(AuthStore).setSession(aLogin({ roles: ['nurse'], permissions: ['patient.read', 'patient.write'] }));
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(component);
    fixture.detectChanges();
    TestBed.tick();
    for (const req of http.match((r) => r.url.startsWith('/api/dictionary/types/'))) {
      req.flush([
        { id: 'i-1', code: 'self', label: '本人', labelEn: 'Self', sortOrder: 10, active: true },
        { id: 'i-3', code: 'spouse', label: '配偶', labelEn: 'Spouse', sortOrder: 15, active: true },
        { id: 'i-2', code: 'inpatient_no', label: '住院号', labelEn: 'Inpatient number', sortOrder: 20, active: true },
      ]);
    }
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  const element = (root: HTMLElement, testId: string) => root.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
  const type = (root: HTMLElement, testId: string, value: string) => {
    const input = element(root, testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const fieldError = (root: HTMLElement, testId: string) =>
    element(root, testId).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();
  const conflict = (code: string, message: string, fields?: Record<string, string[]>) => ({
    body: { statusCode: 409, code, message, fields },
    status: { status: 409, statusText: 'Conflict' },
  });

  afterEach(() => http.verify());

  it('checks the phone pattern before sending, and shows the API field error on the number', async () => {
    const { fixture, root } = await open(PhoneDialog, { patientId: 'p-1' });
    type(root, 'phone-dialog-number', '12345');
    element(root, 'phone-dialog-submit').click();
    await fixture.whenStable();
    // Not sent: the pattern of the create form.
    http.expectNone('/api/patients/p-1/phones');
    expect(fieldError(root, 'phone-dialog-number')).toBe('Invalid format');

    type(root, 'phone-dialog-number', '13912340021');
    element(root, 'phone-dialog-submit').click();
    const req = http.expectOne('/api/patients/p-1/phones');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ number: '13912340021', owner: 'self' });
    req.flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Request validation failed',
        fields: { number: ['number must be a mainland mobile (1[3-9] + 9 digits), a landline (010-12345678) or +international'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(fieldError(root, 'phone-dialog-number')).toContain('Enter a mobile');
    expect(close).not.toHaveBeenCalled();
  });

  it('corrects a masked phone with PATCH; an empty number keeps it', async () => {
    const phone = { id: 'ph-1', number: '139****0021', owner: 'self', isPrimary: true };
    const { fixture, root } = await open(PhoneDialog, { patientId: 'p-1', detail: phone });
    expect(element(root, 'phone-dialog-current').textContent).toContain('139****0021');
    // Nothing changed: closes without a request.
    element(root, 'phone-dialog-submit').click();
    expect(close).toHaveBeenCalledWith();

    type(root, 'phone-dialog-number', '13912340022');
    element(root, 'phone-dialog-submit').click();
    const req = http.expectOne('/api/patients/p-1/phones/ph-1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ number: '13912340022', owner: 'self' });
    req.flush(RECORD);
    await fixture.whenStable();
    expect(close).toHaveBeenLastCalledWith(RECORD);
  });

  it('keeps a masked contact phone when its field stays empty, and clears one shown in full', async () => {
    const contact = { id: 'c-1', relation: 'spouse', name: '王五', phone: '135****0004' };
    const masked = await open(ContactPersonDialog, { patientId: 'p-1', detail: contact });
    expect(element(masked.root, 'contact-dialog-current').textContent).toContain('135****0004');
    type(masked.root, 'contact-dialog-name', '王小五');
    element(masked.root, 'contact-dialog-submit').click();
    const keep = http.expectOne('/api/patients/p-1/contacts/c-1');
    expect(keep.request.method).toBe('PATCH');
    expect(keep.request.body).toEqual({ name: '王小五', relation: 'spouse' });
    keep.flush(RECORD);
    await masked.fixture.whenStable();
    expect(close).toHaveBeenCalledWith(RECORD);
    http.verify();

    TestBed.resetTestingModule();
    const shown = await open(ContactPersonDialog, { patientId: 'p-1', detail: contact, clearPhone: '13544440004' });
    expect(element(shown.root, 'contact-dialog-current')).toBeNull();
    expect(element(shown.root, 'contact-dialog-phone').value).toBe('13544440004');
    type(shown.root, 'contact-dialog-phone', '');
    element(shown.root, 'contact-dialog-submit').click();
    const clear = http.expectOne('/api/patients/p-1/contacts/c-1');
    expect(clear.request.body).toEqual({ name: '王五', relation: 'spouse', phone: null });
    clear.flush(RECORD);
  });

  it('shows an identifier of another patient (409) on the number field, translated', async () => {
    const { fixture, root } = await open(IdentifierDialog, { patientId: 'p-1' });
    fixture.componentInstance['form'].controls.type.setValue('inpatient_no');
    type(root, 'identifier-dialog-value', 'ZY 1');
    element(root, 'identifier-dialog-submit').click();
    await fixture.whenStable();
    http.expectNone('/api/patients/p-1/identifiers');
    expect(fieldError(root, 'identifier-dialog-value')).toBe('Invalid format');

    type(root, 'identifier-dialog-value', 'ZY0001');
    element(root, 'identifier-dialog-submit').click();
    const req = http.expectOne('/api/patients/p-1/identifiers');
    expect(req.request.body).toEqual({ type: 'inpatient_no', value: 'ZY0001' });
    const { body, status } = conflict('CONFLICT', 'identifier already belongs to another patient', {
      value: ['identifier already belongs to another patient'],
    });
    req.flush(body, status);
    await fixture.whenStable();
    expect(fieldError(root, 'identifier-dialog-value')).toBe('This identifier belongs to another patient');
    expect(element(root, 'detail-dialog-problem')).toBeNull();
    expect(close).not.toHaveBeenCalled();
  });

  it('removes with the reason, and explains in the dialog why the last identifier stays', async () => {
    const data = { patientId: 'p-1', kind: 'identifier', detailId: 'id-1', label: 'Inpatient number ZY0001' };
    const { fixture, root } = await open(RemoveDetailDialog, data);
    expect(element(root, 'remove-dialog-what').textContent).toBe('Inpatient number ZY0001');
    expect(root.textContent).toContain('stays in the change history');
    type(root, 'remove-dialog-reason', 'entered twice');
    element(root, 'remove-dialog-submit').click();

    const req = http.expectOne((r) => r.url === '/api/patients/p-1/identifiers/id-1');
    expect(req.request.method).toBe('DELETE');
    expect(req.request.params.get('reason')).toBe('entered twice');
    const { body, status } = conflict('LAST_IDENTIFIER', 'The last identifier of a record cannot be removed');
    req.flush(body, status);
    await fixture.whenStable();
    expect(element(root, 'detail-dialog-problem').textContent).toContain('The last identifier of a record cannot be removed');
    expect(close).not.toHaveBeenCalled();
  });
});
