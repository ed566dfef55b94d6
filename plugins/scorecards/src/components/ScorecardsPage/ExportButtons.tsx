import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { errorMessage } from '@conway/plugin-conway-react';
import { scorecardsApiRef, ServiceQuery } from '../../api/ScorecardsApi';
import { saveFile } from '../common';

/** Downloads the filtered results: one row per service and check (CSV), or JSON. */
export function ExportButtons(props: { query: ServiceQuery }) {
  const api = useApi(scorecardsApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const download = async (format: 'csv' | 'json') => {
    setBusy(true);
    setError(undefined);
    try {
      saveFile(await api.exportFile(format, props.query));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button variant="outlined" startIcon={<GetAppIcon />} disabled={busy} onClick={() => download('csv')}>
        Export CSV
      </Button>
      <Button variant="outlined" startIcon={<GetAppIcon />} disabled={busy} onClick={() => download('json')}>
        Export JSON
      </Button>
      {error && (
        <Typography color="error">Export failed: {errorMessage(error)}</Typography>
      )}
    </Box>
  );
}
