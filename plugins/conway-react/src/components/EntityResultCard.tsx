import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { isNotFound } from '../errors';

/**
 * Where loading something about an entity stands, as `useAsync` returns it.
 *
 * @public
 */
export interface LoadState<T> {
  /** True while the request runs. */
  loading: boolean;
  /** Why the request failed. */
  error?: Error;
  /** What the backend answered. */
  value?: T;
}

/**
 * An entity page card over what a backend said about the entity: progress
 * while it loads, `notFound` when the backend has not seen the entity (a
 * 404), the error when it failed, else `children` with the value.
 *
 * @public
 */
export function EntityResultCard<T>(props: {
  title: string;
  state: LoadState<T>;
  /** One sentence for a backend that does not know the entity yet. */
  notFound: string;
  /** How a failure reads; a `ResponseErrorPanel` when not given. */
  renderError?: (error: Error) => ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { title, state, notFound, renderError, children } = props;
  let content: ReactNode;
  if (state.loading) content = <Progress />;
  else if (isNotFound(state.error))
    content = <Typography>{notFound}</Typography>;
  else if (state.error)
    content = renderError ? (
      renderError(state.error)
    ) : (
      <ResponseErrorPanel error={state.error} />
    );
  else if (state.value !== undefined) content = children(state.value);
  return <InfoCard title={title}>{content}</InfoCard>;
}
