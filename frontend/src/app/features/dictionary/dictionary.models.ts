export interface DictionaryType {
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  /** Types the system relies on; their codes are fixed. */
  system: boolean;
  itemCount: number;
}

export interface DictionaryItem {
  id: string;
  code: string;
  label: string;
  labelEn: string | null;
  sortOrder: number;
  active: boolean;
}

export interface DictionaryTypeCreate {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
}

export interface DictionaryItemCreate {
  code: string;
  label: string;
  labelEn?: string;
  sortOrder?: number;
}

export interface DictionaryItemUpdate {
  label?: string;
  labelEn?: string;
  sortOrder?: number;
  active?: boolean;
}
