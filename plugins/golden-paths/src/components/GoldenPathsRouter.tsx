import { Route, Routes } from 'react-router-dom';
import { GoldenPathDetailsPage } from './GoldenPathDetailsPage/GoldenPathDetailsPage';
import { GoldenPathListPage } from './GoldenPathListPage/GoldenPathListPage';

/** `/golden-paths` and `/golden-paths/:name`. */
export function GoldenPathsRouter() {
  return (
    <Routes>
      <Route path="/" element={<GoldenPathListPage />} />
      <Route path="/:name" element={<GoldenPathDetailsPage />} />
    </Routes>
  );
}
