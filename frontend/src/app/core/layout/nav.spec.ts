import { NAV_ITEMS, visibleNavItems } from './nav';

const ids = (permissions: string[]) => visibleNavItems(new Set(permissions)).map((item) => item.id);

describe('visibleNavItems', () => {
  it('shows only Home to a user without permissions', () => {
    expect(ids([])).toEqual(['home']);
  });

  it('shows the administrator pages for the admin permissions, in menu order', () => {
    expect(
      ids(['user.read', 'user.manage', 'department.read', 'department.manage', 'dictionary.read', 'dictionary.manage']),
    ).toEqual(['home', 'users', 'departments', 'dictionary']);
  });

  it('shows the audit log only with audit.read', () => {
    expect(ids(['audit.read', 'user.read', 'department.read', 'dictionary.read'])).toEqual([
      'home',
      'users',
      'departments',
      'dictionary',
      'audit',
    ]);
    expect(ids(['dictionary.read'])).toEqual(['home', 'dictionary']);
  });

  it('shows the patient records before the administration pages', () => {
    expect(ids(['patient.read', 'patient.import', 'user.read'])).toEqual(['home', 'patients', 'imports', 'users']);
    expect(ids(['patient.read', 'patient.write', 'patient.reveal'])).toEqual(['home', 'patients']);
  });

  it('shows task assignment only with assignment.manage, after the templates', () => {
    expect(ids(['template.read', 'assignment.read', 'assignment.manage', 'patient.import'])).toEqual([
      'home',
      'templates',
      'assignment',
      'imports',
    ]);
    expect(ids(['assignment.read', 'worklist.work'])).toEqual(['home', 'worklist']);
  });

  it('shows the import only with patient.import', () => {
    expect(ids(['patient.import'])).toEqual(['home', 'imports']);
    expect(ids(['patient.merge', 'segment.manage'])).toEqual(['home']);
  });

  it('shows the interface monitor only with hl7.read, after the import', () => {
    expect(ids(['patient.import', 'hl7.read', 'hl7.manage', 'user.read'])).toEqual(['home', 'imports', 'interface', 'users']);
    expect(ids(['hl7.manage'])).toEqual(['home']);
  });

  it('does not treat a manage permission as read permission', () => {
    expect(ids(['user.manage'])).toEqual(['home']);
  });

  it('gives every entry a unique id and path', () => {
    expect(new Set(NAV_ITEMS.map((i) => i.id)).size).toBe(NAV_ITEMS.length);
    expect(new Set(NAV_ITEMS.map((i) => i.path)).size).toBe(NAV_ITEMS.length);
  });
});
