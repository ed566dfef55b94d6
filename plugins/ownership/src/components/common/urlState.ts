import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A query parameter as state: the page's tab, view and filters live in the
 * URL, so a view can be shared and the back button returns to the previous
 * one. Setting the default (or an empty value) removes the parameter; other
 * parameters are kept.
 */
export function useQueryParam(
  name: string,
  defaultValue = '',
): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? defaultValue;
  const set = useCallback(
    (next: string) => {
      setParams(prev => {
        const out = new URLSearchParams(prev);
        if (next === '' || next === defaultValue) out.delete(name);
        else out.set(name, next);
        return out;
      });
    },
    [name, defaultValue, setParams],
  );
  return [value, set];
}
