/**
 * What a campaign asks for: every service of a golden path on at least a
 * version, or every service failing a scorecard check (the affected services
 * given as entity refs).
 *
 * @public
 */
export type CampaignTarget =
  | {
      type: 'template-release';
      /** The golden path's template name, e.g. `typescript-service`. */
      template: string;
      /** Services recorded on an older version are affected. */
      minVersion: string;
    }
  | {
      type: 'scorecard-check';
      /** The failing check the campaign fixes. */
      checkId: string;
      /** The check's title when the campaign started, which pages show (absent in older campaigns). */
      checkTitle?: string;
      /** The scorecard the check belongs to (check ids are unique per scorecard). */
      scorecardId?: string;
      /** The services failing it, as entity refs. */
      entityRefs: string[];
      /**
       * The golden-path version whose upgrade fixes the check, if any: those
       * of the services generated from `template` get the upgrade. Without
       * them the campaign only tracks: the owners fix their services, and a
       * service is done when the check passes at the next evaluation.
       */
      template?: string;
      minVersion?: string;
    };

/**
 * Whether the campaign only tracks the services (a check campaign without a
 * golden-path upgrade): Conway prepares no change, the owners make it.
 *
 * @public
 */
export function isTrackedOnly(target: CampaignTarget): boolean {
  return (
    target.type === 'scorecard-check' && !(target.template && target.minVersion)
  );
}

/** A campaign's life: running until the platform team closes it. @public */
export type CampaignStatus = 'active' | 'closed';

/** A campaign: a change the platform team ships to the fleet by a date. @public */
export interface Campaign {
  /** Lowercase letters, digits and dashes; part of the branch name `conway/campaign-<id>`. */
  id: string;
  title: string;
  description: string;
  target: CampaignTarget;
  /** The date (YYYY-MM-DD) by which every affected service should be done. */
  deadline: string;
  status: CampaignStatus;
  /** User entity ref of who started it. */
  createdBy: string;
  createdAt: string;
  closedAt?: string;
}

/**
 * Where one service stands in a campaign. `overdue` is not a state: it is
 * derived from the deadline (see {@link isOverdue}).
 *
 * @public
 */
export type ServiceState =
  | 'not-started'
  | 'branch-open'
  | 'pr-open'
  | 'conflicted'
  | 'merged'
  | 'exempted'
  | 'failed';

/** Every {@link ServiceState}, in the order pages list them. @public */
export const SERVICE_STATES: readonly ServiceState[] = [
  'not-started',
  'failed',
  'conflicted',
  'branch-open',
  'pr-open',
  'merged',
  'exempted',
];

/** States that count as done for the burndown and the deadline. @public */
export const DONE_STATES: readonly ServiceState[] = ['merged', 'exempted'];

/** A file the upgrade could not merge, to be resolved by the team. @public */
export interface CampaignConflict {
  path: string;
  kind: string;
}

/** An exemption an owner granted their service, with the reason. @public */
export interface Exemption {
  reason: string;
  /** User entity ref. */
  by: string;
  at: string;
}

/** One service of a campaign and where it stands. @public */
export interface CampaignService {
  entityRef: string;
  /** Display name of the service (its title, else its name). */
  title: string;
  /** Owner group entity ref. */
  owner: string;
  /** Display name of the owner. */
  ownerTitle: string;
  state: ServiceState;
  /** Where the service's repository is: `local:<path>` or a GitHub URL. */
  repository?: string;
  fromVersion?: string;
  toVersion?: string;
  branch?: string;
  commit?: string;
  pullRequest?: { number: number; url: string };
  conflicts?: CampaignConflict[];
  exemption?: Exemption;
  error?: string;
  updatedAt: string;
  /** When the service reached merged or exempted. */
  doneAt?: string;
}
