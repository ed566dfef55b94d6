import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  Campaign,
  CampaignService,
  ServiceState,
} from '@conway/plugin-campaigns-common';

/** What owners are told, per state the service reached. */
function messageOf(
  campaign: Campaign,
  service: CampaignService,
):
  | { title: string; description: string; severity: 'normal' | 'high' }
  | undefined {
  const name = service.title;
  switch (service.state) {
    case 'branch-open':
      return {
        title: `${campaign.title}: branch ready for ${name}`,
        description: `The upgrade to ${service.toVersion} is committed on ${service.branch}, your edits kept. Review and merge it by ${campaign.deadline}.`,
        severity: 'normal',
      };
    case 'pr-open':
      return {
        title: `${campaign.title}: pull request for ${name}`,
        description: `Pull request #${service.pullRequest?.number} upgrades ${name} to ${service.toVersion}. Review and merge it by ${campaign.deadline}.`,
        severity: 'normal',
      };
    case 'conflicted':
      return {
        title: `${campaign.title}: ${name} needs a hand-made upgrade`,
        description: `The upgrade to ${
          service.toVersion
        } conflicts with your changes in ${(service.conflicts ?? [])
          .map(c => c.path)
          .join(', ')}. Run \`conway upgrade --to ${
          service.toVersion
        } --commit\` in the repository and resolve them by ${
          campaign.deadline
        }.`,
        severity: 'high',
      };
    default:
      return undefined;
  }
}

/**
 * Tells a service's owning team, through Backstage notifications, when its
 * campaign branch or pull request opens or its upgrade conflicts.
 */
export function createOwnerNotifier(options: {
  notifications: NotificationService;
}) {
  return async (
    campaign: Campaign,
    service: CampaignService,
    _previous: ServiceState,
  ): Promise<void> => {
    const message = messageOf(campaign, service);
    if (!message) return;
    await options.notifications.send({
      recipients: { type: 'entity', entityRef: service.owner },
      payload: {
        ...message,
        link: `/campaigns/${encodeURIComponent(campaign.id)}`,
        topic: `campaign:${campaign.id}`,
        scope: `campaign:${campaign.id}:${service.entityRef}`,
      },
    });
  };
}
