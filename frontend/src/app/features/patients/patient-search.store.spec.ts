import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../../core/auth/auth.store';
import { aLogin } from '../../core/auth/testing';
import { PatientSearchMemory, PatientSearchStore, listRequest } from './patient-search.store';
import { PatientListItem, PatientPage, Segment } from './patients.models';

const aPatient = (overrides: Partial<PatientListItem> = {}): PatientListItem => ({
  id: 'p-1',
  name: '张三',
  sexCode: '1',
  birthDate: '1960-05-01',
  age: 66,
  idNumber: '110105********002X',
  phone: '138****5678',
  status: 'active',
  tags: [],
  lastVisit: null,
  ...overrides,
});

const aPage = (overrides: Partial<PatientPage> = {}): PatientPage => ({
  items: [aPatient()],
  total: 1,
  page: 1,
  pageSize: 20,
  totalCapped: false,
  ...overrides,
});

const aSegment: Segment = {
  id: 's-1',
  name: '心内科 高血压',
  description: null,
  filter: { icd: 'I10', departmentId: 'd-1' },
  active: true,
};

describe('PatientSearchStore', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), PatientSearchStore],
    });
    TestBed.inject(AuthStore).setSession(aLogin({ id: 'u-nurse' }));
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  /** The one request the store sent since the last call, as path + sorted query. */
  function nextRequest(): TestRequest {
    TestBed.tick();
    return http.expectOne(() => true);
  }
  const described = (req: TestRequest) => {
    const params = req.request.params;
    const query = params
      .keys()
      .sort()
      .map((key) => `${key}=${params.get(key)}`)
      .join('&');
    return `${req.request.url}?${query}`;
  };

  it('lists the most recently seen patients first before anything is searched', async () => {
    const store = TestBed.inject(PatientSearchStore);
    const req = nextRequest();
    expect(described(req)).toBe('/api/patients?order=desc&page=1&pageSize=20');
    req.flush(aPage({ total: 135 }));
    await TestBed.inject(ApplicationRef).whenStable();
    expect(store.items().map((p) => p.name)).toEqual(['张三']);
    expect(store.total()).toBe(135);
    expect(store.totalCapped()).toBe(false);
  });

  it('searches by the trimmed text, A–Z, from the first page', () => {
    const store = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage());
    store.goTo(3, 50);
    nextRequest().flush(aPage());
    store.search('  zs ');
    expect(described(nextRequest())).toBe('/api/patients?order=asc&page=1&pageSize=50&q=zs');
  });

  it('does not search again for the same text', () => {
    const store = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage());
    store.search('5678');
    nextRequest().flush(aPage());
    store.search('5678 ');
    TestBed.tick();
    http.expectNone(() => true);
  });

  it('sends only the filters that have a value, and keeps the search text', () => {
    const store = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage());
    store.search('王');
    nextRequest().flush(aPage());
    store.applyFilters({ departmentId: 'd-1', icd: '', ageMin: 60, ageMax: undefined, dischargedFrom: '2026-01-01', tag: '' });
    expect(described(nextRequest())).toBe(
      '/api/patients?ageMin=60&departmentId=d-1&dischargedFrom=2026-01-01&order=asc&page=1&pageSize=20&q=王',
    );
    expect(store.filter()).toEqual({ q: '王', departmentId: 'd-1', ageMin: 60, dischargedFrom: '2026-01-01' });
  });

  it('sorts by age as birth date the other way round', () => {
    const store = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage());
    store.sortBy('age', 'asc');
    expect(described(nextRequest())).toBe('/api/patients?order=desc&page=1&pageSize=20&sort=birthDate');
    store.sortBy('name', 'desc');
    expect(described(nextRequest())).toBe('/api/patients?order=desc&page=1&pageSize=20&sort=name');
  });

  it('reports a capped total', async () => {
    const store = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage({ total: 1000, totalCapped: true }));
    await TestBed.inject(ApplicationRef).whenStable();
    expect(store.total()).toBe(1000);
    expect(store.totalCapped()).toBe(true);
  });

  it("lists a segment's members with its filter, until the search changes", () => {
    const store = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage());
    store.useSegment(aSegment);
    expect(described(nextRequest())).toBe('/api/segments/s-1/patients?page=1&pageSize=20');
    expect(store.segment()?.name).toBe('心内科 高血压');
    expect(store.filter()).toEqual({ icd: 'I10', departmentId: 'd-1' });

    store.search('ZS');
    expect(described(nextRequest())).toBe('/api/patients?departmentId=d-1&icd=I10&order=asc&page=1&pageSize=20&q=ZS');
    expect(store.segment()).toBeNull();
  });

  it('keeps the last search for the same user only', () => {
    const first = TestBed.inject(PatientSearchStore);
    nextRequest().flush(aPage());
    first.search('13812345678');
    nextRequest().flush(aPage());

    // The list page comes back (a new store): same search.
    const second = TestBed.runInInjectionContext(() => new PatientSearchStore());
    expect(described(nextRequest())).toBe('/api/patients?order=asc&page=1&pageSize=20&q=13812345678');
    expect(second.query().q).toBe('13812345678');

    const memory = TestBed.inject(PatientSearchMemory);
    expect(memory.restore('u-other')).toBeNull();
  });
});

describe('listRequest', () => {
  it('asks the server for newest visits first by default', () => {
    expect(listRequest({ query: { page: 2, pageSize: 20 }, segment: null })).toEqual({
      url: '/api/patients',
      params: { page: 2, pageSize: 20, order: 'desc' },
    });
  });

  it('pages through a segment without sort parameters (the segment endpoint has none)', () => {
    expect(listRequest({ query: { page: 1, pageSize: 50, sort: 'name', order: 'asc' }, segment: aSegment })).toEqual({
      url: '/api/segments/s-1/patients',
      params: { page: 1, pageSize: 50 },
    });
  });
});
