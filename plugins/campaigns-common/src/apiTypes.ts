import type { Campaign, CampaignTarget } from './model';
import type { BurndownPoint, StateCounts, TeamProgress } from './progress';

/** Body of `POST /campaigns`. @public */
export interface CreateCampaignRequest {
  /** Derived from the title when left out. */
  id?: string;
  title: string;
  description?: string;
  target: CampaignTarget;
  deadline: string;
}

/** Body of `PATCH /campaigns/:id`: what may change once a campaign runs. @public */
export interface UpdateCampaignRequest {
  title?: string;
  description?: string;
  deadline?: string;
}

/** Body of `POST /campaigns/:id/services/exempt`. @public */
export interface ExemptServiceRequest {
  entityRef: string;
  reason: string;
}

/** A campaign in `GET /campaigns`. @public */
export interface CampaignSummary extends Campaign {
  counts: StateCounts;
  total: number;
  done: number;
  overdue: number;
}

/** `GET /campaigns`. @public */
export interface ListCampaignsResponse {
  items: CampaignSummary[];
  /** Whether the signed-in user may start campaigns. */
  canManage: boolean;
}

/** `GET /campaigns/:id`: the campaign, its services per team, and the burndown. @public */
export interface CampaignDetailResponse {
  campaign: CampaignSummary;
  teams: TeamProgress[];
  burndown: BurndownPoint[];
  /** Whether the signed-in user may edit, close and run the campaign. */
  canManage: boolean;
  /** Owner group refs of the signed-in user: they may exempt those teams' services. */
  ownershipRefs: string[];
}
