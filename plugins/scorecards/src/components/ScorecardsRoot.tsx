import { Route, Routes } from 'react-router-dom';
import { GuidePage } from './GuidePage/GuidePage';
import { ScorecardsPage } from './ScorecardsPage/ScorecardsPage';

/** `/scorecards`: the fleet overview, and the how-to-fix guides under `/scorecards/guide/`. */
export function ScorecardsRoot() {
  return (
    <Routes>
      <Route path="/" element={<ScorecardsPage />} />
      <Route path="/guide/*" element={<GuidePage />} />
    </Routes>
  );
}
