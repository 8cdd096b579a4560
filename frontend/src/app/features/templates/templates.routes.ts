import { Routes } from '@angular/router';

/** `/templates` (template.read): the list and the editor with its rule tester (changes need template.manage). */
export const TEMPLATE_ROUTES: Routes = [
  {
    path: '',
    title: 'pages.templates',
    loadComponent: () => import('./templates.page').then((m) => m.TemplatesPage),
  },
  {
    path: 'new',
    title: 'pages.templateNew',
    loadComponent: () => import('./template-editor.page').then((m) => m.TemplateEditorPage),
  },
  {
    path: ':id',
    title: 'pages.template',
    loadComponent: () => import('./template-editor.page').then((m) => m.TemplateEditorPage),
  },
];
