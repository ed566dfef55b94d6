import type { CampaignTarget } from '@conway/plugin-campaigns-common';
import { formatDay } from '@conway/plugin-conway-react';

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

/** `2027-01-31` as `31 Jan 2027` (the day of a time in UTC). */
export function formatDate(date: string): string {
  return formatDay(date.slice(0, 10));
}
