import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { fleetDrift } from '../lib/goldenPathStatus';
import { paths } from './paths';
import { Empty, EntityName } from './shared';

/** Services behind listed per golden path before "and N more". */
export const BEHIND_SHOWN = 5;

/** For the platform team: per golden path, how many services are behind and which. */
export function FleetDriftCard(props: {
  fleet: {
    loading: boolean;
    error?: Error;
    value?: { services: Entity[]; owners: Entity[] };
  };
  goldenPaths: {
    loading: boolean;
    error?: Error;
    value?: GoldenPathSummary[];
  };
}) {
  const { fleet, goldenPaths } = props;
  let content;
  // No value yet is loading too: the fleet is read only once the permission says so.
  if (fleet.loading || goldenPaths.loading || (!fleet.error && !fleet.value)) {
    content = <Progress />;
  } else if (fleet.error || goldenPaths.error) {
    content = (
      <ResponseErrorPanel error={(fleet.error ?? goldenPaths.error)!} />
    );
  } else {
    const owners = fleet.value?.owners ?? [];
    const ownerOf = (service: Entity) => {
      const ref = service.relations
        ?.find(r => r.type === 'ownedBy')
        ?.targetRef.toLowerCase();
      return owners.find(o => stringifyEntityRef(o).toLowerCase() === ref);
    };
    const drift = fleetDrift(
      fleet.value?.services ?? [],
      goldenPaths.value ?? [],
    );
    content =
      drift.length === 0 ? (
        <Empty>The portal offers no golden path yet.</Empty>
      ) : (
        drift.map(d => (
          <Box
            key={d.goldenPath.name}
            mb={2}
            data-testid={`fleet-drift-${d.goldenPath.name}`}
          >
            <Typography variant="subtitle2">
              <Link href={paths.goldenPath(d.goldenPath.name)}>
                {d.goldenPath.title}
              </Link>{' '}
              (current {d.goldenPath.currentVersion})
            </Typography>
            <Typography variant="body2">
              {d.services.length === 0 &&
                'No service has been made from it yet.'}
              {d.services.length > 0 &&
                d.behind.length === 0 &&
                `All ${d.services.length} ${
                  d.services.length === 1 ? 'service is' : 'services are'
                } on ${d.goldenPath.currentVersion}.`}
              {d.behind.length > 0 &&
                `${d.behind.length} of ${d.services.length} ${
                  d.services.length === 1 ? 'service' : 'services'
                } behind.`}
              {d.unknownVersion.length > 0 &&
                ` ${d.unknownVersion.length} record no version.`}
            </Typography>
            {d.behind.length > 0 && (
              <List
                dense
                disablePadding
                aria-label={`Behind ${d.goldenPath.title}`}
              >
                {d.behind.slice(0, BEHIND_SHOWN).map(b => {
                  const owner = ownerOf(b.service);
                  return (
                    <ListItem
                      key={stringifyEntityRef(b.service)}
                      disableGutters
                    >
                      <ListItemText
                        primary={<EntityName entity={b.service} />}
                        secondary={
                          <>
                            on {b.version} ({b.newer.length} newer)
                            {owner && (
                              <>
                                {' · '}
                                <EntityName entity={owner} />
                              </>
                            )}
                          </>
                        }
                      />
                    </ListItem>
                  );
                })}
              </List>
            )}
            {d.behind.length > 0 && (
              <Typography variant="body2">
                <Link href={paths.goldenPath(d.goldenPath.name)}>
                  {d.behind.length > BEHIND_SHOWN
                    ? `${
                        d.behind.length - BEHIND_SHOWN
                      } more; upgrade them on the golden path page`
                    : 'Upgrade them on the golden path page'}
                </Link>
              </Typography>
            )}
          </Box>
        ))
      );
  }
  return (
    <InfoCard
      title="Fleet drift"
      subheader="Services behind their golden path (platform team)"
    >
      {content}
    </InfoCard>
  );
}
