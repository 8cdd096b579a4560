import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import en from '../../../../public/i18n/en.json';
import { AuthStore } from '../../core/auth/auth.store';
import { aLogin } from '../../core/auth/testing';
import { apiInterceptor } from '../../core/http/api.interceptor';
import { provideLocalDateAdapter } from '../../core/i18n/local-date-adapter';
import { registerIcons } from '../../core/layout/icons';
import { PatientFormData, PatientFormDialog } from './patient-form.dialog';
import { PatientDetail } from './patients.models';

const aRecord = (overrides: Partial<PatientDetail> = {}): PatientDetail => ({
  id: 'p-1',
  name: '张三',
  namePinyin: 'zhangsan',
  sexCode: '1',
  birthDate: '1960-05-01',
  age: 66,
  idNumber: '110105********0017',
  ethnicityCode: null,
  insuranceTypeCode: null,
  address: '北京市东城区',
  regionCode: null,
  employer: null,
  preferredChannel: null,
  preferredContactTime: null,
  status: 'active',
  deceasedDate: null,
  tags: [],
  organisation: null,
  registeredDepartmentId: 'd-1',
  mergedIntoId: null,
  masked: true,
  phones: [],
  identifiers: [],
  contacts: [],
  restrictions: [],
  encounters: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('PatientFormDialog', () => {
  let http: HttpTestingController;
  let close: jest.Mock;

  async function open(data: PatientFormData): Promise<{ fixture: ComponentFixture<PatientFormDialog>; root: HTMLElement }> {
    close = jest.fn();
    TestBed.configureTestingModule({
      imports: [
        PatientFormDialog,
        TranslocoTestingModule.forRoot({
          langs: { en },
          translocoConfig: { availableLangs: ['en'], defaultLang: 'en' },
          preloadLangs: true,
        }),
      ],
      providers: [
        provideRouter([]),
        provideLocalDateAdapter(),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    TestBed.runInInjectionContext(registerIcons);
    // A nurse of two departments (the factory's default), without department.read.
    TestBed.inject(AuthStore).setSession(aLogin({ roles: ['nurse'], permissions: ['patient.read', 'patient.write'] }));
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PatientFormDialog);
    fixture.detectChanges();
    TestBed.tick();
    // The dictionaries of the selects (the fixture is not stable while they load).
    for (const req of http.match((r) => r.url.startsWith('/api/dictionary/types/'))) {
      req.flush([{ id: 'i-1', code: '1', label: '男', labelEn: 'Male', sortOrder: 10, active: true }]);
    }
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  const input = (root: HTMLElement, testId: string) => root.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
  const type = (root: HTMLElement, testId: string, value: string) => {
    const element = input(root, testId);
    element.value = value;
    element.dispatchEvent(new Event('input'));
  };
  const submit = (root: HTMLElement) => (root.querySelector('[data-testid="patient-form-submit"]') as HTMLButtonElement).click();
  const fieldError = (root: HTMLElement, testId: string) =>
    input(root, testId).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();

  afterEach(() => http.verify());

  it('saves an edit with PATCH, without asking for the registering department', async () => {
    const { fixture, root } = await open({ patient: aRecord() });
    expect(input(root, 'patient-form-department')).toBeNull();
    type(root, 'patient-form-address', '上海市徐汇区');
    submit(root);

    const req = http.expectOne('/api/patients/p-1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual(
      expect.objectContaining({ name: '张三', birthDate: '1960-05-01', address: '上海市徐汇区', status: 'active' }),
    );
    // An empty ID number field keeps the (masked) number: it is not sent.
    expect(req.request.body.idNumber).toBeUndefined();
    req.flush(aRecord({ address: '上海市徐汇区' }));
    await fixture.whenStable();
    expect(close).toHaveBeenCalledWith({ id: 'p-1', name: '张三' });
  });

  it('shows the API field errors of nested rows on their fields', async () => {
    const { fixture, root } = await open({});
    type(root, 'patient-form-name', '李四');
    fixture.componentInstance['form'].controls.sexCode.setValue('1');
    fixture.componentInstance['form'].controls.registeredDepartmentId.setValue('d-1');
    type(root, 'patient-form-id-number', '110105194912310021');
    type(root, 'patient-form-phone-0', '13912340021');
    submit(root);

    const req = http.expectOne('/api/patients');
    expect(req.request.body).toEqual(
      expect.objectContaining({ name: '李四', sexCode: '1', idNumber: '110105194912310021', registeredDepartmentId: 'd-1' }),
    );
    req.flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Request validation failed',
        fields: {
          idNumber: ['ID number check character is wrong (ISO 7064 MOD 11-2)'],
          'phones.0.number': ['number must be a mainland mobile'],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(fieldError(root, 'patient-form-id-number')).toBe("The ID number's check character is wrong");
    expect(fieldError(root, 'patient-form-phone-0')).toContain('Enter a mobile');
    expect(close).not.toHaveBeenCalled();
  });

  it('lists probable duplicates and creates anyway when asked', async () => {
    const { fixture, root } = await open({});
    type(root, 'patient-form-name', '徐香娥');
    fixture.componentInstance['form'].controls.sexCode.setValue('2');
    fixture.componentInstance['form'].controls.registeredDepartmentId.setValue('d-2');
    submit(root);
    http.expectOne('/api/patients').flush(
      {
        statusCode: 409,
        code: 'PATIENT_POSSIBLE_DUPLICATE',
        message: 'Probable duplicates exist',
        details: {
          candidates: [
            {
              id: 'p-9',
              name: '徐香娥',
              birthDate: '1936-12-07',
              sexCode: '2',
              idNumber: '110101********7924',
              reasons: ['same_name_phone'],
            },
            { id: null, restricted: true, reasons: ['same_id_number'] },
          ],
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    const candidate = root.querySelector('[data-testid="duplicate-p-9"]');
    expect(candidate?.textContent).toContain('110101********7924');
    expect(candidate?.textContent).toContain('same name and phone');
    const hidden = root.querySelector('[data-testid="duplicate-restricted"]');
    expect(hidden?.textContent).toContain('registered in another department');
    expect(hidden?.textContent).toContain('same ID number');
    expect(hidden?.querySelector('a')).toBeNull();

    (root.querySelector('[data-testid="patient-create-anyway"]') as HTMLButtonElement).click();
    const again = http.expectOne('/api/patients');
    expect(again.request.body.confirmNotDuplicate).toBe(true);
    again.flush({ id: 'p-10' });
    await fixture.whenStable();
    expect(close).toHaveBeenCalledWith({ id: 'p-10', name: '徐香娥' });
  });
});
