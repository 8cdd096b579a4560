import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { ImportJobStore, POLL_MS, phaseOf } from './import-job.store';
import { ImportJob, UploadedImport } from './imports.models';

const aJob = (overrides: Partial<ImportJob> = {}): ImportJob => ({
  id: 'job-1',
  fileName: 'his.csv',
  format: 'csv',
  encoding: 'gb18030',
  sourceName: 'HIS',
  columns: ['住院号', '姓名'],
  mapping: { inpatientNo: '住院号', name: '姓名' },
  status: 'uploaded',
  totalRows: 0,
  processedRows: 0,
  createdPatients: 0,
  matchedPatients: 0,
  createdEncounters: 0,
  errorRows: 0,
  duplicateRows: 0,
  message: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  ...overrides,
});

const anUpload = (): UploadedImport => ({
  ...aJob(),
  preview: [{ 住院号: 'ZY001', 姓名: '张三' }],
  fields: ['inpatientNo', 'name'],
  savedMapping: false,
  sameFileImportedBefore: null,
});

describe('ImportJobStore', () => {
  let http: HttpTestingController;
  let store: ImportJobStore;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), ImportJobStore] });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ImportJobStore);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const poll = () => {
    jest.advanceTimersByTime(POLL_MS);
    return http.expectOne('/api/imports/job-1');
  };

  it('starts at the upload step and goes on to the mapping once a file is uploaded', () => {
    expect(store.phase()).toBe('upload');
    store.useUpload(anUpload());
    expect(store.phase()).toBe('mapping');
    expect(store.uploaded()?.preview).toHaveLength(1);
    // Nothing runs on the server yet: no polling.
    jest.advanceTimersByTime(5 * POLL_MS);
    http.expectNone('/api/imports/job-1');
  });

  it('polls every second during the dry run and stops when it is validated', async () => {
    store.useUpload(anUpload());
    const started = firstValueFrom(store.dryRun({ name: '姓名', inpatientNo: '住院号' }));
    const req = http.expectOne('/api/imports/job-1/dry-run');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ mapping: { name: '姓名', inpatientNo: '住院号' } });
    req.flush(aJob({ status: 'validating' }));
    await started;
    expect(store.phase()).toBe('checking');
    expect(store.progress()).toBeNull(); // the total is not known before the end of the dry run

    poll().flush(aJob({ status: 'validating', processedRows: 1000 }));
    expect(store.job()?.processedRows).toBe(1000);
    poll().flush(aJob({ status: 'validated', totalRows: 1500, processedRows: 1500, errorRows: 1 }));
    expect(store.phase()).toBe('checked');
    expect(store.job()?.errorRows).toBe(1);
    expect(store.progress()).toBe(100);

    jest.advanceTimersByTime(5 * POLL_MS);
    http.expectNone('/api/imports/job-1');
  });

  it('shows the import progress against the total the dry run counted', async () => {
    store.useUpload(anUpload());
    const started = firstValueFrom(store.start({ name: '姓名', inpatientNo: '住院号' }));
    http.expectOne('/api/imports/job-1/start').flush(aJob({ status: 'queued', totalRows: 3000 }));
    await started;
    expect(store.phase()).toBe('importing');
    expect(store.working()).toBe(true);

    poll().flush(aJob({ status: 'running', totalRows: 3000, processedRows: 1000, createdPatients: 990 }));
    expect(store.progress()).toBe(33);
    poll().flush(aJob({ status: 'done', totalRows: 3000, processedRows: 3000, createdPatients: 2990, errorRows: 10 }));
    expect(store.phase()).toBe('done');
    expect(store.working()).toBe(false);
    expect(store.job()?.createdPatients).toBe(2990);

    jest.advanceTimersByTime(3 * POLL_MS);
    http.expectNone('/api/imports/job-1');
  });

  it('does not ask again while an answer is outstanding', async () => {
    store.useUpload(anUpload());
    const started = firstValueFrom(store.start({ name: '姓名' }));
    http.expectOne('/api/imports/job-1/start').flush(aJob({ status: 'running', totalRows: 10 }));
    await started;
    jest.advanceTimersByTime(POLL_MS);
    const slow = http.expectOne('/api/imports/job-1');
    jest.advanceTimersByTime(3 * POLL_MS);
    http.expectNone('/api/imports/job-1');
    slow.flush(aJob({ status: 'done', totalRows: 10, processedRows: 10 }));
    expect(store.phase()).toBe('done');
  });

  it('opens an earlier job and follows it while it runs', () => {
    store.open('job-1');
    http.expectOne('/api/imports/job-1').flush(aJob({ status: 'running', totalRows: 4, processedRows: 1 }));
    expect(store.progress()).toBe(25);
    expect(store.uploaded()).toBeNull();
    poll().flush(aJob({ status: 'failed', message: 'The import stopped because of an internal error' }));
    expect(store.phase()).toBe('failed');
    jest.advanceTimersByTime(3 * POLL_MS);
    http.expectNone('/api/imports/job-1');
  });

  it('stops polling on reset', async () => {
    store.useUpload(anUpload());
    const started = firstValueFrom(store.dryRun({ name: '姓名' }));
    http.expectOne('/api/imports/job-1/dry-run').flush(aJob({ status: 'validating' }));
    await started;
    store.reset();
    expect(store.phase()).toBe('upload');
    jest.advanceTimersByTime(3 * POLL_MS);
    http.expectNone('/api/imports/job-1');
  });
});

describe('phaseOf', () => {
  it.each([
    ['uploaded', 'mapping'],
    ['validating', 'checking'],
    ['validated', 'checked'],
    ['queued', 'importing'],
    ['running', 'importing'],
    ['done', 'done'],
    ['failed', 'failed'],
    ['cancelled', 'failed'],
  ] as const)('%s → %s', (status, phase) => {
    expect(phaseOf(aJob({ status }))).toBe(phase);
  });
});
