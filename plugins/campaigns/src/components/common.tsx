import type { CampaignTarget } from '@conway/plugin-campaigns-common';

/** What a campaign asks for, in words. */
export function describeTarget(target: CampaignTarget): string {
  if (target.type === 'template-release') {
    return `Every service on ${target.template} at ${target.minVersion} or later`;
  }
  // People read the check's title; campaigns started before titles were kept have only the id.
  const check = target.checkTitle ? `“${target.checkTitle}”` : target.checkId;
  return `Every service failing the check ${check}${
    target.template && target.minVersion
      ? `, upgraded to ${target.template} ${target.minVersion}`
      : ', tracked: the owners fix it; done when the check passes'
  }`;
}

/** `2027-01-31` as `31 Jan 2027`. */
export function formatDate(date: string): string {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString(
    'en-GB',
    {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    },
  );
}
