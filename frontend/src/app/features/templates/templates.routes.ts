import { Routes } from '@angular/router';
import { unsavedChangesGuard } from '../../shared/ui/unsaved-changes';

/**
 * `/templates` (template.read): the list and the editor with its rule tester (changes need template.manage).
 * Leaving an editor with unsaved edits asks first (unsavedChangesGuard).
 */
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
    canDeactivate: [unsavedChangesGuard],
  },
  {
    path: ':id',
    title: 'pages.template',
    loadComponent: () => import('./template-editor.page').then((m) => m.TemplateEditorPage),
    canDeactivate: [unsavedChangesGuard],
  },
];
