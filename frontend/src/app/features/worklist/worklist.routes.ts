import { Routes } from '@angular/router';

/** `/worklist` (worklist.work): the call list and the call screen of a task. */
export const WORKLIST_ROUTES: Routes = [
  {
    path: '',
    title: 'pages.worklist',
    loadComponent: () => import('./worklist.page').then((m) => m.WorklistPage),
  },
  {
    path: 'tasks/:id',
    title: 'pages.workbench',
    loadComponent: () => import('./workbench.page').then((m) => m.WorkbenchPage),
  },
];
