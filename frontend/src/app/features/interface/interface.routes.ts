import { Routes } from '@angular/router';

/** `/interface` (hl7.read): the interface monitor and one message. */
export const INTERFACE_ROUTES: Routes = [
  {
    path: '',
    title: 'pages.interface',
    loadComponent: () => import('./interface.page').then((m) => m.InterfacePage),
  },
  {
    path: 'messages/:id',
    title: 'pages.interfaceMessage',
    loadComponent: () => import('./message-detail.page').then((m) => m.MessageDetailPage),
  },
];
