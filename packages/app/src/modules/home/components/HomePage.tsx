import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';
import { goldenPathsFleetUpgradePermission } from '@conway/plugin-golden-paths-common';
import { displayName } from '../lib/entityNames';
import { AnnouncementsCard } from './AnnouncementsCard';
import { FindingsCard } from './FindingsCard';
import { FleetDriftCard } from './FleetDriftCard';
import {
  useFleet,
  useGoldenPaths,
  useRecentTasks,
  useTeamFindings,
  useTeamServices,
} from './hooks';
import { RecentTasksCard } from './RecentTasksCard';
import { ServicesCard } from './ServicesCard';
import { TeamsCard } from './TeamsCard';
import { SignedInUser, useSignedInUser } from './useSignedInUser';

/** The search bar goes on top. */
const SEARCH_WIDGET = 'HomePageSearchBar';
/**
 * Widgets shown below the personal cards, in this order. Plugins install more
 * (a joke from the internet, clocks, visits that are not tracked here); they
 * would only add empty or failing cards, so the layout leaves them out.
 */
const SIDE_WIDGETS = ['HomePageToolkit', 'HomePageStarredEntities'];
/** Widgets about the user's own teams, shown with the personal cards (the scorecards plugin's). */
const PERSONAL_WIDGETS = ['ScorecardsTeam'];

/**
 * Conway's home page (a `home-page-layout`): what the signed-in user's teams
 * own and should fix, their recent tasks, golden-path releases, and for the
 * platform team the fleet's drift. Of the installed widgets it shows the
 * search bar, the toolkit and the starred entities.
 */
export function HomePage(props: HomePageLayoutProps) {
  const signedIn = useSignedInUser();
  const name = signedIn.value?.user
    ? displayName(signedIn.value.user)
    : undefined;
  const search = props.widgets.find(w => w.name === SEARCH_WIDGET);
  const others = SIDE_WIDGETS.flatMap(widget =>
    props.widgets.filter(w => w.name === widget),
  );
  const personal = PERSONAL_WIDGETS.flatMap(widget =>
    props.widgets.filter(w => w.name === widget),
  );

  return (
    <Page themeId="home">
      <Header
        title={name ? `Welcome to Conway, ${name}` : 'Welcome to Conway'}
        subtitle="Your teams, what they own and what to fix, and what the platform team shipped"
      />
      <Content>
        <Grid container spacing={3}>
          {search && (
            <Grid item xs={12}>
              {search.component}
            </Grid>
          )}
          {signedIn.loading && (
            <Grid item xs={12}>
              <Progress />
            </Grid>
          )}
          {signedIn.error && (
            <Grid item xs={12}>
              <ResponseErrorPanel error={signedIn.error} />
            </Grid>
          )}
          {signedIn.value && (
            <PersonalCards
              signedIn={signedIn.value}
              widgets={others}
              personalWidgets={personal}
            />
          )}
        </Grid>
      </Content>
    </Page>
  );
}

function PersonalCards(props: {
  signedIn: SignedInUser;
  widgets: HomePageLayoutProps['widgets'];
  personalWidgets: HomePageLayoutProps['widgets'];
}) {
  const { teams } = props.signedIn;
  // The platform team (and the admins) may upgrade a whole fleet: they see its drift.
  const permissionApi = useApi(permissionApiRef);
  const platform = useAsync(
    async () =>
      (
        await permissionApi.authorize({
          permission: goldenPathsFleetUpgradePermission,
        })
      ).result === AuthorizeResult.ALLOW,
    [permissionApi],
  );
  const goldenPaths = useGoldenPaths();
  const services = useTeamServices(teams);
  const findings = useTeamFindings(teams);
  const tasks = useRecentTasks(5);
  const fleet = useFleet(platform.value === true);

  return (
    <>
      <Grid
        item
        xs={12}
        md={7}
        container
        direction="column"
        spacing={3}
        wrap="nowrap"
      >
        <Grid item>
          <TeamsCard signedIn={props.signedIn} />
        </Grid>
        {teams.length > 0 && (
          <Grid item>
            <ServicesCard
              teams={teams}
              services={services}
              goldenPaths={goldenPaths}
              findings={findings}
            />
          </Grid>
        )}
        {teams.length > 0 && (
          <Grid item>
            <FindingsCard teams={teams} findings={findings} />
          </Grid>
        )}
        {teams.length > 0 &&
          props.personalWidgets.map((widget, i) => (
            <Grid item key={widget.name ?? i}>
              {widget.component}
            </Grid>
          ))}
      </Grid>
      <Grid
        item
        xs={12}
        md={5}
        container
        direction="column"
        spacing={3}
        wrap="nowrap"
      >
        {platform.value && (
          <Grid item>
            <FleetDriftCard fleet={fleet} goldenPaths={goldenPaths} />
          </Grid>
        )}
        <Grid item>
          <AnnouncementsCard goldenPaths={goldenPaths} />
        </Grid>
        <Grid item>
          <RecentTasksCard tasks={tasks} />
        </Grid>
        {props.widgets.map((widget, i) => (
          <Grid item key={widget.name ?? i}>
            {widget.component}
          </Grid>
        ))}
      </Grid>
    </>
  );
}
