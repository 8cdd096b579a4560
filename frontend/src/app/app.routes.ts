import { Route } from '@angular/router';
import { authGuard, guestGuard, permissionGuard } from './core/auth/auth.guards';

/** Route `title`s are translation keys (see TranslatedTitleStrategy). */
export const appRoutes: Route[] = [
  {
    path: 'sign-in',
    title: 'pages.signIn',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/sign-in/sign-in.page').then((m) => m.SignInPage),
  },
  {
    // A patient's self-survey link: public, outside the staff console.
    path: 's/:token',
    title: 'pages.survey',
    loadComponent: () => import('./features/self-survey/self-survey.page').then((m) => m.SelfSurveyPage),
  },
  {
    // The print view of a report (Save as PDF): the report alone, without the console's toolbar and nav.
    path: 'reports/print',
    title: 'pages.reports',
    canActivate: [authGuard, permissionGuard('report.read')],
    data: { print: true },
    loadComponent: () => import('./features/reports/reports.page').then((m) => m.ReportsPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./core/layout/shell').then((m) => m.Shell),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'pages.home',
        loadComponent: () => import('./features/home/home.page').then((m) => m.HomePage),
      },
      {
        path: 'worklist',
        canActivate: [permissionGuard('worklist.work')],
        loadChildren: () => import('./features/worklist/worklist.routes').then((m) => m.WORKLIST_ROUTES),
      },
      {
        path: 'escalations',
        title: 'pages.escalations',
        canActivate: [permissionGuard('escalation.read')],
        loadComponent: () => import('./features/escalations/escalations.page').then((m) => m.EscalationsPage),
      },
      {
        path: 'reports',
        title: 'pages.reports',
        canActivate: [permissionGuard('report.read')],
        loadComponent: () => import('./features/reports/reports.page').then((m) => m.ReportsPage),
      },
      {
        path: 'patients',
        canActivate: [permissionGuard('patient.read')],
        loadChildren: () => import('./features/patients/patients.routes').then((m) => m.PATIENT_ROUTES),
      },
      {
        path: 'questionnaires',
        canActivate: [permissionGuard('questionnaire.read')],
        loadChildren: () => import('./features/questionnaires/questionnaires.routes').then((m) => m.QUESTIONNAIRE_ROUTES),
      },
      {
        path: 'templates',
        canActivate: [permissionGuard('template.read')],
        loadChildren: () => import('./features/templates/templates.routes').then((m) => m.TEMPLATE_ROUTES),
      },
      {
        path: 'assignment',
        title: 'pages.assignment',
        canActivate: [permissionGuard('assignment.manage')],
        loadComponent: () => import('./features/assignment/assignment.page').then((m) => m.AssignmentPage),
      },
      {
        path: 'imports',
        title: 'pages.imports',
        canActivate: [permissionGuard('patient.import')],
        loadComponent: () => import('./features/imports/imports.page').then((m) => m.ImportsPage),
      },
      {
        path: 'interface',
        canActivate: [permissionGuard('hl7.read')],
        loadChildren: () => import('./features/interface/interface.routes').then((m) => m.INTERFACE_ROUTES),
      },
      {
        path: 'users',
        title: 'pages.users',
        canActivate: [permissionGuard('user.read')],
        loadComponent: () => import('./features/admin-users/users.page').then((m) => m.UsersPage),
      },
      {
        path: 'departments',
        title: 'pages.departments',
        canActivate: [permissionGuard('department.read')],
        loadComponent: () => import('./features/admin-departments/departments.page').then((m) => m.DepartmentsPage),
      },
      {
        path: 'dictionary',
        title: 'pages.dictionary',
        canActivate: [permissionGuard('dictionary.read')],
        loadComponent: () => import('./features/dictionary/dictionary.page').then((m) => m.DictionaryPage),
      },
      {
        path: 'audit',
        title: 'pages.audit',
        canActivate: [permissionGuard('audit.read')],
        loadComponent: () => import('./features/audit/audit.page').then((m) => m.AuditPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
