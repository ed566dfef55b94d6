import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Route, Routes } from 'react-router-dom';
import { GoldenPathDetailsPage } from './GoldenPathDetailsPage/GoldenPathDetailsPage';
import { GoldenPathListPage } from './GoldenPathListPage/GoldenPathListPage';

/**
 * `/golden-paths` and `/golden-paths/:name`. Since Backstage 1.57 a page that
 * routes with React Router declares it: the adapter scopes React Router to the
 * page's mount, so the routes below are relative to `/golden-paths`.
 */
export function GoldenPathsRouter() {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<GoldenPathListPage />} />
        <Route path="/:name" element={<GoldenPathDetailsPage />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
