/** A campaign id: it becomes the branch `conway/campaign-<id>`. */
const CAMPAIGN_ID = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;

/** The branch a campaign commits each service's change on. @public */
export function campaignBranchName(campaignId: string): string {
  assertCampaignId(campaignId);
  return `conway/campaign-${campaignId}`;
}

/**
 * Refuses an id that is not lowercase letters, digits and inner dashes (at
 * most 50), so branch names and URLs built from it stay plain.
 *
 * @public
 */
export function assertCampaignId(id: string): void {
  if (!CAMPAIGN_ID.test(id)) {
    throw new TypeError(
      `id: '${id}' is not a campaign id (lowercase letters, digits and inner dashes, at most 50)`,
    );
  }
}

/** Whether a string is a real calendar date written YYYY-MM-DD. @public */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** A campaign id made from a title: `Node 24 everywhere` → `node-24-everywhere`. @public */
export function campaignIdFromTitle(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '') || 'campaign'
  );
}
