import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/auth/auth.guards';

/** `/patients` (patient.read): the list, a record, and the merge review (patient.merge). */
export const PATIENT_ROUTES: Routes = [
  {
    path: '',
    title: 'pages.patients',
    loadComponent: () => import('./patients.page').then((m) => m.PatientsPage),
  },
  {
    path: ':id',
    title: 'pages.patient',
    loadComponent: () => import('./patient-detail.page').then((m) => m.PatientDetailPage),
  },
  {
    path: ':id/merge/:otherId',
    title: 'pages.patientMerge',
    canActivate: [permissionGuard('patient.merge')],
    loadComponent: () => import('./patient-merge.page').then((m) => m.PatientMergePage),
  },
];
