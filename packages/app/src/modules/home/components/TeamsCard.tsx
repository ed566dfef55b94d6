import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { Link } from '@backstage/ui';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { displayName } from '../lib/entityNames';
import { paths } from './paths';
import { Empty, EntityName } from './shared';
import { SignedInUser } from './useSignedInUser';

const count = (entity: Entity, type: string) =>
  (entity.relations ?? []).filter(r => r.type === type).length;

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** The groups the signed-in user is a member of, each with where it sits and its size. */
export function TeamsCard(props: { signedIn: SignedInUser }) {
  const { user, userEntityRef, teams, parents } = props.signedIn;
  const parentOf = (team: Entity) => {
    const ref = team.relations?.find(r => r.type === 'childOf')?.targetRef;
    return parents.find(p => stringifyEntityRef(p) === ref);
  };

  let content;
  if (!user) {
    content = (
      <Empty>
        You are signed in as {userEntityRef}, which is not a user in the
        catalog, so Conway cannot tell which teams you are in. Users and teams
        are defined in the organisation's catalog files (org/ in this
        repository).
      </Empty>
    );
  } else if (teams.length === 0) {
    content = (
      <Empty>
        {displayName(user)} is not a member of any team in the catalog, so there
        are no team services or findings to show here. Browse everything in the{' '}
        <Link href={paths.catalog}>Catalog</Link>, or ask a team lead to add you
        to their team.
      </Empty>
    );
  } else {
    content = (
      <List dense disablePadding aria-label="Your teams">
        {teams.map(team => {
          const parent = parentOf(team);
          const type =
            typeof team.spec?.type === 'string' ? team.spec.type : 'group';
          return (
            <ListItem key={stringifyEntityRef(team)} disableGutters>
              <ListItemText
                primary={<EntityName entity={team} />}
                secondary={
                  <>
                    {type.charAt(0).toUpperCase() + type.slice(1)}
                    {parent && (
                      <>
                        {' in '}
                        <EntityName entity={parent} />
                      </>
                    )}
                    {` · ${plural(
                      count(team, 'hasMember'),
                      'member',
                      'members',
                    )} · owns ${plural(
                      count(team, 'ownerOf'),
                      'catalog entity',
                      'catalog entities',
                    )}`}
                  </>
                }
              />
            </ListItem>
          );
        })}
      </List>
    );
  }
  return (
    <InfoCard title={teams.length > 1 ? 'Your teams' : 'Your team'}>
      {content}
    </InfoCard>
  );
}
