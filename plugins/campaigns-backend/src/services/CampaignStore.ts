import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  Campaign,
  CampaignService,
  ServiceState,
} from '@conway/plugin-campaigns-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@conway/plugin-campaigns-backend',
  'migrations',
);

/** Rows per insert statement: well under SQLite's limit of bound variables. */
const BATCH = 100;

interface CampaignRow {
  id: string;
  title: string;
  description: string;
  target: string;
  deadline: string;
  status: string;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  title: row.title,
  description: row.description,
  target: JSON.parse(row.target),
  deadline: row.deadline,
  status: row.status as Campaign['status'],
  createdBy: row.created_by,
  createdAt: row.created_at,
  ...(row.closed_at ? { closedAt: row.closed_at } : {}),
});

const serviceRow = (campaignId: string, service: CampaignService) => ({
  campaign_id: campaignId,
  entity_ref: service.entityRef,
  owner: service.owner,
  state: service.state,
  data: JSON.stringify(service),
  updated_at: service.updatedAt,
});

/**
 * The plugin's database: campaigns and the state of each of their services.
 * Every write is one statement, so a replica killed
 * mid-run leaves each service either before or after its step.
 */
export class CampaignStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<CampaignStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new CampaignStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async insertCampaign(campaign: Campaign): Promise<void> {
    try {
      await this.db<CampaignRow>('campaigns').insert({
        id: campaign.id,
        title: campaign.title,
        description: campaign.description,
        target: JSON.stringify(campaign.target),
        deadline: campaign.deadline,
        status: campaign.status,
        created_by: campaign.createdBy,
        created_at: campaign.createdAt,
        closed_at: campaign.closedAt ?? null,
      });
    } catch (error) {
      if (await this.findCampaign(campaign.id)) {
        throw new ConflictError(`Campaign '${campaign.id}' already exists`);
      }
      throw error;
    }
  }

  async updateCampaign(
    id: string,
    changes: Partial<
      Pick<Campaign, 'title' | 'description' | 'deadline' | 'status'>
    > & { closedAt?: string },
  ): Promise<Campaign> {
    const row: Partial<CampaignRow> = {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined
        ? { description: changes.description }
        : {}),
      ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.closedAt !== undefined
        ? { closed_at: changes.closedAt }
        : {}),
    };
    if (Object.keys(row).length > 0) {
      await this.db<CampaignRow>('campaigns').where({ id }).update(row);
    }
    return this.getCampaign(id);
  }

  async findCampaign(id: string): Promise<Campaign | undefined> {
    const row = await this.db<CampaignRow>('campaigns').where({ id }).first();
    return row ? toCampaign(row) : undefined;
  }

  async getCampaign(id: string): Promise<Campaign> {
    const campaign = await this.findCampaign(id);
    if (!campaign) {
      throw new NotFoundError(`No campaign with id '${id}'`);
    }
    return campaign;
  }

  async listCampaigns(status?: Campaign['status']): Promise<Campaign[]> {
    const query = this.db<CampaignRow>('campaigns').orderBy(
      'created_at',
      'desc',
    );
    if (status) query.where({ status });
    return (await query).map(toCampaign);
  }

  async listServices(
    campaignId: string,
    states?: ServiceState[],
  ): Promise<CampaignService[]> {
    const query = this.db('campaign_services')
      .where({ campaign_id: campaignId })
      .orderBy('entity_ref');
    if (states) query.whereIn('state', states);
    return (await query).map(row => JSON.parse(row.data) as CampaignService);
  }

  async findService(
    campaignId: string,
    entityRef: string,
  ): Promise<CampaignService | undefined> {
    const row = await this.db('campaign_services')
      .where({ campaign_id: campaignId, entity_ref: entityRef })
      .first();
    return row ? (JSON.parse(row.data) as CampaignService) : undefined;
  }

  /** Adds services not in the campaign yet; the ones already there keep their state. */
  async addServices(
    campaignId: string,
    services: CampaignService[],
  ): Promise<number> {
    const known = new Set(
      (
        await this.db('campaign_services')
          .where({ campaign_id: campaignId })
          .select('entity_ref')
      ).map(row => row.entity_ref as string),
    );
    const added = services.filter(s => !known.has(s.entityRef));
    for (let i = 0; i < added.length; i += BATCH) {
      await this.db('campaign_services')
        .insert(added.slice(i, i + BATCH).map(s => serviceRow(campaignId, s)))
        .onConflict(['campaign_id', 'entity_ref'])
        .ignore();
    }
    return added.length;
  }

  /**
   * Writes a service's next state, only if it is still in the state the step
   * started from (an owner may have exempted it meanwhile): one conditional
   * UPDATE, atomic on SQLite and PostgreSQL alike.
   *
   * @returns whether it was written
   */
  async replaceService(
    campaignId: string,
    expected: ServiceState,
    next: CampaignService,
  ): Promise<boolean> {
    const updated = await this.db('campaign_services')
      .where({
        campaign_id: campaignId,
        entity_ref: next.entityRef,
        state: expected,
      })
      .update(serviceRow(campaignId, next));
    return updated === 1;
  }
}
