import { lazy, Suspense } from 'react';

import { LoadingState } from '../../components/LoadingState';

const SwaggerViewer = lazy(() => import('./SwaggerViewer'));

/** The interactive documentation of a specification (JSON or YAML text). */
export function ApiDocViewer({ spec }: { spec: string }) {
  return (
    <Suspense fallback={<LoadingState label="Loading the documentation viewer…" />}>
      <SwaggerViewer spec={spec} />
    </Suspense>
  );
}
