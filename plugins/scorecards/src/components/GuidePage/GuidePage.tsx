import { useEffect } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Link,
  MarkdownContent,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import { useLocation, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import { rootRouteRef } from '../../routes';
import { guideLink } from '../common';

const useStyles = makeStyles({
  guide: {
    // Backstage's table cells break words anywhere ("reposit-ory" in a narrow
    // first column) and set their lines at height 1; break only words longer
    // than the cell, and space the lines of wrapped text.
    '& table td': { wordBreak: 'normal', overflowWrap: 'break-word', lineHeight: 1.5 },
  },
});

/** A link in a guide, relative to the guide's own directory, as a portal path or nothing. */
function resolveLink(pageRoot: string | undefined, guidePath: string, href: string) {
  if (/^(https?:|mailto:)/.test(href)) return href;
  if (href.startsWith('#')) return href;
  const [file, anchor] = href.split('#');
  const parts = guidePath.split('/').slice(0, -1);
  for (const part of file.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  // Only other guides open in the portal; links to code or folders stay text.
  return guideLink(pageRoot, `${parts.join('/')}${anchor ? `#${anchor}` : ''}`) ?? '';
}

/**
 * A repository guide a check names as how to fix it, e.g.
 * `/scorecards/guide/docs/scorecards.md#owner-is-team`, scrolled to the
 * check's section.
 */
export function GuidePage() {
  const api = useApi(scorecardsApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const guidePath = useParams()['*'] ?? '';
  const { hash } = useLocation();
  const guide = useAsync(() => api.getGuide(guidePath), [api, guidePath]);
  useEffect(() => {
    if (guide.value && hash) {
      document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
    }
  }, [guide.value, hash]);
  const root = pageLink?.();
  const classes = useStyles();
  return (
    <Page themeId="tool">
      <Header title="How to fix" subtitle={guidePath} />
      <Content>
        {root && (
          <Link to={root} style={{ display: 'inline-block', marginBottom: 16 }}>
            ← Back to the Scorecards page
          </Link>
        )}
        {guide.loading && <Progress />}
        {guide.error && <ResponseErrorPanel error={guide.error} />}
        {guide.value && (
          <InfoCard>
            <MarkdownContent
              className={classes.guide}
              content={guide.value.markdown}
              transformLinkUri={href => resolveLink(root, guide.value!.path, href)}
            />
          </InfoCard>
        )}
      </Content>
    </Page>
  );
}
