import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Route, Routes } from 'react-router-dom';
import { CampaignDetail } from './CampaignDetail';
import { CampaignList } from './CampaignList';

/**
 * `/campaigns` lists the campaigns; `/campaigns/<id>` tracks one. The adapter
 * scopes React Router to the page's mount (Backstage 1.57).
 */
export function CampaignsPage() {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<CampaignList />} />
        <Route path="/:id" element={<CampaignDetail />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
