import { Routes } from '@angular/router';
import { unsavedChangesGuard } from '../../shared/ui/unsaved-changes';

/**
 * `/questionnaires` (questionnaire.read): the library and the builder (editing needs questionnaire.manage).
 * Leaving an editor with unsaved edits asks first (unsavedChangesGuard).
 */
export const QUESTIONNAIRE_ROUTES: Routes = [
  {
    path: '',
    title: 'pages.questionnaires',
    loadComponent: () => import('./questionnaires.page').then((m) => m.QuestionnairesPage),
  },
  {
    path: ':id',
    title: 'pages.questionnaire',
    loadComponent: () => import('./questionnaire-builder.page').then((m) => m.QuestionnaireBuilderPage),
    canDeactivate: [unsavedChangesGuard],
  },
];
