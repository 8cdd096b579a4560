import { SelectOption } from '../../shared/ui/select-field';
import { FollowupTemplate, OrgUnit } from '../templates/templates.models';

/** Departments as select options. */
export function departmentOptions(units: readonly OrgUnit[]): SelectOption[] {
  return units.map((d) => ({ value: d.id, label: d.name, labelEn: d.nameEn }));
}

/** Wards as select options: of one department when given, else all. */
export function wardOptions(units: readonly OrgUnit[], departmentId: string | undefined): SelectOption[] {
  return units
    .filter((d) => !departmentId || d.id === departmentId)
    .flatMap((d) => d.wards.map((w) => ({ value: w.id, label: w.name, labelEn: w.nameEn })));
}

/** Follow-up templates as select options. */
export function templateOptions(templates: readonly FollowupTemplate[]): SelectOption[] {
  return templates.map((t) => ({ value: t.id, label: t.nameZh, labelEn: t.nameEn }));
}
