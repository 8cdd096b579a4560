import { Permission } from '../auth/auth.models';

export interface NavItem {
  /** Also the `data-testid` suffix: `nav-<id>`. */
  id:
    | 'home'
    | 'worklist'
    | 'escalations'
    | 'reports'
    | 'patients'
    | 'questionnaires'
    | 'templates'
    | 'assignment'
    | 'imports'
    | 'interface'
    | 'users'
    | 'departments'
    | 'dictionary'
    | 'audit';
  path: string;
  icon: string;
  /** Translation key of the label; `<labelKey>Hint` describes the page on the home cards. */
  labelKey: string;
  /** Without a permission the entry is for everyone signed in. */
  permission?: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'home', path: '/', icon: 'home', labelKey: 'nav.home' },
  { id: 'worklist', path: '/worklist', icon: 'phone', labelKey: 'nav.worklist', permission: 'worklist.work' },
  { id: 'escalations', path: '/escalations', icon: 'flag', labelKey: 'nav.escalations', permission: 'escalation.read' },
  { id: 'reports', path: '/reports', icon: 'bar-chart', labelKey: 'nav.reports', permission: 'report.read' },
  { id: 'patients', path: '/patients', icon: 'person', labelKey: 'nav.patients', permission: 'patient.read' },
  { id: 'questionnaires', path: '/questionnaires', icon: 'quiz', labelKey: 'nav.questionnaires', permission: 'questionnaire.read' },
  { id: 'templates', path: '/templates', icon: 'event-repeat', labelKey: 'nav.templates', permission: 'template.read' },
  { id: 'assignment', path: '/assignment', icon: 'assignment-ind', labelKey: 'nav.assignment', permission: 'assignment.manage' },
  { id: 'imports', path: '/imports', icon: 'upload', labelKey: 'nav.imports', permission: 'patient.import' },
  { id: 'interface', path: '/interface', icon: 'swap-horiz', labelKey: 'nav.interface', permission: 'hl7.read' },
  { id: 'users', path: '/users', icon: 'group', labelKey: 'nav.users', permission: 'user.read' },
  { id: 'departments', path: '/departments', icon: 'domain', labelKey: 'nav.departments', permission: 'department.read' },
  { id: 'dictionary', path: '/dictionary', icon: 'book', labelKey: 'nav.dictionary', permission: 'dictionary.read' },
  { id: 'audit', path: '/audit', icon: 'history', labelKey: 'nav.audit', permission: 'audit.read' },
];

/** The entries a user with these permissions may see, in menu order. */
export function visibleNavItems(permissions: ReadonlySet<string>, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => !item.permission || permissions.has(item.permission));
}
