export interface Ward {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  active: boolean;
  departmentId: string;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  active: boolean;
  wards: Ward[];
}

/** Body of POST /departments and POST /departments/:id/wards. */
export interface NamedCreate {
  code: string;
  name: string;
  nameEn?: string;
}

/** Body of PATCH /departments/:id and PATCH /wards/:id. */
export interface NamedUpdate {
  name?: string;
  nameEn?: string;
  active?: boolean;
}
