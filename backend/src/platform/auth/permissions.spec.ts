import { ALL_DEPARTMENT_ROLES, isRole, PERMISSIONS, permissionsFor, ROLE_PERMISSIONS, ROLES } from './permissions';

describe('role → permission map', () => {
  it('grants only known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });

  it('separates duties: the admin manages accounts but cannot read the audit trail; the auditor changes nothing', () => {
    expect(permissionsFor(['admin'])).toContain('user.manage');
    expect(permissionsFor(['admin'])).not.toContain('audit.read');
    expect(permissionsFor(['auditor'])).toContain('audit.read');
    expect(permissionsFor(['auditor']).filter((p) => p.endsWith('.manage'))).toEqual([]);
  });

  it('unions several roles and ignores unknown ones', () => {
    expect(permissionsFor(['nurse', 'auditor', 'janitor'])).toEqual(permissionsFor(['auditor']));
    expect(isRole('nurse')).toBe(true);
    expect(isRole('janitor')).toBe(false);
    expect(ALL_DEPARTMENT_ROLES).not.toContain('nurse');
  });
});
