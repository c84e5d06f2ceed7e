// Shows a resource's data, or why there is none yet: loading, or an error with a retry button.
// While reloading, the old data stays visible instead of flashing a spinner.
import type { ReactNode } from 'react';
import { errorMessage } from '../api.ts';
import type { Resource } from '../useApi.ts';
import { Alert, Loading } from './Alert.tsx';
import { Button } from './Button.tsx';

type Props<T> = { resource: Resource<T>; loading: string; errorTitle: string; children: (data: T) => ReactNode };

export function Loaded<T>({ resource, loading, errorTitle, children }: Props<T>) {
  const { data, error, reload } = resource;
  const failure = error ? (
    <Alert kind="error" title={errorTitle}>
      <p>{errorMessage(error)}</p>
      <Button variant="secondary" onClick={reload}>
        Erneut laden
      </Button>
    </Alert>
  ) : null;
  if (data === undefined) return failure ?? <Loading>{loading}</Loading>;
  return (
    <>
      {failure}
      {children(data)}
    </>
  );
}
