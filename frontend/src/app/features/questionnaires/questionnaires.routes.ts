import { Routes } from '@angular/router';

/** `/questionnaires` (questionnaire.read): the library and the builder (editing needs questionnaire.manage). */
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
  },
];
