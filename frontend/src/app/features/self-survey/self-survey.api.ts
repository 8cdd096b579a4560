import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Answers, QuestionnaireDefinition } from '../../shared/questionnaire/questionnaire.models';

/** `GET /api/public/surveys/:token`: what the patient's phone shows (nothing that identifies the patient). */
export interface PublicSurvey {
  lang: 'zh-CN' | 'en';
  expiresAt: string;
  questionnaire: { titleZh: string; titleEn: string; definition: QuestionnaireDefinition };
}

/** `POST /api/public/surveys/:token/preview`: branching and checks for the answers so far. */
export interface PublicPreview {
  visible: string[];
  errors: Record<string, string[]>;
  outOfRange: string[];
}

/** The patient's side of a self-survey link: no sign-in, the token is the key; errors are shown on the page. */
@Injectable({ providedIn: 'root' })
export class SelfSurveyApi {
  private readonly http = inject(HttpClient);

  open(token: string): Observable<PublicSurvey> {
    return this.http.get<PublicSurvey>(`/api/public/surveys/${encodeURIComponent(token)}`, { context: errorMode('silent') });
  }

  preview(token: string, answers: Answers): Observable<PublicPreview> {
    return this.http.post<PublicPreview>(
      `/api/public/surveys/${encodeURIComponent(token)}/preview`,
      { answers },
      { context: errorMode('silent') },
    );
  }

  submit(token: string, answers: Answers): Observable<{ submitted: true }> {
    return this.http.post<{ submitted: true }>(
      `/api/public/surveys/${encodeURIComponent(token)}`,
      { answers },
      { context: errorMode('silent') },
    );
  }
}
