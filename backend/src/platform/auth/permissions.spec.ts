import { ALL_DEPARTMENT_ROLES, isRole, PERMISSIONS, permissionsFor, ROLE_PERMISSIONS, ROLES } from './permissions';

describe('role → permission map', () => {
  it('grants only known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });

  it('separates duties: the admin cannot read the audit trail; the auditor changes nothing and sees no patients', () => {
    expect(permissionsFor(['admin'])).toContain('user.manage');
    expect(permissionsFor(['admin'])).not.toContain('audit.read');
    expect(permissionsFor(['auditor'])).toContain('audit.read');
    expect(permissionsFor(['auditor']).filter((p) => p.endsWith('.manage'))).toEqual([]);
    expect(permissionsFor(['auditor']).filter((p) => p.startsWith('patient.'))).toEqual([]);
    expect(permissionsFor(['manager'])).not.toContain('patient.reveal');
  });

  it('unions several roles and ignores unknown ones', () => {
    const union = permissionsFor(['nurse', 'auditor', 'janitor']);
    expect(union).toEqual(permissionsFor(['auditor', 'nurse']));
    expect(union).toEqual(expect.arrayContaining(['audit.read', 'patient.reveal']));
    expect(permissionsFor(['janitor'])).toEqual([]);
    expect(isRole('nurse')).toBe(true);
    expect(isRole('janitor')).toBe(false);
    expect(ALL_DEPARTMENT_ROLES).not.toContain('nurse');
  });
});
