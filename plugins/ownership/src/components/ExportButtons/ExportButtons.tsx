import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { ExportFormat, ownershipApiRef } from '../../api/OwnershipApi';
import { errorMessage, saveFile } from '../common';

/** Downloads the findings (CSV) or the whole report (JSON) from the backend. */
export function ExportButtons() {
  const api = useApi(ownershipApiRef);
  const [busy, setBusy] = useState<ExportFormat>();
  const [error, setError] = useState<Error>();

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      saveFile(await api.exportReport(format));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={busy !== undefined}
        onClick={() => download('csv')}
      >
        Export CSV
      </Button>
      <Button
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={busy !== undefined}
        onClick={() => download('json')}
      >
        Export JSON
      </Button>
      {error && (
        <Alert severity="error">Export failed: {errorMessage(error)}</Alert>
      )}
    </Box>
  );
}
