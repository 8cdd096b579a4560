import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { TranslocoPipe } from '@jsverse/transloco';
import { toApiError } from '../../core/api/api-error';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { Notifier } from '../../core/notify/notifier';
import { ActiveChip } from '../../shared/ui/active-chip';
import { IconAction } from '../../shared/ui/icon-action';
import { TemplatesApi } from '../templates/templates.api';
import { AssignmentApi } from './assignment.api';
import { AssignmentRule } from './assignment.models';
import { ReassignForm } from './reassign-form';
import { RuleDialog, RuleDialogData } from './rule.dialog';

/**
 * 任务分配 / Assignment (managers): the rules that give new follow-up tasks to nurses, in the order
 * they are tried, and the bulk reassignment form (e.g. a nurse on leave).
 */
@Component({
  selector: 'app-assignment-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    MatTabsModule,
    TranslocoPipe,
    LocalizedPipe,
    ActiveChip,
    IconAction,
    ReassignForm,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './assignment.page.html',
  styleUrl: './assignment.page.scss',
})
export class AssignmentPage {
  private readonly api = inject(AssignmentApi);
  private readonly templatesApi = inject(TemplatesApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  protected readonly rulesList = this.api.rulesResource();
  private readonly staffList = this.api.staffResource();
  private readonly orgUnitList = this.templatesApi.orgUnitsResource();
  private readonly templateList = this.templatesApi.listResource();

  protected readonly rules = computed(() => (this.rulesList.hasValue() ? this.rulesList.value() : []));
  protected readonly staff = computed(() => (this.staffList.hasValue() ? this.staffList.value() : []));
  protected readonly orgUnits = computed(() => (this.orgUnitList.hasValue() ? this.orgUnitList.value() : []));
  protected readonly templates = computed(() => (this.templateList.hasValue() ? this.templateList.value() : []));
  protected readonly columns = ['priority', 'name', 'conditions', 'target', 'status', 'actions'];

  protected edit(rule?: AssignmentRule): void {
    const data: RuleDialogData = {
      rule,
      orgUnits: this.orgUnits(),
      templates: this.templates().filter((t) => t.active || t.id === rule?.templateId),
      staff: this.staff(),
      nextPriority: Math.max(0, ...this.rules().map((r) => r.priority)) + 10,
    };
    this.dialog
      .open<RuleDialog, RuleDialogData, boolean>(RuleDialog, { data, width: '640px' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.notifier.success('common.saved');
          this.rulesList.reload();
        }
      });
  }

  protected setActive(rule: AssignmentRule, active: boolean): void {
    this.api.updateRule(rule.id, { active }).subscribe({
      next: () => {
        this.notifier.success(active ? 'assignment.rules.enabled' : 'assignment.rules.disabled');
        this.rulesList.reload();
      },
      error: (e: unknown) => this.notifier.error(toApiError(e)),
    });
  }

  protected applyRules(): void {
    this.api.applyRules().subscribe((r) => this.notifier.success('assignment.rules.applied', { count: r.assigned }));
  }
}
